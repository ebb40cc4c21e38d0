/**
 * What every handler of the mock Hub shares: the state, the clock, lookups, who may see and change
 * which org, the Hub's own guard (the rules engine, with the token's person as the actor), the audit
 * log, paging and body checks.
 */
import { idUuid } from "../api";
import type { BodyCheck } from "../api";
import type { WireAuditEventData, WireList } from "../api";
import { ALL_CUSTOMER_ROLES, ASSIGNABLE_ROLES, sameSet, WorldIndexer, type RoleId } from "../core";
import { PRIVILEGE_CODES, type Desired, type DesiredMember, type RuleContext, type Violation } from "../core";
import { badRequest, forbidden, HubError, notFound, type Call, type Reply } from "./pipeline";
import { DEFAULT_PROFILE, type Profile } from "./profile";
import type { HubState, StateStore, StoredOrg, StoredPerson } from "./state";
import { activeGrants, primaryEmail, toPerson, toWorld, wirePerson } from "./views";

export type Evaluate = (ctx: RuleContext) => Violation[];

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Roles that let their holder read but not change an org. */
const READ_ONLY_ROLES: readonly RoleId[] = [
  "readonly_admin",
  "partner_readonly_admin",
  "external_readonly_admin",
  "helpdesk_basic",
];

/** Audit event categories (`GET /adminAudit/eventCategories`). */
export const EVENT_CATEGORIES = ["USERS", "PARTNER_ADMINS", "EXTERNAL_ADMINS", "ORG_SETTINGS"] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];

export const lower = (s: string): string => s.trim().toLowerCase();

/** `+site_admin@acme.webex.com -site_user@old.webex.com`: the site roles a write gave and took. */
function siteChanges(
  before: Readonly<Record<string, string>> = {},
  after: Readonly<Record<string, string>> = {},
): string[] {
  return [
    ...Object.entries(after)
      .filter(([url, role]) => before[url] !== role)
      .map(([url, role]) => `+${role}@${url}`),
    ...Object.entries(before)
      .filter(([url, role]) => after[url] !== role)
      .map(([url, role]) => `-${role}@${url}`),
  ];
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export interface ManagedOrg {
  orgId: string;
  role: RoleId;
}

/**
 * The item with an id as given in a path: the opaque Webex id, or (`lenient`: SCIM's form, taken in
 * every path by the default profile) the UUID inside it. The opaque id is looked for first: decoding
 * every stored id on each lookup was a tenth of the Hub's time at a few thousand people.
 */
function byId<T extends { readonly id: string }>(items: readonly T[], given: string, lenient: boolean): T | undefined {
  return (
    items.find((item) => item.id === given) ?? (lenient ? items.find((item) => idUuid(item.id) === given) : undefined)
  );
}

/** The item whose opaque id holds this UUID: SCIM paths take UUIDs (and, leniently, the opaque id). */
function byUuid<T extends { readonly id: string }>(
  items: readonly T[],
  given: string,
  lenient: boolean,
): T | undefined {
  return (
    items.find((item) => idUuid(item.id) === given) ?? (lenient ? items.find((item) => item.id === given) : undefined)
  );
}

/**
 * The mock Hub's services, handed to every handler: its state and clock, the lookups, who may see
 * and change what, its guard and audit log. Not a "context" in the sense of the provider's
 * `ProviderContext` or the rules' `RuleContext`: one lives as long as the server.
 */
export class HubServices {
  constructor(
    readonly store: StateStore,
    readonly now: () => Date,
    private readonly evaluate: Evaluate,
    readonly baseUrl: () => string,
    readonly profile: Profile = DEFAULT_PROFILE,
  ) {}

  /** The guard judges the state after each write: a world a person or two from the last one. */
  readonly #indexer = new WorldIndexer();

  get state(): Readonly<HubState> {
    return this.store.current;
  }

  findPerson(state: Readonly<HubState>, id: string): StoredPerson {
    const person = byId(state.people, id, this.profile.lenientIds);
    if (!person) throw notFound(`Person ${id}`);
    return person;
  }

  findOrg(state: Readonly<HubState>, id: string): StoredOrg {
    const org = byId(state.orgs, id, this.profile.lenientIds);
    if (!org) throw notFound(`Organization ${id}`);
    return org;
  }

  /** A SCIM path's user and org, by the UUIDs SCIM takes. */
  findScimUser(state: Readonly<HubState>, orgUuid: string, userUuid: string): StoredPerson {
    const org = byUuid(state.orgs, orgUuid, this.profile.lenientIds);
    const person = byUuid(state.people, userUuid, this.profile.lenientIds);
    if (!org) throw notFound(`Organization ${orgUuid}`);
    if (!person || person.orgId !== org.id) throw notFound(`User ${userUuid} in organization ${orgUuid}`);
    return person;
  }

  findCustomerOrg(state: Readonly<HubState>, id: string): StoredOrg {
    const org = this.findOrg(state, id);
    if (org.type !== "customer") throw notFound(`Customer organization ${id} (${id} is a ${org.type} organization)`);
    return org;
  }

  /** Customer orgs a partner-org member manages, and through which role. */
  managedOrgs(state: Readonly<HubState>, person: StoredPerson): ManagedOrg[] {
    const out: ManagedOrg[] = [];
    for (const org of state.orgs) {
      const role = this.managedRole(state, person, org);
      if (role !== undefined) out.push({ orgId: org.id, role });
    }
    return out;
  }

  /**
   * The role through which a partner-org member manages one org, if any: asked per org, so that
   * authorizing a request or listing one customer's administrators does not walk every customer.
   */
  managedRole(state: Readonly<HubState>, person: StoredPerson, org: StoredOrg): RoleId | undefined {
    if (org.type !== "customer" || org.partnerOrgId !== person.orgId) return undefined;
    const allRole = ALL_CUSTOMER_ROLES.find((r) => person.roles.includes(r));
    // partner_full_admin outranks an assignment; an assignment outranks read-only or help desk access.
    if (allRole === "partner_full_admin") return allRole;
    const assignedRole = (ASSIGNABLE_ROLES as readonly RoleId[]).find((r) => person.roles.includes(r));
    if (assignedRole !== undefined && (state.assignments[person.id] ?? []).includes(org.id)) return assignedRole;
    return allRole;
  }

  /**
   * The roles through which `actor` administers `orgId`: its own admin roles in its own org, the
   * partner role that manages a customer, or an active external administrator grant.
   */
  adminRolesIn(state: Readonly<HubState>, actor: StoredPerson, orgId: string): RoleId[] {
    if (actor.orgId === orgId) return [...actor.roles];
    const out: RoleId[] = [];
    const org = state.orgs.find((o) => o.id === orgId);
    const managed = org === undefined ? undefined : this.managedRole(state, actor, org);
    if (managed !== undefined) out.push(managed);
    const grant = activeGrants(state, this.now()).find((g) => g.orgId === orgId && g.personId === actor.id);
    if (grant) out.push(grant.role);
    return out;
  }

  /** An admin role there, or a Webex site role in one's own org (a site administrator is an administrator of it). */
  isAdminOf(state: Readonly<HubState>, actor: StoredPerson, orgId: string): boolean {
    return this.adminRolesIn(state, actor, orgId).length > 0 || this.isSiteAdminOf(actor, orgId);
  }

  /** Extension: holds a Webex site role in `orgId`, its own org. */
  isSiteAdminOf(actor: StoredPerson, orgId: string): boolean {
    return actor.orgId === orgId && Object.keys(actor.siteRoles ?? {}).length > 0;
  }

  /** Only an admin of the person's org (or a partner or external admin managing it) may write; read-only roles may not. */
  requireWriter(state: Readonly<HubState>, actor: StoredPerson, orgId: string): void {
    const roles = this.adminRolesIn(state, actor, orgId);
    if (roles.some((r) => !READ_ONLY_ROLES.includes(r))) return;
    throw forbidden(
      roles.length === 0
        ? `${primaryEmail(actor)} is not an administrator of organization ${orgId}; only its administrators may change it.`
        : `${primaryEmail(actor)} has read-only access to organization ${orgId} (${roles.join(", ")}).`,
    );
  }

  requireReader(state: Readonly<HubState>, actor: StoredPerson, orgId: string): void {
    if (this.isAdminOf(state, actor, orgId)) return;
    throw forbidden(`${primaryEmail(actor)} is not an administrator of organization ${orgId}.`);
  }

  desiredOrgOf(state: Readonly<HubState>, person: StoredPerson): Desired["org"] {
    const org = state.orgs.find((o) => o.id === person.orgId);
    return org?.type === "partner"
      ? { kind: "partner", orgId: org.id, wholesale: org.wholesale ?? false }
      : { kind: "customer", orgId: person.orgId };
  }

  /** The Hub's own guard: refuses the write when any rule with severity error fires. */
  enforce(state: HubState, actorId: string, desired: Desired): void {
    this.refuse(this.errorsOf(state, actorId, desired));
  }

  /**
   * For a write that would change nothing: refuses it when the actor could not have made the change,
   * judged on `asIf`, the state as it would be had the change still to be made. Answering "already
   * so" to anyone was a 200-or-403 oracle of who manages whom.
   */
  authorizeAsIf(asIf: HubState, actorId: string, desired: Desired): void {
    this.refuse(this.errorsOf(asIf, actorId, desired).filter((v) => PRIVILEGE_CODES.includes(v.code)));
  }

  private errorsOf(state: HubState, actorId: string, desired: Desired): Violation[] {
    const at = this.now();
    const actor = this.findPerson(state, actorId);
    const violations = this.evaluate({
      desired,
      world: toWorld(state, at),
      actor: toPerson(actor),
      now: at,
      indexer: this.#indexer,
    });
    return violations.filter((v) => v.severity === "error");
  }

  private refuse(errors: readonly Violation[]): void {
    if (errors.length === 0) return;
    // Authorization comes before validation on a real API: one privilege error makes it a 403.
    const status = errors.some((v) => PRIVILEGE_CODES.includes(v.code)) ? 403 : 409;
    throw new HubError(
      status,
      errors.map((v) => v.message).join(" "),
      errors.map((v) => ({ description: v.message, code: v.code })),
    );
  }

  member(person: StoredPerson, fields: Partial<DesiredMember>): DesiredMember {
    return { email: primaryEmail(person), roles: person.roles, path: "", rolesPath: "roles", ...fields };
  }

  nonAuthoritative(org: Desired["org"], rest: Partial<Desired>): Desired {
    return { org, authoritative: false, members: [], externalAdmins: [], restrictedMode: [], ...rest };
  }

  /** Records an accepted change in the documented `AuditEvent` shape. */
  audit(
    state: HubState,
    actorId: string,
    e: {
      orgId: string;
      category: EventCategory;
      description: string;
      targetId: string;
      targetType: string;
      targetName: string;
      text: string;
    },
  ): void {
    const actor = state.people.find((p) => p.id === actorId);
    const actorOrg = state.orgs.find((o) => o.id === actor?.orgId);
    const targetOrg = state.orgs.find((o) => o.id === e.orgId);
    state.seq += 1;
    const data: WireAuditEventData = {
      actorOrgName: actorOrg?.displayName ?? "",
      targetName: e.targetName,
      eventDescription: e.description,
      actorName: actor?.displayName ?? "",
      actorEmail: actor ? primaryEmail(actor) : "",
      adminRoles: actor?.roles.includes("full_admin") ? ["Full_Admin"] : ["User"],
      trackingId: `MOCKHUB_${String(state.seq).padStart(6, "0")}`,
      targetType: e.targetType,
      targetId: e.targetId,
      eventCategory: e.category,
      targetOrgId: e.orgId,
      actionText: `${actor?.displayName ?? actorId} ${e.text}`,
      targetOrgName: targetOrg?.displayName ?? "",
    };
    state.audit.push({
      orgId: e.orgId,
      event: {
        id: Buffer.from(`mockhub-event-${state.seq}`, "utf8").toString("base64url"),
        created: this.now().toISOString(),
        actorId,
        actorOrgId: actor?.orgId ?? "",
        data,
      },
    });
  }

  /** Assignments only mean something to partner and sales administrators; losing both roles drops them. */
  setAssignments(state: HubState, actorId: string, person: StoredPerson, customers: string[]): void {
    const before = state.assignments[person.id] ?? [];
    if (sameSet(before, customers)) return;
    if (customers.length === 0) delete state.assignments[person.id];
    else state.assignments[person.id] = customers;
    const added = customers.filter((c) => !before.includes(c));
    const removed = before.filter((c) => !customers.includes(c));
    for (const [orgIds, verb] of [
      [added, "assigned"],
      [removed, "unassigned"],
    ] as const) {
      if (orgIds.length === 0) continue;
      this.audit(state, actorId, {
        orgId: person.orgId,
        category: "PARTNER_ADMINS",
        description: verb === "assigned" ? "Partner administrator assigned" : "Partner administrator unassigned",
        targetId: person.id,
        targetType: "TargetResourceType.USER",
        targetName: primaryEmail(person),
        text: `${verb} ${primaryEmail(person)} ${verb === "assigned" ? "to" : "from"} ${orgIds.map((id) => state.orgs.find((o) => o.id === id)?.displayName ?? id).join(", ")}`,
      });
    }
  }

  replacePerson(
    state: HubState,
    actorId: string,
    before: StoredPerson,
    after: StoredPerson,
    description: string,
  ): StoredPerson {
    if (sameJson(wirePerson(before), wirePerson({ ...after, lastModified: before.lastModified }))) return before;
    const stamped: StoredPerson = { ...after, lastModified: this.now().toISOString() };
    state.people = state.people.map((p) => (p.id === stamped.id ? stamped : p));
    const added = after.roles.filter((r) => !before.roles.includes(r));
    const removed = before.roles.filter((r) => !after.roles.includes(r));
    const roleText =
      added.length + removed.length > 0
        ? ` (roles ${[...added.map((r) => `+${r}`), ...removed.map((r) => `-${r}`)].join(" ")})`
        : "";
    // Site roles too, by site URL: the audit trail is where a reviewer learns who changed them.
    const sites = siteChanges(before.siteRoles, after.siteRoles);
    const siteText = sites.length > 0 ? ` (site roles ${sites.join(" ")})` : "";
    this.audit(state, actorId, {
      orgId: after.orgId,
      category: "USERS",
      description,
      targetId: after.id,
      targetType: "TargetResourceType.USER",
      targetName: primaryEmail(after),
      text: `updated ${primaryEmail(after)}${roleText}${siteText}`,
    });
    if (!after.roles.some((r) => (ASSIGNABLE_ROLES as readonly RoleId[]).includes(r))) {
      this.setAssignments(state, actorId, stamped, []);
    }
    return stamped;
  }

  page<T>(call: Call, items: readonly T[], maxPage = MAX_PAGE_SIZE): Reply {
    const maxText = call.query.get("max");
    let max = DEFAULT_PAGE_SIZE;
    if (maxText !== null) {
      if (!/^\d+$/.test(maxText) || Number(maxText) < 1)
        throw badRequest([`max: must be a whole number from 1 to ${maxPage}, got "${maxText}"`]);
      max = Math.min(Number(maxText), maxPage);
    }
    const cursor = call.query.get("cursor");
    let start = 0;
    if (cursor !== null) {
      const decoded = Buffer.from(cursor, "base64url").toString("utf8");
      if (!/^\d+$/.test(decoded)) throw badRequest([`cursor: "${cursor}" is not a cursor this server issued`]);
      start = Number(decoded);
    }
    const body: WireList<T> = { items: items.slice(start, start + max) };
    const headers: Record<string, string> = {};
    if (start + max < items.length) {
      const next = new URLSearchParams(call.query);
      next.set("max", String(max));
      next.set("cursor", Buffer.from(String(start + max), "utf8").toString("base64url"));
      headers.Link = `<${this.baseUrl()}${call.path}?${next.toString()}>; rel="next"`;
    }
    return { status: 200, body, headers };
  }

  body<T>(call: Call, check: (value: unknown) => BodyCheck<T>): T {
    const result = check(call.json());
    if (!result.ok) throw badRequest(result.problems);
    return result.value;
  }

  requiredQuery(call: Call, name: string): string {
    const value = call.query.get(name);
    if (value === null || value === "") throw badRequest([`${name}: is required`]);
    return value;
  }

  isoQuery(call: Call, name: string): number | undefined {
    const text = call.query.get(name);
    if (text === null) return undefined;
    const at = Date.parse(text);
    if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(at)) {
      throw badRequest([`${name}: must be an ISO 8601 date-time such as 2024-01-31T00:00:00Z, got "${text}"`]);
    }
    return at;
  }
}
