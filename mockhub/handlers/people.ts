/**
 * People: `GET /people`, `GET /people/me`, `GET /people/{id}`, `PUT /people/{id}` as the Webex spec
 * has them. A PUT replaces the whole person (what the body leaves out is wiped, read-only fields are
 * ignored); only administrators of the person's org (or partners and external admins managing it)
 * may write, and a change of roles or site roles goes through the Hub's guard.
 */
import { checkPersonUpdate, WEBEX_PERSON_UPDATE_FIELDS, WEBEX_ROLE_NAMES } from "../../api";
import type { WirePerson, WirePersonUpdate } from "../../api";
import type { RoleId } from "../../core";
import { lower, type HubServices } from "../services";
import { badRequest, HubError, type Call, type Reply, type RouteFn } from "../pipeline";
import { DEFAULT_PROFILE, type Profile } from "../profile";
import type { HubState, StoredPerson } from "../state";
import { ADMIN_DETAILS, catalogRoleOfId, definedFields, wirePerson, wireRoleId } from "../views";

/** Webex takes at most this many ids in `GET /people?id=`. */
const MAX_IDS = 85;

const list = (text: string | null): string[] | undefined =>
  text === null
    ? undefined
    : text
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");

/** The person a PUT body describes, in the stored key order so that sending back what was read changes nothing. */
export function personFromUpdate(before: StoredPerson, u: WirePersonUpdate, roles: RoleId[]): StoredPerson {
  // A work_extension number is derived from `extension` on Webex, never set through phoneNumbers:
  // the body's are ignored and the stored ones kept while the extension is (last, where the Hub lists
  // them), so a client may leave them out. Webex's PUT takes `work` numbers only: a stored number of
  // another type the body does not carry (mobile, fax) is kept, so a client that sends the work
  // numbers alone loses nothing.
  const sent = (u.phoneNumbers ?? []).filter((n) => n.type !== "work_extension");
  const sentTypes = new Set<string>(sent.map((n) => n.type ?? "work"));
  const keeps = (type: string): boolean => type !== "work" && !sentTypes.has(type);
  const kept = (before.phoneNumbers ?? []).filter((n) =>
    n.type === "work_extension" ? u.extension !== undefined : keeps(n.type ?? "work"),
  );
  const phoneNumbers = [...sent, ...kept];
  const loginEnabled =
    u.loginEnabled === undefined ? before.loginEnabled : u.loginEnabled === true || u.loginEnabled === "true";
  const after: StoredPerson = {
    id: before.id,
    emails: u.emails ?? before.emails,
    ...(phoneNumbers.length > 0 && { phoneNumbers }),
    ...definedFields(u, ["extension", "locationId"]),
    displayName: u.displayName,
    // Webex does not take a nickname in a PUT: it becomes the first name.
    ...(u.firstName !== undefined && { nickName: u.firstName }),
    ...definedFields(u, ["firstName", "lastName", "avatar"]),
    orgId: before.orgId,
    roles,
    ...definedFields(u, [...ADMIN_DETAILS, "siteUrls"]),
    ...(u.siteRoles !== undefined && Object.keys(u.siteRoles).length > 0 && { siteRoles: u.siteRoles }),
    loginEnabled,
    created: before.created,
    lastModified: before.lastModified,
  };
  return after;
}

/**
 * Catalog roles of the wire role ids in a body. Each id is read for its meaning (every spelling of
 * one role is that role), so an id the Hub does not know, or one role named twice however it is
 * spelt, is a 400 naming it: a list with a repeat once made two different role lists look alike.
 */
export function catalogRoles(
  ids: readonly string[] | undefined,
  field = "roles",
  profile: Profile = DEFAULT_PROFILE,
): RoleId[] {
  const out: RoleId[] = [];
  const problems: string[] = [];
  const firstAt = new Map<RoleId, number>();
  (ids ?? []).forEach((id, i) => {
    const role = catalogRoleOfId(id, profile);
    const earlier = role === undefined ? undefined : firstAt.get(role);
    if (role === undefined) problems.push(`${field}[${i}]: "${id}" is not a role of this Hub (GET /roles lists them)`);
    else if (earlier !== undefined) problems.push(repeatedRole(field, i, id, earlier, role));
    else {
      firstAt.set(role, i);
      out.push(role);
    }
  });
  if (problems.length > 0) throw badRequest(problems);
  return out;
}

/** The 400 description of a role named twice: both places, the role's name and its one spelling. */
export function repeatedRole(field: string, at: number, given: string, earlier: number, role: RoleId): string {
  const named = `the role ${WEBEX_ROLE_NAMES[role]} (${wireRoleId(role)})`;
  return `${field}[${at}]: "${given}" repeats ${field}[${earlier}], ${named}; name each role once`;
}

/**
 * Runs the Hub's guard on every write, changed roles or not (a shortcut on "nothing changed" once
 * let a crafted list skip it), then stores the person and audits it.
 */
export function writePerson(
  hub: HubServices,
  state: HubState,
  actorId: string,
  before: StoredPerson,
  after: StoredPerson,
): StoredPerson {
  hub.enforce(
    state,
    actorId,
    hub.nonAuthoritative(hub.desiredOrgOf(state, before), {
      members: [hub.member(before, { roles: after.roles, sites: after.siteRoles ?? {} })],
    }),
  );
  return hub.replacePerson(state, actorId, before, after, "User updated");
}

/** Whether two versions of a person differ in nothing but their site roles (key order aside). */
export function onlySiteRolesDiffer(before: StoredPerson, after: StoredPerson, alsoRoles = false): boolean {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v !== null && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, sorted(x)]),
          )
        : v;
  const canonical = (p: StoredPerson): string => {
    const { siteRoles: _sites, lastModified: _modified, roles, ...rest } = p;
    return JSON.stringify(sorted(alsoRoles ? rest : { ...rest, roles }));
  };
  return canonical(before) === canonical(after);
}

/**
 * The webex profile's PUT body: the reference's update schema, which names its fields but does not
 * forbid others (they are ignored, as Webex ignores them: `siteRoles` among them), and takes only
 * `work` phone numbers.
 */
function webexUpdate(hub: HubServices, call: Call): WirePersonUpdate {
  const raw = call.json();
  const body =
    raw !== null && typeof raw === "object" && !Array.isArray(raw)
      ? Object.fromEntries(Object.entries(raw).filter(([k]) => WEBEX_PERSON_UPDATE_FIELDS.includes(k)))
      : raw;
  const update = hub.body({ ...call, json: () => body }, checkPersonUpdate);
  const problems = (update.phoneNumbers ?? []).flatMap((n, i) =>
    n.type === undefined || n.type === "work"
      ? []
      : [`phoneNumbers[${i}].type: must be work, got ${JSON.stringify(n.type)} (the update takes work numbers only)`],
  );
  if (problems.length > 0) throw badRequest(problems);
  return update;
}

/**
 * An administrator giving up some of their own roles or site roles and changing nothing else.
 * Webex lets "only an admin" update a person, and a read-only administrator is one; giving a role
 * up raises nobody's privileges, so it takes none (the rules' own stance): the writer check, which
 * keeps read-only administrators from changing others, does not stop it.
 */
export function givesUpOwnRoles(
  isAdmin: boolean,
  actor: StoredPerson,
  before: StoredPerson,
  after: StoredPerson,
): boolean {
  if (!isAdmin || actor.id !== before.id) return false;
  const rolesKept = after.roles.every((r) => before.roles.includes(r));
  const sitesKept = Object.entries(after.siteRoles ?? {}).every(([url, role]) => before.siteRoles?.[url] === role);
  return rolesKept && sitesKept && onlySiteRolesDiffer(before, after, true);
}

/** A person as `reader` sees them: the full view for themselves and their org's administrators. */
function personView(hub: HubServices, state: Readonly<HubState>, reader: StoredPerson, p: StoredPerson): WirePerson {
  return wirePerson(p, p.id === reader.id || hub.isAdminOf(state, reader, p.orgId), hub.profile);
}

/**
 * Webex: "people lookup by email is only available for users in the same org", a partner's
 * managed orgs aside; the default profile finds anyone, with the public view.
 */
function findableByEmail(hub: HubServices, state: Readonly<HubState>, reader: StoredPerson, p: StoredPerson): boolean {
  return hub.profile.emailAnywhere || p.orgId === reader.orgId || hub.isAdminOf(state, reader, p.orgId);
}

/** `GET /people`: by exact email or ids anywhere the reader may look, else a listing of one org. */
function listPeople(hub: HubServices, call: Call): Reply {
  const state = hub.state;
  const actor = call.actor;
  const email = call.query.get("email");
  const displayName = call.query.get("displayName");
  const ids = list(call.query.get("id"));
  const roleIds = list(call.query.get("roles"));
  const orgParam = call.query.get("orgId");
  const orgId = orgParam === null ? actor.orgId : hub.findOrg(state, orgParam).id;
  if (orgId !== actor.orgId) hub.requireReader(state, actor, orgId);
  const admin = hub.isAdminOf(state, actor, orgId);
  if (!admin && email === null && displayName === null && ids === undefined) {
    throw badRequest(["email: is required (or displayName) for a token that is not an administrator"]);
  }
  if (ids !== undefined && ids.length > MAX_IDS) throw badRequest([`id: at most ${MAX_IDS} ids, got ${ids.length}`]);
  const roles = roleIds === undefined ? undefined : catalogRoles(roleIds, "roles", hub.profile);
  const people = state.people.filter((p) => {
    // An exact email or id finds the person wherever they are (with the public view outside the
    // reader's orgs); a listing stays in one org.
    if (email !== null) {
      const inScope = (orgParam === null || p.orgId === orgId) && findableByEmail(hub, state, actor, p);
      return inScope && p.emails.some((e) => lower(e) === lower(email));
    }
    if (ids !== undefined) return ids.includes(p.id);
    if (p.orgId !== orgId) return false;
    if (displayName !== null && !lower(p.displayName).startsWith(lower(displayName))) return false;
    return roles === undefined || p.roles.some((r) => roles.includes(r));
  });
  const reply = hub.page(
    call,
    people.map((p) => personView(hub, state, actor, p)),
  );
  if (ids !== undefined) {
    (reply.body as { notFoundIds?: string[] }).notFoundIds = ids.filter((id) => !people.some((p) => p.id === id));
  }
  return reply;
}

/** `PUT /people/{id}`: who may write is decided on the person the body would make. */
async function updatePerson(hub: HubServices, call: Call): Promise<Reply> {
  const update = hub.profile.mockPutSchema ? hub.body(call, checkPersonUpdate) : webexUpdate(hub, call);
  const roles = catalogRoles(update.roles, "roles", hub.profile);
  return hub.store.update((state) => {
    const before = hub.findPerson(state, call.params.id);
    const next = personFromUpdate(before, update, roles);
    // A Webex site administrator writes site roles only (the guard then allows only their own site's).
    const siteOnly = hub.isSiteAdminOf(call.actor, before.orgId) && onlySiteRolesDiffer(before, next);
    const givesUp = givesUpOwnRoles(hub.isAdminOf(state, call.actor, before.orgId), call.actor, before, next);
    if (!siteOnly && !givesUp) hub.requireWriter(state, call.actor, before.orgId);
    (update.emails ?? []).forEach((email, i) => {
      const owner = state.people.find((p) => p.id !== before.id && p.emails.some((e) => lower(e) === lower(email)));
      if (owner) throw new HubError(409, `emails[${i}]: ${email} already belongs to person ${owner.id}.`);
    });
    const after = writePerson(hub, state, call.actor.id, before, next);
    if (call.query.get("minResponse") === "true") return { status: 204 };
    return { status: 200, body: wirePerson(after, true, hub.profile) };
  });
}

export function registerPeople(route: RouteFn, hub: HubServices): void {
  route("GET", "/v1/people/me", (call) => ({ status: 200, body: wirePerson(call.actor, true, hub.profile) }));
  route("GET", "/v1/people", (call) => listPeople(hub, call));
  route("GET", "/v1/people/{id}", (call) => ({
    status: 200,
    body: personView(hub, hub.state, call.actor, hub.findPerson(hub.state, call.params.id)),
  }));
  route("PUT", "/v1/people/{id}", (call) => updatePerson(hub, call));
}
