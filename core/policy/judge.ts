/**
 * Judging an org policy: each broken limit is a violation of the rule `org-policy`, with the
 * severity its entry gives, at the offending input, naming the policy file and the line of the
 * limit. Org-wide limits (how many may hold a role or a privilege) are counted on the state the
 * whole change leaves, like `last-full-admin`; the limits on a person are judged on the people the
 * change declares. Pure: no I/O, the clock comes with the context.
 */
import { effectiveAccess, externalAccess, strongerGrant, type PrivilegeMap } from "../rules/access";
import { indexWorld, orgName, type Evaluation } from "../rules/evaluation";
import { ACCESS_LEVELS } from "../rules/privileges";
import type { RuleContext, Violation } from "../rules/types";
import { orgAfter, type Holding, type OrgAfter } from "./holdings";
import { judgeExpiry } from "./expiry";
import type { OrgPolicy, PolicyEntry, PrivilegeLimit, RoleLimit } from "./types";

export type Say = (entry: PolicyEntry, key: string, label: string, path: string, message: string) => void;

/** `webexhub-policy.yaml:7 (maxHolders full_admin: 4):`, the start of every message. */
export function policyReference(policy: OrgPolicy, entry: PolicyEntry, key: string, label: string): string {
  const line = entry.lines[key] ?? entry.lines[""];
  return `${policy.source}${line === undefined ? "" : `:${line}`} (${label}):`;
}

/** Every limit of `policy` the change in `ctx` breaks. */
export function judgeOrgPolicy(policy: OrgPolicy, ctx: RuleContext): Violation[] {
  const { desired, world, actor } = ctx;
  const index = world ? indexWorld(world) : undefined;
  return judgePolicy(policy, { ctx, desired, index, actor, members: desired.members });
}

/** The same, on the rules engine's evaluation (the world indexed once for both). */
export function judgePolicy(policy: OrgPolicy, e: Evaluation): Violation[] {
  const violations: Violation[] = [];
  const say: Say = (entry, key, label, path, message) => {
    const reference = policyReference(policy, entry, key, label);
    violations.push({ code: "org-policy", severity: entry.severity, path, message: `${reference} ${message}` });
  };
  const applies = (entry: PolicyEntry): boolean => entry.orgs === undefined || entry.orgs.includes(e.desired.org.orgId);
  let after: OrgAfter | undefined;
  for (const limit of policy.roles) if (applies(limit)) judgeRole(e, (after ??= orgAfter(e)), limit, say);
  for (const limit of policy.privileges) if (applies(limit)) judgePrivilege(e, (after ??= orgAfter(e)), limit, say);
  for (const limit of policy.externalAdmins) if (applies(limit)) judgeExpiry(e, limit, say);
  return violations;
}

/** `*.example.com` admits example.com's subdomains; any other entry is the domain itself. */
export function domainAllowed(email: string, domains: readonly string[]): boolean {
  const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  return domains.some((d) => (d.startsWith("*.") ? domain.endsWith(d.slice(1)) : domain === d));
}

interface Holders {
  /** What to take away to fix it: the role, or the roles that give a privilege. */
  readonly remove: string;
  /** Where a holder's input is: their roles, or their site roles for a privilege on sites. */
  readonly pathOf: (h: Holding) => string | undefined;
  /** Who holds it after the change; the declared ones are judged one by one. */
  readonly all: readonly Holding[];
  /** The change gives it to someone, or takes it from someone. */
  readonly gained: readonly Holding[];
  readonly lost: readonly Holding[];
}

/** The limits every entry can set on its holders: nobody, only these people, only these domains. */
function judgePeople(limit: RoleLimit | PrivilegeLimit, subject: string, holders: Holders, say: Say): void {
  for (const h of holders.all) {
    const path = holders.pathOf(h);
    if (path === undefined) continue;
    if (limit.forbidden === true) {
      const fix = `Take ${holders.remove} from them.`;
      const message = `${h.shown} would hold ${subject}, which nobody may hold. ${fix}`;
      say(limit, "forbidden", `forbidden ${subject}`, path, message);
    }
    if (limit.holders !== undefined && !limit.holders.includes(h.email)) {
      const fix = `Take ${holders.remove} from them, or add ${h.email} to holders in the policy.`;
      const who = "is not one of those the policy lets hold it";
      say(limit, "holders", `holders ${subject}`, path, `${h.shown} would hold ${subject}, and ${who}. ${fix}`);
    }
    if (limit.emailDomains !== undefined && !domainAllowed(h.email, limit.emailDomains)) {
      const list = limit.emailDomains.join(", ");
      const fix = "Give it to someone of an allowed domain, or add the domain to emailDomains in the policy.";
      const message = `${h.shown} would hold ${subject}, and only people of ${list} may. ${fix}`;
      say(limit, "emailDomains", `emailDomains ${subject}: ${list}`, path, message);
    }
  }
}

const holdersOf = (count: number, subject: string): string => `${count} holder${count === 1 ? "" : "s"} of ${subject}`;

const names = (holdings: readonly Holding[]): string => {
  const shown = holdings.slice(0, 5).map((h) => h.shown);
  return holdings.length > 5 ? `${shown.join(", ")}, …` : shown.join(", ");
};

/** The count limits: at most `maxHolders`, at least `minHolders`, judged when the change moves the count. */
function judgeCount(
  e: Evaluation,
  after: OrgAfter,
  limit: RoleLimit | PrivilegeLimit,
  subject: string,
  holders: Holders,
  say: Say,
): void {
  if (!after.complete) return;
  const count = holders.all.length;
  const org = orgName(e, e.desired.org.orgId);
  const max = limit.maxHolders;
  if (max !== undefined && count > max && (e.desired.authoritative || holders.gained.length > 0)) {
    // The last one given it: the newcomer with the Hub, the one past the limit in a file judged offline.
    const past = holders.all.filter((h) => h.path !== undefined)[max];
    const last = holders.gained[holders.gained.length - 1] ?? past;
    const path = (last && holders.pathOf(last)) ?? "";
    const fix = `Take ${holders.remove} from ${count - max} of them, or raise maxHolders in the policy.`;
    const leaves = `this change leaves ${org} with ${holdersOf(count, subject)} (${names(holders.all)})`;
    say(limit, "maxHolders", `maxHolders ${subject}: ${max}`, path, `${leaves}; at most ${max} may hold it. ${fix}`);
  }
  const min = "minHolders" in limit ? limit.minHolders : undefined;
  if (min !== undefined && count < min && (e.desired.authoritative || holders.lost.length > 0)) {
    const lost = holders.lost[0];
    const path = (lost && holders.pathOf(lost)) ?? (e.desired.authoritative ? "admins" : "");
    const who = count === 0 ? "nobody" : names(holders.all);
    const fix = `Keep or give ${subject} to ${min - count} more, or lower minHolders in the policy.`;
    const leaves = `this change leaves ${org} with ${holdersOf(count, subject)} (${who})`;
    say(limit, "minHolders", `minHolders ${subject}: ${min}`, path, `${leaves}; at least ${min} must hold it. ${fix}`);
  }
}

function judgeRole(e: Evaluation, after: OrgAfter, limit: RoleLimit, say: Say): void {
  const all = after.holdings.filter((h) => h.roles.includes(limit.role));
  const gained = all.filter((h) => h.gained.includes(limit.role));
  const lost = after.holdings.filter((h) => h.lost.includes(limit.role));
  const holders = { remove: limit.role, pathOf: (h: Holding) => h.path, all, gained, lost };
  judgePeople(limit, limit.role, holders, say);
  judgeCount(e, after, limit, limit.role, holders, say);
}

const rank = (level: string): number => (ACCESS_LEVELS as readonly string[]).indexOf(level);

/** What a holding may do in the limit's scope, from its roles after the change. */
function accessOf(e: Evaluation, h: Holding, scope: PrivilegeLimit["scope"]): PrivilegeMap {
  if (h.external !== undefined) {
    const role = h.roles[0];
    if (scope !== "organization" || (role !== "external_full_admin" && role !== "external_readonly_admin")) return {};
    return externalAccess(role, { contactCenterServiceAdmin: h.external.contactCenterServiceAdmin });
  }
  const orgKind = e.desired.org.kind;
  const restrictedMode = e.index?.orgs.get(e.desired.org.orgId)?.restrictedMode;
  const access = effectiveAccess({
    roles: h.roles,
    orgKind,
    ...(restrictedMode !== undefined ? { restrictedMode } : {}),
    ...(h.sites ? { sites: h.sites } : {}),
  });
  if (scope === "organization") return access.organization;
  if (scope === "customers") return access.customers.privileges;
  const sites: PrivilegeMap = {};
  for (const map of Object.values(access.sites)) {
    for (const [name, grant] of Object.entries(map)) sites[name] = strongerGrant(sites[name], grant);
  }
  return sites;
}

/** Whether the holding has the limit's privilege at its level or above. */
function holds(e: Evaluation, h: Holding, limit: PrivilegeLimit): boolean {
  if (h.roles.length === 0 && h.sites === undefined) return false;
  const map = accessOf(e, h, limit.scope);
  const named = (name: string): boolean => limit.name === "*" || name === limit.name;
  return Object.entries(map).some(([name, grant]) => named(name) && rank(grant.level) >= rank(limit.level));
}

function judgePrivilege(e: Evaluation, after: OrgAfter, limit: PrivilegeLimit, say: Say): void {
  const subject = `${limit.privilege} at ${limit.level}`;
  const all = after.holdings.filter((h) => holds(e, h, limit));
  // A privilege is gained or lost with a role: the holders whose roles changed.
  const gained = all.filter((h) => h.gained.length > 0);
  const lost = after.holdings.filter((h) => h.lost.length > 0 && !all.includes(h));
  const pathOf = (h: Holding): string | undefined =>
    limit.scope === "sites" && h.path !== undefined ? (h.sitesPath ?? h.path) : h.path;
  const holders = { remove: "the roles that give it", pathOf, all, gained, lost };
  judgePeople(limit, subject, holders, say);
  judgeCount(e, after, limit, subject, holders, say);
}
