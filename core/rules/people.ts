/**
 * Rules on who and what is declared: each person once per org, one role per Webex site, each
 * customer once, and only people the Hub knows.
 */
import { PARTNER_ONLY_ROLES } from "./catalog";
import type { RuleCode } from "./types";
import { normalizeEmail, joinPath, type Rule, personOf, orgName, sitesPathOf } from "./evaluation";

export const peopleRules = {
  "duplicate-admin": (e, emit) => {
    const seen = new Map<string, string>();
    for (const m of e.members) {
      const key = normalizeEmail(m.email);
      const first = seen.get(key);
      if (first !== undefined)
        emit(
          "duplicate-admin",
          joinPath(m.path, "email"),
          `${m.email} is declared twice in this org (first at ${first}); emails compare case-insensitively. Merge the two entries.`,
        );
      else seen.set(key, m.path);
    }
    const seenExternal = new Map<string, string>();
    for (const x of e.desired.externalAdmins) {
      const key = normalizeEmail(x.email);
      const first = seenExternal.get(key) ?? seen.get(key);
      if (first !== undefined)
        emit(
          "duplicate-admin",
          joinPath(x.path, "email"),
          `${x.email} is declared twice in this org (first at ${first}); emails compare case-insensitively. Keep one entry.`,
        );
      else seenExternal.set(key, x.path);
    }
  },

  "duplicate-site-role": (e, emit) => {
    for (const m of e.members) {
      // Site URLs are host names: the Hub treats ACME.webex.com and acme.webex.com as one site.
      const seen = new Map<string, string>();
      for (const [url, role] of Object.entries(m.sites ?? {})) {
        const key = url.trim().toLowerCase();
        const first = seen.get(key);
        if (first !== undefined)
          emit(
            "duplicate-site-role",
            `${sitesPathOf(m)}[${JSON.stringify(url)}]`,
            `${m.email} has two roles for the Webex site ${key} (${first} and ${role} under "${url}"); a person holds one role per site, and site URLs compare case-insensitively. Keep one.`,
          );
        else seen.set(key, role);
      }
    }
  },

  "duplicate-customer": (e, emit) => {
    const seen = new Map<string, string>();
    for (const r of e.desired.restrictedMode) {
      const first = seen.get(r.orgId);
      if (first !== undefined)
        emit(
          "duplicate-customer",
          r.path ? joinPath(r.path, "orgId") : "orgId",
          `${r.orgId} is listed twice under customers (first at ${first || "orgId"}); Restricted Administrator Mode is one setting per customer org, so the two entries would fight. Keep one.`,
        );
      else seen.set(r.orgId, r.path);
    }
  },

  "unknown-user": (e, emit) => {
    const index = e.index;
    if (!index) return;
    const orgId = e.desired.org.orgId;
    for (const m of e.members) {
      const person = personOf(e, m.email);
      if (!person) {
        emit(
          "unknown-user",
          joinPath(m.path, "email"),
          `No user ${m.email} exists in ${orgName(e, orgId)}; create the user in the Hub first or fix the email.`,
        );
      } else if (
        person.orgId !== orgId &&
        !(
          e.desired.org.kind === "partner" &&
          index.orgs.get(person.orgId)?.kind === "customer" &&
          m.roles?.some((r) => PARTNER_ONLY_ROLES.includes(r))
        )
      ) {
        emit(
          "unknown-user",
          joinPath(m.path, "email"),
          `${m.email} is a member of ${orgName(e, person.orgId)}, not of ${orgName(e, orgId)}; declare them where they belong${e.desired.org.kind === "customer" ? ", or as an external administrator" : ""}.`,
        );
      }
    }
    for (const x of e.desired.externalAdmins) {
      const person = personOf(e, x.email);
      if (!person)
        emit(
          "unknown-user",
          joinPath(x.path, "email"),
          `No user ${x.email} exists in any org the Hub knows; external administrators must already have a Webex account.`,
        );
      else if (person.orgId === orgId)
        emit(
          "unknown-user",
          joinPath(x.path, "email"),
          `${x.email} is a member of ${orgName(e, orgId)}, so they cannot be its external administrator; declare them under admins instead.`,
        );
    }
  },
} satisfies Partial<Record<RuleCode, Rule>>;
