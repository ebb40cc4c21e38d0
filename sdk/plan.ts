/**
 * The program's plan. Pulumi gives a dynamic provider no view of the other resources of a program,
 * so each resource of this SDK registers what it declares here, and the first one makes a `Plan`
 * resource (`webexhub-plan`) whose input is the digest of the whole program. The Plan judges the
 * org-wide rules (nobody locked out, each person declared once) on the state the whole program
 * leaves, at preview; every other resource depends on it, so a plan it refuses changes nothing.
 *
 * Writes are ordered so that the applier can make every one of them: the Plan walks the program's
 * role writes through the rules with the applier's privileges as each write leaves them (grants
 * first, then other people's losses, the applier's own losses last) and answers the order; at
 * apply each PartnerAdmin and CustomerAdmin waits for the one before it in that order (a handover
 * in which the applier retires itself works in one up). Deletes come last, as Pulumi runs them.
 *
 * The digest is taken once the program has declared its resources (the turn of the event loop after
 * the last declaration), so declare one program's resources without awaiting I/O in between (one
 * declared later is left out, with a warning, and still waits for the Plan). Values
 * that are Outputs are left out of the digest (the rules that need them wait for the resource's own
 * check): reading them would make the Plan depend on resources that depend on it.
 */
import * as pulumi from "@pulumi/pulumi";
import { digestOf, PLAN_RESOURCE, type DigestEntry, type PlanDigest, type ResourceDescriptor } from "../core";
import { WebexhubResource } from "./providers";

/**
 * The guard of a destroy: it depends on every resource of the program, so Pulumi deletes it FIRST,
 * and its delete judges, from the digest in its state, the state the whole destroy would leave
 * (a program is not run on `pulumi destroy`). A destroy that would lock an org out stops there,
 * before any delete reaches the Hub. It writes nothing and shows no property.
 */
class PlanGuard extends WebexhubResource {
  constructor(plan: Promise<PlanDigest>, resources: Promise<pulumi.Resource[]>) {
    const dependsOn: Promise<pulumi.Input<pulumi.Resource>[]> = plan.then(() => resources);
    super(PLAN_RESOURCE, "webexhub-destroy-guard", { __plan: plan, __guard: true }, { dependsOn });
  }
}

class PlanResource extends WebexhubResource {
  /** How many declarations of each resource the digest holds. */
  declare readonly counts: pulumi.Output<{ [K in keyof PlanDigest]: number }>;
  /** The role writes' keys in the order the applier can follow (known once the Plan is applied). */
  declare readonly order: pulumi.Output<string[] | undefined>;
  /** Of those, the applier's own losses: they wait also for the program's other writes. */
  declare readonly ownLosses: pulumi.Output<string[] | undefined>;

  constructor(plan: Promise<PlanDigest>) {
    // Waiting on the digest as a dependency too makes a failed digest stop the registration before
    // Pulumi serializes the inputs (which would prefix the cause with its own wording).
    const afterDigest: Promise<pulumi.Input<pulumi.Resource>[]> = plan.then(() => []);
    // `__plan`: Pulumi's display leaves the digest out; each resource shows its own change.
    super(
      PLAN_RESOURCE,
      "webexhub-plan",
      { __plan: plan, counts: undefined, order: undefined, ownLosses: undefined },
      { dependsOn: afterDigest },
    );
  }
}

/**
 * The Plan's order once it is applied. `apply` would never call back when the Plan's registration
 * fails, leaving every resource waiting; the Output's own promise rejects instead (the same way the
 * resources' dependency on the Plan fails). At preview nothing is written: no order is needed.
 */
function keysOf(output: pulumi.Output<string[] | undefined>): Promise<readonly string[]> {
  if (pulumi.runtime.isDryRun()) return Promise.resolve([]);
  const internal = output as unknown as { promise?: () => Promise<unknown> };
  if (typeof internal.promise !== "function") return Promise.resolve([]);
  return internal
    .promise()
    .then((value) => (Array.isArray(value) && value.every((k) => typeof k === "string") ? (value as string[]) : []));
}

/** An argument as the program knows it now: an Output or a promise is not known yet (null). */
const plain = (value: unknown): unknown =>
  value === undefined ? undefined : pulumi.Output.isInstance(value) || value instanceof Promise ? null : value;

class ProgramPlan {
  /** Each resource's declarations, by the resource's list in the digest. */
  readonly entries = new Map<string, DigestEntry[]>();
  /** The role-writing resources by the key the Plan's order names them with. */
  readonly writers = new Map<string, pulumi.Resource>();
  /** The program's other writes, and the resource each already waits for (an assignment's admin). */
  readonly others: Array<{ resource?: pulumi.Resource; readonly after?: pulumi.Resource }> = [];
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
    new PlanGuard(
      this.digested.then((d) => this.destroyed(d)),
      this.settled.then(() => [...this.declared]),
    );
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
    const lists = Object.entries(digest as unknown as Readonly<Record<string, readonly DigestEntry[]>>);
    const kept = lists.map(([key, list]) => [key, list.filter((e) => !this.retained.has(e.name))]);
    return Object.fromEntries(kept) as unknown as PlanDigest;
  }

  /** Every resource's list (empty when none is declared), each declared resource's entries. */
  digest(): PlanDigest {
    const declared = Object.fromEntries([...this.entries].map(([key, list]) => [key, [...list]]));
    return { ...digestOf(() => []), ...declared } as PlanDigest;
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
    const entries: DigestEntry[] = Object.values(digest as unknown as Record<string, DigestEntry[]>).flat();
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
   * The resources an admin waits for: the plan, and at apply the role write before it in the Plan's
   * order (so the writes run one after another, in the order the Plan proved the applier can follow).
   */
  async dependenciesOf(key: string | undefined): Promise<pulumi.Resource[]> {
    await this.digested;
    if (key === undefined) return [this.resource];
    const [order, ownLosses] = await Promise.all([keysOf(this.resource.order), keysOf(this.resource.ownLosses)]);
    const at = order.indexOf(key);
    const before = at > 0 ? this.writers.get(order[at - 1] as string) : undefined;
    const self = this.writers.get(key);
    // The applier gives its own roles up once the writes that need them are made (but never waits
    // for a write that itself waits for this resource, like an assignment of the applier).
    const others = ownLosses.includes(key)
      ? this.others.filter((o) => o.after !== self).flatMap((o) => (o.resource ? [o.resource] : []))
      : [];
    return [this.resource, ...(before ? [before] : []), ...others];
  }
}

/** One line, no stack: a RunError is how a Pulumi program reports a failure that is not a bug of its own. */
function planFailure(what: string, cause: unknown): pulumi.RunError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new pulumi.RunError(`webexhub-plan: ${what}: ${reason.split("\n")[0] ?? ""}`);
}

/**
 * One plan per program run, kept on the run's stack resource (an inline program runs many times in
 * one process, each with a new stack resource). Without a stack (a unit test with mocks), on the
 * process's global object, as Pulumi keeps its own runtime state.
 */
const PLAN_KEY = Symbol.for("pulumi-webexhub:plan");
type PlanHolder = { [PLAN_KEY]?: ProgramPlan };

const holder = (): PlanHolder => (pulumi.runtime.getStackResource() ?? globalThis) as unknown as PlanHolder;

/**
 * The run's plan while it is open. A resource declared once the digest was taken (after an await) is
 * left out of the plan (`undefined` here): it is judged on its own, but still waits for the Plan,
 * so a plan that is refused changes nothing; the warning says why the plan may count it as gone.
 */
function currentPlan(what: string): ProgramPlan | undefined {
  const at = holder();
  const plan = (at[PLAN_KEY] ??= new ProgramPlan());
  if (!plan.open) {
    void pulumi.log.warn(
      `${what} is declared after an await, once the program's plan was taken: the org-wide rules judge the program without it (it may show as leaving the program); declare every webexhub resource before awaiting anything`,
    );
    return undefined;
  }
  plan.touch();
  return plan;
}

/** The Plan of this run, for a resource declared too late to be in it: it still waits for it. */
function latePlan(): Promise<pulumi.Resource[]> {
  const plan = holder()[PLAN_KEY];
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
export function withDependencies(
  opts: pulumi.CustomResourceOptions | undefined,
  extra: Promise<pulumi.Resource[]>,
  also: readonly pulumi.Resource[] = [],
): pulumi.CustomResourceOptions {
  const own = opts?.dependsOn;
  if (own !== undefined && !Array.isArray(own) && !pulumi.Resource.isInstance(own)) return opts ?? {}; // an Output of resources: left as given
  const list: pulumi.Input<pulumi.Resource>[] =
    own === undefined
      ? []
      : Array.isArray(own)
        ? [...(own as pulumi.Input<pulumi.Resource>[])]
        : [own as pulumi.Resource];
  const dependsOn: Promise<pulumi.Input<pulumi.Resource>[]> = extra.then((deps) => [...also, ...deps, ...list]);
  return { ...opts, dependsOn };
}

/**
 * Enters one declaration into the run's plan, by its descriptor: its entry in the digest, and its
 * place among the writes (a role write waits for the one before it in the Plan's order; any other
 * waits for the Plan and, when it has one, for `after`: the resource it already depends on).
 */
export function planDeclaration(
  descriptor: ResourceDescriptor,
  name: string,
  args: Readonly<Record<string, unknown>>,
  opts: pulumi.CustomResourceOptions | undefined,
  after?: pulumi.Resource,
): Planned {
  const key = `${descriptor.type} "${name}"`;
  const plan = currentPlan(key);
  const also = after ? [after] : [];
  if (!plan) return { planned: false, opts: withDependencies(opts, latePlan(), also), attach: () => undefined };
  if (opts?.retainOnDelete === true) plan.retained.add(name);
  const known = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, plain(v)]));
  const list = plan.entries.get(descriptor.digestKey) ?? [];
  plan.entries.set(descriptor.digestKey, [...list, descriptor.entryOf(name, known)]);
  if (descriptor.ordered) {
    const attach = (resource: pulumi.Resource): void => {
      plan.writers.set(key, resource);
      plan.declared.push(resource);
    };
    return { planned: true, opts: withDependencies(opts, plan.dependenciesOf(key), also), attach };
  }
  const entry: { resource?: pulumi.Resource; after?: pulumi.Resource } = after ? { after } : {};
  plan.others.push(entry);
  const attach = (resource: pulumi.Resource): void => {
    entry.resource = resource;
    plan.declared.push(resource);
  };
  return { planned: true, opts: withDependencies(opts, plan.dependenciesOf(undefined), also), attach };
}
