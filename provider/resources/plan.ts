/**
 * Plan: one per program, made by the SDK (`webexhub-plan`). Its input is the digest of what every
 * resource of the program declares; it judges the org-wide rules on the state the whole program
 * leaves — at preview, in `check` — and every other resource of the program waits for it, so a plan
 * it refuses changes nothing. It writes nothing to the Hub.
 *
 * It also sees what a single resource cannot: the PartnerAdmins the program no longer declares
 * (the previous digest, in its old inputs), whose deletes Pulumi plans without asking anyone.
 */
import {
  applyOrder,
  applyViolations,
  hasErrors,
  sitesLeft,
  customerOrgsOf,
  desiredOfPlan,
  desiredOfCustomerPlan,
  droppedAdmins,
  droppedCustomerAdmins,
  EMPTY_PLAN,
  planViolations,
  readPlan,
  type PlanDigest,
} from "../../core";
import type { World } from "../../core";
import { accessSummary } from "../../core";
import { privilegeDeltaLines } from "../../core";
import type { Violation } from "../../core";
import { failureOfError, failuresOf, RefusedError, throwOnErrors } from "../failures";
import { seeRuleDoc } from "../../core";
import type { RuleCode } from "../../core";
import { logInfo } from "../log";
import { providerOf, ProviderContext, type Live, type ResourceOperations } from "../context";

/**
 * The digest is the SDK's, never the user's: under `__plan`, which Pulumi's display leaves out (the
 * change it stands for shows on each resource). States written before hold it as `plan`.
 */
export interface PlanInputs {
  __plan?: PlanDigest;
  plan?: PlanDigest;
  /** The destroy guard (`webexhub-destroy-guard`): judges nothing until its own delete. */
  __guard?: boolean;
}

const digestOf = (inputs: Partial<PlanInputs> | undefined): PlanDigest => readPlan(inputs?.__plan ?? inputs?.plan);

export interface PlanOutputs extends PlanInputs {
  /**
   * The keys of the program's role writes (`PartnerAdmin "name"`, `CustomerAdmin "name"`) in the
   * order the applier can follow; the SDK makes each wait for the one before it.
   */
  order: string[];
  /** Of those, the applier's own losses: they wait also for the program's other writes. */
  ownLosses: string[];
  /** How many resources the plan holds, by kind: a small, readable output. */
  counts: { [K in keyof PlanDigest]: number };
}

const siteNote = (sites: Readonly<Record<string, string>> | undefined): string =>
  Object.keys(sites ?? {}).length
    ? ` and the site roles of [${Object.keys(sites ?? {})
        .map((url) => url.toLowerCase())
        .join(", ")}]`
    : "";

function say(world: World, previous: PlanDigest, plan: PlanDigest): void {
  for (const d of droppedAdmins(previous, plan)) {
    const person = world.people.find((p) => p.email.toLowerCase() === d.email.toLowerCase());
    if (!person) continue;
    const after = person.roles.filter((r) => !d.declared.includes(r));
    const sitesAfter = sitesLeft(person.siteRoles, d.sites ?? {});
    if (
      after.length === person.roles.length &&
      Object.keys(sitesAfter).length === Object.keys(person.siteRoles ?? {}).length
    )
      continue;
    const org = world.orgs.find((o) => o.id === person.orgId);
    const lines = privilegeDeltaLines(
      accessSummary(person.roles, org, person.siteRoles),
      accessSummary(after, org, sitesAfter),
    );
    logInfo(
      `PartnerAdmin "${d.name}" (${d.email}) leaves the program: delete removes [${d.declared.join(", ")}]${siteNote(d.sites)}, leaving [${after.join(", ")}]; ${lines.join("; ") || "no privilege changes"}`,
    );
  }
  for (const d of droppedCustomerAdmins(previous, plan)) {
    const person = world.people.find((p) => p.email.toLowerCase() === d.email.toLowerCase());
    if (!person) continue;
    const after = person.roles.filter((r) => !d.declared.includes(r));
    const sitesAfter = sitesLeft(person.siteRoles, d.sites);
    const org = world.orgs.find((o) => o.id === d.orgId);
    const lines = privilegeDeltaLines(
      accessSummary(person.roles, org, person.siteRoles),
      accessSummary(after, org, sitesAfter),
    );
    logInfo(
      `CustomerAdmin "${d.name}" (${d.email} in ${d.orgId}) leaves the program: delete removes [${d.declared.join(", ")}]${siteNote(d.sites)}, leaving [${after.join(", ")}]; ${lines.join("; ") || "no privilege changes"}`,
    );
  }
}

/**
 * The one live world (hub/live.ts) for every declaration of the program: the partner's and each
 * customer org's, so the plan reads the same facts as each resource's check.
 */
async function liveFor(ctx: ProviderContext, previous: PlanDigest, plan: PlanDigest, preview = false): Promise<Live> {
  const base = await ctx.hub().world();
  const desired = [
    desiredOfPlan(plan, base, previous),
    ...customerOrgsOf(plan, previous).map((orgId) => desiredOfCustomerPlan(plan, base, orgId, previous)),
  ];
  return ctx.live(desired, preview);
}

/**
 * At preview: the org-wide rules, and whether the applier can make the role writes in some order
 * (each resource judges its own writes against the Hub as it is now; only the walk sees the
 * applier's privileges as the earlier writes leave them).
 */
async function judge(
  ctx: ProviderContext,
  previous: PlanDigest,
  plan: PlanDigest,
): Promise<{ world: World; violations: Violation[] }> {
  const { world, actor } = await liveFor(ctx, previous, plan, true);
  const violations = planViolations(plan, world, ctx.now(), previous, ctx.policy(), ctx.indexer);
  // A plan refused as a whole has no order to find (the walk would only say the same again).
  if (hasErrors(violations)) return { world, violations };
  const walk = applyOrder(plan, world, actor, ctx.now(), previous);
  if (walk.order.length > 1) logInfo(`the program's role writes apply in this order: ${walk.order.join(" → ")}`);
  return { world, violations: [...violations, ...walk.violations] };
}

/** Before the program's first write: the whole plan, with the token's person; the order to write in. */
async function guard(
  ctx: ProviderContext,
  previous: PlanDigest,
  plan: PlanDigest,
): Promise<{ order: string[]; ownLosses: string[] }> {
  const { world, actor } = await liveFor(ctx, previous, plan);
  const action = "Applying the program (nothing was written)";
  throwOnErrors(applyViolations(plan, world, actor, ctx.now(), previous, ctx.policy(), ctx.indexer), action);
  const walk = applyOrder(plan, world, actor, ctx.now(), previous);
  throwOnErrors(walk.violations, action);
  return { order: [...walk.order], ownLosses: [...walk.ownLosses] };
}

async function reordered(
  ctx: ProviderContext,
  plan: PlanDigest,
  last: readonly string[] | undefined,
): Promise<boolean> {
  const { world, actor } = await liveFor(ctx, plan, plan, true);
  const { order } = applyOrder(plan, world, actor, ctx.now(), plan);
  return order.length > 1 && JSON.stringify(order) !== JSON.stringify(last ?? []);
}

const counts = (plan: PlanDigest): PlanOutputs["counts"] =>
  Object.fromEntries(
    Object.entries(plan).map(([key, list]) => [key, (list as readonly unknown[]).length]),
  ) as PlanOutputs["counts"];

/** What the guard keeps: the digest its delete judges. */
const guardOf = (inputs: Partial<PlanInputs>): PlanOutputs => ({
  __plan: digestOf(inputs),
  __guard: true,
  order: [],
  ownLosses: [],
  counts: counts(digestOf(inputs)),
});

/** The rules a destroy can break: nobody locked out, nobody removing what they may not. */
const DESTROY_GUARDS: readonly RuleCode[] = ["last-full-admin", "actor-lacks-privilege"];

/**
 * The guard's delete runs before any other delete of a destroy (it depends on every resource):
 * it judges the state the whole destroy leaves — every declared role removed — and refuses it
 * before the Hub is touched, with a fix a destroy can follow.
 */
async function judgeDestroy(ctx: ProviderContext, props: Partial<PlanInputs>): Promise<void> {
  const digest = digestOf(props);
  const { world, actor } = await liveFor(ctx, digest, EMPTY_PLAN);
  const errors = applyViolations(EMPTY_PLAN, world, actor, ctx.now(), digest, undefined, ctx.indexer).filter(
    (v) => DESTROY_GUARDS.includes(v.code) && v.severity === "error",
  );
  if (errors.length === 0) return;
  const reasons = errors.map(
    (v) => `[${v.code}] ${v.path ? `${v.path}: ` : ""}${forDestroy(v.message)}${seeRuleDoc(v.code)}`,
  );
  throw new RefusedError(
    `Destroying this stack refused before any delete ran (nothing was removed): ${reasons.join("; ")}. ` +
      "A destroy cannot hand a role over: give full_admin to another person first (in Control Hub, or declare them and run pulumi up), " +
      "or stop managing the people who must keep their roles without touching the Hub (pulumi state delete <urn>), then destroy again.",
  );
}

/** The rule's own fix speaks of a plan that grants in the same run, which a destroy cannot do. */
const forDestroy = (message: string): string =>
  message.replace(/;? ?to hand it over, grant the new administrator in the same plan\.?/, ".");

const operations: ResourceOperations<PlanInputs, PlanOutputs> = {
  async check(ctx, olds, news) {
    if (news.__guard === true) return { inputs: { __plan: digestOf(news), __guard: true }, failures: [] };
    const plan = digestOf(news);
    const previous = digestOf(olds);
    try {
      const { world, violations } = await judge(ctx, previous, plan);
      say(world, previous, plan);
      return { inputs: { __plan: plan }, failures: failuresOf(violations) };
    } catch (error) {
      return { inputs: { __plan: plan }, failures: failureOfError(error) };
    }
  },
  async diff(ctx, _id, olds, news) {
    const previous = digestOf(olds);
    const plan = digestOf(news);
    if (JSON.stringify(previous) !== JSON.stringify(plan)) return { changes: true };
    if (news.__guard === true) return { changes: false };
    // The same program over a Hub changed behind its back may need more than one write again: the
    // Plan is then applied, so the writes wait for the order it answers, not the last run's.
    return { changes: await reordered(ctx, plan, olds.order) };
  },
  async create(ctx, inputs) {
    if (inputs.__guard === true) return { id: "webexhub-destroy-guard", outs: guardOf(inputs) };
    // Again at apply: the Hub may have changed since the preview.
    const plan = digestOf(inputs);
    const order = await guard(ctx, EMPTY_PLAN, plan);
    return { id: "webexhub-plan", outs: { __plan: plan, ...order, counts: counts(plan) } };
  },
  async update(ctx, _id, olds, news) {
    if (news.__guard === true) return { outs: guardOf(news) };
    const plan = digestOf(news);
    const order = await guard(ctx, digestOf(olds), plan);
    return { outs: { __plan: plan, ...order, counts: counts(plan) } };
  },
  async read(_ctx, id, props) {
    return { id, props, inputs: { __plan: digestOf(props), ...(props.__guard === true ? { __guard: true } : {}) } };
  },
  async delete(ctx, _id, props) {
    // The plan itself holds nothing in the Hub; each resource's own delete guards what it removes.
    if (props.__guard === true) await judgeDestroy(ctx, props);
  },
};

/** The provider for one configuration (the dynamic-provider process calls this in `configure()`). */
export const createProvider = providerOf(operations);
