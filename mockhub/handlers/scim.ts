/**
 * SCIM 2 users: `GET` and `PATCH /identity/scim/{orgId}/v2/Users/{userId}`, the path taking the org's
 * and the user's UUIDs. The PATCH takes `add`, `remove` and `replace` on any attribute the Hub keeps,
 * with or without a path (scimPatch.ts); a change of roles goes through the Hub's guard like a PUT.
 */
import { checkScimPatchAny } from "../../api";
import type { HubContext } from "../context";
import { badRequest, type Call, type RouteFn } from "../pipeline";
import { scimUser } from "../views";
import { givesUpOwnRoles, writePerson } from "./people";
import { applyScimPatch } from "./scimPatch";

export function registerScim(route: RouteFn, ctx: HubContext): void {
  const location = (call: Call): string => `${ctx.baseUrl()}${call.path}`;

  // Webex serves SCIM at the host root (`/identity/scim/…`); the default profile adds a `/v1` alias.
  for (const base of ctx.profile.scimUnderV1 ? ["", "/v1"] : [""]) {
    route("GET", `${base}/identity/scim/{orgId}/v2/Users/{userId}`, (call) => {
      const state = ctx.state;
      const person = ctx.findScimUser(state, call.params.orgId, call.params.userId);
      ctx.requireReader(state, call.actor, person.orgId);
      return { status: 200, body: scimUser(person, location(call), ctx.profile) };
    });

    route("PATCH", `${base}/identity/scim/{orgId}/v2/Users/{userId}`, async (call) => {
      const patch = ctx.body(call, checkScimPatchAny);
      return ctx.store.update((state) => {
        const before = ctx.findScimUser(state, call.params.orgId, call.params.userId);
        const { person, problems } = applyScimPatch(patch, before, ctx.profile);
        if (problems.length > 0) throw badRequest(problems);
        // Giving up one's own roles takes no writer (as PUT /people: see givesUpOwnRoles).
        const admin = ctx.isAdminOf(state, call.actor, before.orgId);
        if (!givesUpOwnRoles(admin, call.actor, before, person)) ctx.requireWriter(state, call.actor, before.orgId);
        const after = writePerson(ctx, state, call.actor.id, before, person);
        return { status: 200, body: scimUser(after, location(call), ctx.profile) };
      });
    });
  }
}
