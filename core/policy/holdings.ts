/**
 * Who holds what in the judged organization once the change is made: the org's members with their
 * roles and site roles, and (in a customer org) its external administrators, each with what the
 * change gives and takes. The org-wide limits count these; the limits on a person are judged on
 * the holdings the change declares.
 */
import type { RoleId, SiteRoleId } from "../rules/catalog";
import {
  externalEntries,
  heldNow,
  joinPath,
  normalizeEmail,
  omittedMembers,
  personOf,
  resultingRoles,
  rolesPathOf,
  sitesPathOf,
  unknownReason,
  type Evaluation,
} from "../rules/evaluation";

export interface Holding {
  /** Normalized, to compare with the policy's lists. */
  readonly email: string;
  /** As the change or the Hub writes it, for messages. */
  readonly shown: string;
  /** Roles in the judged org after the change: a member's roles, or an external administrator's one role. */
  readonly roles: readonly RoleId[];
  readonly sites?: Readonly<Record<string, SiteRoleId>>;
  /** Set for an external administrator of a customer org. */
  readonly external?: { readonly contactCenterServiceAdmin: boolean };
  /** Where the change declares it; undefined for what the Hub holds and the change leaves alone. */
  readonly path: string | undefined;
  /** Where the change declares the member's site roles, when it does. */
  readonly sitesPath?: string;
  readonly gained: readonly RoleId[];
  readonly lost: readonly RoleId[];
  /**
   * The token is not shown what the Hub holds for this member (Webex shows it only to an administrator
   * of their org): undeclared, they may hold any role; declared, what they held before (so what the
   * change gives or takes) and the site roles the change leaves alone are unknown.
   */
  readonly hidden?: true;
}

/** Whether a part of the org's holders (its members, its external administrators) is known. */
export interface Settled {
  /**
   * An input not known until apply (a preview), or a lone resource without the Hub: the counts wait,
   * silently, as every rule does for what a preview cannot know.
   */
  readonly waiting: boolean;
  /** What the token could not read, each a reason: the counts that need it say `not-checked`. */
  readonly hidden: readonly string[];
}

export interface OrgAfter {
  readonly holdings: readonly Holding[];
  readonly members: Settled;
  readonly externals: Settled;
}

const minus = (a: readonly RoleId[], b: readonly RoleId[]): RoleId[] => a.filter((role) => !b.includes(role));

const rolesHidden = (e: Evaluation, email: string): boolean => personOf(e, email)?.rolesHidden === true;

function membersAfter(e: Evaluation): { holdings: Holding[]; settled: Settled } {
  const unreadable = unknownReason(e, { kind: "roles" });
  let waiting = !e.desired.authoritative && e.index === undefined;
  const holdings: Holding[] = [];
  const declared = new Set<string>();
  for (const m of [...e.members, ...omittedMembers(e)]) {
    const key = normalizeEmail(m.email);
    // The first declaration of a duplicated email counts (duplicate-admin reports the second).
    if (declared.has(key)) continue;
    const roles = m.email === "" ? undefined : resultingRoles(e, m);
    if (roles === undefined) {
      waiting = true;
      continue;
    }
    declared.add(key);
    const held = heldNow(e, m.email);
    const sites = m.sites ?? personOf(e, m.email)?.siteRoles;
    // A customers-only declaration does not declare roles: its person counts, and is not judged here.
    const path = m.customersOnly === true ? undefined : rolesPathOf(m);
    const sitesPath = m.sites !== undefined ? { sitesPath: sitesPathOf(m) } : {};
    const changed = { gained: minus(roles, held), lost: minus(held, roles) };
    // Roles the plan declares for a customers-only declaration are known, hidden or not.
    const known = m.customersOnly === true && m.plannedRoles !== undefined;
    const hidden = !known && rolesHidden(e, m.email) ? { hidden: true as const } : {};
    const holding = { email: key, shown: m.email, roles, ...(sites ? { sites } : {}), path, ...sitesPath };
    holdings.push({ ...holding, ...changed, ...hidden });
  }
  if (e.index) {
    for (const p of e.index.membersByOrg.get(e.desired.org.orgId) ?? []) {
      const key = normalizeEmail(p.email);
      if (declared.has(key)) continue;
      // Roles the token was not shown are not known to be none: kept, to be named by the counts. An
      // authoritative file leaves them to no effect (it cannot take roles it is not shown), and drops
      // everything else it leaves out (omittedMembers, above).
      const hidden = p.rolesHidden === true ? { hidden: true as const } : {};
      if (e.desired.authoritative && p.rolesHidden !== true) continue;
      if (p.roles.length === 0 && p.siteRoles === undefined && p.rolesHidden !== true) continue;
      const sites = p.siteRoles;
      const kept = { path: undefined, gained: [], lost: [] };
      holdings.push({ email: key, shown: p.email, roles: p.roles, ...(sites ? { sites } : {}), ...kept, ...hidden });
    }
  }
  return { holdings, settled: { waiting, hidden: unreadable === undefined ? [] : [unreadable] } };
}

function externalsAfter(e: Evaluation): { holdings: Holding[]; settled: Settled } {
  const org = e.desired.org;
  if (org.kind !== "customer") return { holdings: [], settled: { waiting: false, hidden: [] } };
  let waiting = e.index === undefined && !e.desired.authoritative;
  const unreadable = unknownReason(e, { kind: "externalAdmins", orgId: org.orgId });
  const after = new Map<string, Holding>();
  for (const grant of e.index?.externalsByOrg.get(org.orgId) ?? []) {
    const person = e.index?.peopleById.get(grant.personId);
    if (!person) continue;
    const external = { contactCenterServiceAdmin: grant.contactCenterServiceAdmin === true };
    const holding = { email: normalizeEmail(person.email), shown: person.email, roles: [grant.role], external };
    after.set(holding.email, { ...holding, path: undefined, gained: [], lost: [] });
  }
  for (const x of externalEntries(e)) {
    if (x.email === "" || (x.role === undefined && x.remove !== true)) {
      waiting = true;
      continue;
    }
    const key = normalizeEmail(personOf(e, x.email)?.email ?? x.email);
    const before = after.get(key)?.roles ?? [];
    const roles: RoleId[] = x.remove === true || x.role === undefined ? [] : [x.role];
    const external = { contactCenterServiceAdmin: x.contactCenterServiceAdmin === true };
    const path = joinPath(x.path, "role");
    const changed = { gained: minus(roles, before), lost: minus(before, roles) };
    after.set(key, { email: key, shown: x.email, roles, external, path, ...changed });
  }
  return { holdings: [...after.values()], settled: { waiting, hidden: unreadable === undefined ? [] : [unreadable] } };
}

/** The judged org after the change: its members, then its external administrators. */
export function orgAfter(e: Evaluation): OrgAfter {
  const members = membersAfter(e);
  const externals = externalsAfter(e);
  const holdings = [...members.holdings, ...externals.holdings];
  return { holdings, members: members.settled, externals: externals.settled };
}
