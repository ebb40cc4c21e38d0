/**
 * Organizations: `GET /organizations` lists what the token can see (its own org and the orgs it
 * administers as a partner or external administrator), unpaged as on Webex; `GET /organizations/{id}`.
 */
import type { HubServices } from "../services";
import type { RouteFn } from "../pipeline";
import { wireOrg } from "../views";

export function registerOrganizations(route: RouteFn, hub: HubServices): void {
  route("GET", "/v1/organizations", (call) => {
    const state = hub.state;
    const visible = state.orgs.filter((o) => o.id === call.actor.orgId || hub.isAdminOf(state, call.actor, o.id));
    return { status: 200, body: { items: visible.map(wireOrg) } };
  });

  route("GET", "/v1/organizations/{orgId}", (call) => {
    const state = hub.state;
    const org = hub.findOrg(state, call.params.orgId);
    if (org.id !== call.actor.orgId) hub.requireReader(state, call.actor, org.id);
    return { status: 200, body: wireOrg(org) };
  });
}
