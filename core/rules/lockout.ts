/**
 * Rules that keep every org administrable: judged on the roles the whole change leaves behind. A
 * customer org is administered by its full_admin members and by its external full administrators
 * (when a customer org is set up, the partner's administrator becomes its full administrator), so
 * an org whose only full administrator is external is not locked out.
 */
import type { RuleCode } from "./types";
import {
  joinPath,
  type Emit,
  type Evaluation,
  type Rule,
  unknownReason,
  notCheckedMessage,
  rolesPathOf,
  holdersAfter,
  touchesRole,
  lockoutPath,
  orgName,
  externalEntries,
  personOf,
  normalizeEmail,
} from "./evaluation";
import { hiddenNotChecked } from "./hiddenHolders";

/** Emails of the external full administrators of the customer org after the change. */
function externalFullAdminsAfter(e: Evaluation): { emails: string[]; touched: boolean } {
  const org = e.desired.org;
  if (org.kind !== "customer") return { emails: [], touched: false };
  if (!e.index) {
    // Offline the file's own external full administrators are all that is known, and they count.
    const declared = e.desired.externalAdmins.filter((x) => !x.remove && x.role === "external_full_admin");
    return { emails: declared.map((x) => normalizeEmail(x.email)), touched: false };
  }
  const after = new Map<string, boolean>();
  for (const grant of e.index.externalsByOrg.get(org.orgId) ?? []) {
    const person = e.index.peopleById.get(grant.personId);
    if (person) after.set(normalizeEmail(person.email), grant.role === "external_full_admin");
  }
  let touched = false;
  for (const x of externalEntries(e)) {
    const key = normalizeEmail(personOf(e, x.email)?.email ?? x.email);
    const was = after.get(key) ?? false;
    const will = x.remove ? false : x.role === undefined ? was : x.role === "external_full_admin";
    if (was !== will) touched = true;
    after.set(key, will);
  }
  return { emails: [...after].filter(([, full]) => full).map(([email]) => email), touched };
}

/** With the Hub's roles unreadable nobody seems to hold any: said, when the change touches them, never guessed. */
function rolesNotChecked(e: Evaluation, code: RuleCode, emit: Emit): boolean {
  const reason = unknownReason(e, { kind: "roles" });
  if (reason === undefined) return false;
  if (
    e.desired.authoritative ||
    e.members.some((m) => !m.customersOnly && m.roles !== undefined) ||
    e.desired.externalAdmins.length > 0
  ) {
    emit(
      "not-checked",
      lockoutPath(e, "full_admin"),
      notCheckedMessage(code, `for ${orgName(e, e.desired.org.orgId)}`, reason),
    );
  }
  return true;
}

/** The customer org's external full administrators count; when they could not be read, the count is unknown. */
function externalsNotChecked(e: Evaluation, code: RuleCode, emit: Emit): boolean {
  const reason =
    e.desired.org.kind === "customer"
      ? unknownReason(e, { kind: "externalAdmins", orgId: e.desired.org.orgId })
      : undefined;
  if (reason === undefined) return false;
  emit(
    "not-checked",
    lockoutPath(e, "full_admin"),
    notCheckedMessage(code, `for ${orgName(e, e.desired.org.orgId)}`, reason),
  );
  return true;
}

export const lockoutRules = {
  "last-full-admin": (e, emit) => {
    const holders = holdersAfter(e, "full_admin");
    if (!holders || rolesNotChecked(e, "last-full-admin", emit)) return;
    const external = externalFullAdminsAfter(e);
    if (holders.length + external.emails.length > 0) return;
    const moves = e.desired.authoritative || touchesRole(e, "full_admin") || external.touched;
    const customer = e.desired.org.kind === "customer";
    const orExternal = customer ? " or as an external full administrator" : "";
    const leaves = `this change leaves nobody this token can see with full_admin${orExternal}`;
    if (hiddenNotChecked(e, "full_admin", "last-full-admin", { leaves, moves }, emit) || !moves) return;
    if (externalsNotChecked(e, "last-full-admin", emit)) return;
    const who = customer ? "no full_admin and no external full administrator" : "no full_admin";
    emit(
      "last-full-admin",
      lockoutPath(e, "full_admin"),
      `This change leaves ${orgName(e, e.desired.org.orgId)} with ${who}, and nobody could administer it (lockout). Keep full_admin on at least one person, preferably two; to hand it over, grant the new administrator in the same plan.`,
    );
  },

  "no-partner-full-admin": (e, emit) => {
    if (e.desired.org.kind !== "partner") return;
    const holders = holdersAfter(e, "partner_full_admin");
    if (!holders || rolesNotChecked(e, "no-partner-full-admin", emit)) return;
    if (holders.length > 0) return;
    const moves = e.desired.authoritative || touchesRole(e, "partner_full_admin");
    const leaves = "this change leaves nobody this token can see with partner_full_admin";
    const said = hiddenNotChecked(e, "partner_full_admin", "no-partner-full-admin", { leaves, moves }, emit);
    if (said || !moves) return;
    emit(
      "no-partner-full-admin",
      lockoutPath(e, "partner_full_admin"),
      `This change leaves the partner org with no partner_full_admin: nobody can assign customers to partner administrators until a full_admin grants it again.`,
    );
  },

  "single-full-admin": (e, emit) => {
    const holders = holdersAfter(e, "full_admin");
    if (!holders || rolesNotChecked(e, "single-full-admin", emit)) return;
    const external = externalFullAdminsAfter(e);
    // One external full administrator and nobody else is as fragile as one member.
    if (holders.length + external.emails.length !== 1) return;
    const moves = e.desired.authoritative || touchesRole(e, "full_admin") || external.touched;
    const only = holders[0]?.email ?? `${external.emails[0] ?? ""} (an external full administrator)`;
    const leaves = `this change leaves ${only} the only full_admin this token can see`;
    if (hiddenNotChecked(e, "full_admin", "single-full-admin", { leaves, moves }, emit) || !moves) return;
    if (externalsNotChecked(e, "single-full-admin", emit)) return;
    const declaredExternal = holders[0]
      ? undefined
      : e.desired.externalAdmins.find((x) => normalizeEmail(x.email) === external.emails[0]);
    const path = holders[0]?.declared
      ? rolesPathOf(holders[0].declared)
      : declaredExternal
        ? joinPath(declaredExternal.path, "role")
        : e.desired.authoritative
          ? "admins"
          : "";
    emit(
      "single-full-admin",
      path,
      `Only ${only} is a full_admin of ${orgName(e, e.desired.org.orgId)}; always have more than one administrator so the org can be administered when one is away.`,
    );
  },
} satisfies Partial<Record<RuleCode, Rule>>;
