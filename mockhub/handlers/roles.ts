/** Roles: `GET /roles`, `GET /roles/{id}`, with Webex's role names and the profile's opaque ids (mockhub/profile.ts). */
import type { HubServices } from "../services";
import { forbidden, notFound, type RouteFn } from "../pipeline";
import { activeGrants, catalogRoleOfId, primaryEmail, wireRole } from "../views";

export function registerRoles(route: RouteFn, hub: HubServices): void {
  route("GET", "/v1/roles", (call) => {
    // "Must be called by an admin user": an administrator of some org, their own or, as an external
    // administrator, a customer's (who assigns roles there and must be able to name them).
    const external = activeGrants(hub.state, hub.now()).some((g) => g.personId === call.actor.id);
    if (!external && !hub.isAdminOf(hub.state, call.actor, call.actor.orgId)) {
      throw forbidden(`${primaryEmail(call.actor)} is not an administrator; only administrators may list roles.`);
    }
    return hub.page(
      call,
      hub.profile.roles.listed.map((r) => wireRole(r, hub.profile)),
    );
  });

  route("GET", "/v1/roles/{id}", (call) => {
    const role = catalogRoleOfId(call.params.id, hub.profile);
    if (role === undefined || !hub.profile.roles.listed.includes(role)) throw notFound(`Role ${call.params.id}`);
    return { status: 200, body: wireRole(role, hub.profile) };
  });
}
