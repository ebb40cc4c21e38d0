/** Rules on external administrators of a customer org: who may add them, and their expiry. */
import type { RuleCode } from "./types";
import { joinPath, type Rule, orgName, externalEntries, externalChange, isPartnerSelfFull } from "./evaluation";

export const externalRules = {
  "external-admin-chain": (e, emit) => {
    const actor = e.actor;
    if (!actor || e.desired.org.kind !== "customer") return;
    if (actor.orgId === e.desired.org.orgId) return;
    for (const x of externalEntries(e)) {
      if (!externalChange(e, x).any || isPartnerSelfFull(e, x)) continue;
      emit(
        "external-admin-chain",
        joinPath(x.path, "role"),
        `${actor.email} is an external administrator of ${orgName(e, e.desired.org.orgId)}, and external administrators cannot add or change external administrators there. Apply this with the token of one of the customer's own full administrators.`,
      );
    }
  },

  "partner-self-external-full": (e, emit) => {
    for (const x of e.desired.externalAdmins) {
      if (isPartnerSelfFull(e, x)) {
        emit(
          "partner-self-external-full",
          joinPath(x.path, "role"),
          `The partner cannot give its own user ${x.email} external_full_admin in a customer org; the customer's own full administrator can promote them, with the customer's token.`,
        );
      }
    }
  },

  "contact-center-external": (e, emit) => {
    const actor = e.actor;
    if (!actor || e.desired.org.kind !== "customer") return;
    if (actor.orgId !== e.desired.org.orgId) return; // an outsider is refused by external-admin-chain
    if (actor.roles.includes("full_admin")) return;
    for (const x of externalEntries(e)) {
      if (externalChange(e, x).ccsa) {
        emit(
          "contact-center-external",
          joinPath(x.path, "contactCenterServiceAdmin"),
          `Only a full administrator who is a member of ${orgName(e, e.desired.org.orgId)} can add or revoke contact_center_service_admin of an external administrator; ${actor.email} is not one.`,
        );
      }
    }
  },

  "expiry-readonly-only": (e, emit) => {
    for (const x of e.desired.externalAdmins) {
      if (x.expiresAt !== undefined && x.role !== undefined && x.role !== "external_readonly_admin") {
        emit(
          "expiry-readonly-only",
          joinPath(x.path, "expiresAt"),
          `expiresAt is only for external_readonly_admin (support access that the Hub revokes); remove it from ${x.email} or make the role external_readonly_admin.`,
        );
      }
    }
  },

  "expiry-in-past": (e, emit) => {
    for (const x of e.desired.externalAdmins) {
      if (x.expiresAt === undefined || x.remove) continue;
      const at = Date.parse(x.expiresAt);
      if (!Number.isNaN(at) && at <= e.ctx.now.getTime()) {
        emit(
          "expiry-in-past",
          joinPath(x.path, "expiresAt"),
          `expiresAt ${x.expiresAt} for ${x.email} is not in the future; set a later date or remove the entry.`,
        );
      }
    }
  },
} satisfies Partial<Record<RuleCode, Rule>>;
