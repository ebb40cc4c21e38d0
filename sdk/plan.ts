/**
 * The program's plan. Pulumi gives a dynamic provider no view of the other resources of a program,
 * so each resource of this SDK registers what it declares here, and the first one makes a `Plan`
 * resource (`webexhub-plan`) whose input is the digest of the whole program. The Plan judges the
 * org-wide rules (nobody locked out, each person declared once) on the state the whole program
 * leaves, at preview; every other resource depends on it, so a plan it refuses changes nothing.
 *
 * Writes are ordered so that no intermediate state locks an org out: PartnerAdmins that declare
 * `full_admin` are applied first, then those that declare `partner_full_admin`, then the rest (a
 * handover from A to B grants B before A gives it up), and deletes come last, as Pulumi runs them.
 *
 * The digest is taken once the program has declared its resources (the turn of the event loop after
 * the last declaration), so declare one program's resources without awaiting I/O in between (one
 * declared later is left out, with a warning, and still waits for the Plan). Values
 * that are Outputs are left out of the digest (the rules that need them wait for the resource's own
 * check): reading them would make the Plan depend on resources that depend on it.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlanDigest, PlannedAdmin, PlannedAssignment, PlannedCustomerAdmin, PlannedExternal, PlannedRestrictedMode } from "../core";
import type { RoleId, SiteRoleId } from "../core";
import { WebexhubResource } from "./providers";

/**
 * The order of writes: PartnerAdmins that declare full_admin first, then those that declare
 * partner_full_admin, then the rest — so whoever may lose a full role loses it after whoever
 * keeps or gains it has it (and the grantor still holds the role that lets them grant).
 */
function tierOf(a: PlannedAdmin): number {
  const roles = a.roles ?? [];
  return roles.includes("full_admin") ? 0 : roles.includes("partner_full_admin") ? 1 : 2;
}

/**
 * The guard of a destroy: it depends on every resource of the program, so Pulumi deletes it FIRST,
 * and its delete judges, from the digest in its state, the state the whole destroy would leave
 * (a program is not run on `pulumi destroy`). A destroy that would lock an org out stops there,
 * before any delete reaches the Hub. It writes nothing and shows no property.
 */
class PlanGuard extends WebexhubResource {
  constructor(plan: Promise<PlanDigest>, resources: Promise<pulumi.Resource[]>) {
    const dependsOn: Promise<pulumi.Input<pulumi.Resource>[]> = plan.then(() => resources);
    super("plan", "Plan", "webexhub-destroy-guard", { __plan: plan, __guard: true }, { dependsOn });
  }
}

class PlanResource extends WebexhubResource {
  declare readonly counts: pulumi.Output<{ partnerAdmins: number; customerAssignments: number; externalAdmins: number; customerAdmins: number; restrictedModes: number }>;

  constructor(plan: Promise<PlanDigest>) {
    // Waiting on the digest as a dependency too makes a failed digest stop the registration before
    // Pulumi serializes the inputs (which would prefix the cause with its own wording).
    const afterDigest: Promise<pulumi.Input<pulumi.Resource>[]> = plan.then(() => []);
    // `__plan`: Pulumi's display leaves the digest out; each resource shows its own change.
    super("plan", "Plan", "webexhub-plan", { __plan: plan, counts: undefined }, { dependsOn: afterDigest });
  }
}

const plain = <T>(value: pulumi.Input<T> | undefined): T | null =>
  value === undefined || pulumi.Output.isInstance(value) || value instanceof Promise ? null : (value as T);

function plainRoles(value: pulumi.Input<pulumi.Input<RoleId>[]>): RoleId[] | null {
  const list = plain(value);
  if (!Array.isArray(list) || !list.every((r) => typeof r === "string")) return null;
  return list as RoleId[];
}

class ProgramPlan {
  readonly admins: Array<PlannedAdmin & { resource?: pulumi.Resource }> = [];
  readonly assignments: PlannedAssignment[] = [];
  readonly externals: PlannedExternal[] = [];
  readonly customerAdmins: Array<PlannedCustomerAdmin & { resource?: pulumi.Resource }> = [];
  readonly restrictedModes: PlannedRestrictedMode[] = [];
  readonly resource: PlanResource;
  /** Every resource of the plan, for the destroy guard to depend on. */
  readonly declared: pulumi.Resource[] = [];
  /** Names of the resources a destroy keeps in the Hub (`retainOnDelete`): the guard counts them as kept. */
  readonly retained = new Set<string>();
  readonly settled: Promise<void>;
  /** The digest, once known to reach the engine; rejects (with the cause) when it cannot. */
  readonly digested: Promise<PlanDigest>;
  #settle: () => void = () => undefined;
  #timer: NodeJS.Immediate | undefined;
  #done = false;

  constructor() {
    this.settled = new Promise((resolve) => {
      this.#settle = resolve;
    });
    this.digested = this.settled.then(() => this.checkedDigest());
    this.resource = new PlanResource(this.digested);
    new PlanGuard(this.digested.then((d) => this.destroyed(d)), this.settled.then(() => [...this.declared]));
    this.touch();
  }

  get open(): boolean {
    return !this.#done;
  }

  /** Each declaration pushes the digest to the turn after it. */
  touch(): void {
    if (this.#timer !== undefined) clearImmediate(this.#timer);
    this.#timer = setImmediate(() => {
      this.#done = true;
      this.#settle();
    });
  }

  /** What a destroy removes: the digest without the resources it retains. */
  destroyed(digest: PlanDigest): PlanDigest {
    const gone = <T extends { name: string }>(list: readonly T[]): T[] => list.filter((e) => !this.retained.has(e.name));
    return {
      partnerAdmins: gone(digest.partnerAdmins),
      customerAssignments: gone(digest.customerAssignments),
      externalAdmins: gone(digest.externalAdmins),
      customerAdmins: gone(digest.customerAdmins),
      restrictedModes: gone(digest.restrictedModes),
    };
  }

  digest(): PlanDigest {
    return {
      partnerAdmins: this.admins.map(({ name, email, roles, sites }) => ({ name, email, roles, ...(sites !== undefined ? { sites } : {}) })),
      customerAssignments: [...this.assignments],
      externalAdmins: [...this.externals],
      customerAdmins: this.customerAdmins.map(({ name, orgId, email, roles, sites }) => ({ name, orgId, email, roles, sites })),
      restrictedModes: [...this.restrictedModes],
    };
  }

  /**
   * The digest, serialized here as Pulumi will serialize the Plan's input. Pulumi never settles the
   * URN of a resource whose registration fails before the engine sees it, and every other resource
   * waits for the Plan's URN: so a digest that cannot be taken would hang the program. Failing here
   * instead rejects the dependencies of every resource with the same error (reported once), and
   * nothing registers.
   */
  private async checkedDigest(): Promise<PlanDigest> {
    let digest: PlanDigest;
    try {
      digest = this.digest();
    } catch (error) {
      throw planFailure("the program's plan cannot be taken", error);
    }
    const entries: Array<{ name: string }> = [...digest.partnerAdmins, ...digest.customerAssignments, ...digest.externalAdmins, ...digest.customerAdmins, ...digest.restrictedModes];
    for (const entry of entries) {
      try {
        await pulumi.runtime.serializeProperties(entry.name, { ...entry });
      } catch (error) {
        throw planFailure(`resource "${entry.name}" cannot be judged (pass plain values or Outputs)`, error);
      }
    }
    return digest;
  }

  /**
   * The resources an admin waits for: the plan, and the admins of an earlier tier (PartnerAdmins
   * among themselves; CustomerAdmins among those of the same customer org).
   */
  async dependenciesOf(self: PlannedAdmin | undefined, customer?: PlannedCustomerAdmin): Promise<pulumi.Resource[]> {
    await this.digested;
    const tier = self === undefined ? 0 : tierOf(self);
    const earlier = <T extends PlannedAdmin & { resource?: pulumi.Resource }>(list: readonly T[]): pulumi.Resource[] =>
      list.filter((a) => a !== self && tierOf(a) < tier).flatMap((a) => (a.resource ? [a.resource] : []));
    const before = customer ? earlier(this.customerAdmins.filter((a) => a.orgId !== null && a.orgId === customer.orgId)) : earlier(this.admins);
    return [this.resource, ...before];
  }
}

/** One line, no stack: a RunError is how a Pulumi program reports a failure that is not a bug of its own. */
function planFailure(what: string, cause: unknown): pulumi.RunError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new pulumi.RunError(`webexhub-plan: ${what}: ${reason.split("\n")[0] ?? ""}`);
}

// One plan per program run: keyed by the run's stack resource (an inline program runs many times
// in one process, each with a new stack resource).
const plans = new WeakMap<object, ProgramPlan>();
const outsideAStack = {};

/**
 * The run's plan while it is open. A resource declared once the digest was taken (after an await) is
 * left out of the plan (`undefined` here): it is judged on its own, but still waits for the Plan,
 * so a plan that is refused changes nothing; the warning says why the plan may count it as gone.
 */
function currentPlan(what: string): ProgramPlan | undefined {
  const key = pulumi.runtime.getStackResource() ?? outsideAStack;
  let plan = plans.get(key);
  if (plan === undefined) {
    plan = new ProgramPlan();
    plans.set(key, plan);
  }
  if (!plan.open) {
    void pulumi.log.warn(
      `${what} is declared after an await, once the program's plan was taken: the org-wide rules judge the program without it (it may show as leaving the program); declare every webexhub resource before awaiting anything`,
    );
    return undefined;
  }
  plan.touch();
  return plan;
}

/** Notes a resource a destroy keeps in the Hub (retainOnDelete), by name. */
function noteRetained(plan: ProgramPlan, name: string, opts: pulumi.CustomResourceOptions | undefined): void {
  if (opts?.retainOnDelete === true) plan.retained.add(name);
}

/** The Plan of this run, for a resource declared too late to be in it: it still waits for it. */
function latePlan(): Promise<pulumi.Resource[]> {
  const plan = plans.get(pulumi.runtime.getStackResource() ?? outsideAStack);
  return plan ? plan.digested.then(() => [plan.resource]) : Promise.resolve([]);
}

export interface Planned {
  /** Whether the plan judges this resource's org-wide rules. */
  readonly planned: boolean;
  /** The options to create the resource with: it waits for the plan (and for the grants it may depend on). */
  readonly opts: pulumi.CustomResourceOptions;
  /** Called with the resource once made: the destroy guard depends on it. */
  attach(resource: pulumi.Resource): void;
}

/** The options with `extra` (resolved once the plan is taken) and `also` added to the dependencies. */
export function withDependencies(opts: pulumi.CustomResourceOptions | undefined, extra: Promise<pulumi.Resource[]>, also: readonly pulumi.Resource[] = []): pulumi.CustomResourceOptions {
  const own = opts?.dependsOn;
  if (own !== undefined && !Array.isArray(own) && !pulumi.Resource.isInstance(own)) return opts ?? {}; // an Output of resources: left as given
  const list: pulumi.Input<pulumi.Resource>[] = own === undefined ? [] : Array.isArray(own) ? [...(own as pulumi.Input<pulumi.Resource>[])] : [own as pulumi.Resource];
  const dependsOn: Promise<pulumi.Input<pulumi.Resource>[]> = extra.then((deps) => [...also, ...deps, ...list]);
  return { ...opts, dependsOn };
}

export function planPartnerAdmin(
  name: string,
  args: { email: pulumi.Input<string>; roles: pulumi.Input<pulumi.Input<RoleId>[]>; sites?: pulumi.Input<Record<string, pulumi.Input<SiteRoleId>>> },
  opts: pulumi.CustomResourceOptions | undefined,
): Planned {
  const plan = currentPlan(`PartnerAdmin "${name}"`);
  if (!plan) return { planned: false, opts: withDependencies(opts, latePlan()), attach: () => undefined };
  noteRetained(plan, name, opts);
  // Site roles enter the digest only when the resource manages them.
  const entry: PlannedAdmin & { resource?: pulumi.Resource } = { name, email: plain(args.email), roles: plainRoles(args.roles), ...(args.sites !== undefined ? { sites: plainSites(args.sites) } : {}) };
  plan.admins.push(entry);
  return {
    planned: true,
    opts: withDependencies(opts, plan.dependenciesOf(entry)),
    attach: (resource) => {
      entry.resource = resource;
      plan.declared.push(resource);
    },
  };
}

export function planCustomerAssignment(name: string, adminEmail: pulumi.Input<string> | undefined, customerOrgIds: pulumi.Input<pulumi.Input<string>[]>, admin: pulumi.Resource | undefined, opts: pulumi.CustomResourceOptions | undefined): Planned {
  const plan = currentPlan(`CustomerAssignment "${name}"`);
  const also = admin ? [admin] : [];
  if (!plan) return { planned: false, opts: withDependencies(opts, latePlan(), also), attach: () => undefined };
  noteRetained(plan, name, opts);
  const ids = plain(customerOrgIds);
  plan.assignments.push({ name, adminEmail: plain(adminEmail), customerCount: Array.isArray(ids) ? new Set(ids).size : null });
  return { planned: true, opts: withDependencies(opts, plan.dependenciesOf(undefined), also), attach: (r) => void plan.declared.push(r) };
}

function plainSites(value: pulumi.Input<Record<string, pulumi.Input<SiteRoleId>>> | undefined): Record<string, SiteRoleId> | null {
  if (value === undefined) return {};
  const map = plain(value);
  if (map === null || typeof map !== "object" || Object.values(map).some((role) => typeof role !== "string")) return null;
  return map as Record<string, SiteRoleId>;
}

export function planCustomerAdmin(
  name: string,
  args: { orgId: pulumi.Input<string>; email: pulumi.Input<string>; roles: pulumi.Input<pulumi.Input<RoleId>[]>; sites?: pulumi.Input<Record<string, pulumi.Input<SiteRoleId>>> },
  opts: pulumi.CustomResourceOptions | undefined,
): Planned {
  const plan = currentPlan(`CustomerAdmin "${name}"`);
  if (!plan) return { planned: false, opts: withDependencies(opts, latePlan()), attach: () => undefined };
  noteRetained(plan, name, opts);
  const entry: PlannedCustomerAdmin & { resource?: pulumi.Resource } = { name, orgId: plain(args.orgId), email: plain(args.email), roles: plainRoles(args.roles), sites: plainSites(args.sites) };
  plan.customerAdmins.push(entry);
  return {
    planned: true,
    opts: withDependencies(opts, plan.dependenciesOf(entry, entry)),
    attach: (resource) => {
      entry.resource = resource;
      plan.declared.push(resource);
    },
  };
}

export function planOther(
  opts: pulumi.CustomResourceOptions | undefined,
  external?: { name: string; orgId: pulumi.Input<string>; email: pulumi.Input<string>; role: pulumi.Input<string> },
  restricted?: { name: string; orgId: pulumi.Input<string> },
): Planned {
  const plan = currentPlan(external ? `ExternalAdmin "${external.name}"` : restricted ? `RestrictedMode "${restricted.name}"` : "a resource");
  if (!plan) return { planned: false, opts: withDependencies(opts, latePlan()), attach: () => undefined };
  noteRetained(plan, external?.name ?? restricted?.name ?? "", opts);
  if (external) plan.externals.push({ name: external.name, orgId: plain(external.orgId), email: plain(external.email), role: plain(external.role) });
  if (restricted) plan.restrictedModes.push({ name: restricted.name, orgId: plain(restricted.orgId) });
  return { planned: true, opts: withDependencies(opts, plan.dependenciesOf(undefined)), attach: (r) => void plan.declared.push(r) };
}
