/**
 * How a change of one person's roles reaches the Hub without losing anything else of the person.
 *
 * 1. As a delta: SCIM 2 `PATCH /identity/scim/{orgId}/v2/Users/{userId}` with `add` of the roles
 *    gained and a filtered `remove` of each role lost. Nothing else of the user is named, so nothing
 *    else can change, and a second writer's roles (another tool, Control Hub) are not overwritten.
 *    SCIM role values are not People role ids: they are learned from the Hub (its SCIM answers).
 * 2. Where the Hub has no SCIM endpoint (404/405 on first use), or SCIM refuses a role value:
 *    GET-then-PUT `/people/{id}` as the spec documents it, sending back every updatable field read,
 *    roles changed and nothing else.
 *
 * Roles the role directory does not know by name are never in a delta, so they are never removed.
 */
import { idUuid, WEBEX_ROLE_NAMES, WEBEX_ROLE_TABLE } from "../api";
import type { RoleDirectory, ScimPatch, ScimRole, ScimUser } from "../api";
import { personUpdateFrom, scimRolePatch } from "../api";
import type { RoleId, SiteRoleId } from "../core";
import type { WirePerson } from "../api";
import type { HubClient } from "./client";
import { ConfigurationError } from "./credentials";
import { HubError, HubUnsupportedError } from "./errors";

/**
 * Where the Hub serves SCIM, learned on first use and kept for the session: at the host root as
 * Webex does, under `/v1` as the webexhub mock Hub does, or not at all. `roleValues` are the SCIM
 * role values the Hub has shown (a user's SCIM roles, joined to the catalog by their display name).
 */
export interface ScimSupport {
  value: "unknown" | "root" | "v1" | "no";
  /** How site roles are written: the extension's own endpoint, or the person's PUT (unknown at first). */
  siteRoles?: "own" | "put";
  roleValues?: Map<RoleId, string>;
}

export interface RoleDelta {
  /** Hub role ids to add, with the role's name and its catalog id. */
  readonly add: readonly { readonly id: string; readonly name: string; readonly catalog: RoleId }[];
  /** Hub role ids to remove: only ones the directory maps to a catalog id. */
  readonly remove: readonly string[];
}

/** The delta from the person's current Hub roles to the desired catalog roles. */
export function roleDelta(current: readonly string[], desired: readonly RoleId[], directory: RoleDirectory): RoleDelta {
  const held = new Set<RoleId>();
  const remove: string[] = [];
  for (const id of current) {
    const catalog = directory.catalogOf(id);
    if (catalog === undefined) continue;
    held.add(catalog);
    if (!desired.includes(catalog)) remove.push(id);
  }
  const add: { id: string; name: string; catalog: RoleId }[] = [];
  for (const catalog of new Set(desired)) {
    if (held.has(catalog)) continue;
    const role = directory.hubRole(catalog);
    if (role === undefined) {
      throw new ConfigurationError(
        `this Hub has no role named like ${catalog} (its roles: ${
          directory
            .names()
            .map((n) => JSON.stringify(n))
            .join(", ") || "none"
        }); name the Hub's role in webexhub:roleNames (or WEBEXHUB_ROLE_NAMES), like {"${catalog}": "<name in the Hub>"}`,
      );
    }
    add.push({ id: role.id, name: role.name, catalog });
  }
  return { add, remove };
}

export function applyDelta(roles: readonly string[], delta: RoleDelta): string[] {
  const kept = roles.filter((id) => !delta.remove.includes(id));
  for (const r of delta.add) if (!kept.includes(r.id)) kept.push(r.id);
  return kept;
}

const isMissingEndpoint = (e: unknown): boolean => e instanceof HubError && (e.status === 404 || e.status === 405);
// Webex's SCIM API takes the identity:people_rw scope, which an admin token may lack although it
// may update people; the PUT then serves (and if the person may not write at all, it says so).
const isRefused = (e: unknown): boolean => e instanceof HubError && e.status === 403;
const isBadValue = (e: unknown): boolean => e instanceof HubError && e.status === 400;

/**
 * The person's SCIM user, which also says where SCIM is: the host root is tried first, then `/v1`;
 * a 404 or 405 from both (or a 403: the token lacks the SCIM scope) means the session writes roles
 * through the PUT. Undefined then.
 */
async function readScimUser(client: HubClient, fresh: WirePerson, scim: ScimSupport): Promise<ScimUser | undefined> {
  if (scim.value === "no") return undefined;
  const places = scim.value === "unknown" ? (["root", "v1"] as const) : [scim.value];
  for (const place of places) {
    try {
      const user = await client.getScimUser(idUuid(fresh.orgId), idUuid(fresh.id), { root: place === "root" });
      scim.value = place;
      return user;
    } catch (error) {
      // Once SCIM answered, a 404 or 403 is about this user, not about the endpoint or the scope.
      if (scim.value !== "unknown") throw error;
      if (isRefused(error)) break;
      if (!isMissingEndpoint(error)) throw error;
    }
  }
  scim.value = "no";
  return undefined;
}

/** Remembers the values of the SCIM roles whose display name the directory knows; others are not guessed. */
function learnValues(scim: ScimSupport, user: ScimUser, directory: RoleDirectory): void {
  const values = (scim.roleValues ??= new Map());
  for (const role of user.roles) {
    const catalog = role.display === undefined ? undefined : directory.catalogByName(role.display);
    if (catalog !== undefined) values.set(catalog, role.value);
  }
}

/**
 * The delta in SCIM role values: a role removed must have been shown by the Hub (on this user); a role
 * added may also come from the role table, the Hub refusing it (400) if it names it otherwise.
 * Undefined when a removed role's value is unknown: only the PUT can then remove it.
 */
function scimDelta(
  delta: RoleDelta,
  directory: RoleDirectory,
  scim: ScimSupport,
): { add: ScimRole[]; remove: string[] } | undefined {
  const learned = scim.roleValues ?? new Map<RoleId, string>();
  const remove: string[] = [];
  for (const id of delta.remove) {
    const catalog = directory.catalogOf(id);
    const value = catalog === undefined ? undefined : learned.get(catalog);
    if (value === undefined) return undefined;
    remove.push(value);
  }
  const add: ScimRole[] = [];
  for (const r of delta.add) {
    const value = learned.get(r.catalog) ?? WEBEX_ROLE_TABLE[WEBEX_ROLE_NAMES[r.catalog]]?.value;
    if (value === undefined) return undefined;
    add.push({ value, display: r.name });
  }
  return { add, remove };
}

/**
 * Sends the PATCH where SCIM is, trying the host root, then `/v1`, while that is unknown. False when
 * the Hub has no SCIM (404/405 at both) or refuses the token (403: the SCIM scope); a 400 (a value
 * SCIM does not take) is thrown, SCIM being there.
 */
async function patchScim(
  client: HubClient,
  fresh: WirePerson,
  patch: ScimPatch,
  scim: ScimSupport,
  directory: RoleDirectory,
): Promise<boolean> {
  const places = scim.value === "unknown" ? (["root", "v1"] as const) : [scim.value as "root" | "v1"];
  for (const place of places) {
    try {
      const where = { root: place === "root" };
      const user = await client.patchScimUser(idUuid(fresh.orgId), idUuid(fresh.id), patch, where);
      scim.value = place;
      learnValues(scim, user, directory);
      return true;
    } catch (error) {
      if (isBadValue(error)) scim.value = place;
      // Once SCIM answered, a 404 or 403 is about this user, not about the endpoint or the scope.
      if (scim.value !== "unknown") throw error;
      if (isRefused(error)) break;
      if (!isMissingEndpoint(error)) throw error;
    }
  }
  scim.value = "no";
  return false;
}

/**
 * Writes a role delta for `fresh` (read inside the caller's lock) and returns the person as the Hub
 * now holds them. SCIM first, with no read before it when the values are known (shown by the Hub
 * earlier in the session, or — for a role added — the role table's); a removed role whose value the
 * Hub has not shown is looked up in the user's SCIM record first. The GET-then-PUT serves when the
 * Hub lacks SCIM, when a value stays unknown, or when SCIM refuses one (400): it names roles by the
 * People ids just read, so it needs no value at all.
 */
export async function writeRoleDelta(
  client: HubClient,
  fresh: WirePerson,
  delta: RoleDelta,
  scim: ScimSupport,
  directory: RoleDirectory,
): Promise<WirePerson> {
  if (delta.add.length === 0 && delta.remove.length === 0) return fresh;
  const roles = (fresh.roles ?? []) as readonly string[];
  const after = { ...fresh, roles: applyDelta(roles, delta) } as WirePerson;
  let values = scim.value === "no" ? undefined : scimDelta(delta, directory, scim);
  if (values === undefined && scim.value !== "no") {
    const user = await readScimUser(client, fresh, scim);
    if (user !== undefined) learnValues(scim, user, directory);
    values = user === undefined ? undefined : scimDelta(delta, directory, scim);
  }
  if (values !== undefined) {
    try {
      if (await patchScim(client, fresh, scimRolePatch(values.add, values.remove), scim, directory)) return after;
    } catch (error) {
      if (!isBadValue(error)) throw error;
    }
  }
  return client.putPerson(fresh.id, { ...personUpdateFrom(fresh), roles: after.roles as string[] });
}

/**
 * Site roles are a webexhub mock extension (Webex has no public API for them), written through the
 * extension's own endpoint, `PUT /people/{id}/siteRoles`, which changes nothing else of the person,
 * so another tool's change to the person (a title, say) made meanwhile stays. A Hub without that
 * endpoint gets the person's PUT with every field of a read made just before it (the window in which
 * another change can be reverted is one GET and one PUT); a Hub without site roles (Webex) drops the
 * field: the answer then lacks them, and the write is reported as unsupported (it re-sent the person
 * as read, so it changed nothing).
 */
export async function writeSiteRoles(
  client: HubClient,
  fresh: WirePerson,
  siteRoles: Readonly<Record<string, SiteRoleId>>,
  support: ScimSupport,
): Promise<WirePerson> {
  if (support.siteRoles !== "put") {
    try {
      const updated = await client.putSiteRoles(fresh.id, siteRoles);
      support.siteRoles = "own";
      return updated;
    } catch (error) {
      if (support.siteRoles === "own" || !(error instanceof HubUnsupportedError)) throw error;
      support.siteRoles = "put";
    }
  }
  const current = await client.getPerson(fresh.id, { callingData: true });
  const updated = await client.putPerson(fresh.id, { ...personUpdateFrom(current), siteRoles: { ...siteRoles } });
  if (!sameSiteRoles(updated.siteRoles ?? {}, siteRoles)) {
    throw new HubUnsupportedError(
      { method: "PUT", url: `${client.endpoint}/people/${encodeURIComponent(fresh.id)}` },
      "siteRoles",
    );
  }
  return updated;
}

export function sameSiteRoles(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
