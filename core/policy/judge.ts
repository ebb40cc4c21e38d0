/**
 * Judging an org policy: each broken limit is a violation of the rule `org-policy`, with the
 * severity its entry gives, at the offending input, naming the policy file and the line of the
 * limit. Org-wide limits (how many may hold a role or a privilege) are counted on the state the
 * whole change leaves, like `last-full-admin`; the limits on a person are judged on the people the
 * change declares. A limit the token cannot settle (roles it is not shown) is a `not-checked`
 * warning naming the limit, never an error guessed nor a pass unsaid (counts.ts). Pure: no I/O,
 * the clock comes with the context.
 */
import { effectiveAccess, externalAccess, strongerGrant, type PrivilegeMap } from "../rules/access";
import { indexWorld, notCheckedMessage, type Evaluation } from "../rules/evaluation";
import { EXTERNAL_ROLES } from "../rules/catalog";
import { ACCESS_LEVELS } from "../rules/privileges";
import type { RuleContext, Violation } from "../rules/types";
import { HIDDEN_WHY, judgeCount, names, type Holders, type Out } from "./counts";
import { orgAfter, type Holding, type OrgAfter, type Settled } from "./holdings";
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
  // What the token cannot see is said, as the other rules say it, whatever the entry's severity.
  const note: Out["note"] = (entry, key, label, path, what, reason) => {
    const message = `${policyReference(policy, entry, key, label)} ${notCheckedMessage("org-policy", what, reason)}`;
    violations.push({ code: "not-checked", severity: "warning", path, message });
  };
  const out = { say, note };
  const applies = (entry: PolicyEntry): boolean => entry.orgs === undefined || entry.orgs.includes(e.desired.org.orgId);
  let after: OrgAfter | undefined;
  for (const limit of policy.roles) if (applies(limit)) judgeRole(e, (after ??= orgAfter(e)), limit, out);
  for (const limit of policy.privileges) if (applies(limit)) judgePrivilege(e, (after ??= orgAfter(e)), limit, out);
  for (const limit of policy.externalAdmins) if (applies(limit)) judgeExpiry(e, limit, say);
  return violations;
}

/** `*.example.com` admits example.com's subdomains; any other entry is the domain itself. */
export function domainAllowed(email: string, domains: readonly string[]): boolean {
  const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  return domains.some((d) => (d.startsWith("*.") ? domain.endsWith(d.slice(1)) : domain === d));
}

/** The limits every entry can set on its holders: nobody, only these people, only these domains. */
function judgePeople(limit: RoleLimit | PrivilegeLimit, holders: Holders, say: Say): void {
  const subject = holders.subject;
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

/** The members the token is not shown, who may hold anything: the change declares none of their roles. */
const unseenMembers = (after: OrgAfter): Holding[] =>
  after.holdings.filter((h) => h.hidden === true && h.path === undefined);

/** Members declared without the limit's subject whose roles before are hidden: the change may take it. */
const mayLoseOf = (after: OrgAfter, all: readonly Holding[]): Holding[] =>
  after.holdings.filter((h) => h.hidden === true && h.path !== undefined && !all.includes(h));

function judgeRole(e: Evaluation, after: OrgAfter, limit: RoleLimit, out: Out): void {
  const all = after.holdings.filter((h) => h.roles.includes(limit.role));
  const gained = all.filter((h) => h.gained.includes(limit.role));
  const lost = after.holdings.filter((h) => h.lost.includes(limit.role));
  // The external roles are the external administrators'; every other role is the members'.
  const external = (EXTERNAL_ROLES as readonly string[]).includes(limit.role);
  const people = external
    ? { unseen: [], mayLose: [], settled: after.externals }
    : { unseen: unseenMembers(after), mayLose: mayLoseOf(after, all), settled: after.members };
  const pathOf = (h: Holding): string | undefined => h.path;
  const holders: Holders = { subject: limit.role, remove: limit.role, pathOf, all, gained, lost, ...people };
  judgePeople(limit, holders, out.say);
  judgeCount(e, limit, holders, out);
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

const both = (a: Settled, b: Settled): Settled => ({
  waiting: a.waiting || b.waiting,
  hidden: [...a.hidden, ...b.hidden],
});

function judgePrivilege(e: Evaluation, after: OrgAfter, limit: PrivilegeLimit, out: Out): void {
  const subject = `${limit.privilege} at ${limit.level}`;
  const all = after.holdings.filter((h) => holds(e, h, limit));
  // A privilege is gained or lost with a role: the holders whose roles changed.
  const gained = all.filter((h) => h.gained.length > 0);
  const lost = after.holdings.filter((h) => h.lost.length > 0 && !all.includes(h));
  const sites = limit.scope === "sites";
  const pathOf = (h: Holding): string | undefined => (sites && h.path !== undefined ? (h.sitesPath ?? h.path) : h.path);
  // A declared member's site roles the change leaves alone are as hidden as their roles.
  const sitesHidden = sites ? mayLoseOf(after, all).filter((h) => h.sitesPath === undefined) : [];
  const unseen = [...unseenMembers(after), ...sitesHidden];
  const settled = limit.scope === "organization" ? both(after.members, after.externals) : after.members;
  const mayLose = mayLoseOf(after, all);
  const remove = "the roles that give it";
  const holders: Holders = { subject, remove, pathOf, all, gained, lost, unseen, mayLose, settled };
  judgePeople(limit, holders, out.say);
  noteHiddenPeople(limit, holders, sitesHidden, out);
  judgeCount(e, limit, holders, out);
}

/**
 * The limits on a person, for declared members whose site roles the token is not shown: whether
 * they hold a privilege on sites is unknown, so each limit they might break says so, once.
 */
function noteHiddenPeople(limit: PrivilegeLimit, holders: Holders, hidden: readonly Holding[], out: Out): void {
  const subject = holders.subject;
  const what = (keyed: readonly Holding[]): string => `for ${names(keyed)}`;
  const reason = (keyed: readonly Holding[]): string =>
    `${keyed.length === 1 ? "their" : "these people's"} site roles, which this change leaves alone, are hidden ` +
    `from this token, so whether ${keyed.length === 1 ? "they hold" : "any of them holds"} ${subject} ` +
    `is unknown (${HIDDEN_WHY})`;
  const limits: ReadonlyArray<readonly [string, string, (h: Holding) => boolean]> = [
    ["forbidden", `forbidden ${subject}`, () => limit.forbidden === true],
    ["holders", `holders ${subject}`, (h) => limit.holders !== undefined && !limit.holders.includes(h.email)],
    [
      "emailDomains",
      `emailDomains ${subject}: ${(limit.emailDomains ?? []).join(", ")}`,
      (h) => limit.emailDomains !== undefined && !domainAllowed(h.email, limit.emailDomains),
    ],
  ];
  for (const [key, label, breaks] of limits) {
    const keyed = hidden.filter(breaks);
    const first = keyed[0];
    if (first === undefined) continue;
    out.note(limit, key, label, holders.pathOf(first) ?? "", what(keyed), reason(keyed));
  }
}
