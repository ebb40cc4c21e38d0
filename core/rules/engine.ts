/**
 * The rules engine (SPEC 4): pure functions from (desired state, optional world, optional actor,
 * clock) to violations. Rules that need the world or the actor simply do not fire without them,
 * and rules whose inputs are unknown (a preview with unresolved values) are skipped.
 */
import {
  EXCLUSIVE_GROUPS,
  EXTERNAL_ROLES,
  MAX_MANAGED_CUSTOMERS,
  PARTNER_ONLY_ROLES,
  ROLES,
  rolesOfGroup,
  type RoleId,
} from "./catalog";
import type {
  Desired,
  DesiredExternalAdmin,
  DesiredMember,
  ExternalAdminGrant,
  Org,
  Person,
  RuleCode,
  RuleContext,
  Severity,
  Violation,
  World,
} from "./types";

export const SEVERITY: Readonly<Record<RuleCode, Severity>> = {
  "derived-role": "error",
  "exclusive-roles": "error",
  "ata-requires-base-role": "error",
  "ata-self-grant": "error",
  "wholesale-requires-partner-role": "error",
  "wholesale-not-enabled": "error",
  "partner-org-only": "error",
  "external-only": "error",
  "assignment-target-role": "error",
  "assignment-limit": "error",
  "customer-not-managed": "error",
  "duplicate-admin": "error",
  "last-full-admin": "error",
  "no-partner-full-admin": "warning",
  "single-full-admin": "warning",
  "actor-lacks-privilege": "error",
  "external-admin-chain": "error",
  "partner-self-external-full": "error",
  "contact-center-external": "error",
  "restricted-mode-actor": "error",
  "expiry-readonly-only": "error",
  "expiry-in-past": "error",
  "unknown-user": "error",
};

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export function joinPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

// ---------------------------------------------------------------------------------------------
// World indexes, built once per world object (the provider and the mock Hub call evaluate often).

export interface WorldIndex {
  readonly world: World;
  readonly orgs: ReadonlyMap<string, Org>;
  readonly peopleByEmail: ReadonlyMap<string, Person>;
  readonly peopleById: ReadonlyMap<string, Person>;
  readonly membersByOrg: ReadonlyMap<string, readonly Person[]>;
  readonly externalsByOrg: ReadonlyMap<string, readonly ExternalAdminGrant[]>;
}

const indexes = new WeakMap<World, WorldIndex>();

export function indexWorld(world: World): WorldIndex {
  const cached = indexes.get(world);
  if (cached) return cached;
  const orgs = new Map(world.orgs.map((org) => [org.id, org]));
  const peopleByEmail = new Map<string, Person>();
  const peopleById = new Map<string, Person>();
  const membersByOrg = new Map<string, Person[]>();
  for (const person of world.people) {
    peopleByEmail.set(normalizeEmail(person.email), person);
    peopleById.set(person.id, person);
    const list = membersByOrg.get(person.orgId) ?? [];
    list.push(person);
    membersByOrg.set(person.orgId, list);
  }
  const externalsByOrg = new Map<string, ExternalAdminGrant[]>();
  for (const grant of world.externalAdmins) {
    const list = externalsByOrg.get(grant.orgId) ?? [];
    list.push(grant);
    externalsByOrg.set(grant.orgId, list);
  }
  const index: WorldIndex = { world, orgs, peopleByEmail, peopleById, membersByOrg, externalsByOrg };
  indexes.set(world, index);
  return index;
}

// ---------------------------------------------------------------------------------------------

interface Evaluation {
  readonly ctx: RuleContext;
  readonly desired: Desired;
  readonly index: WorldIndex | undefined;
  readonly actor: Person | undefined;
  readonly members: readonly DesiredMember[];
}

type Emit = (code: RuleCode, path: string, message: string) => void;
type Rule = (e: Evaluation, emit: Emit) => void;

const rolesPathOf = (m: DesiredMember): string => m.rolesPath ?? joinPath(m.path, "roles");
const customersPathOf = (m: DesiredMember): string => m.customersPath ?? joinPath(m.path, "customers");
const label = (role: RoleId): string => `${role} (${ROLES[role].label})`;

function personOf(e: Evaluation, email: string): Person | undefined {
  return e.index?.peopleByEmail.get(normalizeEmail(email));
}

/** The roles a declared member ends up with; for a customers-only declaration, what they hold now. */
function resultingRoles(e: Evaluation, m: DesiredMember): readonly RoleId[] | undefined {
  if (!m.customersOnly) return m.roles;
  return personOf(e, m.email)?.roles;
}

function heldNow(e: Evaluation, email: string): readonly RoleId[] {
  return personOf(e, email)?.roles ?? [];
}

function partnerOrgId(e: Evaluation): string | undefined {
  if (e.desired.org.kind === "partner") return e.desired.org.orgId;
  return e.index?.orgs.get(e.desired.org.orgId)?.managedBy ?? e.index?.world.partnerOrgId;
}

function assignmentsOf(e: Evaluation, personId: string): readonly string[] {
  return e.index?.world.assignments[personId] ?? [];
}

/**
 * The org's members and their roles after the change, or undefined when that cannot be decided
 * (a resource without the world, or an unknown roles list).
 */
function resultingOrgRoles(e: Evaluation): Array<{ email: string; roles: readonly RoleId[]; declared?: DesiredMember }> | undefined {
  if (e.members.some((m) => resultingRoles(e, m) === undefined)) return undefined;
  // The first declaration of a duplicated email counts (duplicate-admin reports the second).
  const declared = new Map<string, DesiredMember>();
  for (const m of e.members) if (!declared.has(normalizeEmail(m.email))) declared.set(normalizeEmail(m.email), m);
  const result: Array<{ email: string; roles: readonly RoleId[]; declared?: DesiredMember }> = [];
  if (e.index) {
    for (const person of e.index.membersByOrg.get(e.desired.org.orgId) ?? []) {
      const key = normalizeEmail(person.email);
      const m = declared.get(key);
      if (m) result.push({ email: key, roles: resultingRoles(e, m) ?? [], declared: m });
      else if (!e.desired.authoritative) result.push({ email: key, roles: person.roles });
      // An authoritative file drops the admin roles of everyone it does not list.
    }
  } else if (!e.desired.authoritative) {
    return undefined;
  }
  const seen = new Set(result.map((r) => r.email));
  for (const [key, m] of declared) {
    if (!seen.has(key)) result.push({ email: key, roles: resultingRoles(e, m) ?? [], declared: m });
  }
  return result;
}

/** Whether the change gives or takes `role` from anyone (compared with the world). */
function touchesRole(e: Evaluation, role: RoleId): boolean {
  return e.members.some((m) => {
    const after = resultingRoles(e, m);
    if (!after) return false;
    return after.includes(role) !== heldNow(e, m.email).includes(role);
  });
}

function lockoutPath(e: Evaluation, role: RoleId): string {
  const loser = e.members.find((m) => !m.customersOnly && m.roles && !m.roles.includes(role) && heldNow(e, m.email).includes(role));
  if (loser) return rolesPathOf(loser);
  return e.desired.authoritative ? "admins" : e.members[0] ? rolesPathOf(e.members[0]) : "";
}

function orgName(e: Evaluation, orgId: string): string {
  const org = e.index?.orgs.get(orgId);
  return org ? `"${org.displayName}" (${orgId})` : orgId;
}

function hasAny(roles: readonly RoleId[], wanted: readonly RoleId[]): boolean {
  return wanted.some((role) => roles.includes(role));
}

/** Whether `actor` may manage the customer org `orgId` as a partner administrator. */
function actorManagesCustomer(e: Evaluation, actor: Person, orgId: string, roles: readonly RoleId[]): boolean {
  const partner = e.index?.orgs.get(orgId)?.managedBy ?? partnerOrgId(e);
  if (actor.orgId !== partner) return false;
  if (roles.includes("partner_full_admin") && actor.roles.includes("partner_full_admin")) return true;
  if (roles.includes("partner_admin") && actor.roles.includes("partner_admin")) return assignmentsOf(e, actor.id).includes(orgId);
  return false;
}

function externalGrantOf(e: Evaluation, orgId: string, personId: string): ExternalAdminGrant | undefined {
  return e.index?.externalsByOrg.get(orgId)?.find((grant) => grant.personId === personId);
}


/**
 * An authoritative file also changes what it leaves out: a member of the org holding roles the
 * file does not list loses them, an external admin it does not list is revoked. These implicit
 * changes need the same privileges as explicit ones.
 */
function omittedMembers(e: Evaluation): DesiredMember[] {
  if (!e.desired.authoritative || !e.index) return [];
  const declared = new Set(e.members.map((m) => normalizeEmail(m.email)));
  return (e.index.membersByOrg.get(e.desired.org.orgId) ?? [])
    .filter((p) => p.roles.length > 0 && !declared.has(normalizeEmail(p.email)))
    .map((p) => ({ email: p.email, roles: [], ...(e.desired.org.kind === "partner" ? { customers: [] } : {}), path: "admins", rolesPath: "admins", customersPath: "admins" }));
}

function externalEntries(e: Evaluation): DesiredExternalAdmin[] {
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

const RULES: Readonly<Record<RuleCode, Rule>> = {
  "derived-role": (e, emit) => {
    for (const m of e.members) {
      (m.customersOnly ? [] : m.roles ?? []).forEach((role, j) => {
        if (role === "provisioning_admin") {
          emit("derived-role", joinPath(rolesPathOf(m), j), `provisioning_admin is derived: the Hub grants it when a partner or sales administrator provisions services for an existing customer. Remove it from the roles of ${m.email}.`);
        }
      });
    }
    for (const x of e.desired.externalAdmins) {
      if (x.role === "provisioning_admin") {
        emit("derived-role", joinPath(x.path, "role"), `provisioning_admin is derived and cannot be declared for ${x.email}; use external_full_admin or external_readonly_admin.`);
      }
    }
  },

  "exclusive-roles": (e, emit) => {
    for (const m of e.members) {
      if (m.customersOnly || !m.roles) continue;
      for (const group of EXCLUSIVE_GROUPS) {
        if (group === "external") continue; // declared member roles of that group are `external-only`
        const held = rolesOfGroup(group).filter((role) => m.roles?.includes(role));
        if (held.length > 1) {
          emit("exclusive-roles", rolesPathOf(m), `${m.email} holds ${held.join(" and ")}, which are levels of one kind of access (${group}); keep only one of them.`);
        }
      }
    }
  },

  "ata-requires-base-role": (e, emit) => {
    for (const m of e.members) {
      const roles = m.customersOnly ? undefined : m.roles;
      if (!roles) continue;
      const j = roles.indexOf("advanced_troubleshooting");
      if (j >= 0 && !hasAny(roles, ["full_admin", "readonly_admin", "support_admin"])) {
        emit("ata-requires-base-role", joinPath(rolesPathOf(m), j), `advanced_troubleshooting extends a full, read-only or support administrator; give ${m.email} full_admin, readonly_admin or support_admin too, or remove advanced_troubleshooting.`);
      }
    }
  },

  "ata-self-grant": (e, emit) => {
    const actor = e.actor;
    if (!actor) return;
    for (const m of e.members) {
      const roles = m.customersOnly ? undefined : m.roles;
      if (!roles || normalizeEmail(m.email) !== normalizeEmail(actor.email)) continue;
      const j = roles.indexOf("advanced_troubleshooting");
      if (j >= 0 && !actor.roles.includes("advanced_troubleshooting")) {
        emit("ata-self-grant", joinPath(rolesPathOf(m), j), `${actor.email} cannot grant advanced_troubleshooting to themselves; another full administrator of the org must apply this change.`);
      }
    }
  },

  "wholesale-requires-partner-role": (e, emit) => {
    for (const m of e.members) {
      const roles = m.customersOnly ? undefined : m.roles;
      if (!roles) continue;
      const j = roles.indexOf("wholesale_admin");
      if (j >= 0 && !hasAny(roles, ["partner_full_admin", "partner_admin"])) {
        emit("wholesale-requires-partner-role", joinPath(rolesPathOf(m), j), `wholesale_admin is an add-on to partner_full_admin or partner_admin; give ${m.email} one of them, or remove wholesale_admin.`);
      }
    }
  },

  "wholesale-not-enabled": (e, emit) => {
    const org = e.desired.org;
    if (org.kind !== "partner") return;
    // The Hub knows whether the partner sells wholesale; offline, the file says so.
    const wholesale = e.index?.orgs.get(org.orgId)?.wholesale ?? org.wholesale;
    if (wholesale !== false) return;
    for (const m of e.members) {
      const roles = m.customersOnly ? undefined : m.roles;
      const j = roles?.indexOf("wholesale_admin") ?? -1;
      if (j >= 0) {
        emit("wholesale-not-enabled", joinPath(rolesPathOf(m), j), `wholesale_admin exists only in a partner org that sells Webex for Wholesale, and ${org.orgId} does not${e.index ? " (per the Hub)" : ""}; remove it from ${m.email}${e.desired.authoritative && !e.index ? ", or set partner.wholesale: true if the partner sells wholesale" : ""}.`);
      }
    }
  },

  "partner-org-only": (e, emit) => {
    for (const m of e.members) {
      const roles = m.customersOnly ? undefined : m.roles;
      if (!roles) continue;
      const person = personOf(e, m.email);
      const inCustomerOrg =
        e.desired.org.kind === "customer" ||
        (person !== undefined && e.index?.orgs.get(person.orgId)?.kind === "customer");
      if (!inCustomerOrg) continue;
      roles.forEach((role, j) => {
        if (PARTNER_ONLY_ROLES.includes(role)) {
          emit("partner-org-only", joinPath(rolesPathOf(m), j), `${label(role)} can only be held by a member of the partner org, and ${m.email} belongs to a customer org; remove it, or declare the person in the partner file.`);
        }
      });
    }
  },

  "external-only": (e, emit) => {
    for (const m of e.members) {
      (m.customersOnly ? [] : m.roles ?? []).forEach((role, j) => {
        if ((EXTERNAL_ROLES as readonly RoleId[]).includes(role)) {
          emit("external-only", joinPath(rolesPathOf(m), j), `${role} is held by a user of another org inside a customer org; declare ${m.email} under that customer's externalAdmins (or as an ExternalAdmin resource) instead of as a member's role.`);
        }
      });
    }
  },

  "assignment-target-role": (e, emit) => {
    for (const m of e.members) {
      if (!m.customers || m.customers.length === 0) continue;
      const roles = resultingRoles(e, m);
      if (!roles) continue;
      if (m.customersOnly && !personOf(e, m.email)) continue; // unknown-user says it better
      if (!hasAny(roles, ["partner_admin", "sales_admin"])) {
        emit("assignment-target-role", customersPathOf(m), `Customers can only be assigned to a partner_admin or sales_admin, and ${m.email} holds ${roles.length ? roles.join(", ") : "no admin role"}; give them one of those roles or remove the customers.`);
      }
    }
  },

  "assignment-limit": (e, emit) => {
    for (const m of e.members) {
      if (!m.customers) continue;
      const count = new Set(m.customers).size;
      if (count > MAX_MANAGED_CUSTOMERS) {
        emit("assignment-limit", customersPathOf(m), `${m.email} would manage ${count} customers; a partner or sales administrator can manage at most ${MAX_MANAGED_CUSTOMERS} (the Hub silently drops the rest). Split the customers between administrators.`);
      }
    }
  },

  "customer-not-managed": (e, emit) => {
    const index = e.index;
    if (!index) return;
    const partner = partnerOrgId(e);
    const managed = (orgId: string): boolean => {
      const org = index.orgs.get(orgId);
      return org !== undefined && org.kind === "customer" && org.managedBy === partner;
    };
    for (const m of e.members) {
      m.customers?.forEach((orgId, k) => {
        if (!managed(orgId)) emit("customer-not-managed", joinPath(customersPathOf(m), k), `${orgId} is not a customer org managed by partner ${partner}; check the org id (webexhub export lists the managed customers).`);
      });
    }
    for (const r of e.desired.restrictedMode) {
      if (!managed(r.orgId)) emit("customer-not-managed", r.path ? joinPath(r.path, "orgId") : "orgId", `${r.orgId} is not a customer org managed by partner ${partner}; Restricted Administrator Mode can only be set for managed customers.`);
    }
  },

  "duplicate-admin": (e, emit) => {
    const seen = new Map<string, string>();
    for (const m of e.members) {
      const key = normalizeEmail(m.email);
      const first = seen.get(key);
      if (first !== undefined) emit("duplicate-admin", joinPath(m.path, "email"), `${m.email} is declared twice in this org (first at ${first}); emails compare case-insensitively. Merge the two entries.`);
      else seen.set(key, m.path);
    }
    const seenExternal = new Map<string, string>();
    for (const x of e.desired.externalAdmins) {
      const key = normalizeEmail(x.email);
      const first = seenExternal.get(key) ?? seen.get(key);
      if (first !== undefined) emit("duplicate-admin", joinPath(x.path, "email"), `${x.email} is declared twice in this org (first at ${first}); emails compare case-insensitively. Keep one entry.`);
      else seenExternal.set(key, x.path);
    }
  },

  "last-full-admin": (e, emit) => {
    const after = resultingOrgRoles(e);
    if (!after) return;
    const count = after.filter((a) => a.roles.includes("full_admin")).length;
    if (count === 0 && (e.desired.authoritative || touchesRole(e, "full_admin"))) {
      emit("last-full-admin", lockoutPath(e, "full_admin"), `This change leaves ${orgName(e, e.desired.org.orgId)} with no full_admin, and nobody could administer it (lockout). Keep full_admin on at least one person, preferably two.`);
    }
  },

  "no-partner-full-admin": (e, emit) => {
    if (e.desired.org.kind !== "partner") return;
    const after = resultingOrgRoles(e);
    if (!after) return;
    const count = after.filter((a) => a.roles.includes("partner_full_admin")).length;
    if (count === 0 && (e.desired.authoritative || touchesRole(e, "partner_full_admin"))) {
      emit("no-partner-full-admin", lockoutPath(e, "partner_full_admin"), `This change leaves the partner org with no partner_full_admin: nobody can assign customers to partner administrators until a full_admin grants it again.`);
    }
  },

  "single-full-admin": (e, emit) => {
    const after = resultingOrgRoles(e);
    if (!after) return;
    const holders = after.filter((a) => a.roles.includes("full_admin"));
    if (holders.length === 1 && (e.desired.authoritative || touchesRole(e, "full_admin"))) {
      const path = holders[0]?.declared ? rolesPathOf(holders[0].declared) : e.desired.authoritative ? "admins" : "";
      emit("single-full-admin", path, `Only ${holders[0]?.email} is a full_admin of ${orgName(e, e.desired.org.orgId)}; always have more than one administrator so the org can be administered when one is away (001).`);
    }
  },

  "actor-lacks-privilege": (e, emit) => {
    const actor = e.actor;
    if (!actor) return;
    const org = e.desired.org;
    for (const m of [...e.members, ...omittedMembers(e)]) {
      const before = heldNow(e, m.email);
      const after = m.customersOnly ? before : m.roles;
      const changed = after ? [...after.filter((r) => !before.includes(r)), ...before.filter((r) => !after.includes(r))] : [];
      const path = rolesPathOf(m);
      if (org.kind === "partner") {
        const partnerMember = actor.orgId === org.orgId;
        const need = (role: RoleId): readonly RoleId[] =>
          role === "advanced_troubleshooting" ? ["full_admin"] : role === "sales_full_admin" || role === "sales_admin" ? ["full_admin", "sales_full_admin"] : ["full_admin", "partner_full_admin"];
        const denied = changed.filter((role) => !partnerMember || !hasAny(actor.roles, need(role)));
        if (denied.length > 0) {
          const role = denied[0] as RoleId;
          emit("actor-lacks-privilege", path, `${actor.email} may not change ${denied.join(", ")} of ${m.email}: that takes ${need(role).join(" or ")} in the partner org. Apply this change with the token of such an administrator.`);
        }
        if (m.customers && e.index) {
          const person = personOf(e, m.email);
          const current = person ? assignmentsOf(e, person.id) : [];
          const wanted = new Set(m.customers);
          const customersChange = current.length !== wanted.size || current.some((c) => !wanted.has(c));
          const roles = after ?? [];
          if (customersChange) {
            const need2: readonly RoleId[] = roles.includes("sales_admin") && !roles.includes("partner_admin") ? ["full_admin", "sales_full_admin"] : ["partner_full_admin"];
            if (!partnerMember || !hasAny(actor.roles, need2)) {
              emit("actor-lacks-privilege", customersPathOf(m), `${actor.email} may not change the customers of ${m.email}: that takes ${need2.join(" or ")} (000, 001). Apply it with the token of such an administrator.`);
            }
          }
        }
      } else if (changed.length > 0) {
        const member = actor.orgId === org.orgId;
        const actorGrant = externalGrantOf(e, org.orgId, actor.id);
        const mayAdminister =
          (member && actor.roles.includes("full_admin")) ||
          actorGrant?.role === "external_full_admin" ||
          actorManagesCustomer(e, actor, org.orgId, ["partner_full_admin", "partner_admin"]);
        const ataOnly = changed.includes("advanced_troubleshooting") && !(member && actor.roles.includes("full_admin"));
        if (!mayAdminister || ataOnly) {
          emit("actor-lacks-privilege", path, ataOnly
            ? `Only a full_admin of ${orgName(e, org.orgId)} can grant or remove advanced_troubleshooting; ${actor.email} is not one.`
            : `${actor.email} may not change the roles of ${m.email} in ${orgName(e, org.orgId)}: that takes the org's full_admin, an external_full_admin there, the partner's partner_full_admin, or a partner_admin who manages that customer.`);
        }
      }
    }
    // External administrators of a customer org are the customer's own full admins' business
    // (001); a member who is not a full admin is refused here, outsiders by `external-admin-chain`.
    if (org.kind === "customer" && actor.orgId === org.orgId && !actor.roles.includes("full_admin")) {
      for (const x of externalEntries(e)) {
        if (externalChange(e, x).ccsa) continue; // contact-center-external says it
        if (externalChange(e, x).any) emit("actor-lacks-privilege", joinPath(x.path, "role"), `${actor.email} may not manage external administrators of ${orgName(e, org.orgId)}; only that org's own full administrators can.`);
      }
    }
  },

  "external-admin-chain": (e, emit) => {
    const actor = e.actor;
    if (!actor || e.desired.org.kind !== "customer") return;
    if (actor.orgId === e.desired.org.orgId) return;
    for (const x of externalEntries(e)) {
      if (!externalChange(e, x).any || isPartnerSelfFull(e, x)) continue;
      emit("external-admin-chain", joinPath(x.path, "role"), `${actor.email} is an external administrator of ${orgName(e, e.desired.org.orgId)}, and external administrators cannot add or change external administrators there (001). Apply this with the token of one of the customer's own full administrators.`);
    }
  },

  "partner-self-external-full": (e, emit) => {
    for (const x of e.desired.externalAdmins) {
      if (isPartnerSelfFull(e, x)) {
        emit("partner-self-external-full", joinPath(x.path, "role"), `The partner cannot give its own user ${x.email} external_full_admin in a customer org (001); the customer's own full administrator can promote them, with the customer's token.`);
      }
    }
  },

  "contact-center-external": (e, emit) => {
    const actor = e.actor;
    if (!actor || e.desired.org.kind !== "customer") return;
    if (actor.orgId !== e.desired.org.orgId) return; // an outsider is refused by external-admin-chain
    if (actor.roles.includes("full_admin")) return;
    for (const x of externalEntries(e)) {
      if (externalChange(e, x).ccsa) {
        emit("contact-center-external", joinPath(x.path, "contactCenterServiceAdmin"), `Only a full administrator who is a member of ${orgName(e, e.desired.org.orgId)} can add or revoke contact_center_service_admin of an external administrator; ${actor.email} is not one.`);
      }
    }
  },

  "restricted-mode-actor": (e, emit) => {
    const actor = e.actor;
    if (!actor) return;
    for (const r of e.desired.restrictedMode) {
      if (r.enabled === undefined) continue;
      const current = e.index?.orgs.get(r.orgId)?.restrictedMode ?? true;
      if (e.index && current === r.enabled) continue;
      if (!actorManagesCustomer(e, actor, r.orgId, ["partner_full_admin", "partner_admin"])) {
        emit("restricted-mode-actor", r.path ? joinPath(r.path, "restrictedMode") : "enabled", `${actor.email} may not change Restricted Administrator Mode of ${orgName(e, r.orgId)}: only a partner_full_admin, or a partner_admin who manages that customer, can (002).`);
      }
    }
  },

  "expiry-readonly-only": (e, emit) => {
    for (const x of e.desired.externalAdmins) {
      if (x.expiresAt !== undefined && x.role !== undefined && x.role !== "external_readonly_admin") {
        emit("expiry-readonly-only", joinPath(x.path, "expiresAt"), `expiresAt is only for external_readonly_admin (support access that the Hub revokes); remove it from ${x.email} or make the role external_readonly_admin.`);
      }
    }
  },

  "expiry-in-past": (e, emit) => {
    for (const x of e.desired.externalAdmins) {
      if (x.expiresAt === undefined || x.remove) continue;
      const at = Date.parse(x.expiresAt);
      if (!Number.isNaN(at) && at <= e.ctx.now.getTime()) {
        emit("expiry-in-past", joinPath(x.path, "expiresAt"), `expiresAt ${x.expiresAt} for ${x.email} is not in the future; set a later date or remove the entry.`);
      }
    }
  },

  "unknown-user": (e, emit) => {
    const index = e.index;
    if (!index) return;
    const orgId = e.desired.org.orgId;
    for (const m of e.members) {
      const person = personOf(e, m.email);
      if (!person) {
        emit("unknown-user", joinPath(m.path, "email"), `No user ${m.email} exists in ${orgName(e, orgId)}; create the user in the Hub first or fix the email.`);
      } else if (person.orgId !== orgId && !(e.desired.org.kind === "partner" && index.orgs.get(person.orgId)?.kind === "customer" && m.roles?.some((r) => PARTNER_ONLY_ROLES.includes(r)))) {
        emit("unknown-user", joinPath(m.path, "email"), `${m.email} is a member of ${orgName(e, person.orgId)}, not of ${orgName(e, orgId)}; declare them where they belong${e.desired.org.kind === "customer" ? ", or as an external administrator" : ""}.`);
      }
    }
    for (const x of e.desired.externalAdmins) {
      const person = personOf(e, x.email);
      if (!person) emit("unknown-user", joinPath(x.path, "email"), `No user ${x.email} exists in any org the Hub knows; external administrators must already have a Webex account.`);
      else if (person.orgId === orgId) emit("unknown-user", joinPath(x.path, "email"), `${x.email} is a member of ${orgName(e, orgId)}, so they cannot be its external administrator; declare them under admins instead.`);
    }
  },
};

function externalChange(e: Evaluation, x: DesiredExternalAdmin): { any: boolean; ccsa: boolean } {
  const person = personOf(e, x.email);
  const grant = person ? externalGrantOf(e, e.desired.org.orgId, person.id) : undefined;
  if (x.remove) return { any: grant !== undefined || !e.index, ccsa: grant?.contactCenterServiceAdmin === true };
  const ccsaBefore = grant?.contactCenterServiceAdmin ?? false;
  const ccsa = x.contactCenterServiceAdmin !== undefined && x.contactCenterServiceAdmin !== ccsaBefore;
  const any = !grant || grant.role !== x.role || grant.expiresAt !== x.expiresAt || ccsa;
  return { any, ccsa };
}

function isPartnerSelfFull(e: Evaluation, x: DesiredExternalAdmin): boolean {
  const actor = e.actor;
  if (!actor || x.role !== "external_full_admin" || x.remove) return false;
  const partner = partnerOrgId(e);
  const target = personOf(e, x.email);
  return partner !== undefined && actor.orgId === partner && target?.orgId === partner;
}

/** Runs every rule and returns all violations, errors first, then by path. */
export function evaluate(ctx: RuleContext): Violation[] {
  const evaluation: Evaluation = {
    ctx,
    desired: ctx.desired,
    index: ctx.world ? indexWorld(ctx.world) : undefined,
    actor: ctx.actor,
    members: ctx.desired.members,
  };
  const violations: Violation[] = [];
  const emit: Emit = (code, path, message) => violations.push({ code, severity: SEVERITY[code], path, message });
  for (const rule of Object.values(RULES)) rule(evaluation, emit);
  return violations;
}

export const hasErrors = (violations: readonly Violation[]): boolean => violations.some((v) => v.severity === "error");
