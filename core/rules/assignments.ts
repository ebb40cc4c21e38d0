/** Rules on the customers assigned to partner and sales administrators. */
import { MAX_MANAGED_CUSTOMERS } from "./catalog";
import type { RuleCode } from "./types";
import { joinPath, type Rule, customersPathOf, personOf, resultingRoles, partnerOrgId, hasAny } from "./evaluation";

export const assignmentsRules = {
  "assignment-target-role": (e, emit) => {
    for (const m of e.members) {
      if (!m.customers || m.customers.length === 0) continue;
      const roles = resultingRoles(e, m);
      if (!roles) continue;
      if (m.customersOnly && !personOf(e, m.email)) continue; // unknown-user says it better
      if (!hasAny(roles, ["partner_admin", "sales_admin"])) {
        emit("assignment-target-role", customersPathOf(m), `Customers can only be assigned to a partner_admin or sales_admin, and ${m.email} holds ${roles.length ? roles.join(", ") : "no admin role"}; give them one of those roles or remove the customers.`);
      }
    }
  },

  "assignment-limit": (e, emit) => {
    for (const m of e.members) {
      if (!m.customers) continue;
      const count = new Set(m.customers).size;
      if (count > MAX_MANAGED_CUSTOMERS) {
        emit("assignment-limit", customersPathOf(m), `${m.email} would manage ${count} customers; a partner or sales administrator can manage at most ${MAX_MANAGED_CUSTOMERS} (the Hub silently drops the rest). Split the customers between administrators.`);
      }
    }
  },

  "customer-not-managed": (e, emit) => {
    const index = e.index;
    if (!index) return;
    const partner = partnerOrgId(e);
    const managed = (orgId: string): boolean => {
      const org = index.orgs.get(orgId);
      return org !== undefined && org.kind === "customer" && org.managedBy === partner;
    };
    for (const m of e.members) {
      m.customers?.forEach((orgId, k) => {
        if (!managed(orgId)) emit("customer-not-managed", joinPath(customersPathOf(m), k), `${orgId} is not a customer org managed by partner ${partner}; check the org id (webexhub export lists the managed customers).`);
      });
    }
    for (const r of e.desired.restrictedMode) {
      if (!managed(r.orgId)) emit("customer-not-managed", r.path ? joinPath(r.path, "orgId") : "orgId", `${r.orgId} is not a customer org managed by partner ${partner}; Restricted Administrator Mode can only be set for managed customers.`);
    }
  },

} satisfies Partial<Record<RuleCode, Rule>>;
