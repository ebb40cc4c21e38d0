/**
 * The plan of one Pulumi program: what every resource of the program declares, gathered by the SDK
 * so that the rules about an org as a whole (nobody locked out, each person declared once) are
 * judged on the state the WHOLE program leaves, not one resource at a time, and so are the org
 * policy's limits (`org-policy`) when one is given. Pure: the provider feeds it the live Hub.
 *
 * A value unknown at preview (an input computed from another resource) is `null`; the rules that
 * need it wait, as they do for a single resource.
 */
import type { RoleId, SiteRoleId } from "./rules/catalog";
import { RESOURCES, type DigestEntry, type PlanDigest, type Registry, type ResourceDescriptor } from "./resources";
import type { PlannedAdmin, PlannedAssignment, PlannedCustomerAdmin } from "./resources";
import type { PlannedExternal, PlannedRestrictedMode } from "./resources";
import { evaluate, SEVERITY, WorldIndexer } from "./rules/engine";
import type { Desired, DesiredMember, Person, RuleCode, Violation, World } from "./rules/types";
import { normalizeEmail } from "./email";
import type { OrgPolicy } from "./policy/types";

export type { PlanDigest, PlannedAdmin, PlannedAssignment, PlannedCustomerAdmin };
export type { PlannedExternal, PlannedRestrictedMode };

/** The digest of a program that declares nothing: an empty list per resource of the registry. */
export const EMPTY_PLAN: PlanDigest = digestOf(() => []);

/** The codes the plan judges for the program as a whole; each resource still checks the rest. */
export const PLAN_CODES: readonly RuleCode[] = [
  "last-full-admin",
  "no-partner-full-admin",
  "single-full-admin",
  "duplicate-admin",
  "duplicate-customer",
  "org-policy",
];

/** A digest whose list for each resource of `registry` is `list(descriptor)`. */
export function digestOf(
  list: (descriptor: ResourceDescriptor) => readonly DigestEntry[],
  registry: Registry = RESOURCES,
): PlanDigest {
  return Object.fromEntries(registry.map((d) => [d.digestKey, list(d)])) as unknown as PlanDigest;
}

/**
 * Reads a digest as the engine hands it over: anything that is not the expected shape (an unknown
 * value, a stray type) becomes `null`, never an exception. Each resource reads its own entries.
 */
export function readPlan(value: unknown, registry: Registry = RESOURCES): PlanDigest {
  const record = (value !== null && typeof value === "object" ? value : {}) as Record<string, unknown>;
  const items = (key: string): unknown[] => (Array.isArray(record[key]) ? (record[key] as unknown[]) : []);
  const objects = (key: string): Record<string, unknown>[] =>
    items(key).map((item) => (item !== null && typeof item === "object" ? (item as Record<string, unknown>) : {}));
  return digestOf((d) => objects(d.digestKey).map((raw) => d.readEntry(raw)), registry);
}

/** A PartnerAdmin of the last applied plan that the program no longer declares: its delete removes its roles. */
export interface Dropped {
  readonly name: string;
  readonly email: string;
  readonly declared: readonly RoleId[];
  /** The site roles it declared, when it managed them: its delete removes those too. */
  readonly sites?: Readonly<Record<string, SiteRoleId>>;
}

export function droppedAdmins(previous: PlanDigest, current: PlanDigest): Dropped[] {
  const names = new Set(current.partnerAdmins.map((a) => a.name));
  return previous.partnerAdmins
    .filter((a) => !names.has(a.name) && a.email !== null)
    .map((a) => ({
      name: a.name,
      email: a.email as string,
      declared: a.roles ?? [],
      ...(a.sites !== undefined ? { sites: a.sites ?? {} } : {}),
    }));
}

/** The site roles a person keeps once the declared ones are removed (site URLs compare case-insensitively). */
export function sitesLeft(
  held: Readonly<Record<string, SiteRoleId>> | undefined,
  declared: Readonly<Record<string, SiteRoleId>>,
): Record<string, SiteRoleId> {
  const gone = new Set(Object.keys(declared).map((url) => url.toLowerCase()));
  return Object.fromEntries(Object.entries(held ?? {}).filter(([url]) => !gone.has(url.toLowerCase())));
}

/** The partner org as the plan leaves it, for the rules engine (not authoritative: undeclared people keep their roles). */
export function desiredOfPlan(plan: PlanDigest, world: World, previous: PlanDigest = EMPTY_PLAN): Desired {
  const members: DesiredMember[] = plan.partnerAdmins.map((a) => ({
    email: a.email ?? "",
    // An unknown email could be anyone: the org-wide rules wait for it.
    roles: a.email === null ? undefined : (a.roles ?? undefined),
    ...(a.email !== null && a.sites !== undefined && a.sites !== null ? { sites: a.sites } : {}),
    path: `PartnerAdmin "${a.name}"`,
    rolesPath: `PartnerAdmin "${a.name}".roles`,
    sitesPath: `PartnerAdmin "${a.name}".sites`,
  }));
  const declared = new Set(plan.partnerAdmins.map((a) => normalizeEmail(a.email ?? "")));
  for (const d of droppedAdmins(previous, plan)) {
    if (declared.has(normalizeEmail(d.email))) continue; // declared again under another name
    const live = world.people.find((p) => normalizeEmail(p.email) === normalizeEmail(d.email));
    if (!live) continue;
    members.push({
      email: d.email,
      roles: live.roles.filter((r) => !d.declared.includes(r)),
      ...(d.sites !== undefined ? { sites: sitesLeft(live.siteRoles, d.sites) } : {}),
      path: `PartnerAdmin "${d.name}" (removed from the program)`,
      rolesPath: `PartnerAdmin "${d.name}" (removed from the program)`,
      sitesPath: `PartnerAdmin "${d.name}" (removed from the program)`,
    });
  }
  return {
    org: { kind: "partner", orgId: world.partnerOrgId },
    authoritative: false,
    members,
    externalAdmins: [],
    restrictedMode: [],
  };
}

/** A CustomerAdmin of the last applied plan that the program no longer declares. */
export function droppedCustomerAdmins(
  previous: PlanDigest,
  current: PlanDigest,
): Array<Dropped & { orgId: string; sites: Readonly<Record<string, SiteRoleId>> }> {
  const names = new Set(current.customerAdmins.map((a) => a.name));
  return previous.customerAdmins
    .filter((a) => !names.has(a.name) && a.email !== null && a.orgId !== null)
    .map((a) => ({
      name: a.name,
      email: a.email as string,
      orgId: a.orgId as string,
      declared: a.roles ?? [],
      sites: a.sites ?? {},
    }));
}

/** The customer orgs a plan's CustomerAdmins touch (now or in the last applied plan). */
export function customerOrgsOf(plan: PlanDigest, previous: PlanDigest = EMPTY_PLAN): string[] {
  return [
    ...new Set(
      [...plan.customerAdmins, ...previous.customerAdmins].flatMap((a) => (a.orgId === null ? [] : [a.orgId])),
    ),
  ].sort();
}

/** One customer org as the plan leaves it (not authoritative: undeclared members keep their roles). */
export function desiredOfCustomerPlan(
  plan: PlanDigest,
  world: World,
  orgId: string,
  previous: PlanDigest = EMPTY_PLAN,
): Desired {
  const path = (name: string): string => `CustomerAdmin "${name}"`;
  const members: DesiredMember[] = plan.customerAdmins
    .filter((a) => a.orgId === orgId && a.email !== null)
    .map((a) => ({
      email: a.email as string,
      roles: a.roles ?? undefined,
      ...(a.sites !== null ? { sites: a.sites } : {}),
      path: path(a.name),
      rolesPath: `${path(a.name)}.roles`,
      sitesPath: `${path(a.name)}.sites`,
    }));
  // An unknown org or email could be anyone here: one placeholder with unknown roles makes the
  // org-wide rules wait for it (each resource checks itself once its values are known).
  if (plan.customerAdmins.some((a) => a.orgId === null || (a.orgId === orgId && a.email === null))) {
    members.push({ email: "(not known until apply)", roles: undefined, path: "CustomerAdmin (not known until apply)" });
  }
  const declared = new Set(members.map((m) => normalizeEmail(m.email)));
  for (const d of droppedCustomerAdmins(previous, plan).filter((x) => x.orgId === orgId)) {
    if (declared.has(normalizeEmail(d.email))) continue;
    const live = world.people.find((p) => normalizeEmail(p.email) === normalizeEmail(d.email));
    if (!live) continue;
    const removed = `${path(d.name)} (removed from the program)`;
    members.push({
      email: d.email,
      roles: live.roles.filter((r) => !d.declared.includes(r)),
      sites: sitesLeft(live.siteRoles, d.sites),
      path: removed,
      rolesPath: removed,
      sitesPath: removed,
    });
  }
  return { org: { kind: "customer", orgId }, authoritative: false, members, externalAdmins: [], restrictedMode: [] };
}

function duplicates(plan: PlanDigest): Violation[] {
  const out: Violation[] = [];
  const once = <T>(
    items: readonly T[],
    key: (item: T) => string | null,
    say: (item: T, first: T) => Violation,
  ): void => {
    const seen = new Map<string, T>();
    for (const item of items) {
      const k = key(item);
      if (k === null) continue;
      const first = seen.get(k);
      if (first !== undefined) out.push(say(item, first));
      else seen.set(k, item);
    }
  };
  const v = (path: string, message: string): Violation => ({
    code: "duplicate-admin",
    severity: SEVERITY["duplicate-admin"],
    path,
    message,
  });
  once(
    plan.customerAssignments,
    (a) => (a.adminEmail === null ? null : normalizeEmail(a.adminEmail)),
    (a, first) =>
      v(
        `CustomerAssignment "${a.name}".adminEmail`,
        `${a.adminEmail} has two CustomerAssignments ("${first.name}" and "${a.name}"); each is the authoritative list of their customers, so they would undo each other. Merge them into one.`,
      ),
  );
  once(
    plan.externalAdmins,
    (x) => (x.email === null || x.orgId === null ? null : `${x.orgId}\u0000${normalizeEmail(x.email)}`),
    (x, first) =>
      v(
        `ExternalAdmin "${x.name}".email`,
        `${x.email} is declared twice as an external administrator of ${x.orgId} ("${first.name}" and "${x.name}"); keep one.`,
      ),
  );
  // Two CustomerAdmins of one person in one org: the rules engine reports them (duplicate-admin).
  once(
    plan.restrictedModes,
    (r) => r.orgId,
    (r, first) => ({
      code: "duplicate-customer",
      severity: SEVERITY["duplicate-customer"],
      path: `RestrictedMode "${r.name}".orgId`,
      message: `${r.orgId} has two RestrictedMode resources ("${first.name}" and "${r.name}"); Restricted Administrator Mode is one setting per customer org, so they would fight. Keep one.`,
    }),
  );
  return out;
}

/**
 * Every org-wide violation of the plan against the live Hub (what the preview reports for the program).
 * Each evaluation judges the one world through `indexer` (the caller's, when it judges worlds a write
 * or two apart in turn), so the world is indexed once, or patched from the last one the caller judged.
 */
export function planViolations(
  plan: PlanDigest,
  world: World,
  now: Date,
  previous: PlanDigest = EMPTY_PLAN,
  policy?: OrgPolicy,
  indexer: WorldIndexer = new WorldIndexer(),
): Violation[] {
  const judged = evaluate({ desired: desiredOfPlan(plan, world, previous), world, now, policy, indexer }).filter((v) =>
    PLAN_CODES.includes(v.code),
  );
  const customers = customerOrgsOf(plan, previous).flatMap((orgId) =>
    evaluate({ desired: desiredOfCustomerPlan(plan, world, orgId, previous), world, now, policy, indexer }).filter(
      (v) => PLAN_CODES.includes(v.code),
    ),
  );
  return [...judged, ...customers, ...duplicates(plan)];
}

/**
 * Everything the plan can know before the first write, with the token's person: the org-wide
 * rules, and each PartnerAdmin's and CustomerAssignment's rules as the plan leaves them. Applied
 * before any other resource of the program, so a plan one of whose resources would be refused
 * changes nothing (each resource reports its own violations at preview). Indexed as `planViolations` is.
 */
export function applyViolations(
  plan: PlanDigest,
  world: World,
  actor: Person,
  now: Date,
  previous: PlanDigest = EMPTY_PLAN,
  policy?: OrgPolicy,
  indexer: WorldIndexer = new WorldIndexer(),
): Violation[] {
  const judge = { world, now, indexer };
  const roles = evaluate({ desired: desiredOfPlan(plan, world, previous), ...judge, actor, policy }).filter(
    (v) => v.code !== "customer-not-managed",
  );
  const declared = new Map(
    plan.partnerAdmins.filter((a) => a.email !== null).map((a) => [normalizeEmail(a.email as string), a.roles]),
  );
  // The assignment rules need only how many customers each admin gets: placeholders stand for them.
  const members: DesiredMember[] = plan.customerAssignments
    .filter((a) => a.adminEmail !== null && a.customerCount !== null)
    .map((a) => {
      const planned = declared.get(normalizeEmail(a.adminEmail as string));
      return {
        email: a.adminEmail as string,
        roles: undefined,
        customers: Array.from({ length: a.customerCount as number }, (_, i) => `#${i}`),
        customersOnly: true,
        ...(planned ? { plannedRoles: planned } : {}),
        path: `CustomerAssignment "${a.name}"`,
        customersPath: `CustomerAssignment "${a.name}".customerOrgIds`,
      };
    });
  const assignments = evaluate({ desired: { ...desiredOfPlan(EMPTY_PLAN, world), members }, ...judge }).filter(
    (v) => v.code === "assignment-target-role" || v.code === "assignment-limit",
  );
  const customers = customerOrgsOf(plan, previous).flatMap((orgId) =>
    evaluate({ desired: desiredOfCustomerPlan(plan, world, orgId, previous), ...judge, actor, policy }),
  );
  return [...roles, ...assignments, ...customers, ...duplicates(plan)];
}
