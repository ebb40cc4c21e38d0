/**
 * Mock-only extensions (Webex has no public API for them; see mockhub/README.md): the external
 * administrators of a customer org, and a customer's Restricted Administrator Mode. Site roles are a
 * `siteRoles` field of the person, handled with people.
 */
import { checkExternalAdminUpdate, checkRestrictedModeUpdate } from "../../api";
import type { WireRestrictedMode } from "../../api";
import { sameJson, type HubServices } from "../services";
import { badRequest, HubError, notFound, type Call, type Reply, type RouteFn } from "../pipeline";
import type { HubState, StoredExternalAdmin, StoredOrg } from "../state";
import { activeGrants, primaryEmail, wireExternalAdmin } from "../views";

/** The extensions, on a Hub whose profile offers them. */
export function registerExtensions(route: RouteFn, hub: HubServices): void {
  registerExternalAdmins(route, hub);
  registerRestrictedMode(route, hub);
}

function activeGrant(
  hub: HubServices,
  state: Readonly<HubState>,
  orgId: string,
  personId: string,
): StoredExternalAdmin | undefined {
  return activeGrants(state, hub.now()).find((g) => g.orgId === orgId && g.personId === personId);
}

/** The customer org of a path, for a caller allowed to see it (its administrators, the partner's who manage it). */
function visibleCustomer(hub: HubServices, state: Readonly<HubState>, call: Call): StoredOrg {
  hub.requireReader(state, call.actor, hub.findOrg(state, call.params.orgId ?? "").id);
  return hub.findCustomerOrg(state, call.params.orgId ?? "");
}

function registerExternalAdmins(route: RouteFn, hub: HubServices): void {
  route("GET", "/v1/organizations/{orgId}/externalAdmins", (call) => {
    const state = hub.state;
    const org = visibleCustomer(hub, state, call);
    const grants = activeGrants(state, hub.now()).filter((g) => g.orgId === org.id);
    return hub.page(
      call,
      grants.map((g) => wireExternalAdmin(state, g)),
    );
  });

  route("GET", "/v1/organizations/{orgId}/externalAdmins/{personId}", (call) => {
    const state = hub.state;
    const org = visibleCustomer(hub, state, call);
    const person = hub.findPerson(state, call.params.personId);
    const grant = activeGrant(hub, state, org.id, person.id);
    if (!grant) throw notFound(`External administrator ${person.id} of ${org.id}`);
    return { status: 200, body: wireExternalAdmin(state, grant) };
  });

  const one = "/v1/organizations/{orgId}/externalAdmins/{personId}";
  route("PUT", one, async (call) => putExternalAdmin(hub, call));
  route("DELETE", one, async (call) => deleteExternalAdmin(hub, call));
}

function restrictedMode(state: Readonly<HubState>, orgId: string): WireRestrictedMode {
  // Enabled by default: a customer never set keeps the restrictions.
  return { orgId, enabled: state.restrictedMode[orgId] ?? true };
}

function registerRestrictedMode(route: RouteFn, hub: HubServices): void {
  route("GET", "/v1/partner/organizations/{orgId}/restrictedMode", (call) => {
    const org = visibleCustomer(hub, hub.state, call);
    return { status: 200, body: restrictedMode(hub.state, org.id) };
  });

  route("PUT", "/v1/partner/organizations/{orgId}/restrictedMode", async (call) => putRestrictedMode(hub, call));
}

async function putExternalAdmin(hub: HubServices, call: Call): Promise<Reply> {
  const update = hub.body(call, checkExternalAdminUpdate);
  return hub.store.update((state) => {
    // The rules judge who may write, on a change and (as if it were one) on a write that changes nothing.
    const org = hub.findCustomerOrg(state, call.params.orgId);
    const person = hub.findPerson(state, call.params.personId);
    if (person.orgId === org.id) {
      throw new HubError(
        409,
        `Person ${person.id} is a member of ${org.id}; external administrators come from other organizations.`,
      );
    }
    const before = activeGrant(hub, state, org.id, person.id);
    const after: StoredExternalAdmin = {
      orgId: org.id,
      personId: person.id,
      role: update.role,
      contactCenterServiceAdmin: update.contactCenterServiceAdmin ?? false,
    };
    if (update.expiresAt != null) after.expiresAt = update.expiresAt;
    const { role, expiresAt, contactCenterServiceAdmin } = after;
    const grant = { email: primaryEmail(person), role, expiresAt, contactCenterServiceAdmin, path: "" };
    const desired = hub.nonAuthoritative({ kind: "customer", orgId: org.id }, { externalAdmins: [grant] });
    if (before !== undefined && sameJson(before, after)) {
      // The same grant again: answered as granting it would be, judged as if it were not there yet.
      const asIf = { ...state, externalAdmins: state.externalAdmins.filter((g) => g !== before) };
      hub.authorizeAsIf(asIf, call.actor.id, desired);
      return { status: 200, body: wireExternalAdmin(state, after) };
    }
    hub.enforce(state, call.actor.id, desired);
    // An expired grant may still be stored; the new one replaces it.
    state.externalAdmins = state.externalAdmins.filter((g) => !(g.orgId === org.id && g.personId === person.id));
    state.externalAdmins.push(after);
    hub.audit(state, call.actor.id, {
      orgId: org.id,
      category: "EXTERNAL_ADMINS",
      description: before ? "External administrator changed" : "External administrator added",
      targetId: person.id,
      targetType: "TargetResourceType.USER",
      targetName: primaryEmail(person),
      text: `made ${primaryEmail(person)} ${after.role} of ${org.displayName}`,
    });
    return { status: 200, body: wireExternalAdmin(state, after) };
  });
}

async function deleteExternalAdmin(hub: HubServices, call: Call): Promise<Reply> {
  return hub.store.update((state) => {
    const org = hub.findCustomerOrg(state, call.params.orgId);
    const person = hub.findPerson(state, call.params.personId);
    const before = activeGrant(hub, state, org.id, person.id);
    if (!before) {
      // "No such grant" only to whoever may see the org's grants: to others it would say who has one.
      hub.requireReader(state, call.actor, org.id);
      throw notFound(`External administrator ${person.id} of ${org.id}`);
    }
    hub.enforce(
      state,
      call.actor.id,
      hub.nonAuthoritative(
        { kind: "customer", orgId: org.id },
        { externalAdmins: [{ email: primaryEmail(person), role: undefined, remove: true, path: "" }] },
      ),
    );
    state.externalAdmins = state.externalAdmins.filter((g) => !(g.orgId === org.id && g.personId === person.id));
    hub.audit(state, call.actor.id, {
      orgId: org.id,
      category: "EXTERNAL_ADMINS",
      description: "External administrator removed",
      targetId: person.id,
      targetType: "TargetResourceType.USER",
      targetName: primaryEmail(person),
      text: `removed ${primaryEmail(person)} (${before.role}) from ${org.displayName}`,
    });
    return { status: 204 };
  });
}

async function putRestrictedMode(hub: HubServices, call: Call): Promise<Reply> {
  const update = hub.body(call, checkRestrictedModeUpdate);
  if (update.orgId !== undefined && update.orgId !== call.params.orgId) {
    throw badRequest([`orgId: must match the organization in the path (${call.params.orgId}), got "${update.orgId}"`]);
  }
  return hub.store.update((state) => {
    const org = hub.findCustomerOrg(state, call.params.orgId);
    const before = restrictedMode(state, org.id);
    const after: WireRestrictedMode = { orgId: org.id, enabled: update.enabled };
    const partner = state.orgs.find((o) => o.id === org.partnerOrgId);
    const desired = hub.nonAuthoritative(
      { kind: "partner", orgId: org.partnerOrgId ?? "", wholesale: partner?.wholesale ?? false },
      { restrictedMode: [{ orgId: org.id, enabled: after.enabled, path: "enabled" }] },
    );
    if (before.enabled === after.enabled) {
      // Already so: answered as the switch would be, judged as if it were the other way.
      const asIf = { ...state, restrictedMode: { ...state.restrictedMode, [org.id]: !after.enabled } };
      hub.authorizeAsIf(asIf, call.actor.id, desired);
      return { status: 200, body: after };
    }
    hub.enforce(state, call.actor.id, desired);
    state.restrictedMode[org.id] = after.enabled;
    hub.audit(state, call.actor.id, {
      orgId: org.id,
      category: "ORG_SETTINGS",
      description: "Restricted Administrator Mode changed",
      targetId: org.id,
      targetType: "TargetResourceType.ORG",
      targetName: org.displayName,
      text: `turned Restricted Administrator Mode ${after.enabled ? "on" : "off"} for ${org.displayName}`,
    });
    return { status: 200, body: after };
  });
}
