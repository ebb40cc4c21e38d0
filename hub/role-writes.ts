/**
 * How a change of one person's roles reaches the Hub without losing anything else of the person.
 *
 * 1. As a delta: SCIM 2 `PATCH /identity/scim/{orgId}/v2/Users/{userId}` with `add` of the roles
 *    gained and a filtered `remove` of each role lost. Nothing else of the user is named, so nothing
 *    else can change, and a second writer's roles (another tool, Control Hub) are not overwritten.
 * 2. Where the Hub has no SCIM endpoint (404/405 on first use): GET-then-PUT `/people/{id}` as the
 *    spec documents it, sending back every updatable field read, roles changed and nothing else.
 *
 * Roles the role directory does not know by name are never in a delta, so they are never removed.
 */
import { idUuid } from "../api";
import type { RoleDirectory } from "../api";
import { personUpdateFrom, scimRolePatch } from "../api";
import type { RoleId, SiteRoleId } from "../core";
import type { WirePerson } from "../api";
import type { HubClient } from "./client";
import { ConfigurationError } from "./credentials";
import { HubError, HubUnsupportedError } from "./errors";

/**
 * Where the Hub serves SCIM, learned on first use and kept for the session: at the host root as
 * Webex does, under `/v1` as the webexhub mock Hub does, or not at all.
 */
export interface ScimSupport {
  value: "unknown" | "root" | "v1" | "no";
  /** How site roles are written: the extension's own endpoint, or the person's PUT (unknown at first). */
  siteRoles?: "own" | "put";
}

export interface RoleDelta {
  /** Hub role ids to add, with the role's name (SCIM `display`). */
  readonly add: readonly { readonly id: string; readonly name: string }[];
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
  const add: { id: string; name: string }[] = [];
  for (const catalog of new Set(desired)) {
    if (held.has(catalog)) continue;
    const role = directory.hubRole(catalog);
    if (role === undefined) {
      throw new ConfigurationError(
        `this Hub has no role named like ${catalog} (its roles: ${directory.names().map((n) => JSON.stringify(n)).join(", ") || "none"}); name the Hub's role in webexhub:roleNames (or WEBEXHUB_ROLE_NAMES), like {"${catalog}": "<name in the Hub>"}`,
      );
    }
    add.push({ id: role.id, name: role.name });
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

/**
 * Writes a role delta for `fresh` (read inside the caller's lock) and returns the person as the Hub
 * now holds them. The SCIM route is tried first; the PUT only when the Hub lacks SCIM.
 */
export async function writeRoleDelta(client: HubClient, fresh: WirePerson, delta: RoleDelta, scim: ScimSupport): Promise<WirePerson> {
  if (delta.add.length === 0 && delta.remove.length === 0) return fresh;
  const roles = (fresh.roles ?? []) as readonly string[];
  const after = { ...fresh, roles: applyDelta(roles, delta) } as WirePerson;
  if (scim.value !== "no") {
    const patch = scimRolePatch(
      delta.add.map((r) => ({ value: idUuid(r.id), display: r.name })),
      delta.remove.map(idUuid),
    );
    const places = scim.value === "unknown" ? (["root", "v1"] as const) : [scim.value];
    for (const place of places) {
      try {
        await client.patchScimUser(idUuid(fresh.orgId), idUuid(fresh.id), patch, { root: place === "root" });
        scim.value = place;
        return after;
      } catch (error) {
        // Once SCIM answered, a 404 or 403 is about this user, not about the endpoint or the scope.
        if (scim.value !== "unknown") throw error;
        if (isRefused(error)) break;
        if (!isMissingEndpoint(error)) throw error;
      }
    }
    scim.value = "no";
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
export async function writeSiteRoles(client: HubClient, fresh: WirePerson, siteRoles: Readonly<Record<string, SiteRoleId>>, support: ScimSupport): Promise<WirePerson> {
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
    throw new HubUnsupportedError({ method: "PUT", url: `${client.endpoint}/people/${encodeURIComponent(fresh.id)}` }, "siteRoles");
  }
  return updated;
}

export function sameSiteRoles(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
