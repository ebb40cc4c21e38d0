/**
 * PartnerAdmin: the organization roles of an existing user of the partner org, and, when `sites`
 * is given, their Webex site roles on the partner's own sites. The resource is authoritative for
 * what it declares (without `sites`, site roles are left as they are); its id is the Hub person id.
 */
import type { RoleId, SiteRoleId } from "../../core";
import type { Desired, RuleCode, Violation, World } from "../../core";
import { PLAN_CODES } from "../../core";
import { failuresOf } from "../failures";
import type { HubPerson } from "../../hub";
import { failureOfError, RefusedError, schemaFailures, throwOnErrors, type CheckFailure } from "../failures";
import { known } from "../unknowns";
import { logInfo } from "../log";
import { normalizeEmail as normalize } from "../../core";
import { bindOperations, ProviderContext, type Live, type ResourceOperations } from "../context";
import { updatePersonSafely, type GuardedOrg } from "../lockoutGuard";
import type { ConfigSource } from "../../hub";
import { partnerAdminDescriptor } from "../../core";
import { personName, privilegeSummary } from "../summary";
import { adoptProblem, changeOf, heldSitesText, holdsDeclared, removalOf, sameSites, siteChangeText, siteKey, sitesUnsupported, sortRoles, writePerson, type SiteRoles } from "../personRoles";
import { normalized, plannedOf, withoutDrift, type Internal } from "../internal";
import { personDiff, personDrift } from "../personDiff";
import { changed, type DiffOutcome } from "../detailedDiff";
import type { DriftNote } from "../drift";

export { sortRoles } from "../personRoles";

export interface PartnerAdminInputs extends Internal {
  email: string;
  roles: RoleId[];
  /** Webex site URL → site role, authoritative. Absent: the resource leaves site roles alone. */
  sites?: SiteRoles;
  adopt?: boolean;
  /** Set by `check` when the Hub drifted from the last apply: what the update reverts. */
  drift?: DriftNote;
}

export interface PartnerAdminOutputs extends PartnerAdminInputs {
  personId: string;
  orgId: string;
  displayName: string;
  /** Roles the Hub holds that the catalog has no id for, by name: kept by every write, shown here. */
  unknownRoles: string[];
}

/** Only lockout and privilege can stop a delete: the roles being removed need no other check. */
const DELETE_GUARDS: readonly RuleCode[] = ["last-full-admin", "actor-lacks-privilege"];

/** What a resource of a planned program leaves to the plan at preview. */
const judgedByPlan = (planned: unknown) => (v: Violation): boolean => planned !== true || !PLAN_CODES.includes(v.code);

type SiteMap = Readonly<Record<string, SiteRoleId>> | undefined;

function desiredOf(world: World, email: string, roles: readonly RoleId[] | undefined, sites: SiteMap): Desired {
  return {
    org: { kind: "partner", orgId: world.partnerOrgId },
    authoritative: false,
    members: [{ email, roles, ...(sites !== undefined ? { sites } : {}), path: "", rolesPath: "roles", sitesPath: "sites" }],
    externalAdmins: [],
    restrictedMode: [],
  };
}

/** What a create does in privileges, and a takeover said as one: for the reviewer of the preview. */
function sayCreate(person: HubPerson, roles: readonly RoleId[], sites: SiteMap, world: World): void {
  const email = person.emails[0] ?? "";
  const wanted = siteKey(sites);
  const lost = [...person.roles.filter((r) => !roles.includes(r)), ...(sites === undefined ? [] : Object.entries(siteKey(person.siteRoles)).filter(([url, role]) => wanted[url] !== role).map(([url, role]) => `${role} of ${url}`))];
  const takeover = lost.length > 0 ? ` TAKEOVER (adopt): ${email} holds [${person.roles.join(", ")}${heldSitesText(person)}] outside this declaration and loses [${lost.join(", ")}];` : "";
  logInfo(`PartnerAdmin ${personName(world, email)}: create [${person.roles.join(", ")}] → [${sortRoles(roles).join(", ")}]${siteChangeText(person.siteRoles, sites)};${takeover} ${delta(person, roles, sites, world)}`);
}

/** The privileges a change moves, site roles included when the resource manages them. */
function delta(person: HubPerson | undefined, roles: readonly RoleId[], sites: SiteMap, world: World): string {
  const before = person?.roles ?? [];
  const org = world.orgs.find((o) => o.id === (person?.orgId ?? world.partnerOrgId));
  const held = siteKey(person?.siteRoles);
  return privilegeSummary(before, roles, org, { before: held, after: sites === undefined ? held : siteKey(sites) }, `PartnerAdmin ${person?.emails[0] ?? ""}`);
}

/**
 * The Hub as the token sees it (hub/live.ts) for this admin: looked up by email when not listed, and
 * the orgs of the Webex sites declared for them learned from the people who use those sites.
 */
function context(ctx: ProviderContext, email = "", sites?: SiteMap, preview = false): Promise<Live> {
  const member = { email, roles: undefined, ...(sites !== undefined ? { sites } : {}), path: "" };
  return ctx.live([{ org: { kind: "partner", orgId: "" }, authoritative: false, members: email ? [member] : [], externalAdmins: [], restrictedMode: [] }], preview);
}

/** Small on purpose (the state is written after every step); the SDK works out `access` from the roles. */
function outputsOf(inputs: PartnerAdminInputs, person: HubPerson): PartnerAdminOutputs {
  // `sites` stays as declared; the site roles the Hub holds are read back by `read`.
  return { ...withoutDrift(inputs), personId: person.id, orgId: person.orgId, displayName: person.displayName, unknownRoles: person.unknownRoles.map((r) => r.name) };
}

async function check(ctx: ProviderContext, olds: Partial<PartnerAdminInputs>, raw: PartnerAdminInputs): Promise<{ inputs: PartnerAdminInputs; failures: CheckFailure[] }> {
  const news = normalized(raw);
  const failures = schemaFailures(partnerAdminDescriptor, news);
  if (failures.length > 0) return { inputs: news, failures };
  const email = known(news.email);
  const roles = known(news.roles);
  // An unknown map skips the site rules; an absent one leaves site roles unmanaged.
  const sites = known(news.sites);
  const sitesKnown = sites === news.sites;
  try {
    const { hub, world, actor } = await context(ctx, email, sitesKnown ? sites : undefined, true);
    // Without a known email there is nobody to look up: the static rules still run.
    const live = email !== undefined ? { world, actor } : {};
    const found = failuresOf(ctx.evaluate({ desired: desiredOf(world, email ?? "", roles, sites), ...live }).filter(judgedByPlan(plannedOf(news))));
    const creating = olds.email === undefined || (email !== undefined && normalize(olds.email) !== normalize(email));
    // A Hub that keeps no site roles is said at preview, also when an existing admin gains them.
    const newSites = sitesKnown && Object.keys(sites ?? {}).length > 0 && (creating || !sameSites(olds.sites, sites));
    // Only with everything it depends on known (an unknown `adopt` is checked again at apply).
    const adoptable = creating && roles !== undefined && sitesKnown && known(news.adopt) === news.adopt;
    if (email !== undefined && (adoptable || newSites)) {
      const person = await hub.personByEmail(email);
      const unsupported = sitesUnsupported(person, sites, email);
      if (unsupported) found.push(unsupported);
      const problem = adoptable ? adoptProblem(person, roles, sites, news.adopt) : undefined;
      if (problem) found.push({ property: "adopt", reason: problem });
      else if (adoptable && person && found.length === 0) sayCreate(person, roles, sites, world);
    }
    const drift = !creating && email !== undefined && roles !== undefined && sitesKnown ? personDrift(await hub.personByEmail(email), olds, roles, sites) : {};
    return { inputs: { ...news, ...drift }, failures: found };
  } catch (error) {
    return { inputs: news, failures: failureOfError(error) };
  }
}

async function diff(ctx: ProviderContext, id: string, olds: PartnerAdminOutputs, news: PartnerAdminInputs): Promise<DiffOutcome> {
  const email = known(news.email);
  const roles = known(news.roles);
  const sites = known(news.sites);
  if (email === undefined || roles === undefined || sites !== news.sites) return { changes: true };
  if (normalize(olds.email) !== normalize(email)) return { changes: true, replaces: ["email"], detailedDiff: { email: { kind: "update-replace" } } };
  const { hub, world, actor } = await context(ctx, email, sites, true);
  const person = (await hub.person(id)) ?? (await hub.personByEmail(email));
  const liveRoles = person?.roles ?? [];
  if (person && holdsDeclared(person, roles, sites)) return { changes: false };
  throwOnErrors(ctx.evaluate({ desired: desiredOf(world, email, roles, sites), world, actor }).filter(judgedByPlan(plannedOf(news))), `Changing the roles of ${email}`);
  // Site roles count as drift only where both the last apply and this one manage them.
  const drifted = person && !holdsDeclared(person, olds.roles ?? [], sites === undefined ? undefined : olds.sites);
  const drift = drifted ? ` (drift: the Hub holds [${liveRoles.join(", ")}]${sites === undefined ? "" : heldSitesText(person)}, not the last applied [${(olds.roles ?? []).join(", ")}])` : "";
  logInfo(`PartnerAdmin ${personName(world, email)}: [${liveRoles.join(", ")}] → [${sortRoles(roles).join(", ")}]${siteChangeText(person?.siteRoles, sites)}${drift}; ${delta(person, roles, sites, world)}`);
  return changed(personDiff(person, olds, news, roles, sites));
}

/** The partner org, for the lockout guard of a write that takes full_admin from someone. */
const partnerOrg = (world: World): GuardedOrg => ({ id: world.partnerOrgId, customer: false });

/** Makes the Hub hold the declared roles (and site roles, when managed) in one read-modify-write. */
async function write(live: Live, id: string, inputs: PartnerAdminInputs, checkAdopt: boolean, before: () => HubPerson | undefined): Promise<PartnerAdminOutputs> {
  const losesFullAdmin = before()?.roles.includes("full_admin") === true && !inputs.roles.includes("full_admin");
  const action = `Changing the roles of PartnerAdmin ${inputs.email}`;
  const updated = await writePerson<HubPerson>((mutate) => updatePersonSafely(live, partnerOrg(live.world), id, mutate, losesFullAdmin, action), (fresh) => {
    // Checked again under the person's lock, against the person as the Hub holds them now.
    const problem = checkAdopt ? adoptProblem(fresh, inputs.roles, inputs.sites, inputs.adopt) : undefined;
    if (problem) throw new RefusedError(problem);
    return changeOf(fresh, inputs.roles, inputs.sites);
  }, { what: `PartnerAdmin ${inputs.email}`, id, properties: () => { const person = before(); return person ? outputsOf(inputs, person) : { ...inputs }; } });
  return outputsOf(inputs, updated);
}

async function create(ctx: ProviderContext, inputs: PartnerAdminInputs): Promise<{ id: string; outs: PartnerAdminOutputs }> {
  const live = await context(ctx, inputs.email, inputs.sites);
  const { world, actor } = live;
  ctx.guard({ desired: desiredOf(world, inputs.email, inputs.roles, inputs.sites), world, actor }, `Creating PartnerAdmin ${inputs.email}`);
  const person = await live.hub.personByEmail(inputs.email);
  if (!person) throw new RefusedError(`[unknown-user] no user ${inputs.email} in the partner org; create the user in the Hub first`);
  return { id: person.id, outs: await write(live, person.id, inputs, true, () => person) };
}

async function update(ctx: ProviderContext, id: string, _olds: PartnerAdminOutputs, news: PartnerAdminInputs): Promise<{ outs: PartnerAdminOutputs }> {
  const live = await context(ctx, news.email, news.sites);
  const { world, actor } = live;
  ctx.guard({ desired: desiredOf(world, news.email, news.roles, news.sites), world, actor }, `Updating PartnerAdmin ${news.email}`);
  const person = await live.hub.person(id);
  if (!person) throw new RefusedError(`[unknown-user] the user ${news.email} (${id}) no longer exists in the partner org; run pulumi refresh`);
  return { outs: await write(live, id, news, false, () => person) };
}

async function read(ctx: ProviderContext, id: string, props: PartnerAdminOutputs): Promise<{ id: string; props?: PartnerAdminOutputs; inputs?: PartnerAdminInputs }> {
  const hub = ctx.hub();
  const person = await hub.person(id);
  if (!person) return { id: "" };
  const inputs: PartnerAdminInputs = {
    email: person.emails[0] ?? props.email,
    roles: sortRoles(person.roles),
    // Only a resource that manages site roles reads them back (and then sees them drift).
    ...(props.sites !== undefined ? { sites: siteKey(person.siteRoles) } : {}),
    ...(props.adopt !== undefined ? { adopt: props.adopt } : {}),
    ...(plannedOf(props) !== undefined ? { __planned: plannedOf(props) === true } : {}),
  };
  return { id, props: outputsOf(inputs, person), inputs };
}

async function remove(ctx: ProviderContext, id: string, props: PartnerAdminOutputs): Promise<void> {
  const live = await context(ctx, props.email);
  const { hub, world, actor } = live;
  const person = await hub.person(id);
  if (!person) return;
  const declared = props.roles ?? [];
  const remaining = person.roles.filter((role) => !declared.includes(role));
  const declaredSites = props.sites === undefined ? undefined : siteKey(props.sites);
  const remainingSites = declaredSites === undefined ? undefined : Object.fromEntries(Object.entries(siteKey(person.siteRoles)).filter(([url]) => declaredSites[url] === undefined));
  ctx.guard({ desired: desiredOf(world, person.emails[0] ?? props.email, remaining, remainingSites), world, actor }, `Deleting PartnerAdmin ${props.email}`, DELETE_GUARDS);
  logInfo(`PartnerAdmin ${personName(world, props.email)}: delete [${person.roles.join(", ")}] → [${remaining.join(", ")}]${siteChangeText(person.siteRoles, remainingSites)}; ${delta(person, remaining, remainingSites, world)}`);
  const losesFullAdmin = declared.includes("full_admin") && person.roles.includes("full_admin");
  await updatePersonSafely(live, partnerOrg(world), id, (fresh) => removalOf(fresh, declared, declaredSites), losesFullAdmin, `Deleting PartnerAdmin ${props.email}`);
}

const operations: ResourceOperations<PartnerAdminInputs, PartnerAdminOutputs> = { check, diff, create, read, update, delete: remove };

/** The provider for one configuration (the dynamic-provider process calls this in `configure()`). */
export const createProvider = (config?: ConfigSource) => bindOperations(operations, new ProviderContext(config));
