/** Rules on the customers assigned to partner and sales administrators. */
import { MAX_MANAGED_CUSTOMERS } from "./catalog";
import type { RuleCode } from "./types";
import {
  joinPath,
  notCheckedMessage,
  type Evaluation,
  type Rule,
  customersPathOf,
  personOf,
  resultingRoles,
  partnerOrgId,
  hasAny,
} from "./evaluation";

/** Whether the token's person sees every customer of the partner (no actor: the world is whole). */
function seesEveryCustomer(e: Evaluation, partner: string | undefined): boolean {
  const actor = e.actor;
  if (actor === undefined) return true;
  return actor.orgId === partner && hasAny(actor.roles, ["partner_full_admin", "partner_readonly_admin"]);
}

export const assignmentsRules = {
  "assignment-target-role": (e, emit) => {
    for (const m of e.members) {
      if (!m.customers || m.customers.length === 0) continue;
      const roles = resultingRoles(e, m);
      if (!roles) continue;
      if (m.customersOnly && !personOf(e, m.email)) continue; // unknown-user says it better
      if (hasAny(roles, ["partner_admin", "sales_admin"])) continue;
      // Roles the token is not shown are not known to be none: neither refused nor passed unsaid.
      if (m.customersOnly && m.plannedRoles === undefined && personOf(e, m.email)?.rolesHidden === true) {
        const why = `this token is not shown the roles ${m.email} holds (Webex shows them only to an administrator of their org), so whether they hold partner_admin or sales_admin is unknown`;
        emit(
          "not-checked",
          customersPathOf(m),
          notCheckedMessage("assignment-target-role", `for the customers of ${m.email}`, why),
        );
        continue;
      }
      emit(
        "assignment-target-role",
        customersPathOf(m),
        `Customers can only be assigned to a partner_admin or sales_admin, and ${m.email} holds ${roles.length ? roles.join(", ") : "no admin role"}; give them one of those roles or remove the customers.`,
      );
    }
  },

  "assignment-limit": (e, emit) => {
    for (const m of e.members) {
      if (!m.customers) continue;
      const count = new Set(m.customers).size;
      if (count > MAX_MANAGED_CUSTOMERS) {
        emit(
          "assignment-limit",
          customersPathOf(m),
          `${m.email} would manage ${count} customers; a partner or sales administrator can manage at most ${MAX_MANAGED_CUSTOMERS} (the Hub silently drops the rest). Split the customers between administrators.`,
        );
      }
    }
  },

  "customer-not-managed": (e, emit) => {
    const own = e.desired.org.kind === "partner" ? e.desired.org.orgId : undefined;
    const index = e.index;
    const partner = partnerOrgId(e);
    const unseen: Array<{ orgId: string; path: string }> = [];
    const report = (orgId: string, path: string, what: string): void => {
      // Offline too: the partner's own org is never one of its customers.
      if (orgId === own)
        return emit(
          "customer-not-managed",
          path,
          `${orgId} is the partner's own org, not one of its customers; ${what}.`,
        );
      const org = index?.orgs.get(orgId);
      if (index === undefined || (org?.kind === "customer" && org.managedBy === partner)) return;
      if (org !== undefined)
        return emit(
          "customer-not-managed",
          path,
          `${orgId} (${org.displayName}) is not a customer org managed by partner ${partner}; ${what}.`,
        );
      // The Hub lists only the orgs the token may see: a token that sees every customer (a partner
      // full or read-only administrator's) knows the org is not one; any other token cannot tell.
      if (!seesEveryCustomer(e, partner)) return void unseen.push({ orgId, path });
      emit(
        "customer-not-managed",
        path,
        `${orgId} is not among the orgs this token sees: check the org id (webexhub export lists the managed customers), or apply with the token of a partner full administrator, who sees every customer; ${what}.`,
      );
    };
    for (const m of e.members) {
      m.customers?.forEach((orgId, k) =>
        report(orgId, joinPath(customersPathOf(m), k), "only the partner's own customers can be assigned"),
      );
    }
    for (const r of e.desired.restrictedMode) {
      report(
        r.orgId,
        r.path ? joinPath(r.path, "orgId") : "orgId",
        "Restricted Administrator Mode can only be set for managed customers",
      );
    }
    // One warning for the rule, at the first entry: the token's sight is one fact, however many entries.
    const first = unseen[0];
    if (first === undefined) return;
    const ids = [...new Set(unseen.map((u) => u.orgId))];
    const what =
      ids.length === 1
        ? `for ${first.orgId}`
        : `for ${ids.length} orgs (${ids.slice(0, 3).join(", ")}${ids.length > 3 ? ", …" : ""}; first at ${first.path})`;
    const who = e.actor?.email ?? "its person";
    emit(
      "not-checked",
      first.path,
      notCheckedMessage(
        "customer-not-managed",
        what,
        `this token sees only some of the partner's customers (${who} holds neither partner_full_admin nor partner_readonly_admin), and ${ids.length === 1 ? "it is" : "they are"} not among them`,
      ),
    );
  },
} satisfies Partial<Record<RuleCode, Rule>>;
