/**
 * ExternalAdmin: an administrator from another org inside a customer org. Applied with
 * the token of one of that customer's own full admins, because Webex does not let external
 * administrators (partner admins included) add external administrators. Its id is `<orgId>/<personId>`.
 */
import type { ExternalRoleId, RoleId } from "../../core";
import type { Desired } from "../../core";
import type { HubSession } from "../../hub";
import type { WireExternalAdmin } from "../../api";
import { failureOfError, RefusedError, schemaFailures, type CheckFailure } from "../failures";
import { known } from "../unknowns";
import { logInfo, logWarn } from "../log";
import { normalizeEmail as normalize } from "../../core";
import { providerOf, ProviderContext, type Live } from "../context";
import { LockoutGuard } from "../lockoutGuard";
import { externalAdminDescriptor } from "../../core";
import { changed, type DetailedDiff, type DiffOutcome } from "../detailedDiff";
import { withoutDrift } from "../internal";
import { orgName, personName } from "../summary";
import { driftPath, noteOf, valueDrift, type DriftNote } from "../drift";

export interface ExternalAdminInputs {
  orgId: string;
  email: string;
  role: ExternalRoleId;
  expiresAt?: string;
  contactCenterServiceAdmin?: boolean;
  /** Set by `check` when the Hub drifted from the last apply: what the update reverts. */
  drift?: DriftNote;
}

export interface ExternalAdminOutputs extends ExternalAdminInputs {
  personId: string;
  homeOrgId: string;
}

function desiredOf(inputs: Partial<ExternalAdminInputs>, remove = false, expiresAtUnknown = false): Desired {
  return {
    org: { kind: "customer", orgId: inputs.orgId ?? "" },
    authoritative: false,
    members: [],
    externalAdmins: [
      {
        email: inputs.email ?? "",
        role: inputs.role as RoleId | undefined,
        expiresAt: inputs.expiresAt,
        ...(expiresAtUnknown ? { expiresAtUnknown } : {}),
        contactCenterServiceAdmin: inputs.contactCenterServiceAdmin ?? false,
        ...(remove ? { remove: true } : {}),
        path: "",
      },
    ],
    restrictedMode: [],
  };
}

/**
 * The Hub as the token sees it (hub/live.ts): the external admin, a member of another org, is looked
 * up by email; a token that may not list the org's external admins is still checked, and the rules
 * then say what they could not check (or why it cannot manage them: external-admin-chain).
 */
function liveFor(ctx: ProviderContext, orgId: string, email?: string, preview = false): Promise<Live> {
  return ctx.live([desiredOf({ orgId, ...(email === undefined ? {} : { email }) })], preview);
}

export const idOf = (orgId: string, personId: string): string => `${orgId}/${personId}`;

function parseId(id: string): { orgId: string; personId: string } {
  const slash = id.indexOf("/");
  return { orgId: id.slice(0, slash), personId: id.slice(slash + 1) };
}

function outputsOf(inputs: ExternalAdminInputs, grant: WireExternalAdmin): ExternalAdminOutputs {
  return {
    ...withoutDrift(inputs),
    contactCenterServiceAdmin: grant.contactCenterServiceAdmin,
    personId: grant.personId,
    homeOrgId: grant.homeOrgId,
  };
}

/** The inputs with every field known, or undefined. */
function knownInputs(news: ExternalAdminInputs): ExternalAdminInputs | undefined {
  return known(news);
}

/** The grant's fields as a reviewer reads them. */
const FIELDS = ["role", "expiresAt", "contactCenterServiceAdmin"] as const;
const shown = (
  grant: Partial<Pick<ExternalAdminInputs, (typeof FIELDS)[number]>>,
  field: (typeof FIELDS)[number],
): string => (field === "contactCenterServiceAdmin" ? String(grant[field] ?? false) : String(grant[field] ?? "none"));

/** What the Hub's grant differs in from the last apply, and the update sets back. */
function grantDrift(
  grant: WireExternalAdmin | undefined,
  olds: Partial<ExternalAdminInputs>,
  news: ExternalAdminInputs,
): { drift?: DriftNote } {
  if (!grant)
    return {
      drift: {
        role: `the Hub no longer holds this access (revoked or expired outside Pulumi): this update grants ${news.role} again`,
      },
    };
  const live = {
    role: grant.role,
    expiresAt: grant.expiresAt,
    contactCenterServiceAdmin: grant.contactCenterServiceAdmin,
  };
  return noteOf(Object.fromEntries(FIELDS.map((f) => [f, valueDrift(shown(live, f), shown(olds, f), shown(news, f))])));
}

/** The fields whose declaration changed since the last apply (old outputs → new inputs), and any drift. */
function grantDiff(olds: ExternalAdminOutputs, news: ExternalAdminInputs): DetailedDiff {
  const paths: DetailedDiff = {};
  for (const f of FIELDS) {
    if (shown(olds, f) === shown(news, f)) continue;
    paths[f] = { kind: olds[f] === undefined ? "add" : news[f] === undefined ? "delete" : "update" };
  }
  return { ...paths, ...driftPath(news) };
}

async function check(
  ctx: ProviderContext,
  olds: Partial<ExternalAdminInputs>,
  raw: ExternalAdminInputs,
): Promise<{ inputs: ExternalAdminInputs; failures: CheckFailure[] }> {
  const news = withoutDrift(raw);
  const failures = schemaFailures(externalAdminDescriptor, news);
  if (failures.length > 0) return { inputs: news, failures };
  const partial: Partial<ExternalAdminInputs> = {
    orgId: known(news.orgId),
    email: known(news.email),
    role: known(news.role),
    expiresAt: known(news.expiresAt),
    contactCenterServiceAdmin: known(news.contactCenterServiceAdmin),
  };
  if (partial.orgId !== undefined) {
    const missing = await ctx.orgFailures(partial.orgId);
    if (missing.length > 0) return { inputs: news, failures: missing };
    const unsupported = await ctx.extensionFailures("externalAdmins", partial.orgId);
    if (unsupported.length > 0) return { inputs: news, failures: unsupported };
  }
  try {
    const complete = knownInputs(news);
    const expiresAtUnknown = news.expiresAt !== undefined && partial.expiresAt === undefined;
    if (!complete) {
      return { inputs: news, failures: ctx.failures({ desired: desiredOf(partial, false, expiresAtUnknown) }) };
    }
    const { hub, world, actor } = await liveFor(ctx, complete.orgId, complete.email, true);
    const found = ctx.failures({ desired: desiredOf(complete), world, actor });
    const existing =
      olds.orgId === complete.orgId && olds.email !== undefined && normalize(olds.email) === normalize(complete.email);
    const person = existing && found.length === 0 ? await hub.personByEmail(complete.email) : undefined;
    const drift = person ? grantDrift((await hub.externalAdmins(complete.orgId)).get(person.id), olds, complete) : {};
    return { inputs: { ...news, ...drift }, failures: found };
  } catch (error) {
    return { inputs: news, failures: failureOfError(error) };
  }
}

function sameGrant(grant: WireExternalAdmin, inputs: ExternalAdminInputs): boolean {
  return (
    grant.role === inputs.role &&
    (grant.expiresAt ?? undefined) === (inputs.expiresAt ?? undefined) &&
    grant.contactCenterServiceAdmin === (inputs.contactCenterServiceAdmin ?? false)
  );
}

async function diff(
  ctx: ProviderContext,
  id: string,
  olds: ExternalAdminOutputs,
  news: ExternalAdminInputs,
): Promise<DiffOutcome> {
  const inputs = knownInputs(news);
  if (!inputs) return { changes: true };
  const replaces = [
    ...(olds.orgId !== inputs.orgId ? ["orgId"] : []),
    ...(normalize(olds.email) !== normalize(inputs.email) ? ["email"] : []),
  ];
  if (replaces.length > 0)
    return {
      changes: true,
      replaces,
      detailedDiff: Object.fromEntries(replaces.map((p) => [p, { kind: "update-replace" }])),
    };
  const { hub, world, actor } = await liveFor(ctx, inputs.orgId, inputs.email, true);
  const grant = (await hub.externalAdmins(inputs.orgId)).get(parseId(id).personId);
  if (grant && sameGrant(grant, inputs)) return { changes: false };
  ctx.guard({ desired: desiredOf(inputs), world, actor }, `Changing external admin ${inputs.email} of ${inputs.orgId}`);
  logInfo(
    `ExternalAdmin ${personName(world, inputs.email)} in ${orgName(world, inputs.orgId)}: ${grant ? `${grant.role}${grant.expiresAt ? ` until ${grant.expiresAt}` : ""}` : "no access (revoked or expired)"} → ${inputs.role}${inputs.expiresAt ? ` until ${inputs.expiresAt}` : ""}`,
  );
  return changed(grantDiff(olds, inputs));
}

async function put(hub: HubSession, personId: string, inputs: ExternalAdminInputs): Promise<WireExternalAdmin> {
  return hub.putExternalAdmin(inputs.orgId, personId, {
    role: inputs.role,
    ...(inputs.expiresAt !== undefined ? { expiresAt: inputs.expiresAt } : {}),
    contactCenterServiceAdmin: inputs.contactCenterServiceAdmin ?? false,
  });
}

async function create(
  ctx: ProviderContext,
  inputs: ExternalAdminInputs,
): Promise<{ id: string; outs: ExternalAdminOutputs }> {
  const { hub, world, actor } = await liveFor(ctx, inputs.orgId, inputs.email);
  ctx.guard({ desired: desiredOf(inputs), world, actor }, `Adding external admin ${inputs.email} to ${inputs.orgId}`);
  const person = await hub.personByEmail(inputs.email);
  if (!person) throw new RefusedError(`[unknown-user] no user ${inputs.email} in the Hub`);
  const existing = (await hub.externalAdmins(inputs.orgId)).get(person.id);
  if (existing && !sameGrant(existing, inputs))
    logWarn(
      `ExternalAdmin ${inputs.email} in ${inputs.orgId} already held ${existing.role}; it now follows the declaration.`,
    );
  const grant = await put(hub, person.id, inputs);
  return { id: idOf(inputs.orgId, person.id), outs: outputsOf(inputs, grant) };
}

/**
 * A write that may take external_full_admin from `grant`'s holder: guarded against a lockout (see
 * lockoutGuard.ts), with the grant as it was put back if the org is left with nobody.
 */
async function guardedGrantWrite<T>(
  live: Live,
  grant: WireExternalAdmin | undefined,
  removes: boolean,
  action: string,
  write: () => Promise<T>,
): Promise<T> {
  if (grant?.role !== "external_full_admin" || !removes) return write();
  const { orgId, personId } = grant;
  return LockoutGuard.locked(live.hub, orgId, async () => {
    const guard = new LockoutGuard(
      live.hub,
      live.world,
      { id: orgId, customer: true },
      { personId, email: grant.email, role: "external_full_admin" },
      action,
    );
    await guard.before();
    const result = await write();
    const back = {
      role: grant.role,
      ...(grant.expiresAt !== undefined ? { expiresAt: grant.expiresAt } : {}),
      contactCenterServiceAdmin: grant.contactCenterServiceAdmin,
    };
    await guard.after(() => live.hub.putExternalAdmin(orgId, personId, back));
    return result;
  });
}

async function update(
  ctx: ProviderContext,
  id: string,
  _olds: ExternalAdminOutputs,
  news: ExternalAdminInputs,
): Promise<{ outs: ExternalAdminOutputs }> {
  const live = await liveFor(ctx, news.orgId, news.email);
  const { hub, world, actor } = live;
  const action = `Changing external admin ${news.email} of ${news.orgId}`;
  ctx.guard({ desired: desiredOf(news), world, actor }, action);
  const { personId } = parseId(id);
  const held = (await hub.externalAdmins(news.orgId)).get(personId);
  const grant = await guardedGrantWrite(live, held, news.role !== "external_full_admin", action, () =>
    put(hub, personId, news),
  );
  return { outs: outputsOf(news, grant) };
}

async function read(
  ctx: ProviderContext,
  id: string,
  props: ExternalAdminOutputs,
): Promise<{ id: string; props?: ExternalAdminOutputs; inputs?: ExternalAdminInputs }> {
  const { orgId, personId } = parseId(id);
  const hub = ctx.hub();
  const grant = (await hub.externalAdmins(orgId)).get(personId);
  // Revoked, or expired (the Hub revokes read-only access at its expiry): gone from the stack.
  if (!grant) return { id: "" };
  const inputs: ExternalAdminInputs = {
    orgId,
    email: grant.email,
    role: grant.role,
    ...(grant.expiresAt !== undefined ? { expiresAt: grant.expiresAt } : {}),
    contactCenterServiceAdmin: grant.contactCenterServiceAdmin,
  };
  void props;
  return { id, props: outputsOf(inputs, grant), inputs };
}

async function remove(ctx: ProviderContext, id: string, props: ExternalAdminOutputs): Promise<void> {
  const { orgId, personId } = parseId(id);
  const live = await liveFor(ctx, orgId, props.email);
  const { hub, world, actor } = live;
  const grant = (await hub.externalAdmins(orgId)).get(personId);
  if (!grant) return;
  const action = `Removing external admin ${grant.email} from ${orgId}`;
  ctx.guard(
    { desired: desiredOf({ ...props, orgId, email: grant.email }, true), world, actor },
    action,
    externalAdminDescriptor.deleteGuards,
  );
  await guardedGrantWrite(live, grant, true, action, () => hub.deleteExternalAdmin(orgId, personId));
}

/** The provider for one configuration (the dynamic-provider process calls this in `configure()`). */
const operations = { check, diff, create, read, update, delete: remove };
export const createProvider = providerOf<ExternalAdminInputs, ExternalAdminOutputs>(operations);
