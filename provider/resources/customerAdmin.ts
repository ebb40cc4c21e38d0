/**
 * CustomerAdmin: the Control Hub organization roles (Contact Center Service Administrator
 * included) of an existing member of a customer org, and their Webex site roles per site.
 * Authoritative for that person's roles and site roles; applied with the token of one of the
 * customer's full admins, an external full admin there, or a partner administrator whose access in
 * that customer still lets it assign roles. Its id is the Hub person id.
 */
import type { RoleId, SiteRoleId } from "../../core";
import type { Desired, RuleCode, Violation, World } from "../../core";
import { PLAN_CODES } from "../../core";
import { failureOfError, failuresOf, RefusedError, schemaFailures, throwOnErrors, type CheckFailure } from "../failures";
import { known } from "../unknowns";
import { logInfo } from "../log";
import { normalizeEmail as normalize } from "../../core";
import { bindOperations, ProviderContext, type Live, type ResourceOperations } from "../context";
import { updatePersonSafely } from "../lockoutGuard";
import type { ConfigSource } from "../../hub";
import { customerAdminDescriptor } from "../../core";
import { accessSummary, type AccessSummary } from "../../core";
import { orgName, personName, privilegeSummary } from "../summary";
import { type Change, adoptProblem, changeOf, writePerson, removalOf, siteKey, sitesUnsupported, holdsDeclared, heldSitesText, siteChangeText, sortRoles, type SiteRoles } from "../personRoles";

import { normalized, plannedOf, withoutDrift, type Internal } from "../internal";
import { personDiff, personDrift } from "../personDiff";
import { changed, type DiffOutcome } from "../detailedDiff";
import type { DriftNote } from "../drift";

export type { SiteRoles } from "../personRoles";
export { siteKey } from "../personRoles";

/** The person as the Hub session hands it out: the fields this resource reads. */
interface SessionPerson {
  readonly id: string;
  readonly emails: readonly string[];
  readonly displayName?: string;
  readonly orgId: string;
  readonly roles: readonly RoleId[];
  /** Absent when the Hub keeps no site roles at all (an extension of the mock Hub). */
  readonly siteRoles?: Readonly<Record<string, SiteRoleId>>;
}

export interface CustomerAdminInputs extends Internal {
  orgId: string;
  email: string;
  roles: RoleId[];
  /** Webex site URL → site role. Absent: the person holds no site role. */
  sites?: SiteRoles;
  adopt?: boolean;
  /** Set by `check` when the Hub drifted from the last apply: what the update reverts. */
  drift?: DriftNote;
}

export interface CustomerAdminOutputs extends CustomerAdminInputs {
  personId: string;
  displayName: string;
  access: AccessSummary;
}

/** Only lockout and privilege can stop a delete: the roles being removed need no other check. */
const DELETE_GUARDS: readonly RuleCode[] = ["last-full-admin", "actor-lacks-privilege"];

const judgedByPlan = (planned: unknown) => (v: Violation): boolean => planned !== true || !PLAN_CODES.includes(v.code);

function desiredOf(orgId: string, email: string, roles: readonly RoleId[] | undefined, sites: Readonly<Record<string, SiteRoleId>> | undefined): Desired {
  return {
    org: { kind: "customer", orgId },
    authoritative: false,
    members: [{ email, roles, ...(sites !== undefined ? { sites } : {}), path: "", rolesPath: "roles", sitesPath: "sites" }],
    externalAdmins: [],
    restrictedMode: [],
  };
}

/** The Hub as the token sees it for this declaration (hub/live.ts), the org's external admins included. */
function context(ctx: ProviderContext, desired: Desired, preview = false): Promise<Live> {
  return ctx.live([desired], preview);
}

function orgOf(world: World, orgId: string): World["orgs"][number] | undefined {
  return world.orgs.find((o) => o.id === orgId);
}

/** One line a reviewer reads: roles and site roles before → after, and the privileges that moves. */
function say(verb: string, email: string, person: SessionPerson | undefined, roles: readonly RoleId[], sites: SiteRoles, world: World, orgId: string, extra = ""): void {
  const beforeRoles = person?.roles ?? [];
  const beforeSites = person?.siteRoles ?? {};
  const siteText = siteChangeText(beforeSites, sites);
  const delta = privilegeSummary(beforeRoles, roles, orgOf(world, orgId), { before: siteKey(beforeSites), after: siteKey(sites) }, `CustomerAdmin ${email}`);
  logInfo(`CustomerAdmin ${personName(world, email)} in ${orgName(world, orgId)}: ${verb}[${beforeRoles.join(", ")}] → [${sortRoles(roles).join(", ")}]${siteText}${extra}; ${delta}`);
}

function outputsOf(inputs: CustomerAdminInputs, person: SessionPerson, world: World): CustomerAdminOutputs {
  return {
    ...withoutDrift(inputs),
    personId: person.id,
    displayName: person.displayName ?? inputs.email,
    access: accessSummary(person.roles, orgOf(world, inputs.orgId), siteKey(person.siteRoles)),
  };
}

async function check(ctx: ProviderContext, olds: Partial<CustomerAdminInputs>, raw: CustomerAdminInputs): Promise<{ inputs: CustomerAdminInputs; failures: CheckFailure[] }> {
  const news = normalized(raw);
  const failures = schemaFailures(customerAdminDescriptor, news);
  if (failures.length > 0) return { inputs: news, failures };
  const orgId = known(news.orgId);
  const email = known(news.email);
  const roles = known(news.roles);
  // An unknown map skips the site rules; an absent one declares no site role.
  const sites = known(news.sites) === undefined && news.sites !== undefined ? undefined : news.sites ?? {};
  try {
    if (orgId === undefined || email === undefined) {
      return { inputs: news, failures: ctx.failures({ desired: desiredOf(orgId ?? "", email ?? "", roles, sites) }) };
    }
    const missing = await ctx.orgFailures(orgId);
    if (missing.length > 0) return { inputs: news, failures: missing };
    const { hub, world, actor } = await context(ctx, desiredOf(orgId, email, roles, sites), true);
    const found = failuresOf(ctx.evaluate({ desired: desiredOf(orgId, email, roles, sites), world, actor }).filter(judgedByPlan(plannedOf(news))));
    const creating = olds.email === undefined || normalize(olds.email) !== normalize(email) || olds.orgId !== orgId;
    if (creating && roles !== undefined && sites !== undefined && known(news.adopt) === news.adopt) {
      const byEmail = await hub.personByEmail(email);
      // Someone of another org is unknown-user's to report, not a takeover.
      const person = byEmail?.orgId === orgId ? byEmail : undefined;
      const unsupported = sitesUnsupported(byEmail, sites, email);
      if (unsupported) found.push(unsupported);
      const problem = adoptProblem(person, roles, sites, news.adopt);
      if (problem) found.push({ property: "adopt", reason: problem });
      else if (person && found.length === 0) say("create ", email, person, roles, sites, world, orgId, person.roles.length + Object.keys(person.siteRoles ?? {}).length > 0 && news.adopt === true ? " TAKEOVER (adopt)" : "");
    }
    const existing = !creating && roles !== undefined && sites !== undefined ? await hub.personByEmail(email) : undefined;
    const drift = existing?.orgId === orgId && roles !== undefined ? personDrift(existing, { roles: olds.roles ?? [], sites: olds.sites ?? {} }, roles, sites) : {};
    return { inputs: { ...news, ...drift }, failures: found };
  } catch (error) {
    return { inputs: news, failures: failureOfError(error) };
  }
}

async function diff(ctx: ProviderContext, id: string, olds: CustomerAdminOutputs, news: CustomerAdminInputs): Promise<DiffOutcome> {
  const inputs = known(news);
  if (inputs === undefined) return { changes: true };
  const replaces = [...(olds.orgId !== inputs.orgId ? ["orgId"] : []), ...(normalize(olds.email) !== normalize(inputs.email) ? ["email"] : [])];
  if (replaces.length > 0) return { changes: true, replaces, detailedDiff: Object.fromEntries(replaces.map((p) => [p, { kind: "update-replace" }])) };
  const sites = inputs.sites ?? {};
  const { hub, world, actor } = await context(ctx, desiredOf(inputs.orgId, inputs.email, inputs.roles, sites), true);
  const person = (await hub.person(id)) ?? (await hub.personByEmail(inputs.email));
  if (person && holdsDeclared(person, inputs.roles, sites)) return { changes: false };
  throwOnErrors(ctx.evaluate({ desired: desiredOf(inputs.orgId, inputs.email, inputs.roles, sites), world, actor }).filter(judgedByPlan(plannedOf(inputs))), `Changing the roles of ${inputs.email} in ${inputs.orgId}`);
  const drifted = person && !holdsDeclared(person, olds.roles ?? [], olds.sites ?? {});
  say("", inputs.email, person, inputs.roles, sites, world, inputs.orgId, drifted ? ` (drift: the Hub holds [${person.roles.join(", ")}]${heldSitesText(person)}, not the last applied)` : "");
  return changed(personDiff(person, { roles: olds.roles, sites: olds.sites ?? {} }, { ...inputs, sites }, inputs.roles, sites));
}

/** Makes the Hub hold the declared roles and site roles, in one read-modify-write of the person. */
async function write(live: Live, person: SessionPerson, inputs: CustomerAdminInputs, checkAdopt: boolean): Promise<CustomerAdminOutputs> {
  const sites = siteKey(inputs.sites);
  const losesFullAdmin = person.roles.includes("full_admin") && !inputs.roles.includes("full_admin");
  const action = `Changing the roles of CustomerAdmin ${inputs.email} in ${inputs.orgId}`;
  const guarded = (mutate: (fresh: SessionPerson) => Change | undefined) => updatePersonSafely(live, { id: inputs.orgId, customer: true }, person.id, mutate, losesFullAdmin, action);
  const now = await writePerson<SessionPerson>(guarded, (fresh) => {
    // Checked again under the person's lock, against the person as the Hub holds them now.
    const problem = checkAdopt ? adoptProblem(fresh, inputs.roles, sites, inputs.adopt) : undefined;
    if (problem) throw new RefusedError(problem);
    return changeOf(fresh, inputs.roles, sites);
  }, { what: `CustomerAdmin ${inputs.email}`, id: person.id, properties: () => outputsOf(inputs, person, live.world) });
  return outputsOf(inputs, now, live.world);
}

async function create(ctx: ProviderContext, inputs: CustomerAdminInputs): Promise<{ id: string; outs: CustomerAdminOutputs }> {
  const live = await context(ctx, desiredOf(inputs.orgId, inputs.email, inputs.roles, inputs.sites ?? {}));
  ctx.guard({ desired: desiredOf(inputs.orgId, inputs.email, inputs.roles, inputs.sites ?? {}), world: live.world, actor: live.actor }, `Creating CustomerAdmin ${inputs.email} in ${inputs.orgId}`);
  const person = await live.hub.personByEmail(inputs.email);
  if (!person || person.orgId !== inputs.orgId) throw new RefusedError(`[unknown-user] no user ${inputs.email} in ${inputs.orgId}; create the user in the Hub first, or declare a user of another org as an ExternalAdmin`);
  return { id: person.id, outs: await write(live, person, inputs, true) };
}

async function update(ctx: ProviderContext, id: string, _olds: CustomerAdminOutputs, news: CustomerAdminInputs): Promise<{ outs: CustomerAdminOutputs }> {
  const live = await context(ctx, desiredOf(news.orgId, news.email, news.roles, news.sites ?? {}));
  ctx.guard({ desired: desiredOf(news.orgId, news.email, news.roles, news.sites ?? {}), world: live.world, actor: live.actor }, `Updating CustomerAdmin ${news.email} in ${news.orgId}`);
  const person = await live.hub.person(id);
  if (!person) throw new RefusedError(`[unknown-user] the user ${news.email} (${id}) no longer exists in ${news.orgId}; run pulumi refresh`);
  return { outs: await write(live, person, news, false) };
}

async function read(ctx: ProviderContext, id: string, props: CustomerAdminOutputs): Promise<{ id: string; props?: CustomerAdminOutputs; inputs?: CustomerAdminInputs }> {
  const hub = ctx.hub();
  const [person, world] = await Promise.all([hub.person(id), hub.world()]);
  if (!person || person.orgId !== props.orgId) return { id: "" };
  const sites = siteKey(person.siteRoles);
  const inputs: CustomerAdminInputs = {
    orgId: props.orgId,
    email: person.emails[0] ?? props.email,
    roles: sortRoles(person.roles),
    // Keep "no sites" as the program wrote it, so a refresh of an unchanged person is no diff.
    ...(props.sites !== undefined || Object.keys(sites).length > 0 ? { sites } : {}),
    ...(props.adopt !== undefined ? { adopt: props.adopt } : {}),
    ...(plannedOf(props) !== undefined ? { __planned: plannedOf(props) === true } : {}),
  };
  return { id, props: outputsOf(inputs, person, world), inputs };
}

async function remove(ctx: ProviderContext, id: string, props: CustomerAdminOutputs): Promise<void> {
  const { hub, world, actor } = await context(ctx, desiredOf(props.orgId, props.email, [], {}));
  const person = await hub.person(id);
  if (!person) return;
  const declared = props.roles ?? [];
  const declaredSites = siteKey(props.sites);
  const remaining = person.roles.filter((role) => !declared.includes(role));
  const remainingSites = Object.fromEntries(Object.entries(siteKey(person.siteRoles)).filter(([url]) => declaredSites[url] === undefined));
  const email = person.emails[0] ?? props.email;
  // The engine plans a delete without asking: the lockout guard acts here, before the Hub is touched.
  ctx.guard({ desired: desiredOf(props.orgId, email, remaining, remainingSites), world, actor }, `Deleting CustomerAdmin ${props.email} of ${props.orgId}`, DELETE_GUARDS);
  say("delete ", email, person, remaining, remainingSites, world, props.orgId);
  const losesFullAdmin = declared.includes("full_admin") && person.roles.includes("full_admin");
  await updatePersonSafely({ hub, world }, { id: props.orgId, customer: true }, id, (fresh) => removalOf(fresh, declared, declaredSites), losesFullAdmin, `Deleting CustomerAdmin ${props.email} of ${props.orgId}`);
}

const operations: ResourceOperations<CustomerAdminInputs, CustomerAdminOutputs> = { check, diff, create, read, update, delete: remove };

/** The provider for one configuration (the dynamic-provider process calls this in `configure()`). */
export const createProvider = (config?: ConfigSource) => bindOperations(operations, new ProviderContext(config));
