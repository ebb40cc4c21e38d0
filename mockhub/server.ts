/**
 * The mock Hub: a real HTTP server on loopback that speaks the Webex paths of SPEC 6 with the wire
 * shapes of provider/hub/wire.ts, enforces the role rules on every write (the Hub's own guard), keeps
 * its state in one atomically written file, and can inject faults for client tests.
 */
import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import type {
  WireAuditEvent,
  WireError,
  WireExternalAdmin,
  WireList,
  WireManagedOrg,
  WireOrganization,
  WirePartnerAdmin,
  WirePerson,
  WireRestrictedMode,
  WireRole,
} from "../api/wire";
import { ASSIGNABLE_ROLES, PARTNER_ONLY_ROLES, ROLE_IDS, ROLES, isRoleId, type RoleId } from "../core/rules/catalog";
import { evaluate as engineEvaluate } from "../core/rules/engine";
import {
  PRIVILEGE_CODES,
  type Desired,
  type DesiredMember,
  type Org,
  type Person,
  type RuleContext,
  type Violation,
  type World,
} from "../core/rules/types";
import { checkExternalAdminUpdate, checkPersonUpdate, checkRestrictedModeUpdate, type BodyCheck } from "../api/bodies";
import { buildSeed, type SeedName } from "./seed";
import { emptyState, StateStore, writeFileAtomic, type HubState, type StoredExternalAdmin, type StoredOrg, type StoredPerson } from "./state";

export type Evaluate = (ctx: RuleContext) => Violation[];

export interface Faults {
  /** Requests per second per token; excess requests get 429. 0 or undefined: no limit. */
  rateLimit?: number;
  /** Share (0..1) of requests answered 503 before they are handled. */
  faultRate?: number;
  /** Delay before every response, in milliseconds. */
  latencyMs?: number;
}

export interface MockHubOptions extends Faults {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** JSON state file; without it the state lives in memory. */
  statePath?: string;
  /** Build this world when the state file does not exist yet (or with `reset`). */
  seed?: SeedName;
  /** Replace an existing state file. */
  reset?: boolean;
  /** Where the seeded tokens are written: default `tokens.json` beside the state file, or `./.webexhub/tokens.json`. */
  tokensPath?: string;
  /** The rules engine; injectable so tests can observe what the Hub asks it. */
  evaluate?: Evaluate;
  now?: () => Date;
  /** Drives the fault rate. */
  random?: () => number;
  /** One line per request (method, path, status, duration); never a token. */
  log?: (line: string) => void;
}

export interface MockHubStats {
  total: number;
  /** Keyed by route, e.g. `GET /v1/people/{id}`; unmatched paths count under `unmatched`. */
  byRoute: Record<string, number>;
}

export interface MockHub {
  /** e.g. `http://127.0.0.1:40123`; the API lives under `${url}/v1`. */
  readonly url: string;
  readonly port: number;
  /** email → bearer token of every person who has one. */
  readonly tokens: Record<string, string>;
  readonly statePath: string | undefined;
  /** Set when this start wrote the seeded tokens. */
  readonly tokensPath: string | undefined;
  /** True when this start built the state (seed or empty) rather than loading the file. */
  readonly seeded: boolean;
  /** Counts of requests received, for tests that bound a client's request budget. */
  stats(): MockHubStats;
  resetStats(): void;
  /** Changes the fault switches of the running server. */
  setFaults(faults: Faults): void;
  /** The committed state, read-only. */
  snapshot(): Readonly<HubState>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Roles through which a partner-org member manages every customer of the partner (000, 001). */
const ALL_CUSTOMER_ROLES: readonly RoleId[] = [
  "partner_full_admin",
  "partner_readonly_admin",
  "sales_full_admin",
  "helpdesk_advanced",
  "helpdesk_basic",
];

class HubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: Array<{ description: string; code?: string }> = [{ description: message }],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const notFound = (what: string): HubError => new HubError(404, `${what} was not found.`);

function badRequest(problems: string[]): HubError {
  return new HubError(
    400,
    `Invalid request: ${problems.join("; ")}`,
    problems.map((description) => ({ description })),
  );
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Call {
  params: Record<string, string>;
  query: URLSearchParams;
  path: string;
  actor: StoredPerson;
  /** The request body, parsed; throws a 400 when it is not JSON. */
  json(): unknown;
}

type Handler = (call: Call) => Reply | Promise<Reply>;

interface Route {
  method: string;
  pattern: string;
  segments: string[];
  handler: Handler;
}

function validateFaults(faults: Faults): void {
  const { rateLimit, faultRate, latencyMs } = faults;
  if (rateLimit !== undefined && !(Number.isInteger(rateLimit) && rateLimit >= 0)) {
    throw new RangeError(`rateLimit must be a whole number of requests per second (0 = no limit), got ${rateLimit}`);
  }
  if (faultRate !== undefined && !(faultRate >= 0 && faultRate <= 1)) {
    throw new RangeError(`faultRate must be between 0 and 1, got ${faultRate}`);
  }
  if (latencyMs !== undefined && !(Number.isFinite(latencyMs) && latencyMs >= 0)) {
    throw new RangeError(`latencyMs must be a number of milliseconds >= 0, got ${latencyMs}`);
  }
}

const lower = (s: string): string => s.trim().toLowerCase();
const primaryEmail = (p: StoredPerson): string => p.emails[0] ?? "";

function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---------------------------------------------------------------------------------------------
// Wire views of the stored state.

function wirePerson(p: StoredPerson): WirePerson {
  // Optional fields are left out rather than sent as null, as Webex does.
  return {
    id: p.id,
    emails: [...p.emails],
    displayName: p.displayName,
    ...(p.firstName !== undefined && { firstName: p.firstName }),
    ...(p.lastName !== undefined && { lastName: p.lastName }),
    orgId: p.orgId,
    roles: [...p.roles],
    // Extension: always present ({} for none), so a client tells this Hub from one without site roles.
    siteRoles: { ...(p.siteRoles ?? {}) },
    created: p.created,
  };
}

function wireOrg(o: StoredOrg): WireOrganization {
  const out: WireOrganization = { id: o.id, displayName: o.displayName, created: o.created, type: o.type };
  if (o.type === "partner") out.wholesale = o.wholesale ?? false;
  if (o.partnerOrgId !== undefined) out.partnerOrgId = o.partnerOrgId;
  return out;
}

/** The Hub revokes an expired grant by itself (SPEC 3.3 decision), so an expired grant is gone. */
function activeGrants(state: Readonly<HubState>, now: Date): StoredExternalAdmin[] {
  return state.externalAdmins.filter((g) => g.expiresAt === undefined || Date.parse(g.expiresAt) > now.getTime());
}

function wireExternalAdmin(state: Readonly<HubState>, g: StoredExternalAdmin): WireExternalAdmin {
  const person = state.people.find((p) => p.id === g.personId);
  const out: WireExternalAdmin = {
    orgId: g.orgId,
    personId: g.personId,
    email: person ? primaryEmail(person) : "",
    homeOrgId: person?.orgId ?? "",
    role: g.role,
    contactCenterServiceAdmin: g.contactCenterServiceAdmin,
  };
  if (g.expiresAt !== undefined) out.expiresAt = g.expiresAt;
  return out;
}

function toPerson(p: StoredPerson): Person {
  return {
    id: p.id,
    email: primaryEmail(p),
    orgId: p.orgId,
    displayName: p.displayName,
    firstName: p.firstName,
    lastName: p.lastName,
    roles: p.roles,
    siteRoles: p.siteRoles,
  };
}

export function toWorld(state: Readonly<HubState>, now: Date): World {
  const orgs = state.orgs.map(
    (o): Org => ({
      id: o.id,
      displayName: o.displayName,
      kind: o.type,
      wholesale: o.type === "partner" ? (o.wholesale ?? false) : undefined,
      managedBy: o.partnerOrgId,
      restrictedMode: o.type === "customer" ? state.restrictedMode[o.id] : undefined,
    }),
  );
  return {
    partnerOrgId: state.orgs.find((o) => o.type === "partner")?.id ?? "",
    orgs,
    people: state.people.map(toPerson),
    assignments: state.assignments,
    externalAdmins: activeGrants(state, now).map((g) => ({ ...g })),
  };
}

// ---------------------------------------------------------------------------------------------

export async function startMockHub(options: MockHubOptions = {}): Promise<MockHub> {
  validateFaults(options);
  const faults: Required<Faults> = {
    rateLimit: options.rateLimit ?? 0,
    faultRate: options.faultRate ?? 0,
    latencyMs: options.latencyMs ?? 0,
  };
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const evaluate = options.evaluate ?? engineEvaluate;
  const log = options.log;
  const seed = options.seed;

  const store = await StateStore.open({
    path: options.statePath,
    reset: options.reset,
    init: () => (seed ? buildSeed(seed, now()) : emptyState()),
  });

  const tokensByEmail = (): Record<string, string> => {
    const out: Record<string, string> = {};
    const people = new Map(store.current.people.map((p) => [p.id, p]));
    for (const [token, personId] of Object.entries(store.current.tokens)) {
      const person = people.get(personId);
      if (person) out[primaryEmail(person)] = token;
    }
    return out;
  };

  let tokensPath: string | undefined;
  if (seed) {
    tokensPath =
      options.tokensPath ??
      (options.statePath !== undefined ? join(dirname(options.statePath), "tokens.json") : join(process.cwd(), ".webexhub", "tokens.json"));
    await mkdir(dirname(tokensPath), { recursive: true });
    await writeFileAtomic(tokensPath, `${JSON.stringify(tokensByEmail(), null, 2)}\n`);
  }

  let baseUrl = "";
  const stats: MockHubStats = { total: 0, byRoute: {} };
  const windows = new Map<string, { start: number; count: number }>();

  // -------------------------------------------------------------------------------------------
  // Helpers bound to this server's state and clock.

  const findPerson = (state: Readonly<HubState>, id: string): StoredPerson => {
    const person = state.people.find((p) => p.id === id);
    if (!person) throw notFound(`Person ${id}`);
    return person;
  };
  const findOrg = (state: Readonly<HubState>, id: string): StoredOrg => {
    const org = state.orgs.find((o) => o.id === id);
    if (!org) throw notFound(`Organization ${id}`);
    return org;
  };
  const findCustomerOrg = (state: Readonly<HubState>, id: string): StoredOrg => {
    const org = findOrg(state, id);
    if (org.type !== "customer") throw notFound(`Customer organization ${id} (${id} is a ${org.type} organization)`);
    return org;
  };

  const desiredOrgOf = (state: Readonly<HubState>, person: StoredPerson): Desired["org"] => {
    const org = state.orgs.find((o) => o.id === person.orgId);
    return org?.type === "partner"
      ? { kind: "partner", orgId: org.id, wholesale: org.wholesale ?? false }
      : { kind: "customer", orgId: person.orgId };
  };

  /** The Hub's own guard: refuses the write when any rule with severity error fires. */
  const enforce = (state: HubState, actorId: string, desired: Desired): void => {
    const at = now();
    const actor = findPerson(state, actorId);
    const violations = evaluate({ desired, world: toWorld(state, at), actor: toPerson(actor), now: at });
    const errors = violations.filter((v) => v.severity === "error");
    if (errors.length === 0) return;
    // Authorization comes before validation on a real API: one privilege error makes it a 403.
    const status = errors.some((v) => PRIVILEGE_CODES.includes(v.code)) ? 403 : 409;
    throw new HubError(
      status,
      errors.map((v) => v.message).join(" "),
      errors.map((v) => ({ description: v.message, code: v.code })),
    );
  };

  const member = (person: StoredPerson, fields: Partial<DesiredMember>): DesiredMember => ({
    email: primaryEmail(person),
    roles: person.roles,
    path: "",
    rolesPath: "roles",
    ...fields,
  });

  const nonAuthoritative = (org: Desired["org"], rest: Partial<Desired>): Desired => ({
    org,
    authoritative: false,
    members: [],
    externalAdmins: [],
    restrictedMode: [],
    ...rest,
  });

  const audit = (
    state: HubState,
    actorId: string,
    event: Pick<WireAuditEvent, "orgId" | "action" | "targetId" | "targetType" | "before" | "after">,
  ): void => {
    const actor = state.people.find((p) => p.id === actorId);
    state.seq += 1;
    state.audit.push({
      id: `ev-${String(state.seq).padStart(6, "0")}`,
      created: now().toISOString(),
      actorId,
      actorEmail: actor ? primaryEmail(actor) : "",
      ...event,
    });
  };

  /** Assignments only mean something to partner and sales administrators; losing both roles drops them. */
  const setAssignments = (state: HubState, actorId: string, person: StoredPerson, customers: string[], action: string): void => {
    const before = state.assignments[person.id] ?? [];
    if (sameJson(before, customers)) return;
    if (customers.length === 0) delete state.assignments[person.id];
    else state.assignments[person.id] = customers;
    audit(state, actorId, {
      orgId: person.orgId,
      action,
      targetId: person.id,
      targetType: "assignment",
      before: { personId: person.id, customers: before },
      after: { personId: person.id, customers },
    });
  };

  const replacePerson = (state: HubState, actorId: string, before: StoredPerson, after: StoredPerson, action: string): void => {
    if (sameJson(wirePerson(before), wirePerson(after))) return;
    state.people = state.people.map((p) => (p.id === after.id ? after : p));
    audit(state, actorId, {
      orgId: after.orgId,
      action,
      targetId: after.id,
      targetType: "person",
      before: wirePerson(before),
      after: wirePerson(after),
    });
    if (!after.roles.some((r) => (ASSIGNABLE_ROLES as readonly RoleId[]).includes(r))) {
      setAssignments(state, actorId, after, [], "partnerAdmin.unassign");
    }
  };

  const managedOrgs = (state: Readonly<HubState>, person: StoredPerson): WireManagedOrg[] => {
    const customers = state.orgs.filter((o) => o.type === "customer" && o.partnerOrgId === person.orgId);
    const assigned = new Set(state.assignments[person.id] ?? []);
    const allRole = ALL_CUSTOMER_ROLES.find((r) => person.roles.includes(r));
    const assignedRole = (ASSIGNABLE_ROLES as readonly RoleId[]).find((r) => person.roles.includes(r));
    const out: WireManagedOrg[] = [];
    for (const org of customers) {
      // partner_full_admin outranks an assignment; an assignment outranks read-only or help desk access.
      const role =
        allRole === "partner_full_admin"
          ? allRole
          : assignedRole !== undefined && assigned.has(org.id)
            ? assignedRole
            : allRole;
      if (role !== undefined) out.push({ orgId: org.id, role });
    }
    return out;
  };

  const page = <T>(call: Call, items: readonly T[]): Reply => {
    const maxText = call.query.get("max");
    let max = DEFAULT_PAGE_SIZE;
    if (maxText !== null) {
      if (!/^\d+$/.test(maxText) || Number(maxText) < 1) throw badRequest([`max: must be a whole number from 1 to ${MAX_PAGE_SIZE}, got "${maxText}"`]);
      max = Math.min(Number(maxText), MAX_PAGE_SIZE);
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
      headers.Link = `<${baseUrl}${call.path}?${next.toString()}>; rel="next"`;
    }
    return { status: 200, body, headers };
  };

  const body = <T>(call: Call, check: (value: unknown) => BodyCheck<T>): T => {
    const result = check(call.json());
    if (!result.ok) throw badRequest(result.problems);
    return result.value;
  };

  const isoQuery = (call: Call, name: string): number | undefined => {
    const text = call.query.get(name);
    if (text === null) return undefined;
    const at = Date.parse(text);
    if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(at)) {
      throw badRequest([`${name}: must be an ISO 8601 date-time such as 2024-01-31T00:00:00Z, got "${text}"`]);
    }
    return at;
  };

  // -------------------------------------------------------------------------------------------
  // Routes. Order matters only where a literal segment shadows a parameter (`/people/me`).

  const routes: Route[] = [];
  const route = (method: string, pattern: string, handler: Handler): void => {
    routes.push({ method, pattern, segments: pattern.split("/").filter(Boolean), handler });
  };

  route("GET", "/v1/people/me", (call) => ({ status: 200, body: wirePerson(call.actor) }));

  route("GET", "/v1/people", (call) => {
    const email = call.query.get("email");
    const orgId = call.query.get("orgId");
    const people = store.current.people.filter(
      (p) => (email === null || p.emails.some((e) => lower(e) === lower(email))) && (orgId === null || p.orgId === orgId),
    );
    return page(call, people.map(wirePerson));
  });

  route("GET", "/v1/people/{id}", (call) => ({ status: 200, body: wirePerson(findPerson(store.current, call.params.id)) }));

  route("PUT", "/v1/people/{id}", async (call) => {
    const update = body(call, checkPersonUpdate);
    return store.update((state) => {
      const before = findPerson(state, call.params.id);
      update.emails.forEach((email, i) => {
        const owner = state.people.find((p) => p.id !== before.id && p.emails.some((e) => lower(e) === lower(email)));
        if (owner) throw new HubError(409, `emails[${i}]: ${email} already belongs to person ${owner.id}.`);
      });
      // PUT replaces the whole person, as Webex does: what the body leaves out is wiped.
      // Same key order as the seed, so that a PUT of what is already there changes nothing.
      const after: StoredPerson = {
        id: before.id,
        emails: update.emails,
        displayName: update.displayName ?? "",
        ...(update.firstName != null && { firstName: update.firstName }),
        ...(update.lastName != null && { lastName: update.lastName }),
        orgId: before.orgId,
        roles: update.roles ?? [],
        ...(update.siteRoles != null && Object.keys(update.siteRoles).length > 0 && { siteRoles: update.siteRoles }),
        created: before.created,
      };
      const rolesChange = !sameSet(before.roles, after.roles) || !sameJson(before.siteRoles ?? {}, after.siteRoles ?? {});
      if (rolesChange) {
        enforce(
          state,
          call.actor.id,
          nonAuthoritative(desiredOrgOf(state, before), {
            members: [member(before, { roles: after.roles, sites: after.siteRoles ?? {} })],
          }),
        );
      }
      replacePerson(state, call.actor.id, before, after, "person.update");
      return { status: 200, body: wirePerson(after) };
    });
  });

  route("GET", "/v1/roles", (call) => page(call, ROLE_IDS.map((id): WireRole => ({ id, name: ROLES[id].label }))));

  route("GET", "/v1/roles/{id}", (call) => {
    const id = call.params.id;
    if (!isRoleId(id)) throw notFound(`Role ${id}`);
    return { status: 200, body: { id, name: ROLES[id].label } satisfies WireRole };
  });

  route("GET", "/v1/organizations", (call) => page(call, store.current.orgs.map(wireOrg)));

  route("GET", "/v1/organizations/{orgId}", (call) => ({ status: 200, body: wireOrg(findOrg(store.current, call.params.orgId)) }));

  route("GET", "/v1/partner/organizations", (call) => {
    const managedBy = call.query.get("managedBy");
    const person = managedBy === null ? call.actor : findPerson(store.current, managedBy);
    return page(call, managedOrgs(store.current, person));
  });

  route("GET", "/v1/partner/organizations/{orgId}/partnerAdmins", (call) => {
    const state = store.current;
    const org = findCustomerOrg(state, call.params.orgId);
    const admins = state.people
      .filter((p) => p.orgId === org.partnerOrgId && managedOrgs(state, p).some((m) => m.orgId === org.id))
      .map((p): WirePartnerAdmin => ({ id: p.id, email: primaryEmail(p), displayName: p.displayName, roles: [...p.roles] }));
    return page(call, admins);
  });

  const assignment = (assign: boolean) => async (call: Call): Promise<Reply> =>
    store.update((state) => {
      findOrg(state, call.params.orgId);
      const person = findPerson(state, call.params.personId);
      const current = state.assignments[person.id] ?? [];
      const orgId = call.params.orgId;
      if (current.includes(orgId) === assign) return { status: 204 };
      const customers = assign ? [...current, orgId] : current.filter((id) => id !== orgId);
      enforce(
        state,
        call.actor.id,
        nonAuthoritative(desiredOrgOf(state, person), {
          members: [member(person, { customers, customersOnly: true, customersPath: "customers" })],
        }),
      );
      setAssignments(state, call.actor.id, person, customers, assign ? "partnerAdmin.assign" : "partnerAdmin.unassign");
      return { status: 204 };
    });

  route("POST", "/v1/partner/organizations/{orgId}/partnerAdmin/{personId}/assign", assignment(true));
  route("DELETE", "/v1/partner/organizations/{orgId}/partnerAdmin/{personId}/unassign", assignment(false));

  route("DELETE", "/v1/partner/organizations/partnerAdmin/{personId}", async (call) =>
    store.update((state) => {
      const before = findPerson(state, call.params.personId);
      const roles = before.roles.filter((r) => !PARTNER_ONLY_ROLES.includes(r));
      const customers = state.assignments[before.id] ?? [];
      if (roles.length === before.roles.length && customers.length === 0) return { status: 204 };
      enforce(
        state,
        call.actor.id,
        nonAuthoritative(desiredOrgOf(state, before), {
          members: [member(before, { roles, customers: [], customersPath: "customers" })],
        }),
      );
      replacePerson(state, call.actor.id, before, { ...before, roles }, "partnerAdmin.revoke");
      setAssignments(state, call.actor.id, before, [], "partnerAdmin.unassign");
      return { status: 204 };
    }),
  );

  route("GET", "/v1/adminAudit/events", (call) => {
    const orgId = call.query.get("orgId");
    const from = isoQuery(call, "from");
    const to = isoQuery(call, "to");
    const events = store.current.audit.filter((ev) => {
      const at = Date.parse(ev.created);
      return (orgId === null || ev.orgId === orgId) && (from === undefined || at >= from) && (to === undefined || at < to);
    });
    return page(call, events);
  });

  // Mock-only extensions: Webex has no public API for these (documented in mockhub/README.md).

  route("GET", "/v1/organizations/{orgId}/externalAdmins", (call) => {
    const state = store.current;
    const org = findCustomerOrg(state, call.params.orgId);
    const grants = activeGrants(state, now()).filter((g) => g.orgId === org.id);
    return page(call, grants.map((g) => wireExternalAdmin(state, g)));
  });

  const activeGrant = (state: Readonly<HubState>, orgId: string, personId: string): StoredExternalAdmin | undefined =>
    activeGrants(state, now()).find((g) => g.orgId === orgId && g.personId === personId);

  route("GET", "/v1/organizations/{orgId}/externalAdmins/{personId}", (call) => {
    const state = store.current;
    findCustomerOrg(state, call.params.orgId);
    const person = findPerson(state, call.params.personId);
    const grant = activeGrant(state, call.params.orgId, person.id);
    if (!grant) throw notFound(`External administrator ${person.id} of ${call.params.orgId}`);
    return { status: 200, body: wireExternalAdmin(state, grant) };
  });

  route("PUT", "/v1/organizations/{orgId}/externalAdmins/{personId}", async (call) => {
    const update = body(call, checkExternalAdminUpdate);
    return store.update((state) => {
      const org = findCustomerOrg(state, call.params.orgId);
      const person = findPerson(state, call.params.personId);
      if (person.orgId === org.id) {
        throw new HubError(409, `Person ${person.id} is a member of ${org.id}; external administrators come from other organizations.`);
      }
      const before = activeGrant(state, org.id, person.id);
      const after: StoredExternalAdmin = {
        orgId: org.id,
        personId: person.id,
        role: update.role,
        contactCenterServiceAdmin: update.contactCenterServiceAdmin ?? false,
      };
      if (update.expiresAt != null) after.expiresAt = update.expiresAt;
      if (before === undefined || !sameJson(before, after)) {
        enforce(
          state,
          call.actor.id,
          nonAuthoritative(
            { kind: "customer", orgId: org.id },
            {
              externalAdmins: [
                {
                  email: primaryEmail(person),
                  role: after.role,
                  expiresAt: after.expiresAt,
                  contactCenterServiceAdmin: after.contactCenterServiceAdmin,
                  path: "",
                },
              ],
            },
          ),
        );
        // An expired grant may still be stored; the new one replaces it.
        state.externalAdmins = state.externalAdmins.filter((g) => !(g.orgId === org.id && g.personId === person.id));
        state.externalAdmins.push(after);
        audit(state, call.actor.id, {
          orgId: org.id,
          action: "externalAdmin.put",
          targetId: person.id,
          targetType: "externalAdmin",
          before: before ? wireExternalAdmin(state, before) : null,
          after: wireExternalAdmin(state, after),
        });
      }
      return { status: 200, body: wireExternalAdmin(state, after) };
    });
  });

  route("DELETE", "/v1/organizations/{orgId}/externalAdmins/{personId}", async (call) =>
    store.update((state) => {
      const org = findCustomerOrg(state, call.params.orgId);
      const person = findPerson(state, call.params.personId);
      const before = activeGrant(state, org.id, person.id);
      if (!before) throw notFound(`External administrator ${person.id} of ${org.id}`);
      enforce(
        state,
        call.actor.id,
        nonAuthoritative(
          { kind: "customer", orgId: org.id },
          { externalAdmins: [{ email: primaryEmail(person), role: undefined, remove: true, path: "" }] },
        ),
      );
      state.externalAdmins = state.externalAdmins.filter((g) => !(g.orgId === org.id && g.personId === person.id));
      audit(state, call.actor.id, {
        orgId: org.id,
        action: "externalAdmin.delete",
        targetId: person.id,
        targetType: "externalAdmin",
        before: wireExternalAdmin(state, before),
        after: null,
      });
      return { status: 204 };
    }),
  );

  const restrictedMode = (state: Readonly<HubState>, orgId: string): WireRestrictedMode => ({
    orgId,
    // Enabled by default (002): a customer never set keeps the restrictions.
    enabled: state.restrictedMode[orgId] ?? true,
  });

  route("GET", "/v1/partner/organizations/{orgId}/restrictedMode", (call) => {
    const org = findCustomerOrg(store.current, call.params.orgId);
    return { status: 200, body: restrictedMode(store.current, org.id) };
  });

  route("PUT", "/v1/partner/organizations/{orgId}/restrictedMode", async (call) => {
    const update = body(call, checkRestrictedModeUpdate);
    if (update.orgId !== undefined && update.orgId !== call.params.orgId) {
      throw badRequest([`orgId: must match the organization in the path (${call.params.orgId}), got "${update.orgId}"`]);
    }
    return store.update((state) => {
      const org = findCustomerOrg(state, call.params.orgId);
      const before = restrictedMode(state, org.id);
      const after: WireRestrictedMode = { orgId: org.id, enabled: update.enabled };
      if (before.enabled !== after.enabled) {
        const partner = state.orgs.find((o) => o.id === org.partnerOrgId);
        enforce(
          state,
          call.actor.id,
          nonAuthoritative(
            { kind: "partner", orgId: org.partnerOrgId ?? "", wholesale: partner?.wholesale ?? false },
            { restrictedMode: [{ orgId: org.id, enabled: after.enabled, path: "enabled" }] },
          ),
        );
        state.restrictedMode[org.id] = after.enabled;
        audit(state, call.actor.id, {
          orgId: org.id,
          action: "restrictedMode.put",
          targetId: org.id,
          targetType: "restrictedMode",
          before,
          after,
        });
      }
      return { status: 200, body: after };
    });
  });

  // -------------------------------------------------------------------------------------------
  // The request pipeline: latency, faults, routing, authentication, rate limit, handler.

  const match = (method: string, path: string): { route?: Route; params: Record<string, string>; allowed: string[] } => {
    const parts = path.split("/").filter(Boolean);
    const allowed: string[] = [];
    for (const r of routes) {
      if (r.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const ok = r.segments.every((seg, i) => {
        const part = parts[i] ?? "";
        if (seg.startsWith("{")) {
          try {
            params[seg.slice(1, -1)] = decodeURIComponent(part);
          } catch {
            throw badRequest([`${seg.slice(1, -1)}: "${part}" is not a valid URL path segment`]);
          }
          return true;
        }
        return seg === part;
      });
      if (!ok) continue;
      if (r.method === method) return { route: r, params, allowed };
      allowed.push(r.method);
    }
    return { params: {}, allowed };
  };

  const authenticate = (req: IncomingMessage): { token: string; actor: StoredPerson } => {
    const header = req.headers.authorization;
    const m = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new HubError(401, "The request requires a valid access token set in the Authorization header (Bearer <token>).");
    const token = m[1] ?? "";
    const personId = store.current.tokens[token];
    const actor = personId === undefined ? undefined : store.current.people.find((p) => p.id === personId);
    if (!actor) throw new HubError(401, "The access token is not valid for this Hub.");
    return { token, actor };
  };

  const rateLimit = (token: string): void => {
    if (faults.rateLimit <= 0) return;
    const at = now().getTime();
    const window = windows.get(token);
    if (!window || at - window.start >= 1000) {
      windows.set(token, { start: at, count: 1 });
      return;
    }
    window.count += 1;
    if (window.count > faults.rateLimit) {
      const seconds = Math.max(1, Math.ceil((window.start + 1000 - at) / 1000));
      throw new HubError(429, `Too many requests: at most ${faults.rateLimit} per second per token.`, undefined, {
        "Retry-After": String(seconds),
      });
    }
  };

  const readBody = (req: IncomingMessage): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      req.on("end", () => (size > MAX_BODY_BYTES ? reject(new HubError(413, `body: larger than ${MAX_BODY_BYTES} bytes`)) : resolve(Buffer.concat(chunks))));
      req.on("error", reject);
    });

  const send = (res: ServerResponse, reply: Reply, trackingId: string): void => {
    const headers: Record<string, string> = { Trackingid: trackingId, ...reply.headers };
    if (reply.body === undefined) {
      res.writeHead(reply.status, headers).end();
      return;
    }
    const text = JSON.stringify(reply.body);
    res
      .writeHead(reply.status, {
        ...headers,
        "Content-Type": "application/json;charset=UTF-8",
        "Content-Length": String(Buffer.byteLength(text)),
      })
      .end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const trackingId = `MOCKHUB_${randomUUID()}`;
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", baseUrl);
    let reply: Reply;
    let routeKey = "unmatched";
    try {
      const raw = await readBody(req);
      if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
      const found = match(method, url.pathname);
      if (found.route) routeKey = `${method} ${found.route.pattern}`;
      stats.total += 1;
      stats.byRoute[routeKey] = (stats.byRoute[routeKey] ?? 0) + 1;
      if (faults.faultRate > 0 && random() < faults.faultRate) {
        throw new HubError(503, "Service temporarily unavailable (injected fault).");
      }
      if (!found.route) {
        if (found.allowed.length > 0) {
          throw new HubError(405, `${method} is not allowed on ${url.pathname}.`, undefined, { Allow: found.allowed.join(", ") });
        }
        throw notFound(`The resource ${url.pathname}`);
      }
      const { token, actor } = authenticate(req);
      rateLimit(token);
      let parsed: { value: unknown } | undefined;
      reply = await found.route.handler({
        params: found.params,
        query: url.searchParams,
        path: url.pathname,
        actor,
        json: () => {
          if (parsed) return parsed.value;
          const text = raw.toString("utf8");
          if (text.trim() === "") throw badRequest(["body: a JSON object is required"]);
          try {
            parsed = { value: JSON.parse(text) };
          } catch (err) {
            throw badRequest([`body: malformed JSON (${(err as Error).message})`]);
          }
          return parsed.value;
        },
      });
    } catch (err) {
      const error = err instanceof HubError ? err : new HubError(500, `Internal error: ${(err as Error).message}`);
      const body: WireError = { message: error.message, errors: error.errors, trackingId };
      reply = { status: error.status, body, headers: error.headers };
    }
    if (!res.writableEnded && !res.destroyed) send(res, reply, trackingId);
    log?.(`${method} ${url.pathname}${url.search} ${reply.status} ${Date.now() - started}ms ${trackingId}`);
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
  // Closing twice (a test's finally and its cleanup) must not fail.
  let closing: Promise<void> | undefined;

  return {
    url: baseUrl,
    port,
    tokens: tokensByEmail(),
    statePath: options.statePath,
    tokensPath,
    seeded: store.created,
    stats: () => ({ total: stats.total, byRoute: { ...stats.byRoute } }),
    resetStats: () => {
      stats.total = 0;
      stats.byRoute = {};
    },
    setFaults: (next) => {
      validateFaults(next);
      Object.assign(faults, Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)));
    },
    snapshot: () => store.current,
    close: () => {
      closing ??= (async () => {
        await new Promise<void>((resolve, reject) => {
          server.close((err) => (err ? reject(err) : resolve()));
          server.closeAllConnections();
        });
        await store.idle();
      })();
      return closing;
    },
  };
}
