/**
 * Partner management: the customers a partner administrator manages, the partner administrators of a
 * customer (with their role inside it), assigning and unassigning a partner or sales administrator,
 * and revoking every partner role of a person. Each write goes through the Hub's guard.
 */
import { WEBEX_ROLE_NAMES, WEBEX_ROLE_TABLE } from "../../api";
import type { WireManagedOrg, WirePartnerAdmin } from "../../api";
import { PARTNER_ONLY_ROLES, type RoleId } from "../../core";
import type { HubServices } from "../services";
import { badRequest, forbidden, type Call, type Reply, type RouteFn } from "../pipeline";
import { definedFields, primaryEmail, wireRoleId } from "../views";

/** Partner full and read-only administrators manage every customer: Webex answers them with an error. */
const EVERY_CUSTOMER: readonly RoleId[] = ["partner_full_admin", "partner_readonly_admin"];

export function registerPartner(route: RouteFn, hub: HubServices): void {
  route("GET", "/v1/partner/organizations", (call) => managedCustomers(hub, call));
  route("GET", "/v1/partner/organizations/{orgId}/partnerAdmins", (call) => partnerAdmins(hub, call));
  route("POST", "/v1/partner/organizations/{orgId}/partnerAdmin/{personId}/assign", assignment(hub, true));
  route("DELETE", "/v1/partner/organizations/{orgId}/partnerAdmin/{personId}/unassign", assignment(hub, false));
  route("DELETE", "/v1/partner/organizations/partnerAdmin/{personId}", async (call) => revokePartnerRoles(hub, call));
}

/** `GET /partner/organizations?managedBy=`: the customers a partner or sales administrator manages. */
function managedCustomers(hub: HubServices, call: Call): Reply {
  const state = hub.state;
  const person = hub.findPerson(state, hub.requiredQuery(call, "managedBy"));
  const actor = call.actor;
  const mayAsk =
    person.id === actor.id || (actor.orgId === person.orgId && actor.roles.some((r) => EVERY_CUSTOMER.includes(r)));
  if (!mayAsk)
    throw forbidden(
      `${primaryEmail(actor)} may not list the customers of ${person.id}: only partner full and read-only administrators may.`,
    );
  if (person.roles.some((r) => EVERY_CUSTOMER.includes(r))) {
    throw badRequest([
      "managedBy: The user already has access to all customers managed by their partner organization.",
    ]);
  }
  const items = hub
    .managedOrgs(state, person)
    .map((m): WireManagedOrg => ({ orgId: m.orgId, role: wireRoleId(m.role, hub.profile) }));
  return hub.page(call, items);
}

/** `GET /partner/organizations/{orgId}/partnerAdmins`: who of the partner manages the customer, and as what. */
function partnerAdmins(hub: HubServices, call: Call): Reply {
  const state = hub.state;
  const org = hub.findCustomerOrg(state, call.params.orgId);
  if (!(call.actor.orgId === org.partnerOrgId && call.actor.roles.some((r) => EVERY_CUSTOMER.includes(r)))) {
    throw forbidden(
      `${primaryEmail(call.actor)} may not list the partner administrators of ${org.id}: only its partner's full and read-only administrators may.`,
    );
  }
  const admins: WirePartnerAdmin[] = [];
  for (const p of state.people) {
    if (p.orgId !== org.partnerOrgId) continue;
    const managed = hub.managedRole(state, p, org);
    if (managed === undefined) continue;
    const entry = WEBEX_ROLE_TABLE[WEBEX_ROLE_NAMES[managed]];
    admins.push({
      id: p.id,
      displayName: p.displayName,
      ...definedFields(p, ["firstName", "lastName"]),
      emails: [...p.emails],
      roleInCustomerOrg: entry?.inCustomerOrg ?? entry?.value ?? managed,
    });
  }
  return hub.page(call, admins);
}

/** Assigning (or unassigning) one customer to a partner or sales administrator. */
function assignment(hub: HubServices, assign: boolean): (call: Call) => Promise<Reply> {
  return async (call) =>
    hub.store.update((state) => {
      const org = hub.findOrg(state, call.params.orgId);
      const person = hub.findPerson(state, call.params.personId);
      const current = state.assignments[person.id] ?? [];
      const without = current.filter((id) => id !== org.id);
      const customers = assign ? [...without, org.id] : without;
      const desired = hub.nonAuthoritative(hub.desiredOrgOf(state, person), {
        members: [hub.member(person, { customers, customersOnly: true, customersPath: "customers" })],
      });
      // The documented answer is 200 with no body; when nothing would change, only to whoever could change it.
      if (current.includes(org.id) === assign) {
        const before = assign ? without : [...current, org.id];
        const asIf = { ...state, assignments: { ...state.assignments, [person.id]: before } };
        hub.authorizeAsIf(asIf, call.actor.id, desired);
        return { status: 200 };
      }
      hub.enforce(state, call.actor.id, desired);
      hub.setAssignments(state, call.actor.id, person, customers);
      return { status: 200 };
    });
}

/** `DELETE /partner/organizations/partnerAdmin/{personId}`: every partner role and customer of a person. */
async function revokePartnerRoles(hub: HubServices, call: Call): Promise<Reply> {
  return hub.store.update((state) => {
    const before = hub.findPerson(state, call.params.personId);
    const roles = before.roles.filter((r) => !PARTNER_ONLY_ROLES.includes(r));
    const customers = state.assignments[before.id] ?? [];
    if (roles.length === before.roles.length && customers.length === 0) {
      // Only the person or a writer of their org hears that there was nothing to revoke.
      if (call.actor.id !== before.id) hub.requireWriter(state, call.actor, before.orgId);
      return { status: 204 };
    }
    hub.enforce(
      state,
      call.actor.id,
      hub.nonAuthoritative(hub.desiredOrgOf(state, before), {
        members: [hub.member(before, { roles, customers: [], customersPath: "customers" })],
      }),
    );
    const after = hub.replacePerson(
      state,
      call.actor.id,
      before,
      { ...before, roles },
      "Partner administrator roles revoked",
    );
    hub.setAssignments(state, call.actor.id, after, []);
    return { status: 204 };
  });
}
