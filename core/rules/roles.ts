/** Rules on the roles one person holds together, and on where a role may be held. */
import { EXCLUSIVE_GROUPS, EXTERNAL_ROLES, PARTNER_ONLY_ROLES, rolesOfGroup, type RoleId } from "./catalog";
import type { RuleCode } from "./types";
import { normalizeEmail, joinPath, type Rule, rolesPathOf, label, personOf, hasAny } from "./evaluation";

export const rolesRules = {
  "derived-role": (e, emit) => {
    for (const m of e.members) {
      (m.customersOnly ? [] : (m.roles ?? [])).forEach((role, j) => {
        if (role === "provisioning_admin") {
          emit(
            "derived-role",
            joinPath(rolesPathOf(m), j),
            `provisioning_admin is derived: the Hub grants it when a partner or sales administrator provisions services for an existing customer. Remove it from the roles of ${m.email}.`,
          );
        }
      });
    }
    for (const x of e.desired.externalAdmins) {
      if (x.role === "provisioning_admin") {
        emit(
          "derived-role",
          joinPath(x.path, "role"),
          `provisioning_admin is derived and cannot be declared for ${x.email}; use external_full_admin or external_readonly_admin.`,
        );
      }
    }
  },

  "exclusive-roles": (e, emit) => {
    for (const m of e.members) {
      if (m.customersOnly || !m.roles) continue;
      for (const group of EXCLUSIVE_GROUPS) {
        if (group === "external") continue; // declared member roles of that group are `external-only`
        const held = rolesOfGroup(group).filter((role) => m.roles?.includes(role));
        if (held.length > 1) {
          emit(
            "exclusive-roles",
            rolesPathOf(m),
            `${m.email} holds ${held.join(" and ")}, which are levels of one kind of access (${group}); keep only one of them.`,
          );
        }
      }
    }
  },

  "ata-requires-base-role": (e, emit) => {
    for (const m of e.members) {
      const roles = m.customersOnly ? undefined : m.roles;
      if (!roles) continue;
      const j = roles.indexOf("advanced_troubleshooting");
      if (j >= 0 && !hasAny(roles, ["full_admin", "readonly_admin", "support_admin"])) {
        emit(
          "ata-requires-base-role",
          joinPath(rolesPathOf(m), j),
          `advanced_troubleshooting extends a full, read-only or support administrator; give ${m.email} full_admin, readonly_admin or support_admin too, or remove advanced_troubleshooting.`,
        );
      }
    }
  },

  "ata-self-grant": (e, emit) => {
    const actor = e.actor;
    if (!actor) return;
    for (const m of e.members) {
      const roles = m.customersOnly ? undefined : m.roles;
      if (!roles || normalizeEmail(m.email) !== normalizeEmail(actor.email)) continue;
      const j = roles.indexOf("advanced_troubleshooting");
      if (j >= 0 && !actor.roles.includes("advanced_troubleshooting")) {
        emit(
          "ata-self-grant",
          joinPath(rolesPathOf(m), j),
          `${actor.email} cannot grant advanced_troubleshooting to themselves; another full administrator of the org must apply this change.`,
        );
      }
    }
  },

  "wholesale-requires-partner-role": (e, emit) => {
    for (const m of e.members) {
      const roles = m.customersOnly ? undefined : m.roles;
      if (!roles) continue;
      const j = roles.indexOf("wholesale_admin");
      if (j >= 0 && !hasAny(roles, ["partner_full_admin", "partner_admin"])) {
        emit(
          "wholesale-requires-partner-role",
          joinPath(rolesPathOf(m), j),
          `wholesale_admin is an add-on to partner_full_admin or partner_admin; give ${m.email} one of them, or remove wholesale_admin.`,
        );
      }
    }
  },

  "wholesale-not-enabled": (e, emit) => {
    const org = e.desired.org;
    if (org.kind !== "partner") return;
    // No Webex API says whether a partner sells wholesale: with the Hub the deployment's setting
    // (webexhub:wholesale, carried on the live org) decides when it is set; otherwise the file.
    const configured = e.index?.orgs.get(org.orgId)?.wholesale;
    const wholesale = configured ?? org.wholesale;
    if (wholesale !== false) return;
    for (const m of e.members) {
      const roles = m.customersOnly ? undefined : m.roles;
      const j = roles?.indexOf("wholesale_admin") ?? -1;
      if (j >= 0) {
        emit(
          "wholesale-not-enabled",
          joinPath(rolesPathOf(m), j),
          `wholesale_admin exists only in a partner org that sells Webex for Wholesale, and ${org.orgId} does not${configured === undefined ? "" : " (per the webexhub:wholesale setting)"}; remove it from ${m.email}${configured !== undefined ? ", or set webexhub:wholesale (WEBEXHUB_WHOLESALE) to true if the partner sells wholesale" : e.desired.authoritative ? ", or set partner.wholesale: true if the partner sells wholesale" : ""}.`,
        );
      }
    }
  },

  "partner-org-only": (e, emit) => {
    for (const m of e.members) {
      const roles = m.customersOnly ? undefined : m.roles;
      if (!roles) continue;
      const person = personOf(e, m.email);
      const inCustomerOrg =
        e.desired.org.kind === "customer" ||
        (person !== undefined && e.index?.orgs.get(person.orgId)?.kind === "customer");
      if (!inCustomerOrg) continue;
      roles.forEach((role, j) => {
        if (PARTNER_ONLY_ROLES.includes(role)) {
          emit(
            "partner-org-only",
            joinPath(rolesPathOf(m), j),
            `${label(role)} can only be held by a member of the partner org, and ${m.email} belongs to a customer org; remove it, or declare the person in the partner file.`,
          );
        }
      });
    }
  },

  "customer-org-only": (e, emit) => {
    for (const m of e.members) {
      const roles = m.customersOnly ? undefined : m.roles;
      const j = roles?.indexOf("contact_center_service_admin") ?? -1;
      if (j < 0) continue;
      const person = personOf(e, m.email);
      const home = person ? e.index?.orgs.get(person.orgId)?.kind : undefined;
      if (home === "partner" || (home === undefined && e.desired.org.kind === "partner")) {
        emit(
          "customer-org-only",
          joinPath(rolesPathOf(m), j),
          `${label("contact_center_service_admin")} is a role of a customer org's contact center, and ${m.email} is a member of the partner org; give it to a member of the customer org, or to the person as an external administrator there (contactCenterServiceAdmin: true).`,
        );
      }
    }
  },

  "external-only": (e, emit) => {
    for (const m of e.members) {
      (m.customersOnly ? [] : (m.roles ?? [])).forEach((role, j) => {
        if ((EXTERNAL_ROLES as readonly RoleId[]).includes(role)) {
          emit(
            "external-only",
            joinPath(rolesPathOf(m), j),
            `${role} is held by a user of another org inside a customer org; declare ${m.email} under that customer's externalAdmins (or as an ExternalAdmin resource) instead of as a member's role.`,
          );
        }
      });
    }
  },
} satisfies Partial<Record<RuleCode, Rule>>;
