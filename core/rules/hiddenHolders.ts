/**
 * Who may hold a role unseen: Webex shows a person's roles only to an administrator of the person's
 * org, so a count of an org's holders made with some members' roles hidden is a floor, not the
 * count. The lockout rules say such a count as `not-checked` when the holders in sight do not
 * settle it: neither a lockout guessed nor a pass unsaid.
 */
import type { RoleId } from "./catalog";
import type { RuleCode } from "./types";
import { type Emit, type Evaluation, lockoutPath, normalizeEmail, notCheckedMessage, orgName } from "./evaluation";
import { personOf, resultingRoles, rolesPathOf, unknownReason } from "./evaluation";

const HIDDEN_WHY = "Webex shows them only to an administrator of their org";

const listed = (emails: readonly string[]): string =>
  emails.length > 5 ? `${emails.slice(0, 5).join(", ")}, …` : emails.join(", ");

interface Hidden {
  /** Keep roles nobody here knows (undeclared, or declared for their customers only): any may hold it. */
  readonly unseen: readonly string[];
  /** Declared without the role, their roles before hidden: whether the change takes it is unknown. */
  readonly mayLose: ReadonlyArray<{ readonly email: string; readonly path: string }>;
}

/**
 * The members of the judged org whose roles this token is not shown, as they bear on who holds
 * `role` after the change. An authoritative file leaves them out to no effect: it cannot take
 * roles the token is not shown, so they keep them.
 */
export function hiddenMembers(e: Evaluation, role: RoleId): Hidden {
  const unseen: string[] = [];
  const mayLose: Array<{ email: string; path: string }> = [];
  if (!e.index) return { unseen, mayLose };
  const declared = new Set<string>();
  for (const m of e.members) {
    const key = normalizeEmail(m.email);
    if (declared.has(key)) continue;
    declared.add(key);
    // Only the org's own members hold its roles; someone of another org is another rule's concern.
    const person = personOf(e, m.email);
    if (person?.rolesHidden !== true || person.orgId !== e.desired.org.orgId) continue;
    if (m.customersOnly && m.plannedRoles === undefined) unseen.push(m.email);
    else if (!resultingRoles(e, m)?.includes(role)) mayLose.push({ email: m.email, path: rolesPathOf(m) });
  }
  for (const p of e.index.membersByOrg.get(e.desired.org.orgId) ?? []) {
    if (p.rolesHidden === true && !declared.has(normalizeEmail(p.email))) unseen.push(p.email);
  }
  return { unseen, mayLose };
}

/** Why the hidden members leave the count unsettled, or nothing when they do not. */
function hiddenReason(role: RoleId, hidden: Hidden, moves: boolean): string | undefined {
  const { unseen, mayLose } = hidden;
  if (unseen.length > 0) {
    const holds = unseen.length === 1 ? "they hold" : "any of them holds";
    const shown = `the roles of ${listed(unseen)} there are hidden from this token (${HIDDEN_WHY})`;
    return `${shown}, so whether ${holds} ${role} is unknown`;
  }
  if (moves || mayLose.length === 0) return undefined;
  const who = listed(mayLose.map((x) => x.email));
  const held = `the roles they held are hidden from this token (${HIDDEN_WHY})`;
  return `whether it takes ${role} from ${who} is unknown: ${held}`;
}

/**
 * Says, once, a count of `role`'s holders that members hidden from the token leave unsettled (with
 * the customer org's external administrators when those could not be read either): `leaves` is
 * what the token sees the change leave, `moves` whether it visibly gives or takes the role. Returns
 * whether it was said; then nothing else is said about the count.
 */
export function hiddenNotChecked(
  e: Evaluation,
  role: RoleId,
  code: RuleCode,
  c: { leaves: string; moves: boolean },
  emit: Emit,
): boolean {
  const hidden = hiddenMembers(e, role);
  // A change that neither gives nor takes the role, nor may take it, is not judged on it.
  if (!c.moves && hidden.mayLose.length === 0) return false;
  const reason = hiddenReason(role, hidden, c.moves);
  if (reason === undefined) return false;
  const org = e.desired.org;
  const counted = org.kind === "customer" && role === "full_admin";
  const externals = counted ? unknownReason(e, { kind: "externalAdmins", orgId: org.orgId }) : undefined;
  const reasons = externals === undefined ? reason : `${reason}; ${externals}`;
  const path = c.moves ? lockoutPath(e, role) : (hidden.mayLose[0]?.path ?? lockoutPath(e, role));
  emit("not-checked", path, notCheckedMessage(code, `for ${orgName(e, org.orgId)}`, `${c.leaves}, but ${reasons}`));
  return true;
}
