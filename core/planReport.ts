/**
 * The reviewer's view of a GitOps file (`webexhub plan`): per person, the roles added and removed
 * and what that means in privileges (gained and lost, in their own org and in the customers they
 * manage), takeovers, customers assigned and unassigned, Restricted Administrator Mode changes and
 * every rule violation. Pure: the CLI feeds it the file, the live Hub (optional) and the violations.
 */
import type { GitOpsFile } from "./gitops/file";
import { privilegeChanges, type PrivilegeChange } from "./delta";
import type { RoleId, SiteRoleId } from "./rules/catalog";
import type { Desired, Org, Violation, World } from "./rules/types";
import { accessSummary, externalSummary, type AccessSummary } from "./summary";
import { normalizeEmail } from "./email";

export interface PersonPlan {
  readonly email: string;
  readonly displayName?: string;
  /** "member" of the declared org, or "external" administrator of a customer org. */
  readonly kind: "member" | "external";
  /** What the Hub holds now; null without a Hub (offline: only what the file declares). */
  readonly before: readonly string[] | null;
  readonly after: readonly string[];
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly privileges: readonly PrivilegeChange[];
  /** The person holds roles (or customers) the file does not list, and loses them. */
  readonly takeover?: { readonly loses: readonly string[]; readonly adopt: boolean; readonly certain: boolean };
  /** The file leaves this admin out: an authoritative file removes their roles. */
  readonly omitted?: boolean;
  readonly customers?: { readonly assigned: readonly string[]; readonly unassigned: readonly string[] };
}

export interface ReportedViolation {
  readonly code: string;
  readonly severity: Violation["severity"];
  readonly path: string;
  readonly message: string;
  readonly line?: number;
}

export interface PlanReport {
  readonly file: string;
  readonly org: { readonly kind: "partner" | "customer"; readonly orgId: string; readonly displayName?: string };
  readonly live: boolean;
  readonly people: readonly PersonPlan[];
  readonly restrictedMode: ReadonlyArray<{ readonly orgId: string; readonly before: boolean | null; readonly after: boolean }>;
  /**
   * The names of the customer orgs the report mentions, by id, where the Hub has them: Webex ids
   * are opaque, and a reviewer reads "Acme" where the file says `Y2lzY29...`.
   */
  readonly orgNames: Readonly<Record<string, string>>;
  readonly violations: readonly ReportedViolation[];
  readonly summary: { readonly changes: number; readonly takeovers: number; readonly errors: number; readonly warnings: number };
}

const diff = (a: readonly string[], b: readonly string[]): string[] => b.filter((x) => !a.includes(x));

type SiteMap = Readonly<Record<string, SiteRoleId>>;
/** Site URLs are host names: compared lower-case. */
const lowerSites = (sites: SiteMap | undefined): Record<string, SiteRoleId> =>
  Object.fromEntries(Object.entries(sites ?? {}).map(([url, role]) => [url.toLowerCase(), role]));
/** A site role in a list of roles: `site_admin (acme.webex.com)`. */
const siteEntries = (sites: SiteMap): string[] => Object.entries(sites).sort(([a], [b]) => a.localeCompare(b)).map(([url, role]) => `${role} (${url})`);
const EMPTY: AccessSummary = { organization: {}, customers: { list: "none", privileges: {} }, withheld: [] };
const externalAccess = (role: string | undefined, ccsa: boolean | undefined): AccessSummary =>
  role === "external_full_admin" || role === "external_readonly_admin" ? { ...EMPTY, organization: externalSummary(role, { contactCenterServiceAdmin: ccsa === true }) } : EMPTY;

export interface PlanReportOptions {
  /**
   * The file as it was before the change (the pull request's base). With it, a takeover is an admin
   * the base did not list; without it, any listed admin who would lose something might be one.
   */
  readonly base?: GitOpsFile;
  readonly lineOf?: (path: string) => number | undefined;
}

export function buildPlanReport(file: string, parsed: GitOpsFile, desired: Desired, world: World | undefined, violations: readonly ReportedViolation[], options: PlanReportOptions = {}): PlanReport {
  const orgId = desired.org.orgId;
  const org: Org | undefined = world?.orgs.find((o) => o.id === orgId) ?? { id: orgId, displayName: orgId, kind: desired.org.kind };
  const byEmail = new Map((world?.people ?? []).map((p) => [normalizeEmail(p.email), p]));
  const adopts = new Map<string, boolean>(parsed.file.admins.map((a) => [normalizeEmail(a.email), a.adopt === true]));
  const people: PersonPlan[] = [];
  const baseEmails = options.base ? new Set(options.base.file.admins.map((a) => normalizeEmail(a.email))) : undefined;
  const member = (email: string, afterRoles: readonly RoleId[], customers: readonly string[] | undefined, omitted: boolean, sites: SiteMap | undefined): void => {
    const person = byEmail.get(normalizeEmail(email));
    const heldSites = lowerSites(person?.siteRoles);
    // Undeclared sites are left as they are (a partner file's admin without sites:); declared ones are the whole list.
    const afterSites = sites === undefined ? heldSites : lowerSites(sites);
    const before = world ? [...(person?.roles ?? []), ...siteEntries(heldSites)] : null;
    const beforeRoles = (person && world ? person.roles : []) as RoleId[];
    const after = [...afterRoles, ...siteEntries(afterSites)];
    const privileges = privilegeChanges(world ? accessSummary(beforeRoles, org, heldSites) : EMPTY, accessSummary(afterRoles, org, afterSites));
    const assignedNow = person ? world?.assignments[person.id] : undefined;
    const customerChange = customers !== undefined && assignedNow !== undefined ? { assigned: diff(assignedNow, customers), unassigned: diff(customers, assignedNow) } : customers !== undefined && !world ? { assigned: [...customers], unassigned: [] } : undefined;
    const loses = [...diff(after, before ?? []), ...(customerChange?.unassigned ?? [])];
    const managedBefore = baseEmails?.has(normalizeEmail(email)) ?? false;
    people.push({
      email,
      ...(person?.displayName ? { displayName: person.displayName } : {}),
      kind: "member",
      before,
      after,
      added: diff(before ?? [], after),
      removed: diff(after, before ?? []),
      privileges,
      ...(world && !omitted && !managedBefore && loses.length > 0 ? { takeover: { loses, adopt: adopts.get(normalizeEmail(email)) ?? false, certain: baseEmails !== undefined } } : {}),
      ...(omitted ? { omitted } : {}),
      ...(customerChange && customerChange.assigned.length + customerChange.unassigned.length > 0 ? { customers: customerChange } : {}),
    });
  };
  for (const m of desired.members) member(m.email, m.roles ?? [], m.customers, false, m.sites);
  const declared = new Set(desired.members.map((m) => normalizeEmail(m.email)));
  for (const p of world?.people ?? []) {
    const holds = p.roles.length > 0 || Object.keys(p.siteRoles ?? {}).length > 0;
    if (p.orgId === orgId && holds && !declared.has(normalizeEmail(p.email))) member(p.email, [], undefined, true, {});
  }
  if (desired.org.kind === "customer") {
    const grants = new Map((world?.externalAdmins ?? []).filter((g) => g.orgId === orgId).map((g) => [g.personId, g]));
    const listed = new Set<string>();
    // The Contact Center Service Administrator role rides on the grant: listed beside the role.
    const held = (role: string | undefined, ccsa: boolean | undefined): string[] => (role ? [role, ...(ccsa ? ["contact_center_service_admin"] : [])] : []);
    const external = (email: string, after: string | undefined, ccsa: boolean | undefined): void => {
      const person = byEmail.get(normalizeEmail(email));
      const now = person ? grants.get(person.id) : undefined;
      if (person) listed.add(person.id);
      const before = world ? held(now?.role, now?.contactCenterServiceAdmin) : null;
      const afterList = held(after, ccsa);
      people.push({
        email,
        ...(person?.displayName ? { displayName: person.displayName } : {}),
        kind: "external",
        before,
        after: afterList,
        added: diff(before ?? [], afterList),
        removed: diff(afterList, before ?? []),
        privileges: privilegeChanges(world ? externalAccess(now?.role, now?.contactCenterServiceAdmin) : EMPTY, externalAccess(after, ccsa)),
      });
    };
    for (const x of desired.externalAdmins) external(x.email, x.role, x.contactCenterServiceAdmin);
    for (const [personId] of grants) {
      const person = world?.people.find((p) => p.id === personId);
      if (person && !listed.has(personId)) external(person.email, undefined, false);
    }
  }
  const restrictedMode = desired.restrictedMode.map((r) => ({
    orgId: r.orgId,
    before: world ? world.orgs.find((o) => o.id === r.orgId)?.restrictedMode ?? true : null,
    after: r.enabled ?? true,
  }));
  const pathOf = new Map(desired.members.map((m) => [normalizeEmail(m.email), m.path]));
  const takeoverViolations: ReportedViolation[] = people.flatMap((p) => {
    if (!p.takeover || p.takeover.adopt) return [];
    const path = joinAdopt(pathOf.get(normalizeEmail(p.email)));
    const line = options.lineOf?.(path.replace(/\.adopt$/, ""));
    const them = p.takeover.loses.length === 1 ? "it" : "them";
    // Without the base file it may be an ordinary change of an admin the file already managed.
    const sure = options.base !== undefined;
    return [{
      code: "adopt-required",
      severity: sure ? ("error" as const) : ("warning" as const),
      path,
      message: `${p.email} holds ${p.takeover.loses.join(", ")} outside this file and would lose ${them}${sure ? " (a takeover: the file did not list this admin before)" : " (a takeover if the file did not list this admin before; pass --base with the previous file to know)"}. List ${them} in the file, or set adopt: true on this admin to take ${them} over as declared.`,
      ...(line !== undefined ? { line } : {}),
    }];
  });
  const all = [...violations, ...takeoverViolations];
  const changed = people.filter((p) => p.added.length + p.removed.length > 0 || p.customers !== undefined);
  const mentioned = new Set([...changed.flatMap((p) => [...(p.customers?.assigned ?? []), ...(p.customers?.unassigned ?? [])]), ...restrictedMode.map((r) => r.orgId)]);
  const orgNames: Record<string, string> = {};
  for (const o of world?.orgs ?? []) if (mentioned.has(o.id) && o.displayName && o.displayName !== o.id) orgNames[o.id] = o.displayName;
  return {
    file,
    org: { kind: desired.org.kind, orgId, ...(org?.displayName && org.displayName !== orgId ? { displayName: org.displayName } : {}) },
    live: world !== undefined,
    people: changed,
    restrictedMode: restrictedMode.filter((r) => r.before !== r.after),
    orgNames,
    violations: all,
    summary: {
      changes: changed.length + restrictedMode.filter((r) => r.before !== r.after).length,
      takeovers: people.filter((p) => p.takeover).length,
      errors: all.filter((v) => v.severity === "error").length,
      warnings: all.filter((v) => v.severity === "warning").length,
    },
  };
}

const joinAdopt = (path: string | undefined): string => (path ? `${path}.adopt` : "admins");
