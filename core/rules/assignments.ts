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
    // The Hub lists only the orgs the token may see, so an org missing from it may exist but be out
    // of this token's sight (a partner administrator sees only the customers assigned to them).
    const problem = (orgId: string): string | undefined => {
      const org = index.orgs.get(orgId);
      if (org === undefined) return `${orgId} is not among the orgs this token sees: check the org id (webexhub export lists the managed customers), or apply with the token of a partner full administrator, who sees every customer`;
      if (org.kind !== "customer" || org.managedBy !== partner) return `${orgId} (${org.displayName}) is not a customer org managed by partner ${partner}`;
      return undefined;
    };
    for (const m of e.members) {
      m.customers?.forEach((orgId, k) => {
        const why = problem(orgId);
        if (why !== undefined) emit("customer-not-managed", joinPath(customersPathOf(m), k), `${why}; only the partner's own customers can be assigned.`);
      });
    }
    for (const r of e.desired.restrictedMode) {
      const why = problem(r.orgId);
      if (why !== undefined) emit("customer-not-managed", r.path ? joinPath(r.path, "orgId") : "orgId", `${why}; Restricted Administrator Mode can only be set for managed customers.`);
    }
  },

} satisfies Partial<Record<RuleCode, Rule>>;
