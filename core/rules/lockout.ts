/** Rules that keep every org administrable: judged on the roles the whole change leaves behind. */
import type { RuleCode } from "./types";
import { type Rule, rolesPathOf, resultingOrgRoles, touchesRole, lockoutPath, orgName } from "./evaluation";

export const lockoutRules = {
  "last-full-admin": (e, emit) => {
    const after = resultingOrgRoles(e);
    if (!after) return;
    const count = after.filter((a) => a.roles.includes("full_admin")).length;
    if (count === 0 && (e.desired.authoritative || touchesRole(e, "full_admin"))) {
      emit("last-full-admin", lockoutPath(e, "full_admin"), `This change leaves ${orgName(e, e.desired.org.orgId)} with no full_admin, and nobody could administer it (lockout). Keep full_admin on at least one person, preferably two.`);
    }
  },

  "no-partner-full-admin": (e, emit) => {
    if (e.desired.org.kind !== "partner") return;
    const after = resultingOrgRoles(e);
    if (!after) return;
    const count = after.filter((a) => a.roles.includes("partner_full_admin")).length;
    if (count === 0 && (e.desired.authoritative || touchesRole(e, "partner_full_admin"))) {
      emit("no-partner-full-admin", lockoutPath(e, "partner_full_admin"), `This change leaves the partner org with no partner_full_admin: nobody can assign customers to partner administrators until a full_admin grants it again.`);
    }
  },

  "single-full-admin": (e, emit) => {
    const after = resultingOrgRoles(e);
    if (!after) return;
    const holders = after.filter((a) => a.roles.includes("full_admin"));
    if (holders.length === 1 && (e.desired.authoritative || touchesRole(e, "full_admin"))) {
      const path = holders[0]?.declared ? rolesPathOf(holders[0].declared) : e.desired.authoritative ? "admins" : "";
      emit("single-full-admin", path, `Only ${holders[0]?.email} is a full_admin of ${orgName(e, e.desired.org.orgId)}; always have more than one administrator so the org can be administered when one is away (001).`);
    }
  },

} satisfies Partial<Record<RuleCode, Rule>>;
