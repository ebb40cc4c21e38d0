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
}

export interface OrgAfter {
  readonly holdings: readonly Holding[];
  /** Every holder is known: without it the org-wide counts wait (an unknown input, an unreadable Hub). */
  readonly complete: boolean;
}

const minus = (a: readonly RoleId[], b: readonly RoleId[]): RoleId[] => a.filter((role) => !b.includes(role));

function membersAfter(e: Evaluation): OrgAfter {
  const rolesKnown = unknownReason(e, { kind: "roles" }) === undefined;
  let complete = (e.desired.authoritative || e.index !== undefined) && rolesKnown;
  const holdings: Holding[] = [];
  const declared = new Set<string>();
  for (const m of [...e.members, ...omittedMembers(e)]) {
    const key = normalizeEmail(m.email);
    // The first declaration of a duplicated email counts (duplicate-admin reports the second).
    if (declared.has(key)) continue;
    const roles = m.email === "" ? undefined : resultingRoles(e, m);
    if (roles === undefined) {
      complete = false;
      continue;
    }
    declared.add(key);
    const held = heldNow(e, m.email);
    const sites = m.sites ?? personOf(e, m.email)?.siteRoles;
    // A customers-only declaration does not declare roles: its person counts, and is not judged here.
    const path = m.customersOnly === true ? undefined : rolesPathOf(m);
    const sitesPath = m.sites !== undefined ? { sitesPath: sitesPathOf(m) } : {};
    const changed = { gained: minus(roles, held), lost: minus(held, roles) };
    holdings.push({ email: key, shown: m.email, roles, ...(sites ? { sites } : {}), path, ...sitesPath, ...changed });
  }
  if (e.index && !e.desired.authoritative) {
    for (const p of e.index.membersByOrg.get(e.desired.org.orgId) ?? []) {
      const key = normalizeEmail(p.email);
      if (declared.has(key)) continue;
      // Roles the token was not shown are not known to be none: the counts wait.
      if (p.rolesHidden === true) complete = false;
      if (p.roles.length === 0 && p.siteRoles === undefined) continue;
      const sites = p.siteRoles;
      const kept = { path: undefined, gained: [], lost: [] };
      holdings.push({ email: key, shown: p.email, roles: p.roles, ...(sites ? { sites } : {}), ...kept });
    }
  }
  return { holdings, complete };
}

function externalsAfter(e: Evaluation): OrgAfter {
  const org = e.desired.org;
  if (org.kind !== "customer") return { holdings: [], complete: true };
  let complete =
    (e.index !== undefined || e.desired.authoritative) &&
    unknownReason(e, { kind: "externalAdmins", orgId: org.orgId }) === undefined;
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
      complete = false;
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
  return { holdings: [...after.values()], complete };
}

/** The judged org after the change: its members, then its external administrators. */
export function orgAfter(e: Evaluation): OrgAfter {
  const members = membersAfter(e);
  const externals = externalsAfter(e);
  return { holdings: [...members.holdings, ...externals.holdings], complete: members.complete && externals.complete };
}
