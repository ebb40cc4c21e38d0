/**
 * What every rule sees: the desired change, the indexed world, the actor, and the helpers that
 * answer the questions rules share (what a person holds now, what they end up with, which org
 * manages which customer).
 */
import { ROLES, type RoleId } from "./catalog";
import type {
  Desired,
  DesiredExternalAdmin,
  DesiredMember,
  ExternalAdminGrant,
  Person,
  RuleCode,
  RuleContext,
} from "./types";
import type { WorldIndex } from "./worldIndex";

import { normalizeEmail } from "../email";

export { normalizeEmail };
export { indexWorld, WorldIndexer, type WorldIndex } from "./worldIndex";

export function joinPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

// ---------------------------------------------------------------------------------------------

export interface Evaluation {
  readonly ctx: RuleContext;
  readonly desired: Desired;
  readonly index: WorldIndex | undefined;
  readonly actor: Person | undefined;
  readonly members: readonly DesiredMember[];
}

export type Emit = (code: RuleCode, path: string, message: string) => void;
export type Rule = (e: Evaluation, emit: Emit) => void;

export const rolesPathOf = (m: DesiredMember): string => m.rolesPath ?? joinPath(m.path, "roles");
export const sitesPathOf = (m: DesiredMember): string => m.sitesPath ?? joinPath(m.path, "sites");
export const customersPathOf = (m: DesiredMember): string => m.customersPath ?? joinPath(m.path, "customers");
export const label = (role: RoleId): string => `${role} (${ROLES[role].label})`;

export function personOf(e: Evaluation, email: string): Person | undefined {
  return e.index?.peopleByEmail.get(normalizeEmail(email));
}

/**
 * The roles a declared member ends up with; for a customers-only declaration, the roles the rest of
 * the plan declares for them, else what they hold now.
 */
export function resultingRoles(e: Evaluation, m: DesiredMember): readonly RoleId[] | undefined {
  if (!m.customersOnly) return m.roles;
  return m.plannedRoles ?? personOf(e, m.email)?.roles;
}

export function heldNow(e: Evaluation, email: string): readonly RoleId[] {
  return personOf(e, email)?.roles ?? [];
}

export function partnerOrgId(e: Evaluation): string | undefined {
  if (e.desired.org.kind === "partner") return e.desired.org.orgId;
  return e.index?.orgs.get(e.desired.org.orgId)?.managedBy ?? e.index?.world.partnerOrgId;
}

export function assignmentsOf(e: Evaluation, personId: string): readonly string[] {
  return e.index?.world.assignments[personId] ?? [];
}

/**
 * The org's members who hold `role` after the change, or undefined when that cannot be decided (a
 * resource without the world, or an unknown roles list). Everyone the change does not declare keeps
 * what they hold, except that an authoritative file drops the roles of everyone it does not list.
 * Looked up by holder, not by member: a resource of a partner org of thousands is judged in the
 * time of its own declaration and the role's few holders.
 */
export function holdersAfter(
  e: Evaluation,
  role: RoleId,
): Array<{ email: string; declared?: DesiredMember }> | undefined {
  if (e.members.some((m) => resultingRoles(e, m) === undefined)) return undefined;
  if (!e.index && !e.desired.authoritative) return undefined;
  // The first declaration of a duplicated email counts (duplicate-admin reports the second).
  const declared = new Map<string, DesiredMember>();
  for (const m of e.members) if (!declared.has(normalizeEmail(m.email))) declared.set(normalizeEmail(m.email), m);
  const result: Array<{ email: string; declared?: DesiredMember }> = [];
  if (e.index && !e.desired.authoritative) {
    for (const person of e.index.holdersByOrg.get(e.desired.org.orgId)?.get(role) ?? []) {
      const key = normalizeEmail(person.email);
      if (!declared.has(key)) result.push({ email: key });
    }
  }
  for (const [key, m] of declared) if (resultingRoles(e, m)?.includes(role)) result.push({ email: key, declared: m });
  return result;
}

/** Whether the change gives or takes `role` from anyone (compared with the world). */
export function touchesRole(e: Evaluation, role: RoleId): boolean {
  return e.members.some((m) => {
    const after = resultingRoles(e, m);
    if (!after) return false;
    return after.includes(role) !== heldNow(e, m.email).includes(role);
  });
}

export function lockoutPath(e: Evaluation, role: RoleId): string {
  const loser = e.members.find(
    (m) => !m.customersOnly && m.roles && !m.roles.includes(role) && heldNow(e, m.email).includes(role),
  );
  if (loser) return rolesPathOf(loser);
  return e.desired.authoritative ? "admins" : e.members[0] ? rolesPathOf(e.members[0]) : "";
}

/** Why a fact the rules need could not be read, or undefined when it was. */
export function unknownReason(
  e: Evaluation,
  fact: { kind: "assignments"; personId: string } | { kind: "externalAdmins"; orgId: string } | { kind: "roles" },
): string | undefined {
  for (const u of e.index?.world.unknown ?? []) {
    if (u.kind !== fact.kind) continue;
    if (u.kind === "assignments" && fact.kind === "assignments" && u.personId !== fact.personId) continue;
    if (u.kind === "externalAdmins" && fact.kind === "externalAdmins" && u.orgId !== fact.orgId) continue;
    return u.reason;
  }
  return undefined;
}

/** The text of a `not-checked` warning: which rule, for what, and why it could not be decided. */
export function notCheckedMessage(code: RuleCode, what: string, reason: string): string {
  return `${code} could not be checked ${what}: ${reason}. Nothing was assumed either way; validate with a token that can see it to be sure.`;
}

export function orgName(e: Evaluation, orgId: string): string {
  const org = e.index?.orgs.get(orgId);
  return org ? `"${org.displayName}" (${orgId})` : orgId;
}

export function hasAny(roles: readonly RoleId[], wanted: readonly RoleId[]): boolean {
  return wanted.some((role) => roles.includes(role));
}

/** Whether `actor` may manage the customer org `orgId` as a partner administrator. */
export function actorManagesCustomer(e: Evaluation, actor: Person, orgId: string, roles: readonly RoleId[]): boolean {
  const partner = e.index?.orgs.get(orgId)?.managedBy ?? partnerOrgId(e);
  if (actor.orgId !== partner) return false;
  if (roles.includes("partner_full_admin") && actor.roles.includes("partner_full_admin")) return true;
  if (roles.includes("partner_admin") && actor.roles.includes("partner_admin"))
    return assignmentsOf(e, actor.id).includes(orgId);
  return false;
}

export function externalGrantOf(e: Evaluation, orgId: string, personId: string): ExternalAdminGrant | undefined {
  return e.index?.externalsByOrg.get(orgId)?.find((grant) => grant.personId === personId);
}

/**
 * What a customer org has left its partner: the strongest external grant any member of the partner
 * org holds there, or undefined when the customer has recorded none (the partner's administrators
 * then keep the access their customer-management roles give).
 */
export function partnerGrantIn(e: Evaluation, customerOrgId: string): ExternalAdminGrant["role"] | undefined {
  const partner = e.index?.orgs.get(customerOrgId)?.managedBy;
  if (!partner || !e.index) return undefined;
  let best: ExternalAdminGrant["role"] | undefined;
  for (const grant of e.index.externalsByOrg.get(customerOrgId) ?? []) {
    if (e.index.peopleById.get(grant.personId)?.orgId !== partner) continue;
    if (grant.role === "external_full_admin") return grant.role;
    best = grant.role;
  }
  return best;
}

/**
 * An authoritative file also changes what it leaves out: a member of the org holding roles the
 * file does not list loses them, an external admin it does not list is revoked. These implicit
 * changes need the same privileges as explicit ones.
 */
export function omittedMembers(e: Evaluation): DesiredMember[] {
  if (!e.desired.authoritative || !e.index) return [];
  const declared = new Set(e.members.map((m) => normalizeEmail(m.email)));
  return (e.index.membersByOrg.get(e.desired.org.orgId) ?? [])
    .filter(
      (p) =>
        (p.roles.length > 0 || Object.keys(p.siteRoles ?? {}).length > 0) && !declared.has(normalizeEmail(p.email)),
    )
    .map((p) => ({
      email: p.email,
      roles: [],
      sites: {},
      ...(e.desired.org.kind === "partner" ? { customers: [] } : {}),
      path: "admins",
      rolesPath: "admins",
      sitesPath: "admins",
      customersPath: "admins",
    }));
}

export function externalEntries(e: Evaluation): DesiredExternalAdmin[] {
  const entries = [...e.desired.externalAdmins];
  if (!e.desired.authoritative || !e.index || e.desired.org.kind !== "customer") return entries;
  const declared = new Set(entries.map((x) => normalizeEmail(x.email)));
  for (const grant of e.index.externalsByOrg.get(e.desired.org.orgId) ?? []) {
    const person = e.index.peopleById.get(grant.personId);
    if (person && !declared.has(normalizeEmail(person.email))) {
      entries.push({ email: person.email, role: undefined, remove: true, path: "externalAdmins" });
    }
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------
// The rules, one per code. The record type makes the compiler insist that every code has one.

export function externalChange(e: Evaluation, x: DesiredExternalAdmin): { any: boolean; ccsa: boolean } {
  const person = personOf(e, x.email);
  const grant = person ? externalGrantOf(e, e.desired.org.orgId, person.id) : undefined;
  if (x.remove) return { any: grant !== undefined || !e.index, ccsa: grant?.contactCenterServiceAdmin === true };
  const ccsaBefore = grant?.contactCenterServiceAdmin ?? false;
  const ccsa = x.contactCenterServiceAdmin !== undefined && x.contactCenterServiceAdmin !== ccsaBefore;
  const any = !grant || grant.role !== x.role || grant.expiresAt !== x.expiresAt || ccsa;
  return { any, ccsa };
}

export function isPartnerSelfFull(e: Evaluation, x: DesiredExternalAdmin): boolean {
  const actor = e.actor;
  if (!actor || x.role !== "external_full_admin" || x.remove) return false;
  const partner = partnerOrgId(e);
  const target = personOf(e, x.email);
  // Keeping a grant the customer already gave is not giving it.
  if (target !== undefined && externalGrantOf(e, e.desired.org.orgId, target.id)?.role === "external_full_admin")
    return false;
  return partner !== undefined && actor.orgId === partner && target?.orgId === partner;
}

/** Runs every rule and returns all violations, errors first, then by path. */
