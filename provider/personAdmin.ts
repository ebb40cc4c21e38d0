/**
 * The one implementation of a person's roles as a resource, shared by PartnerAdmin (a user of the
 * partner org) and CustomerAdmin (a member of a customer org). What differs between the two is a
 * `PersonScope`: which org the person is of, whether `sites` left out leaves site roles alone or
 * declares none, and what the outputs hold. Authoritative for what it declares; the id is the Hub
 * person id.
 */
import type { Desired, RoleId, Violation, World } from "../core";
import { normalizeEmail as normalize, personDesired, PLAN_CODES, type ResourceDescriptor } from "../core";
import type { HubPerson } from "../hub";
import type { ProviderContext, Live, ResourceOperations } from "./context";
import { changed, type DiffOutcome } from "./detailedDiff";
import type { DriftNote } from "./drift";
import { failureOfError, failuresOf, RefusedError, schemaFailures, throwOnErrors, type CheckFailure } from "./failures";
import { normalized, plannedOf, type Internal } from "./internal";
import { updatePersonSafely, type GuardedOrg } from "./lockoutGuard";
import { logInfo } from "./log";
import { authoredPersonDrift, personDiff } from "./personDiff";
import {
  adoptProblem,
  changeOf,
  heldSitesText,
  holdsDeclared,
  removalOf,
  sameSites,
  siteChangeText,
} from "./personRoles";
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
  /**
   * The site roles the resource manages: a PartnerAdmin without `sites` leaves them alone, a
   * CustomerAdmin declares none.
   */
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

/** What a resource of a planned program leaves to the plan at preview. */
const judgedByPlan =
  (planned: unknown) =>
  (v: Violation): boolean =>
    planned !== true || !PLAN_CODES.includes(v.code);

const guardedOrg = (org: Desired["org"]): GuardedOrg => ({ id: org.orgId, customer: org.kind === "customer" });

/** The person operations of one scope: methods, so each stays short and the scope is said once. */
class PersonResource<I extends PersonInputs, O extends I> {
  readonly #scope: PersonScope<I, O>;
  readonly #type: string;

  constructor(scope: PersonScope<I, O>) {
    this.#scope = scope;
    this.#type = this.#scope.descriptor.type;
  }

  private desired(
    world: World,
    inputs: Partial<I>,
    email: string,
    roles: readonly RoleId[] | undefined,
    sites: Sites,
  ): Desired {
    return personDesired(this.#scope.org(inputs, world), email, roles, sites);
  }

  /**
   * The Hub as the token sees it (hub/live.ts) for this person: looked up by email when not listed,
   * and the orgs of the Webex sites declared for them learned from the people who use those sites.
   */
  private liveFor(ctx: ProviderContext, inputs: Partial<I>, sites: Sites, preview = false): Promise<Live> {
    const email = known(inputs.email);
    return ctx.live(
      [personDesired(this.#scope.org(inputs), typeof email === "string" ? email : "", undefined, sites)],
      preview,
    );
  }

  /** One line for the reviewer: roles (and managed site roles) before → after, and the privileges that moves. */
  private say(
    world: World,
    inputs: Partial<I>,
    verb: string,
    person: HubPerson | undefined,
    roles: readonly RoleId[],
    sites: Sites,
    extra = "",
  ): void {
    const email = inputs.email ?? "";
    const held = siteKey(person?.siteRoles);
    const org = world.orgs.find((o) => o.id === (person?.orgId ?? this.#scope.org(inputs, world).orgId));
    const after = { before: held, after: sites === undefined ? held : siteKey(sites) };
    const delta = privilegeSummary(person?.roles ?? [], roles, org, after, `${this.#type} ${email}`);
    const roleChange = `[${(person?.roles ?? []).join(", ")}] → [${sortRoles(roles).join(", ")}]`;
    const change = `${roleChange}${siteChangeText(person?.siteRoles, sites)}`;
    logInfo(
      `${this.#type} ${personName(world, email)}${this.#scope.where(inputs, world)}: ` +
        `${verb}${change}${extra}; ${delta}`,
    );
  }

  /** A takeover said as one: what the person holds outside this declaration and loses. */
  private takeover(person: HubPerson, roles: readonly RoleId[], sites: Sites): string {
    const wanted = siteKey(sites);
    const lostSites =
      sites === undefined
        ? []
        : Object.entries(siteKey(person.siteRoles)).filter(([url, role]) => wanted[url] !== role);
    const lost = [
      ...person.roles.filter((r) => !roles.includes(r)),
      ...lostSites.map(([url, role]) => `${role} of ${url}`),
    ];
    if (lost.length === 0) return "";
    const held = `${person.roles.join(", ")}${heldSitesText(person)}`;
    const who = person.emails[0] ?? "";
    return `; TAKEOVER (adopt): ${who} holds [${held}] outside this declaration and loses [${lost.join(", ")}]`;
  }

  /** A new person (the org or the email changed, as far as known): a create. */
  private creating(olds: Partial<I>, news: Partial<I>): boolean {
    return olds.email === undefined || identityChanges(this.#scope.descriptor, olds, news).length > 0;
  }

  /** At preview, for a new person (or new site roles): what a takeover would take, and a Hub without site roles. */
  private async previewPerson(live: Live, olds: Partial<I>, news: I, found: CheckFailure[]): Promise<void> {
    const { email, roles } = news;
    const sites = this.#scope.managed(news.sites);
    const isNew = this.creating(olds, news);
    const newSites =
      Object.keys(sites ?? {}).length > 0 && (isNew || !sameSites(this.#scope.managed(olds.sites), sites));
    // Only with everything it depends on known (an unknown `adopt` is checked again at apply).
    const adoptable = isNew && known(news.adopt) === news.adopt;
    if (!adoptable && !newSites) return;
    const byEmail = await live.hub.personByEmail(email);
    // Someone of another org is unknown-user's to report, not a takeover.
    const person = byEmail && this.#scope.holds(byEmail, news) ? byEmail : undefined;
    const unsupported = sitesUnsupported(byEmail, sites, email);
    if (unsupported) found.push(unsupported);
    const problem = adoptable ? adoptProblem(person, roles, sites, news.adopt) : undefined;
    if (problem) found.push({ property: "adopt", reason: problem });
    else if (adoptable && person && found.length === 0)
      this.say(live.world, news, "create ", person, roles, sites, this.takeover(person, roles, sites));
  }

  async check(ctx: ProviderContext, olds: Partial<I>, raw: I): Promise<{ inputs: I; failures: CheckFailure[] }> {
    const news = normalized(raw);
    const failures = schemaFailures(this.#scope.descriptor, news);
    if (failures.length > 0) return { inputs: news, failures };
    const email = known(news.email);
    const roles = known(news.roles);
    // An unknown map skips the site rules (an absent one: as the scope manages it).
    const sitesKnown = known(news.sites) === news.sites;
    const sites = sitesKnown ? this.#scope.managed(news.sites) : undefined;
    try {
      const early = await this.#scope.precheck?.(ctx, news);
      if (early !== undefined) return { inputs: news, failures: early };
      const live = await this.liveFor(ctx, news, sites, true);
      // Without a known email there is nobody to look up: the static rules still run.
      const judged = email !== undefined ? { world: live.world, actor: live.actor } : {};
      const rules = ctx.evaluate({ desired: this.desired(live.world, news, email ?? "", roles, sites), ...judged });
      const found = failuresOf(rules.filter(judgedByPlan(plannedOf(news))));
      const complete = email !== undefined && roles !== undefined && sitesKnown;
      if (complete) await this.previewPerson(live, olds, news, found);
      const existing = complete && !this.creating(olds, news) ? await live.hub.personByEmail(email) : undefined;
      const lastApplied = { roles: olds.roles ?? [], sites: this.#scope.managed(olds.sites) };
      const inOrg = existing && this.#scope.holds(existing, news) ? existing : undefined;
      const label = `${this.#type} ${email}`;
      const drift =
        inOrg && roles !== undefined
          ? await authoredPersonDrift(live.hub, inOrg, lastApplied, roles, sites, label)
          : {};
      return { inputs: { ...news, ...drift }, failures: found };
    } catch (error) {
      return { inputs: news, failures: failureOfError(error) };
    }
  }

  async diff(ctx: ProviderContext, id: string, olds: O, news: I): Promise<DiffOutcome> {
    const inputs = news;
    const needed = [...Object.keys(this.#scope.descriptor.identity), "roles", "sites"];
    if (needed.some((key) => known(field(news, key)) !== field(news, key))) return { changes: true };
    const replaces = identityChanges(this.#scope.descriptor, olds, inputs);
    if (replaces.length > 0)
      return {
        changes: true,
        replaces,
        detailedDiff: Object.fromEntries(replaces.map((p) => [p, { kind: "update-replace" }])),
      };
    const sites = this.#scope.managed(inputs.sites);
    const { hub, world, actor } = await this.liveFor(ctx, inputs, sites, true);
    const person = (await hub.person(id)) ?? (await hub.personByEmail(inputs.email));
    if (person && holdsDeclared(person, inputs.roles, sites)) return { changes: false };
    const rules = ctx.evaluate({
      desired: this.desired(world, inputs, inputs.email, inputs.roles, sites),
      world,
      actor,
    });
    throwOnErrors(
      rules.filter(judgedByPlan(plannedOf(inputs))),
      `Changing the roles of ${inputs.email}${this.#scope.where(inputs)}`,
    );
    // Site roles count as drift only where both the last apply and this one manage them.
    const lastSites = sites === undefined ? undefined : this.#scope.managed(olds.sites);
    const drifted = person && !holdsDeclared(person, olds.roles ?? [], lastSites);
    const held = drifted ? `[${person.roles.join(", ")}]${sites === undefined ? "" : heldSitesText(person)}` : "";
    this.say(
      world,
      inputs,
      "",
      person,
      inputs.roles,
      sites,
      drifted ? ` (drift: the Hub holds ${held}, not the last applied [${(olds.roles ?? []).join(", ")}])` : "",
    );
    const before = { roles: olds.roles, sites: this.#scope.managed(olds.sites) };
    return changed(personDiff(person, before, { ...inputs, sites }, inputs.roles, sites));
  }

  /** Makes the Hub hold the declared roles (and managed site roles) in one read-modify-write of the person. */
  private async write(live: Live, person: HubPerson, inputs: I, checkAdopt: boolean): Promise<O> {
    const sites = this.#scope.managed(inputs.sites);
    const losesFullAdmin = person.roles.includes("full_admin") && !inputs.roles.includes("full_admin");
    const action = `Changing the roles of ${this.#type} ${inputs.email}${this.#scope.where(inputs)}`;
    const org = guardedOrg(this.#scope.org(inputs, live.world));
    const guarded = (mutate: Parameters<typeof updatePersonSafely>[3]) =>
      updatePersonSafely(live, org, person.id, mutate, losesFullAdmin, action);
    const updated = await writePerson<HubPerson>(
      guarded,
      (fresh) => {
        // Checked again under the person's lock, against the person as the Hub holds them now.
        const problem = checkAdopt ? adoptProblem(fresh, inputs.roles, sites, inputs.adopt) : undefined;
        if (problem) throw new RefusedError(problem);
        return changeOf(fresh, inputs.roles, sites);
      },
      {
        what: `${this.#type} ${inputs.email}`,
        id: person.id,
        properties: () => this.#scope.outputsOf(inputs, person, live.world),
      },
    );
    return this.#scope.outputsOf(inputs, updated, live.world);
  }

  /** The live view for a write, once the one guard before it let it through. */
  private async guarded(ctx: ProviderContext, inputs: I, verb: string): Promise<Live> {
    const sites = this.#scope.managed(inputs.sites);
    const live = await this.liveFor(ctx, inputs, sites);
    const desired = this.desired(live.world, inputs, inputs.email, inputs.roles, sites);
    // A write the Plan ordered leaves the org policy to the Plan: its counts hold for the whole program.
    const byPlan = plannedOf(inputs) === true;
    ctx.guard(
      { desired, world: live.world, actor: live.actor, byPlan },
      `${verb} ${this.#type} ${inputs.email}${this.#scope.where(inputs)}`,
    );
    return live;
  }

  async create(ctx: ProviderContext, inputs: I): Promise<{ id: string; outs: O }> {
    const live = await this.guarded(ctx, inputs, "Creating");
    const person = await live.hub.personByEmail(inputs.email);
    if (!person || !this.#scope.holds(person, inputs)) throw new RefusedError(this.#scope.unknownUser(inputs));
    return { id: person.id, outs: await this.write(live, person, inputs, true) };
  }

  async update(ctx: ProviderContext, id: string, _olds: O, news: I): Promise<{ outs: O }> {
    const live = await this.guarded(ctx, news, "Updating");
    const person = await live.hub.person(id);
    const where = this.#scope.where(news) || " in the partner org";
    if (!person)
      throw new RefusedError(
        `[unknown-user] the user ${news.email} (${id}) no longer exists${where}; run pulumi refresh`,
      );
    return { outs: await this.write(live, person, news, false) };
  }

  async read(ctx: ProviderContext, id: string, props: O): Promise<{ id: string; props?: O; inputs?: I }> {
    const hub = ctx.hub();
    const [person, world] = await Promise.all([hub.person(id), hub.world()]);
    const inputs = person ? this.#scope.readBack(person, props) : undefined;
    if (!person || !inputs) return { id: "" };
    // A refresh that finds drift says who made it (the log), as a preview does.
    await authoredPersonDrift(hub, person, props, props.roles, props.sites, `${this.#type} ${props.email}`);
    return { id, props: this.#scope.outputsOf(inputs, person, world), inputs };
  }

  async delete(ctx: ProviderContext, id: string, props: O): Promise<void> {
    const live = await this.liveFor(ctx, { ...props, roles: [] }, undefined);
    const { hub, world, actor } = live;
    const person = await hub.person(id);
    if (!person) return;
    const declared = props.roles ?? [];
    const remaining = person.roles.filter((role) => !declared.includes(role));
    const declaredSites = this.#scope.managed(props.sites) === undefined ? undefined : siteKey(props.sites);
    const left = Object.entries(siteKey(person.siteRoles)).filter(([url]) => declaredSites?.[url] === undefined);
    const remainingSites = declaredSites === undefined ? undefined : Object.fromEntries(left);
    const email = person.emails[0] ?? props.email;
    const action = `Deleting ${this.#type} ${props.email}${this.#scope.where(props)}`;
    // The engine plans a delete without asking: the lockout guard acts here, before the Hub is touched.
    ctx.guard(
      { desired: this.desired(world, props, email, remaining, remainingSites), world, actor },
      action,
      this.#scope.descriptor.deleteGuards,
    );
    this.say(world, { ...props, email }, "delete ", person, remaining, remainingSites);
    const losesFullAdmin = declared.includes("full_admin") && person.roles.includes("full_admin");
    const org = guardedOrg(this.#scope.org(props, world));
    await updatePersonSafely(
      live,
      org,
      id,
      (fresh) => removalOf(fresh, declared, declaredSites),
      losesFullAdmin,
      action,
    );
  }
}

/** The person operations of one scope. */
export function personOperations<I extends PersonInputs, O extends I>(
  scope: PersonScope<I, O>,
): ResourceOperations<I, O> {
  const resource = new PersonResource(scope);
  return {
    check: (ctx, olds, news) => resource.check(ctx, olds, news),
    diff: (ctx, id, olds, news) => resource.diff(ctx, id, olds, news),
    create: (ctx, inputs) => resource.create(ctx, inputs),
    read: (ctx, id, props) => resource.read(ctx, id, props),
    update: (ctx, id, olds, news) => resource.update(ctx, id, olds, news),
    delete: (ctx, id, props) => resource.delete(ctx, id, props),
  };
}

const field = (inputs: Partial<PersonInputs>, key: string): unknown => (inputs as Record<string, unknown>)[key];

/** The identity properties (descriptor.identity) whose known new value names another Hub object. */
function identityChanges(
  descriptor: ResourceDescriptor,
  olds: Partial<PersonInputs>,
  news: Partial<PersonInputs>,
): string[] {
  return Object.entries(descriptor.identity)
    .filter(([key, how]) => {
      const [was, now] = [field(olds, key), known(field(news, key))];
      if (now === undefined) return false;
      return how === "email" ? normalize(String(was)) !== normalize(String(now)) : was !== now;
    })
    .map(([key]) => key);
}
