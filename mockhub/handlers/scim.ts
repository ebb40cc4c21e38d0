/**
 * SCIM 2 users: `GET` and `PATCH /identity/scim/{orgId}/v2/Users/{userId}`, the path taking the org's
 * and the user's UUIDs. The PATCH takes `add`, `remove` and `replace` on any attribute the Hub keeps,
 * with or without a path (scimPatch.ts); a change of roles goes through the Hub's guard like a PUT.
 */
import { checkScimPatchAny } from "../../api";
import type { HubServices } from "../services";
import { badRequest, type Call, type RouteFn } from "../pipeline";
import { scimUser } from "../views";
import { givesUpOwnRoles, writePerson } from "./people";
import { applyScimPatch } from "./scimPatch";

export function registerScim(route: RouteFn, hub: HubServices): void {
  const location = (call: Call): string => `${hub.baseUrl()}${call.path}`;

  // Webex serves SCIM at the host root (`/identity/scim/…`); the default profile adds a `/v1` alias.
  for (const base of hub.profile.scimUnderV1 ? ["", "/v1"] : [""]) {
    route("GET", `${base}/identity/scim/{orgId}/v2/Users/{userId}`, (call) => {
      const state = hub.state;
      const person = hub.findScimUser(state, call.params.orgId, call.params.userId);
      hub.requireReader(state, call.actor, person.orgId);
      return { status: 200, body: scimUser(person, location(call), hub.profile) };
    });

    route("PATCH", `${base}/identity/scim/{orgId}/v2/Users/{userId}`, async (call) => {
      const patch = hub.body(call, checkScimPatchAny);
      return hub.store.update((state) => {
        const before = hub.findScimUser(state, call.params.orgId, call.params.userId);
        const { person, problems } = applyScimPatch(patch, before, hub.profile);
        if (problems.length > 0) throw badRequest(problems);
        // Giving up one's own roles takes no writer (as PUT /people: see givesUpOwnRoles).
        const admin = hub.isAdminOf(state, call.actor, before.orgId);
        if (!givesUpOwnRoles(admin, call.actor, before, person)) hub.requireWriter(state, call.actor, before.orgId);
        const after = writePerson(hub, state, call.actor.id, before, person);
        return { status: 200, body: scimUser(after, location(call), hub.profile) };
      });
    });
  }
}
