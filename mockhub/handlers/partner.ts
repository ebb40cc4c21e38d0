/**
 * Partner management: the customers a partner administrator manages, the partner administrators of a
 * customer (with their role inside it), assigning and unassigning a partner or sales administrator,
 * and revoking every partner role of a person. Each write goes through the Hub's guard.
 */
import { WEBEX_ROLE_NAMES, WEBEX_ROLE_TABLE } from "../../api";
import type { WireManagedOrg, WirePartnerAdmin } from "../../api";
import { PARTNER_ONLY_ROLES, type RoleId } from "../../core";
import type { HubContext } from "../context";
import { badRequest, forbidden, type Call, type Reply, type RouteFn } from "../pipeline";
import { primaryEmail, wireRoleId } from "../views";

/** Partner full and read-only administrators manage every customer: Webex answers them with an error. */
const EVERY_CUSTOMER: readonly RoleId[] = ["partner_full_admin", "partner_readonly_admin"];

export function registerPartner(route: RouteFn, ctx: HubContext): void {
  route("GET", "/v1/partner/organizations", (call) => {
    const state = ctx.state;
    const person = ctx.findPerson(state, ctx.requiredQuery(call, "managedBy"));
    const actor = call.actor;
    const mayAsk = person.id === actor.id || (actor.orgId === person.orgId && actor.roles.some((r) => EVERY_CUSTOMER.includes(r)));
    if (!mayAsk) throw forbidden(`${primaryEmail(actor)} may not list the customers of ${person.id}: only partner full and read-only administrators may.`);
    if (person.roles.some((r) => EVERY_CUSTOMER.includes(r))) {
      throw badRequest(["managedBy: The user already has access to all customers managed by their partner organization."]);
    }
    const items = ctx.managedOrgs(state, person).map((m): WireManagedOrg => ({ orgId: m.orgId, role: wireRoleId(m.role, ctx.profile) }));
    return ctx.page(call, items);
  });

  route("GET", "/v1/partner/organizations/{orgId}/partnerAdmins", (call) => {
    const state = ctx.state;
    const org = ctx.findCustomerOrg(state, call.params.orgId);
    if (!(call.actor.orgId === org.partnerOrgId && call.actor.roles.some((r) => EVERY_CUSTOMER.includes(r)))) {
      throw forbidden(`${primaryEmail(call.actor)} may not list the partner administrators of ${org.id}: only its partner's full and read-only administrators may.`);
    }
    const admins: WirePartnerAdmin[] = [];
    for (const p of state.people) {
      if (p.orgId !== org.partnerOrgId) continue;
      const managed = ctx.managedRole(state, p, org);
      if (managed === undefined) continue;
      const entry = WEBEX_ROLE_TABLE[WEBEX_ROLE_NAMES[managed]];
      admins.push({
        id: p.id,
        displayName: p.displayName,
        ...(p.firstName !== undefined && { firstName: p.firstName }),
        ...(p.lastName !== undefined && { lastName: p.lastName }),
        emails: [...p.emails],
        roleInCustomerOrg: entry?.inCustomerOrg ?? entry?.value ?? managed,
      });
    }
    return ctx.page(call, admins);
  });

  const assignment = (assign: boolean) => async (call: Call): Promise<Reply> =>
    ctx.store.update((state) => {
      const org = ctx.findOrg(state, call.params.orgId);
      const person = ctx.findPerson(state, call.params.personId);
      const current = state.assignments[person.id] ?? [];
      const without = current.filter((id) => id !== org.id);
      const customers = assign ? [...without, org.id] : without;
      const desired = ctx.nonAuthoritative(ctx.desiredOrgOf(state, person), {
        members: [ctx.member(person, { customers, customersOnly: true, customersPath: "customers" })],
      });
      // The documented answer is 200 with no body; when nothing would change, only to whoever could change it.
      if (current.includes(org.id) === assign) {
        const before = assign ? without : [...current, org.id];
        const asIf = { ...state, assignments: { ...state.assignments, [person.id]: before } };
        ctx.authorizeAsIf(asIf, call.actor.id, desired);
        return { status: 200 };
      }
      ctx.enforce(state, call.actor.id, desired);
      ctx.setAssignments(state, call.actor.id, person, customers);
      return { status: 200 };
    });

  route("POST", "/v1/partner/organizations/{orgId}/partnerAdmin/{personId}/assign", assignment(true));
  route("DELETE", "/v1/partner/organizations/{orgId}/partnerAdmin/{personId}/unassign", assignment(false));

  route("DELETE", "/v1/partner/organizations/partnerAdmin/{personId}", async (call) =>
    ctx.store.update((state) => {
      const before = ctx.findPerson(state, call.params.personId);
      const roles = before.roles.filter((r) => !PARTNER_ONLY_ROLES.includes(r));
      const customers = state.assignments[before.id] ?? [];
      if (roles.length === before.roles.length && customers.length === 0) {
        // Only the person or a writer of their org hears that there was nothing to revoke.
        if (call.actor.id !== before.id) ctx.requireWriter(state, call.actor, before.orgId);
        return { status: 204 };
      }
      ctx.enforce(
        state,
        call.actor.id,
        ctx.nonAuthoritative(ctx.desiredOrgOf(state, before), {
          members: [ctx.member(before, { roles, customers: [], customersPath: "customers" })],
        }),
      );
      const after = ctx.replacePerson(state, call.actor.id, before, { ...before, roles }, "Partner administrator roles revoked");
      ctx.setAssignments(state, call.actor.id, after, []);
      return { status: 204 };
    }),
  );
}
