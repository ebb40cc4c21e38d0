/**
 * Per person, what a change of a GitOps file does: the baseline is the base file when there is one
 * (the pull request's base branch), else the live Hub, else nothing (offline: the roles as
 * declared). With both a base file and a Hub, the Hub adds facts — names, what it holds now, who
 * would take something over — but never becomes the baseline: a reviewer sees the change the pull
 * request makes, and separately where the Hub has drifted from the base.
 */
import type { GitOpsFile } from "./gitops/file";
import { privilegeChanges, type PrivilegeChange } from "./delta";
import type { RoleId, SiteRoleId } from "./rules/catalog";
import type { Desired, Org, Person, World } from "./rules/types";
import { accessSummary, externalSummary, type AccessSummary } from "./summary";
import { normalizeEmail } from "./email";
import { sameSet } from "./sets";

export interface PersonReview {
  readonly email: string;
  readonly displayName?: string;
  /** "member" of the declared org, or "external" administrator of a customer org. */
  readonly kind: "member" | "external";
  /** The roles before the change (the base file's, else the Hub's); null offline without a base file. */
  readonly before: readonly string[] | null;
  readonly after: readonly string[];
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly privileges: readonly PrivilegeChange[];
  /** The person holds roles (or customers) on the Hub that neither file lists, and loses them. */
  readonly takeover?: { readonly loses: readonly string[]; readonly adopt: boolean; readonly certain: boolean };
  /** The file leaves this admin out: an authoritative file removes their roles. */
  readonly omitted?: boolean;
  readonly customers?: { readonly assigned: readonly string[]; readonly unassigned: readonly string[] };
  /** With a base file and a Hub: what the Hub holds now, where it differs from the base file. */
  readonly live?: { readonly roles: readonly string[]; readonly customers?: readonly string[] };
  /** With a Hub: who made the Hub differ, from the org's admin audit trail (or why that is unknown). */
  readonly changedBy?: DriftAuthorship;
}

/** The author of a drift: `text` always, the admin and the time when an audit event names them. */
export interface DriftAuthorship {
  readonly text: string;
  readonly email?: string;
  readonly name?: string;
  /** ISO 8601, as the audit event says it. */
  readonly at?: string;
}

export interface PeopleReview {
  /** The people the change adds, removes or changes. */
  readonly changed: readonly PersonReview[];
  /** The people the change leaves alone whose roles on the Hub differ from the file: the apply resets them. */
  readonly drift: readonly PersonReview[];
}

type SiteMap = Readonly<Record<string, SiteRoleId>>;
/** What one person holds or is declared to hold; `customers` undefined: not known or not managed. */
interface Holding {
  readonly roles: readonly RoleId[];
  readonly sites: SiteMap;
  readonly customers?: readonly string[];
}
interface Declared {
  readonly roles: readonly RoleId[];
  readonly sites?: SiteMap;
  readonly customers?: readonly string[];
}

const diff = (a: readonly string[], b: readonly string[]): string[] => b.filter((x) => !a.includes(x));

/** What every person's plan opens with, member or external administrator: who, and the list before and after. */
function listChange(
  email: string,
  person: Person | undefined,
  kind: PersonReview["kind"],
  before: readonly string[] | null,
  after: readonly string[],
): Pick<PersonReview, "email" | "displayName" | "kind" | "before" | "after" | "added" | "removed"> {
  return {
    email,
    ...(person?.displayName ? { displayName: person.displayName } : {}),
    kind,
    before,
    after,
    added: diff(before ?? [], after),
    removed: diff(after, before ?? []),
  };
}
/** Site URLs are host names: compared lower-case. */
const lowerSites = (sites: SiteMap | undefined): Record<string, SiteRoleId> =>
  Object.fromEntries(Object.entries(sites ?? {}).map(([url, role]) => [url.toLowerCase(), role]));
/** A site role in a list of roles: `site_admin (acme.webex.com)`. */
const siteEntries = (sites: SiteMap): string[] =>
  Object.entries(sites)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([url, role]) => `${role} (${url})`);
const listOf = (h: Holding): string[] => [...h.roles, ...siteEntries(h.sites)];
const NOTHING: Holding = { roles: [], sites: {}, customers: [] };
const EMPTY: AccessSummary = { organization: {}, customers: { list: "none", privileges: {} }, withheld: [] };

/** The members a file declares, by normalized email; a partner file's admin without customers: has none. */
export function declaredMembers(parsed: GitOpsFile): Map<string, Declared> {
  const admins: ReadonlyArray<Declared & { email: string }> = parsed.file.admins.map((a) => ({
    email: a.email,
    roles: a.roles,
    ...(a.sites !== undefined ? { sites: a.sites } : {}),
    ...(parsed.kind === "partner" ? { customers: "customers" in a && a.customers ? a.customers : [] } : {}),
  }));
  return new Map(admins.map(({ email, ...declared }) => [normalizeEmail(email), declared]));
}

function liveOf(world: World, person: Person | undefined): Holding {
  if (!person) return NOTHING;
  const known = world.assignments[person.id];
  // Only partner and sales administrators are assigned customers: anyone else holds none.
  const assignable = person.roles.includes("partner_admin") || person.roles.includes("sales_admin");
  return {
    roles: person.roles,
    sites: lowerSites(person.siteRoles),
    ...(known ? { customers: known } : assignable ? {} : { customers: [] }),
  };
}

/** A declared entry as a holding; undeclared sites are left as they are (`live`), declared ones are the whole list. */
const holdingOf = (d: Declared | undefined, live: Holding | undefined): Holding =>
  d
    ? {
        roles: d.roles,
        sites: d.sites === undefined ? (live?.sites ?? {}) : lowerSites(d.sites),
        ...(d.customers ? { customers: d.customers } : {}),
      }
    : NOTHING;

interface ReviewFacts {
  readonly world?: World;
  readonly org: Org | undefined;
  readonly base?: ReadonlyMap<string, Declared>;
  readonly adopts: ReadonlyMap<string, boolean>;
  readonly byEmail: ReadonlyMap<string, Person>;
}

const customerDelta = (before: readonly string[] | undefined, after: readonly string[] | undefined) =>
  before !== undefined && after !== undefined
    ? { assigned: diff(before, after), unassigned: diff(after, before) }
    : undefined;

function memberReview(
  ctx: ReviewFacts,
  email: string,
  declared: Declared | undefined,
): { review: PersonReview; drift: boolean } {
  const key = normalizeEmail(email);
  const person = ctx.byEmail.get(key);
  const live = ctx.world ? liveOf(ctx.world, person) : undefined;
  const after = holdingOf(declared, live);
  const before = ctx.base ? holdingOf(ctx.base.get(key), live) : live;
  const beforeList = before ? listOf(before) : null;
  const customers = before
    ? customerDelta(before.customers, after.customers)
    : { assigned: [...(after.customers ?? [])], unassigned: [] };
  const privileges = privilegeChanges(
    before ? accessSummary(before.roles, ctx.org, before.sites) : EMPTY,
    accessSummary(after.roles, ctx.org, after.sites),
  );
  const liveCustomersDiffer =
    live?.customers !== undefined && before?.customers !== undefined && !sameSet(live.customers, before.customers);
  const liveDiffers =
    ctx.base !== undefined && live !== undefined && (!sameSet(listOf(live), beforeList ?? []) || liveCustomersDiffer);
  const review: PersonReview = {
    ...listChange(email, person, "member", beforeList, listOf(after)),
    privileges,
    ...takeoverOf(ctx, key, declared, live, after),
    ...(declared === undefined && beforeList !== null && beforeList.length > 0 ? { omitted: true } : {}),
    ...(customers && customers.assigned.length + customers.unassigned.length > 0 ? { customers } : {}),
    ...(liveDiffers && live
      ? {
          live: {
            roles: listOf(live),
            ...(liveCustomersDiffer && live.customers ? { customers: live.customers } : {}),
          },
        }
      : {}),
  };
  const liveVsAfter =
    live !== undefined &&
    (!sameSet(listOf(live), listOf(after)) ||
      (live.customers !== undefined && after.customers !== undefined && !sameSet(live.customers, after.customers)));
  return { review, drift: ctx.base !== undefined && liveVsAfter };
}

/** A takeover: an admin the base did not list (or, without one, any listed admin) who loses what the Hub holds. */
function takeoverOf(
  ctx: ReviewFacts,
  key: string,
  declared: Declared | undefined,
  live: Holding | undefined,
  after: Holding,
): Pick<PersonReview, "takeover"> {
  if (!live || !declared || ctx.base?.has(key)) return {};
  const loses = [
    ...diff(listOf(after), listOf(live)),
    ...diff(after.customers ?? live.customers ?? [], live.customers ?? []),
  ];
  return loses.length > 0
    ? { takeover: { loses, adopt: ctx.adopts.get(key) ?? false, certain: ctx.base !== undefined } }
    : {};
}

const isChange = (p: PersonReview): boolean => p.added.length + p.removed.length > 0 || p.customers !== undefined;

export interface PeopleInput {
  readonly parsed: GitOpsFile;
  readonly desired: Desired;
  readonly world?: World;
  readonly org: Org | undefined;
  readonly base?: GitOpsFile;
}

export function peopleReview(input: PeopleInput): PeopleReview {
  const { parsed, desired, world } = input;
  const base = input.base ? declaredMembers(input.base) : undefined;
  const ctx: ReviewFacts = {
    ...(world ? { world } : {}),
    org: input.org,
    ...(base ? { base } : {}),
    adopts: new Map(parsed.file.admins.map((a) => [normalizeEmail(a.email), a.adopt === true])),
    byEmail: new Map((world?.people ?? []).map((p) => [normalizeEmail(p.email), p])),
  };
  const seen = new Set<string>();
  const results: Array<{ review: PersonReview; drift: boolean }> = [];
  const visit = (email: string, declared: Declared | undefined): void => {
    if (seen.has(normalizeEmail(email))) return;
    seen.add(normalizeEmail(email));
    results.push(memberReview(ctx, email, declared));
  };
  for (const m of desired.members)
    visit(m.email, {
      roles: m.roles ?? [],
      ...(m.sites ? { sites: m.sites } : {}),
      ...(m.customers ? { customers: m.customers } : {}),
    });
  for (const a of input.base?.file.admins ?? []) visit(a.email, undefined);
  for (const p of world?.people ?? []) {
    const holds = p.roles.length > 0 || Object.keys(p.siteRoles ?? {}).length > 0;
    if (p.orgId === desired.org.orgId && holds) visit(p.email, undefined);
  }
  const externals = desired.org.kind === "customer" ? externalReviews(input, ctx) : [];
  const all = [...results, ...externals];
  return {
    changed: all.filter((r) => isChange(r.review)).map((r) => r.review),
    drift: all.filter((r) => !isChange(r.review) && r.drift).map((r) => r.review),
  };
}

interface Grant {
  readonly role?: string;
  readonly ccsa?: boolean;
}
/** The Contact Center Service Administrator role rides on the grant: listed beside the role. */
const grantList = (g: Grant | undefined): string[] =>
  g?.role ? [g.role, ...(g.ccsa ? ["contact_center_service_admin"] : [])] : [];
const externalAccess = (g: Grant | undefined): AccessSummary =>
  g?.role === "external_full_admin" || g?.role === "external_readonly_admin"
    ? { ...EMPTY, organization: externalSummary(g.role, { contactCenterServiceAdmin: g.ccsa === true }) }
    : EMPTY;

function externalReviews(input: PeopleInput, ctx: ReviewFacts): Array<{ review: PersonReview; drift: boolean }> {
  const orgId = input.desired.org.orgId;
  const liveGrants = new Map(
    (ctx.world?.externalAdmins ?? []).filter((g) => g.orgId === orgId).map((g) => [g.personId, g]),
  );
  const baseGrants =
    input.base?.kind === "customer"
      ? new Map(
          (input.base.file.externalAdmins ?? []).map((x) => [
            normalizeEmail(x.email),
            { role: x.role, ccsa: x.contactCenterServiceAdmin === true },
          ]),
        )
      : undefined;
  const declared = new Map(
    input.desired.externalAdmins.map((x) => [
      normalizeEmail(x.email),
      { role: x.role, ccsa: x.contactCenterServiceAdmin === true },
    ]),
  );
  const emails = [
    ...input.desired.externalAdmins.map((x) => x.email),
    ...(input.base?.kind === "customer" ? (input.base.file.externalAdmins ?? []).map((x) => x.email) : []),
  ];
  for (const [personId] of liveGrants) {
    const person = ctx.world?.people.find((p) => p.id === personId);
    if (person) emails.push(person.email);
  }
  const seen = new Set<string>();
  return emails
    .filter((e) => !seen.has(normalizeEmail(e)) && seen.add(normalizeEmail(e)))
    .map((email) => {
      const person = ctx.byEmail.get(normalizeEmail(email));
      const now = person ? liveGrants.get(person.id) : undefined;
      const live: Grant | undefined = ctx.world
        ? { ...(now ? { role: now.role, ccsa: now.contactCenterServiceAdmin === true } : {}) }
        : undefined;
      const after = declared.get(normalizeEmail(email));
      const before = baseGrants ? (baseGrants.get(normalizeEmail(email)) ?? {}) : live;
      const beforeList = before ? grantList(before) : null;
      const liveDiffers = baseGrants !== undefined && live !== undefined && !sameSet(grantList(live), beforeList ?? []);
      const review: PersonReview = {
        ...listChange(email, person, "external", beforeList, grantList(after)),
        privileges: privilegeChanges(before ? externalAccess(before) : EMPTY, externalAccess(after)),
        ...(liveDiffers && live ? { live: { roles: grantList(live) } } : {}),
      };
      return {
        review,
        drift: baseGrants !== undefined && live !== undefined && !sameSet(grantList(live), grantList(after)),
      };
    });
}
