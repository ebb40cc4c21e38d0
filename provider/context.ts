/**
 * What a provider instance works with: made once in `configure()` from the stack's configuration
 * (or, without a `configure()`, from the environment), never stored at module level. It resolves
 * the credentials when the Hub is first needed, so a provider that was never configured still
 * reports a missing token as a check failure rather than a crash.
 */
import { evaluate, WorldIndexer } from "../core";
import type { Desired, OrgPolicy, Person, RuleCode, RuleContext, Violation, World } from "../core";
import { ENV_ENDPOINT, ENV_TOKEN, resolveCredentials, type ConfigSource } from "../hub";
import { orgPolicyOf, previewActor, resolveHubSettings } from "../hub";
import { hubSession, liveView, type HubSession } from "../hub";
import { isHubError, type Extension } from "../hub";
import { failureOfError, failuresOf, throwOnErrors, type CheckFailure } from "./failures";
import type { DiffOutcome } from "./detailedDiff";

/** The Hub as a provider operation sees it: the session, the world for the rules, the token's person. */
export interface Live {
  readonly hub: HubSession;
  readonly world: World;
  readonly actor: Person;
}

export type RuleInputs = Omit<RuleContext, "now" | "policy"> & {
  /**
   * A resource of a planned program: its Plan judges the org policy over the whole program, at
   * preview and before the program's first write, so each write in between (a grant before the
   * removal it makes room for) is not judged against the policy alone.
   */
  readonly byPlan?: boolean;
};

export interface ProviderContextOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly now?: () => Date;
  /**
   * The environment's WEBEXHUB_TOKEN / WEBEXHUB_ENDPOINT before the configuration. For reads,
   * diffs and deletes: a refresh or destroy hands the provider the configuration stored in the state with the
   * last up, so a token rotated since would be refused; the environment is current by definition.
   */
  readonly environmentFirst?: boolean;
}

export class ProviderContext {
  readonly #config: ConfigSource | undefined;
  readonly #env: Readonly<Record<string, string | undefined>> | undefined;
  readonly #now: () => Date;
  readonly #options: ProviderContextOptions;
  /** The org policy, read once per context (a provider configured again reads it again). */
  #policy: { readonly value: OrgPolicy | undefined } | undefined;
  /** Each resource judges the world its predecessors' writes left: patched, not indexed whole. */
  readonly #indexer = new WorldIndexer();

  constructor(config?: ConfigSource, options: ProviderContextOptions = {}) {
    this.#config = config;
    this.#env = options.env;
    this.#now = options.now ?? (() => new Date());
    this.#options = options;
  }

  /** The same configuration, with the environment's credentials first (see `environmentFirst`). */
  environmentFirst(): ProviderContext {
    return this.#options.environmentFirst
      ? this
      : new ProviderContext(this.#config, { ...this.#options, environmentFirst: true });
  }

  /** The Hub session for the configured endpoint and token (shared by every provider in the process). */
  hub(): HubSession {
    const env = this.#env ?? process.env;
    const explicit = this.#options.environmentFirst
      ? { endpoint: env[ENV_ENDPOINT], token: env[ENV_TOKEN] }
      : undefined;
    const sources = { config: this.#config, ...(this.#env ? { env: this.#env } : {}) };
    const { endpoint, token } = resolveCredentials({ ...sources, env, ...(explicit ? { explicit } : {}) });
    return hubSession({ endpoint, token, userAgent: "pulumi-webexhub-provider" }, resolveHubSettings(sources));
  }

  /**
   * Who `check` and `diff` judge the rules about who may make a change as: the applier the stack
   * names (webexhub:applier), so a preview with a read-only token judges the person who applies;
   * else the token's person. create, update and delete never ask this: they judge the token's person.
   */
  async previewActor(hub: HubSession): Promise<Person> {
    const sources = { config: this.#config, ...(this.#env ? { env: this.#env } : {}) };
    return previewActor(hub, resolveHubSettings(sources).applier);
  }

  /**
   * The one live world (hub/live.ts) for these declarations, as the CLI reads it: every resource
   * and the program's plan judge the same facts the same way.
   */
  async live(desired: readonly Desired[], preview = false): Promise<Live> {
    const { hub, world, actor } = await liveView(this.hub(), desired);
    // check and diff judge as the applier the stack names; a write as the token's person.
    return { hub, world, actor: preview ? await this.previewActor(hub) : actor };
  }

  /**
   * Whether the Hub offers a webexhub mock extension, asked once per org and session (the answer is
   * cached with the data): a resource that needs one checks this first, so against Webex it fails at
   * `check` with one line saying the feature has no public API, not with a raw 404 at apply.
   * Other errors are left to the resource's own reads.
   */
  async extensionFailures(extension: Exclude<Extension, "siteRoles">, orgId: string): Promise<CheckFailure[]> {
    try {
      const hub = this.hub();
      // Only an org in sight (a customer, for restricted mode) has the feature to ask about: a 404
      // for any other org means "no such org", which the rules say better.
      const org = (await hub.world()).orgs.find((o) => o.id === orgId);
      if (org === undefined || (extension === "restrictedMode" && org.kind !== "customer")) return [];
      if (extension === "externalAdmins") await hub.externalAdmins(orgId);
      else await hub.restrictedMode(orgId);
      return [];
    } catch (error) {
      return isHubError(error, "hub-unsupported") ? failureOfError(error) : [];
    }
  }

  /**
   * One failure at `property` when the Hub shows this token no organization `orgId` (an id from
   * an example, a typo): said as such at `check`, not as the 404 of the first endpoint that
   * names the org (which, for a mock extension, would read as a Hub that lacks the feature).
   */
  async orgFailures(orgId: string, property = "orgId"): Promise<CheckFailure[]> {
    try {
      const orgs = (await this.hub().world()).orgs;
      if (orgs.some((o) => o.id === orgId)) return [];
      const seen = orgs
        .slice(0, 3)
        .map((o) => `${o.displayName} (${o.id})`)
        .join(", ");
      const more = orgs.length > 3 ? ", …" : "";
      return [
        {
          property,
          reason:
            `[org-not-found] ${property}: organization "${orgId}" is not one this token can see: it does not exist, or ` +
            `the token's person administers neither it nor a partner managing it, and so cannot change it (the Hub ` +
            `shows this token ${orgs.length}: ${seen}${more}). Use the organization's Hub id (\`webexhub export\` ` +
            "lists them), or apply with the token of one of that organization's administrators.",
        },
      ];
    } catch (error) {
      return failureOfError(error);
    }
  }

  now(): Date {
    return this.#now();
  }

  /**
   * The org's own guardrails the stack names (webexhub:policyFile, WEBEXHUB_POLICY_FILE), judged
   * with every rule as `org-policy`; a policy file that cannot be used is a ConfigurationError
   * (a check failure at `check`), never a rule silently left out.
   */
  policy(): OrgPolicy | undefined {
    if (this.#policy === undefined) {
      const sources = { config: this.#config, ...(this.#env ? { env: this.#env } : {}) };
      this.#policy = { value: orgPolicyOf(resolveHubSettings(sources)) };
    }
    return this.#policy.value;
  }

  /** The context's indexer, for rules evaluated outside `evaluate` (the program's plan). */
  get indexer(): WorldIndexer {
    return this.#indexer;
  }

  evaluate(inputs: RuleInputs): Violation[] {
    const { byPlan, ...context } = inputs;
    const policy = byPlan === true ? undefined : this.policy();
    return evaluate({ ...context, now: this.now(), policy, indexer: this.#indexer });
  }

  /** The rules as check failures (errors) and logged warnings. */
  failures(inputs: RuleInputs): CheckFailure[] {
    return failuresOf(this.evaluate(inputs));
  }

  /** The one guard before a write: refuses with every error found, logs the warnings. */
  guard(inputs: RuleInputs, action: string, only?: readonly RuleCode[]): void {
    const violations = this.evaluate(inputs);
    throwOnErrors(only ? violations.filter((v) => only.includes(v.code)) : violations, action);
  }
}

/** What `check` answers: the inputs to use (defaults filled in) and every failure found. */
export interface CheckOutcome<I> {
  readonly inputs: I;
  readonly failures: CheckFailure[];
}

/** What `read` finds: a blank id when the object is gone; else the live outputs and inputs. */
export interface ReadOutcome<I, O> {
  readonly id: string;
  readonly props?: O;
  readonly inputs?: I;
}

/** A resource's operations, written against a context instead of module state. */
export interface ResourceOperations<I, O> {
  check(ctx: ProviderContext, olds: Partial<I>, news: I): Promise<CheckOutcome<I>>;
  diff(ctx: ProviderContext, id: string, olds: O, news: I): Promise<DiffOutcome>;
  create(ctx: ProviderContext, inputs: I): Promise<{ id: string; outs: O }>;
  read(ctx: ProviderContext, id: string, props: O): Promise<ReadOutcome<I, O>>;
  update(ctx: ProviderContext, id: string, olds: O, news: I): Promise<{ outs: O }>;
  delete(ctx: ProviderContext, id: string, props: O): Promise<void>;
}

/** The operations bound to one context: what the dynamic-provider process calls. */
export interface BoundProvider<I, O> {
  check(olds: Partial<I>, news: I): Promise<CheckOutcome<I>>;
  diff(id: string, olds: O, news: I): Promise<DiffOutcome>;
  create(inputs: I): Promise<{ id: string; outs: O }>;
  read(id: string, props: O): Promise<ReadOutcome<I, O>>;
  update(id: string, olds: O, news: I): Promise<{ outs: O }>;
  delete(id: string, props: O): Promise<void>;
}

/**
 * A resource's `createProvider`: the dynamic-provider process calls it in `configure()` with the
 * stack's configuration, once per provider object.
 */
export const providerOf =
  <I, O>(ops: ResourceOperations<I, O>) =>
  (config?: ConfigSource): BoundProvider<I, O> =>
    bindOperations(ops, new ProviderContext(config));

export function bindOperations<I, O>(ops: ResourceOperations<I, O>, ctx: ProviderContext): BoundProvider<I, O> {
  // A refresh reads (and diffs what it read) and a destroy deletes with the configuration of the
  // last up: the current token, if the environment has one, goes first for the operations that
  // only read the Hub or remove what exists (a rotated token keeps working).
  const existing = ctx.environmentFirst();
  return {
    check: (olds, news) => ops.check(ctx, olds, news),
    diff: (id, olds, news) => ops.diff(existing, id, olds, news),
    create: (inputs) => ops.create(ctx, inputs),
    read: (id, props) => ops.read(existing, id, props),
    update: (id, olds, news) => ops.update(ctx, id, olds, news),
    delete: (id, props) => ops.delete(existing, id, props),
  };
}
