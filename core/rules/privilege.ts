/** Rules on the token's owner: who may grant, remove or switch what. */
import { type RoleId } from "./catalog";
import type { RuleCode } from "./types";
import { joinPath, type Rule, rolesPathOf, customersPathOf, personOf, heldNow, assignmentsOf, orgName, hasAny, actorManagesCustomer, externalGrantOf, omittedMembers, externalEntries, externalChange } from "./evaluation";

export const privilegeRules = {
  "actor-lacks-privilege": (e, emit) => {
    const actor = e.actor;
    if (!actor) return;
    const org = e.desired.org;
    for (const m of [...e.members, ...omittedMembers(e)]) {
      const before = heldNow(e, m.email);
      const after = m.customersOnly ? before : m.roles;
      const changed = after ? [...after.filter((r) => !before.includes(r)), ...before.filter((r) => !after.includes(r))] : [];
      const path = rolesPathOf(m);
      if (org.kind === "partner") {
        const partnerMember = actor.orgId === org.orgId;
        const need = (role: RoleId): readonly RoleId[] =>
          role === "advanced_troubleshooting" ? ["full_admin"] : role === "sales_full_admin" || role === "sales_admin" ? ["full_admin", "sales_full_admin"] : ["full_admin", "partner_full_admin"];
        const denied = changed.filter((role) => !partnerMember || !hasAny(actor.roles, need(role)));
        if (denied.length > 0) {
          const role = denied[0] as RoleId;
          emit("actor-lacks-privilege", path, `${actor.email} may not change ${denied.join(", ")} of ${m.email}: that takes ${need(role).join(" or ")} in the partner org. Apply this change with the token of such an administrator.`);
        }
        if (m.customers && e.index) {
          const person = personOf(e, m.email);
          const current = person ? assignmentsOf(e, person.id) : [];
          const wanted = new Set(m.customers);
          const customersChange = current.length !== wanted.size || current.some((c) => !wanted.has(c));
          const roles = after ?? [];
          if (customersChange) {
            const need2: readonly RoleId[] = roles.includes("sales_admin") && !roles.includes("partner_admin") ? ["full_admin", "sales_full_admin"] : ["partner_full_admin"];
            if (!partnerMember || !hasAny(actor.roles, need2)) {
              emit("actor-lacks-privilege", customersPathOf(m), `${actor.email} may not change the customers of ${m.email}: that takes ${need2.join(" or ")} (000, 001). Apply it with the token of such an administrator.`);
            }
          }
        }
      } else if (changed.length > 0) {
        const member = actor.orgId === org.orgId;
        const actorGrant = externalGrantOf(e, org.orgId, actor.id);
        const mayAdminister =
          (member && actor.roles.includes("full_admin")) ||
          actorGrant?.role === "external_full_admin" ||
          actorManagesCustomer(e, actor, org.orgId, ["partner_full_admin", "partner_admin"]);
        const ataOnly = changed.includes("advanced_troubleshooting") && !(member && actor.roles.includes("full_admin"));
        if (!mayAdminister || ataOnly) {
          emit("actor-lacks-privilege", path, ataOnly
            ? `Only a full_admin of ${orgName(e, org.orgId)} can grant or remove advanced_troubleshooting; ${actor.email} is not one.`
            : `${actor.email} may not change the roles of ${m.email} in ${orgName(e, org.orgId)}: that takes the org's full_admin, an external_full_admin there, the partner's partner_full_admin, or a partner_admin who manages that customer.`);
        }
      }
    }
    // External administrators of a customer org are the customer's own full admins' business
    // (001); a member who is not a full admin is refused here, outsiders by `external-admin-chain`.
    if (org.kind === "customer" && actor.orgId === org.orgId && !actor.roles.includes("full_admin")) {
      for (const x of externalEntries(e)) {
        if (externalChange(e, x).ccsa) continue; // contact-center-external says it
        if (externalChange(e, x).any) emit("actor-lacks-privilege", joinPath(x.path, "role"), `${actor.email} may not manage external administrators of ${orgName(e, org.orgId)}; only that org's own full administrators can.`);
      }
    }
  },

  "restricted-mode-actor": (e, emit) => {
    const actor = e.actor;
    if (!actor) return;
    for (const r of e.desired.restrictedMode) {
      if (r.enabled === undefined) continue;
      const current = e.index?.orgs.get(r.orgId)?.restrictedMode ?? true;
      if (e.index && current === r.enabled) continue;
      if (!actorManagesCustomer(e, actor, r.orgId, ["partner_full_admin", "partner_admin"])) {
        emit("restricted-mode-actor", r.path ? joinPath(r.path, "restrictedMode") : "enabled", `${actor.email} may not change Restricted Administrator Mode of ${orgName(e, r.orgId)}: only a partner_full_admin, or a partner_admin who manages that customer, can (002).`);
      }
    }
  },

} satisfies Partial<Record<RuleCode, Rule>>;
