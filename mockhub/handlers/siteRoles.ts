/**
 * Extension `PUT /v1/people/{id}/siteRoles`: a person's Webex site roles, and nothing else of the
 * person. Webex has no public API for site roles; writing them through the whole-person PUT would
 * send back every other field as it was read, reverting whatever another tool changed since.
 */
import { checkSiteRolesUpdate } from "../../api";
import type { HubServices } from "../services";
import type { RouteFn } from "../pipeline";
import type { StoredPerson } from "../state";
import { wirePerson } from "../views";
import { writePerson } from "./people";

export function registerSiteRoles(route: RouteFn, hub: HubServices): void {
  route("PUT", "/v1/people/{id}/siteRoles", async (call) => {
    const { siteRoles } = hub.body(call, checkSiteRolesUpdate);
    return hub.store.update((state) => {
      const before = hub.findPerson(state, call.params.id);
      const { siteRoles: _old, ...rest } = before;
      const after: StoredPerson = Object.keys(siteRoles).length > 0 ? { ...rest, siteRoles: { ...siteRoles } } : rest;
      // A Webex site administrator may write site roles (the guard then allows only their own site's).
      if (!hub.isSiteAdminOf(call.actor, before.orgId)) hub.requireWriter(state, call.actor, before.orgId);
      return { status: 200, body: wirePerson(writePerson(hub, state, call.actor.id, before, after)) };
    });
  });
}
