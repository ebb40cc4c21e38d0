/**
 * RestrictedMode: Restricted Administrator Mode of one customer org. Webex enables it by
 * default; delete returns it to the default. Its id is the customer org id.
 */
import { RESTRICTED_MODE_SETTINGS } from "../../core";
import type { Desired } from "../../core";
import { orgName } from "../summary";
import { failureOfError, schemaFailures, type CheckFailure } from "../failures";
import { known } from "../unknowns";
import { logInfo } from "../log";
import { providerOf, ProviderContext, type Live } from "../context";
import { restrictedModeDescriptor } from "../../core";
import { changed, type DiffOutcome } from "../detailedDiff";
import { withoutDrift } from "../internal";
import { driftPath, noteOf, valueDrift, type DriftNote } from "../drift";

export interface RestrictedModeInputs {
  orgId: string;
  enabled?: boolean;
  /** Set by `check` when the Hub drifted from the last apply: what the update reverts. */
  drift?: DriftNote;
}

export interface RestrictedModeOutputs {
  orgId: string;
  enabled: boolean;
  /** What the mode withholds from the customer's own administrators while it is on. */
  withheld: string[];
}

const WITHHELD = RESTRICTED_MODE_SETTINGS.map((s) => `${s.view}: ${s.setting} (${s.effect})`);

function desiredOf(partnerOrgId: string, orgId: string, enabled: boolean | undefined): Desired {
  return {
    org: { kind: "partner", orgId: partnerOrgId },
    authoritative: false,
    members: [],
    externalAdmins: [],
    restrictedMode: [{ orgId, enabled, path: "" }],
  };
}

/**
 * The Hub as the token sees it (hub/live.ts): the customer's mode when it is a managed customer in
 * sight (anything else is customer-not-managed), and a partner admin's assigned customers.
 */
function liveFor(ctx: ProviderContext, orgId: string, preview = false): Promise<Live> {
  return ctx.live([desiredOf("", orgId, undefined)], preview);
}

const outputsOf = (orgId: string, enabled: boolean): RestrictedModeOutputs => ({
  orgId,
  enabled,
  withheld: enabled ? WITHHELD : [],
});

const onOff = (enabled: boolean | undefined): string => (enabled === false ? "off" : "on");

async function check(
  ctx: ProviderContext,
  olds: Partial<RestrictedModeInputs>,
  raw: RestrictedModeInputs,
): Promise<{ inputs: RestrictedModeInputs; failures: CheckFailure[] }> {
  const news = withoutDrift(raw);
  const failures = schemaFailures(restrictedModeDescriptor, news);
  // Not an object at all: nothing to default, the failure says so.
  if (failures.length > 0 && (typeof news !== "object" || news === null)) return { inputs: news, failures };
  // Webex enables the mode unless a partner administrator turns it off.
  const inputs: RestrictedModeInputs = { ...news, enabled: news.enabled ?? true };
  if (failures.length > 0) return { inputs, failures };
  const orgId = known(news.orgId);
  const enabled = known(inputs.enabled);
  if (orgId === undefined) return { inputs, failures: [] };
  const unsupported = await ctx.extensionFailures("restrictedMode", orgId);
  if (unsupported.length > 0) return { inputs, failures: unsupported };
  try {
    const { hub, world, actor } = await liveFor(ctx, orgId, true);
    const found = ctx.failures({ desired: desiredOf(world.partnerOrgId, orgId, enabled), world, actor });
    const live =
      olds.orgId === orgId && enabled !== undefined && found.length === 0 ? await hub.restrictedMode(orgId) : undefined;
    const drift =
      live === undefined ? {} : noteOf({ enabled: valueDrift(onOff(live), onOff(olds.enabled), onOff(enabled)) });
    return { inputs: { ...inputs, ...drift }, failures: found };
  } catch (error) {
    return { inputs, failures: failureOfError(error) };
  }
}

async function diff(
  ctx: ProviderContext,
  _id: string,
  olds: RestrictedModeOutputs,
  news: RestrictedModeInputs,
): Promise<DiffOutcome> {
  const orgId = known(news.orgId);
  const enabled = known(news.enabled ?? true);
  if (orgId === undefined || enabled === undefined) return { changes: true };
  if (orgId !== olds.orgId)
    return { changes: true, replaces: ["orgId"], detailedDiff: { orgId: { kind: "update-replace" } } };
  const { hub, world, actor } = await liveFor(ctx, orgId, true);
  const live = await hub.restrictedMode(orgId);
  if (live === enabled) return { changes: false };
  ctx.guard(
    { desired: desiredOf(world.partnerOrgId, orgId, enabled), world, actor },
    `Changing Restricted Administrator Mode of ${orgId}`,
  );
  logInfo(
    `RestrictedMode ${orgName(world, orgId)}: ${onOff(live)} → ${onOff(enabled)}${live !== olds.enabled ? " (drift: changed outside Pulumi)" : ""}`,
  );
  return changed({ ...(olds.enabled !== enabled ? { enabled: { kind: "update" } } : {}), ...driftPath(news) });
}

async function apply(
  ctx: ProviderContext,
  orgId: string,
  enabled: boolean,
  action: string,
): Promise<RestrictedModeOutputs> {
  const { hub, world, actor } = await liveFor(ctx, orgId);
  ctx.guard({ desired: desiredOf(world.partnerOrgId, orgId, enabled), world, actor }, action);
  return outputsOf(orgId, await hub.setRestrictedMode(orgId, enabled));
}

async function create(
  ctx: ProviderContext,
  inputs: RestrictedModeInputs,
): Promise<{ id: string; outs: RestrictedModeOutputs }> {
  const enabled = inputs.enabled ?? true;
  return {
    id: inputs.orgId,
    outs: await apply(ctx, inputs.orgId, enabled, `Setting Restricted Administrator Mode of ${inputs.orgId}`),
  };
}

async function update(
  ctx: ProviderContext,
  _id: string,
  _olds: RestrictedModeOutputs,
  news: RestrictedModeInputs,
): Promise<{ outs: RestrictedModeOutputs }> {
  return {
    outs: await apply(ctx, news.orgId, news.enabled ?? true, `Changing Restricted Administrator Mode of ${news.orgId}`),
  };
}

async function read(
  ctx: ProviderContext,
  id: string,
): Promise<{ id: string; props?: RestrictedModeOutputs; inputs?: RestrictedModeInputs }> {
  const hub = ctx.hub();
  const world = await hub.world();
  // The org is gone, or no longer a customer of this partner: nothing left to manage.
  if (!world.orgs.some((o) => o.id === id && o.kind === "customer")) return { id: "" };
  const enabled = await hub.restrictedMode(id);
  return { id, props: outputsOf(id, enabled), inputs: { orgId: id, enabled } };
}

async function remove(ctx: ProviderContext, id: string): Promise<void> {
  const hub = ctx.hub();
  if (await hub.restrictedMode(id)) return;
  await apply(ctx, id, true, `Returning Restricted Administrator Mode of ${id} to its default (on)`);
}

/** The provider for one configuration (the dynamic-provider process calls this in `configure()`). */
const operations = { check, diff, create, read, update, delete: remove };
export const createProvider = providerOf<RestrictedModeInputs, RestrictedModeOutputs>(operations);
