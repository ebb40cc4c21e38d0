/**
 * The one implementation of a person's roles as a resource, shared by PartnerAdmin (a user of the
 * partner org) and CustomerAdmin (a member of a customer org). What differs between the two is a
 * `PersonScope`: which org the person is of, whether `sites` left out leaves site roles alone or
 * declares none, and what the outputs hold. Authoritative for what it declares; the id is the Hub
 * person id.
 */
import type { Desired, RoleId, RuleCode, Violation, World } from "../core";
import { normalizeEmail as normalize, personDesired, PLAN_CODES, type ResourceDescriptor } from "../core";
import type { HubPerson } from "../hub";
import type { ProviderContext, Live, ResourceOperations } from "./context";
import { changed, type DiffOutcome } from "./detailedDiff";
import type { DriftNote } from "./drift";
import { failureOfError, failuresOf, RefusedError, schemaFailures, throwOnErrors, type CheckFailure } from "./failures";
import { normalized, plannedOf, type Internal } from "./internal";
import { updatePersonSafely, type GuardedOrg } from "./lockoutGuard";
import { logInfo } from "./log";
import { personDiff, personDrift } from "./personDiff";
import { adoptProblem, changeOf, heldSitesText, holdsDeclared, removalOf, sameSites, siteChangeText } from "./personRoles";
import { siteKey, sitesUnsupported, sortRoles, writePerson, type SiteRoles } from "./personRoles";
import { personName, privilegeSummary } from "./summary";
import { known } from "./unknowns";

export interface PersonInputs extends Internal {
  /** The customer org (a CustomerAdmin's); a PartnerAdmin's person is of the partner org. */
  orgId?: string;
  email: string;
  roles: RoleId[];
  sites?: SiteRoles;
  adopt?: boolean;
  /** Set by `check` when the Hub drifted from the last apply: what the update reverts. */
  drift?: DriftNote;
}

type Sites = Readonly<SiteRoles> | undefined;

/** What sets a PartnerAdmin and a CustomerAdmin apart. */
export interface PersonScope<I extends PersonInputs, O extends I> {
  readonly descriptor: ResourceDescriptor;
  /** The org of the declaration (`world` absent: as the live view is asked for it, before it is read). */
  org(inputs: Partial<I>, world?: World): Desired["org"];
  /** The site roles the resource manages: a PartnerAdmin without `sites` leaves them alone, a CustomerAdmin declares none. */
  managed(sites: Sites): Sites;
  /** Whether a person the Hub found by email is of the declaration's org. */
  holds(person: HubPerson, inputs: Partial<I>): boolean;
  /** Where, for messages: "" or " in <org>". */
  where(inputs: Partial<I>, world?: World): string;
  /** Said when the person to create is not in the org. */
  unknownUser(inputs: I): string;
  /** Checks before the live world is read (an org this token cannot see); undefined: none. */
  precheck?(ctx: ProviderContext, news: I): Promise<CheckFailure[] | undefined>;
  outputsOf(inputs: I, person: HubPerson, world: World): O;
  /** The inputs a refresh reads back for the person, or undefined when they left the org. */
  readBack(person: HubPerson, props: O): I | undefined;
}

/** Only lockout and privilege can stop a delete: the roles being removed need no other check. */
const DELETE_GUARDS: readonly RuleCode[] = ["last-full-admin", "actor-lacks-privilege"];

/** What a resource of a planned program leaves to the plan at preview. */
const judgedByPlan = (planned: unknown) => (v: Violation): boolean => planned !== true || !PLAN_CODES.includes(v.code);

const guardedOrg = (org: Desired["org"]): GuardedOrg => ({ id: org.orgId, customer: org.kind === "customer" });

/** The person operations of one scope. */
export function personOperations<I extends PersonInputs, O extends I>(scope: PersonScope<I, O>): ResourceOperations<I, O> {
  const type = scope.descriptor.type;
  const desired = (world: World, inputs: Partial<I>, email: string, roles: readonly RoleId[] | undefined, sites: Sites): Desired =>
    personDesired(scope.org(inputs, world), email, roles, sites);

  /**
   * The Hub as the token sees it (hub/live.ts) for this person: looked up by email when not listed,
   * and the orgs of the Webex sites declared for them learned from the people who use those sites.
   */
  const liveFor = (ctx: ProviderContext, inputs: Partial<I>, sites: Sites, preview = false): Promise<Live> => {
    const email = known(inputs.email);
    return ctx.live([personDesired(scope.org(inputs), typeof email === "string" ? email : "", undefined, sites)], preview);
  };

  /** One line for the reviewer: roles (and managed site roles) before → after, and the privileges that moves. */
  function say(world: World, inputs: Partial<I>, verb: string, person: HubPerson | undefined, roles: readonly RoleId[], sites: Sites, extra = ""): void {
    const email = inputs.email ?? "";
    const held = siteKey(person?.siteRoles);
    const org = world.orgs.find((o) => o.id === (person?.orgId ?? scope.org(inputs, world).orgId));
    const after = { before: held, after: sites === undefined ? held : siteKey(sites) };
    const delta = privilegeSummary(person?.roles ?? [], roles, org, after, `${type} ${email}`);
    const change = `[${(person?.roles ?? []).join(", ")}] → [${sortRoles(roles).join(", ")}]${siteChangeText(person?.siteRoles, sites)}`;
    logInfo(`${type} ${personName(world, email)}${scope.where(inputs, world)}: ${verb}${change}${extra}; ${delta}`);
  }

  /** A takeover said as one: what the person holds outside this declaration and loses. */
  function takeover(person: HubPerson, roles: readonly RoleId[], sites: Sites): string {
    const wanted = siteKey(sites);
    const lostSites = sites === undefined ? [] : Object.entries(siteKey(person.siteRoles)).filter(([url, role]) => wanted[url] !== role);
    const lost = [...person.roles.filter((r) => !roles.includes(r)), ...lostSites.map(([url, role]) => `${role} of ${url}`)];
    if (lost.length === 0) return "";
    const held = `${person.roles.join(", ")}${heldSitesText(person)}`;
    return `; TAKEOVER (adopt): ${person.emails[0] ?? ""} holds [${held}] outside this declaration and loses [${lost.join(", ")}]`;
  }

  /** A new person (the org or the email changed, as far as known): a create. */
  const creating = (olds: Partial<I>, news: Partial<I>): boolean =>
    olds.email === undefined || identityChanges(scope.descriptor, olds, news).length > 0;

  /** At preview, for a new person (or new site roles): what a takeover would take, and a Hub without site roles. */
  async function previewPerson(live: Live, olds: Partial<I>, news: I, found: CheckFailure[]): Promise<void> {
    const { email, roles } = news;
    const sites = scope.managed(news.sites);
    const isNew = creating(olds, news);
    const newSites = Object.keys(sites ?? {}).length > 0 && (isNew || !sameSites(scope.managed(olds.sites), sites));
    // Only with everything it depends on known (an unknown `adopt` is checked again at apply).
    const adoptable = isNew && known(news.adopt) === news.adopt;
    if (!adoptable && !newSites) return;
    const byEmail = await live.hub.personByEmail(email);
    // Someone of another org is unknown-user's to report, not a takeover.
    const person = byEmail && scope.holds(byEmail, news) ? byEmail : undefined;
    const unsupported = sitesUnsupported(byEmail, sites, email);
    if (unsupported) found.push(unsupported);
    const problem = adoptable ? adoptProblem(person, roles, sites, news.adopt) : undefined;
    if (problem) found.push({ property: "adopt", reason: problem });
    else if (adoptable && person && found.length === 0) say(live.world, news, "create ", person, roles, sites, takeover(person, roles, sites));
  }

  async function check(ctx: ProviderContext, olds: Partial<I>, raw: I): Promise<{ inputs: I; failures: CheckFailure[] }> {
    const news = normalized(raw);
    const failures = schemaFailures(scope.descriptor, news);
    if (failures.length > 0) return { inputs: news, failures };
    const email = known(news.email);
    const roles = known(news.roles);
    // An unknown map skips the site rules (an absent one: as the scope manages it).
    const sitesKnown = known(news.sites) === news.sites;
    const sites = sitesKnown ? scope.managed(news.sites) : undefined;
    try {
      const early = await scope.precheck?.(ctx, news);
      if (early !== undefined) return { inputs: news, failures: early };
      const live = await liveFor(ctx, news, sites, true);
      // Without a known email there is nobody to look up: the static rules still run.
      const judged = email !== undefined ? { world: live.world, actor: live.actor } : {};
      const rules = ctx.evaluate({ desired: desired(live.world, news, email ?? "", roles, sites), ...judged });
      const found = failuresOf(rules.filter(judgedByPlan(plannedOf(news))));
      const complete = email !== undefined && roles !== undefined && sitesKnown;
      if (complete) await previewPerson(live, olds, news, found);
      const existing = complete && !creating(olds, news) ? await live.hub.personByEmail(email) : undefined;
      const lastApplied = { roles: olds.roles ?? [], sites: scope.managed(olds.sites) };
      const inOrg = existing && scope.holds(existing, news) ? existing : undefined;
      const drift = inOrg && roles !== undefined ? personDrift(inOrg, lastApplied, roles, sites) : {};
      return { inputs: { ...news, ...drift }, failures: found };
    } catch (error) {
      return { inputs: news, failures: failureOfError(error) };
    }
  }

  async function diff(ctx: ProviderContext, id: string, olds: O, news: I): Promise<DiffOutcome> {
    const inputs = news;
    const needed = [...Object.keys(scope.descriptor.identity), "roles", "sites"];
    if (needed.some((key) => known(field(news, key)) !== field(news, key))) return { changes: true };
    const replaces = identityChanges(scope.descriptor, olds, inputs);
    if (replaces.length > 0) return { changes: true, replaces, detailedDiff: Object.fromEntries(replaces.map((p) => [p, { kind: "update-replace" }])) };
    const sites = scope.managed(inputs.sites);
    const { hub, world, actor } = await liveFor(ctx, inputs, sites, true);
    const person = (await hub.person(id)) ?? (await hub.personByEmail(inputs.email));
    if (person && holdsDeclared(person, inputs.roles, sites)) return { changes: false };
    const rules = ctx.evaluate({ desired: desired(world, inputs, inputs.email, inputs.roles, sites), world, actor });
    throwOnErrors(rules.filter(judgedByPlan(plannedOf(inputs))), `Changing the roles of ${inputs.email}${scope.where(inputs)}`);
    // Site roles count as drift only where both the last apply and this one manage them.
    const lastSites = sites === undefined ? undefined : scope.managed(olds.sites);
    const drifted = person && !holdsDeclared(person, olds.roles ?? [], lastSites);
    const held = drifted ? `[${person.roles.join(", ")}]${sites === undefined ? "" : heldSitesText(person)}` : "";
    say(world, inputs, "", person, inputs.roles, sites, drifted ? ` (drift: the Hub holds ${held}, not the last applied [${(olds.roles ?? []).join(", ")}])` : "");
    const before = { roles: olds.roles, sites: scope.managed(olds.sites) };
    return changed(personDiff(person, before, { ...inputs, sites }, inputs.roles, sites));
  }

  /** Makes the Hub hold the declared roles (and managed site roles) in one read-modify-write of the person. */
  async function write(live: Live, person: HubPerson, inputs: I, checkAdopt: boolean): Promise<O> {
    const sites = scope.managed(inputs.sites);
    const losesFullAdmin = person.roles.includes("full_admin") && !inputs.roles.includes("full_admin");
    const action = `Changing the roles of ${type} ${inputs.email}${scope.where(inputs)}`;
    const org = guardedOrg(scope.org(inputs, live.world));
    const guarded = (mutate: Parameters<typeof updatePersonSafely>[3]) => updatePersonSafely(live, org, person.id, mutate, losesFullAdmin, action);
    const updated = await writePerson<HubPerson>(guarded, (fresh) => {
      // Checked again under the person's lock, against the person as the Hub holds them now.
      const problem = checkAdopt ? adoptProblem(fresh, inputs.roles, sites, inputs.adopt) : undefined;
      if (problem) throw new RefusedError(problem);
      return changeOf(fresh, inputs.roles, sites);
    }, { what: `${type} ${inputs.email}`, id: person.id, properties: () => scope.outputsOf(inputs, person, live.world) });
    return scope.outputsOf(inputs, updated, live.world);
  }

  async function create(ctx: ProviderContext, inputs: I): Promise<{ id: string; outs: O }> {
    const sites = scope.managed(inputs.sites);
    const live = await liveFor(ctx, inputs, sites);
    const rules = { desired: desired(live.world, inputs, inputs.email, inputs.roles, sites), world: live.world, actor: live.actor };
    ctx.guard(rules, `Creating ${type} ${inputs.email}${scope.where(inputs)}`);
    const person = await live.hub.personByEmail(inputs.email);
    if (!person || !scope.holds(person, inputs)) throw new RefusedError(scope.unknownUser(inputs));
    return { id: person.id, outs: await write(live, person, inputs, true) };
  }

  async function update(ctx: ProviderContext, id: string, _olds: O, news: I): Promise<{ outs: O }> {
    const sites = scope.managed(news.sites);
    const live = await liveFor(ctx, news, sites);
    const rules = { desired: desired(live.world, news, news.email, news.roles, sites), world: live.world, actor: live.actor };
    ctx.guard(rules, `Updating ${type} ${news.email}${scope.where(news)}`);
    const person = await live.hub.person(id);
    const where = scope.where(news) || " in the partner org";
    if (!person) throw new RefusedError(`[unknown-user] the user ${news.email} (${id}) no longer exists${where}; run pulumi refresh`);
    return { outs: await write(live, person, news, false) };
  }

  async function read(ctx: ProviderContext, id: string, props: O): Promise<{ id: string; props?: O; inputs?: I }> {
    const hub = ctx.hub();
    const [person, world] = await Promise.all([hub.person(id), hub.world()]);
    const inputs = person ? scope.readBack(person, props) : undefined;
    if (!person || !inputs) return { id: "" };
    return { id, props: scope.outputsOf(inputs, person, world), inputs };
  }

  async function remove(ctx: ProviderContext, id: string, props: O): Promise<void> {
    const live = await liveFor(ctx, { ...props, roles: [] }, undefined);
    const { hub, world, actor } = live;
    const person = await hub.person(id);
    if (!person) return;
    const declared = props.roles ?? [];
    const remaining = person.roles.filter((role) => !declared.includes(role));
    const declaredSites = scope.managed(props.sites) === undefined ? undefined : siteKey(props.sites);
    const left = Object.entries(siteKey(person.siteRoles)).filter(([url]) => declaredSites?.[url] === undefined);
    const remainingSites = declaredSites === undefined ? undefined : Object.fromEntries(left);
    const email = person.emails[0] ?? props.email;
    const action = `Deleting ${type} ${props.email}${scope.where(props)}`;
    // The engine plans a delete without asking: the lockout guard acts here, before the Hub is touched.
    ctx.guard({ desired: desired(world, props, email, remaining, remainingSites), world, actor }, action, DELETE_GUARDS);
    say(world, { ...props, email }, "delete ", person, remaining, remainingSites);
    const losesFullAdmin = declared.includes("full_admin") && person.roles.includes("full_admin");
    const org = guardedOrg(scope.org(props, world));
    await updatePersonSafely(live, org, id, (fresh) => removalOf(fresh, declared, declaredSites), losesFullAdmin, action);
  }

  return { check, diff, create, read, update, delete: remove };
}

const field = (inputs: Partial<PersonInputs>, key: string): unknown => (inputs as Record<string, unknown>)[key];

/** The identity properties (descriptor.identity) whose known new value names another Hub object. */
function identityChanges(descriptor: ResourceDescriptor, olds: Partial<PersonInputs>, news: Partial<PersonInputs>): string[] {
  return Object.entries(descriptor.identity)
    .filter(([key, how]) => {
      const [was, now] = [field(olds, key), known(field(news, key))];
      if (now === undefined) return false;
      return how === "email" ? normalize(String(was)) !== normalize(String(now)) : was !== now;
    })
    .map(([key]) => key);
}
