/**
 * Licenses: `GET /licenses?orgId=` (default: the token's org) and `GET /licenses/{id}`, with the
 * units the org's people consume, so the license ids people carry resolve to something.
 */
import type { HubServices } from "../services";
import { notFound, type RouteFn } from "../pipeline";
import type { HubState, StoredLicense } from "../state";

function wireLicense(state: Readonly<HubState>, l: StoredLicense): Record<string, unknown> {
  const users = state.people.filter((p) => p.licenses?.includes(l.id)).length;
  return {
    id: l.id,
    name: l.name,
    totalUnits: l.totalUnits,
    consumedUnits: users,
    consumedByUsers: users,
    consumedByWorkspaces: 0,
  };
}

export function registerLicenses(route: RouteFn, hub: HubServices): void {
  route("GET", "/v1/licenses", (call) => {
    const state = hub.state;
    const orgParam = call.query.get("orgId");
    const orgId = orgParam === null ? call.actor.orgId : hub.findOrg(state, orgParam).id;
    hub.requireReader(state, call.actor, orgId);
    return hub.page(
      call,
      state.licenses.filter((l) => l.orgId === orgId).map((l) => wireLicense(state, l)),
    );
  });

  route("GET", "/v1/licenses/{id}", (call) => {
    const state = hub.state;
    const license = state.licenses.find((l) => l.id === call.params.id);
    if (!license) throw notFound(`License ${call.params.id}`);
    hub.requireReader(state, call.actor, license.orgId);
    return { status: 200, body: wireLicense(state, license) };
  });
}
