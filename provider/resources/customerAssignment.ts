/**
 * CustomerAssignment: the authoritative set of customers of one partner or sales administrator
 * in the Hub. Its id is the administrator's Hub person id; create/update assign and unassign the
 * difference, delete unassigns them all.
 */
import type { Desired, RuleCode, World } from "../../core";
import type { RoleId } from "../../core";
import { accessSummary } from "../../core";
import type { HubSession } from "../../hub";
import { failureOfError, RefusedError, schemaFailures, type CheckFailure } from "../failures";
import { known } from "../unknowns";
import { logInfo } from "../log";
import { normalizeEmail as normalize } from "../../core";
import { sameSet } from "../../core";
import { bindOperations, ProviderContext, type Live, type ResourceOperations } from "../context";
import type { ConfigSource } from "../../hub";

export interface CustomerAssignmentInputs {
  adminEmail: string;
  customerOrgIds: string[];
  /** Set by the SDK from the admin's PartnerAdmin: the roles the program declares for them. */
  plannedAdminRoles?: RoleId[];
  /** Take over customers the admin already manages outside this declaration (create unassigns them). */
  adopt?: boolean;
  planned?: boolean;
}

export interface CustomerAssignmentOutputs extends CustomerAssignmentInputs {
  personId: string;
  /** The administrator's roles, and so how they reach these customers. */
  adminRoles: string[];
  count: number;
}

/** Assign calls in flight at once: fast at hundreds of customers, gentle with the Hub's limits. */
const CONCURRENCY = 8;
const DELETE_GUARDS: readonly RuleCode[] = ["actor-lacks-privilege"];

function desiredOf(partnerOrgId: string, email: string, customers: readonly string[] | undefined, plannedRoles?: readonly RoleId[]): Desired {
  return {
    org: { kind: "partner", orgId: partnerOrgId },
    authoritative: false,
    members: [{ email, roles: undefined, customers, customersOnly: true, ...(plannedRoles ? { plannedRoles } : {}), path: "", rolesPath: "adminEmail", customersPath: "customerOrgIds" }],
    externalAdmins: [],
    restrictedMode: [],
  };
}

/** The Hub as the token sees it (hub/live.ts), with the administrator's assigned customers. */
async function context(ctx: ProviderContext, email: string, preview = false): Promise<Live & { personId: string | undefined }> {
  // The partner org is the live world's to say; a declaration of customers needs no org to be read.
  const live = await ctx.live([desiredOf("", email, [])], preview);
  const person = await live.hub.personByEmail(email);
  return { ...live, personId: person?.id };
}

const list = (ids: readonly string[]): string => `[${ids.slice(0, 10).join(", ")}${ids.length > 10 ? ", …" : ""}]`;

/**
 * What the assignment does, for the reviewer: customers gained and lost, and what the admin may do
 * in them. A create over customers the admin already manages elsewhere is a takeover.
 */
function describe(email: string, live: readonly string[], customers: readonly string[], roles: readonly RoleId[], world: World, action: string, takeover: boolean): string {
  const wanted = new Set(customers);
  const adding = customers.filter((c) => !live.includes(c));
  const removing = live.filter((c) => !wanted.has(c));
  const access = accessSummary(roles, world.orgs.find((o) => o.id === world.partnerOrgId)).customers.privileges;
  const privileges = Object.entries(access).map(([k, v]) => `${k}: ${v}`).join(", ") || "none";
  const head = `CustomerAssignment ${email}: ${action ? `${action} ` : ""}+${adding.length} customer(s) ${list(adding)}, -${removing.length} ${list(removing)}`;
  const tail = adding.length + removing.length > 0 ? `; in each, the admin ${adding.length ? "gains" : "keeps"} ${privileges}${removing.length ? ` and loses them in ${list(removing)}` : ""}` : "";
  return `${head}${takeover && removing.length ? ` TAKEOVER (adopt): unassigns customers managed outside this declaration` : ""}${tail}`;
}

async function check(ctx: ProviderContext, olds: Partial<CustomerAssignmentInputs>, news: CustomerAssignmentInputs): Promise<{ inputs: CustomerAssignmentInputs; failures: CheckFailure[] }> {
  const failures = schemaFailures("customer-assignment", news);
  if (failures.length > 0) return { inputs: news, failures };
  const email = known(news.adminEmail);
  const customers = known(news.customerOrgIds);
  const plannedRoles = known(news.plannedAdminRoles);
  try {
    if (email === undefined) {
      // The administrator is not known yet: only what the list alone decides (the 500 limit).
      return { inputs: news, failures: ctx.failures({ desired: desiredOf("", "", customers) }) };
    }
    const { hub, world, actor, personId } = await context(ctx, email, true);
    const found = ctx.failures({ desired: desiredOf(world.partnerOrgId, email, customers, plannedRoles), world, actor });
    const creating = olds.adminEmail === undefined || normalize(olds.adminEmail) !== normalize(email);
    if (creating && personId && customers !== undefined && found.length === 0) {
      const live = await hub.assignments(personId);
      const outside = live.filter((c) => !customers.includes(c));
      const adopt = known(news.adopt);
      if (outside.length > 0 && adopt !== true) {
        if (adopt === false || news.adopt === undefined) {
          found.push({ property: "adopt", reason: `[adopt-required] ${email} already manages ${outside.length} customer(s) outside this declaration ${list(outside)}; creating this assignment would unassign them (a takeover). Add them to customerOrgIds, or set adopt: true to take the admin's customers over as declared.` });
        }
      } else {
        const roles = plannedRoles ?? world.people.find((p) => p.id === personId)?.roles ?? [];
        logInfo(describe(email, live, customers, roles, world, "create", outside.length > 0));
      }
    }
    return { inputs: news, failures: found };
  } catch (error) {
    return { inputs: news, failures: failureOfError(error) };
  }
}

async function diff(ctx: ProviderContext, id: string, olds: CustomerAssignmentOutputs, news: CustomerAssignmentInputs): Promise<{ changes: boolean; replaces?: string[] }> {
  const email = known(news.adminEmail);
  const customers = known(news.customerOrgIds);
  if (email === undefined || customers === undefined) return { changes: true };
  if (normalize(olds.adminEmail) !== normalize(email)) return { changes: true, replaces: ["adminEmail"] };
  const { hub, world, actor } = await context(ctx, email, true);
  const live = await hub.assignments(id);
  if (sameSet(live, customers)) return { changes: false };
  const plannedRoles = known(news.plannedAdminRoles);
  ctx.guard({ desired: desiredOf(world.partnerOrgId, email, customers, plannedRoles), world, actor }, `Changing the customers of ${email}`);
  const roles = plannedRoles ?? world.people.find((p) => p.id === id)?.roles ?? [];
  logInfo(describe(email, live, customers, roles, world, "", false));
  return { changes: true };
}

/**
 * Runs `work` over `items`, a few at a time. On the first failure no new item starts, but the
 * ones in flight finish, so what the Hub holds afterwards is settled and can be reported.
 */
async function inBatches(items: readonly string[], work: (item: string) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const workers = Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as string;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  });
  await Promise.all(workers);
  if (failure !== undefined) throw failure.error;
}

/**
 * Makes the Hub hold exactly `customers` for the person. On failure part-way, the error carries
 * the id and what the Hub now holds, so the engine records the half-done state instead of
 * orphaning it (a resource the state forgot would never be cleaned up).
 */
async function converge(hub: HubSession, personId: string, inputs: CustomerAssignmentInputs, roles: string[]): Promise<CustomerAssignmentOutputs> {
  const live = await hub.assignments(personId);
  const wanted = new Set(inputs.customerOrgIds);
  const adding = [...wanted].filter((c) => !live.includes(c));
  const removing = live.filter((c) => !wanted.has(c));
  try {
    await inBatches(removing, (orgId) => hub.unassign(orgId, personId));
    await inBatches(adding, (orgId) => hub.assign(orgId, personId));
  } catch (error) {
    const now = [...(await hub.assignments(personId).catch(() => live))];
    const partial = Object.assign(new Error(`CustomerAssignment ${inputs.adminEmail} was applied only in part (${now.length} customers assigned now): ${(error as Error).message}`), {
      id: personId,
      properties: { ...inputs, customerOrgIds: now, personId, adminRoles: roles, count: now.length },
      reasons: [(error as Error).message],
      cause: error,
    });
    throw partial;
  }
  return { ...inputs, personId, adminRoles: roles, count: wanted.size };
}

async function create(ctx: ProviderContext, inputs: CustomerAssignmentInputs): Promise<{ id: string; outs: CustomerAssignmentOutputs }> {
  const { hub, world, actor, personId } = await context(ctx, inputs.adminEmail);
  ctx.guard({ desired: desiredOf(world.partnerOrgId, inputs.adminEmail, inputs.customerOrgIds), world, actor}, `Assigning customers to ${inputs.adminEmail}`);
  if (!personId) throw new RefusedError(`[unknown-user] no user ${inputs.adminEmail} in the partner org`);
  const roles = [...(world.people.find((p) => p.id === personId)?.roles ?? [])];
  return { id: personId, outs: await converge(hub, personId, inputs, roles) };
}

async function update(ctx: ProviderContext, id: string, _olds: CustomerAssignmentOutputs, news: CustomerAssignmentInputs): Promise<{ outs: CustomerAssignmentOutputs }> {
  const { hub, world, actor } = await context(ctx, news.adminEmail);
  ctx.guard({ desired: desiredOf(world.partnerOrgId, news.adminEmail, news.customerOrgIds), world, actor}, `Changing the customers of ${news.adminEmail}`);
  const roles = [...(world.people.find((p) => p.id === id)?.roles ?? [])];
  return { outs: await converge(hub, id, news, roles) };
}

async function read(ctx: ProviderContext, id: string, props: CustomerAssignmentOutputs): Promise<{ id: string; props?: CustomerAssignmentOutputs; inputs?: CustomerAssignmentInputs }> {
  const hub = ctx.hub();
  const person = await hub.person(id);
  if (!person) return { id: "" };
  const live = [...(await hub.assignments(id))].sort();
  const inputs: CustomerAssignmentInputs = { adminEmail: person.emails[0] ?? props.adminEmail, customerOrgIds: live };
  return { id, props: { ...inputs, personId: id, adminRoles: [...person.roles], count: live.length }, inputs };
}

async function remove(ctx: ProviderContext, id: string, props: CustomerAssignmentOutputs): Promise<void> {
  const hub = ctx.hub();
  const person = await hub.person(id);
  if (!person) return;
  const { world, actor } = await ctx.live([desiredOf("", person.emails[0] ?? props.adminEmail, [])]);
  ctx.guard({ desired: desiredOf(world.partnerOrgId, person.emails[0] ?? props.adminEmail, []), world, actor }, `Unassigning the customers of ${props.adminEmail}`, DELETE_GUARDS);
  await inBatches([...(await hub.assignments(id))], (orgId) => hub.unassign(orgId, id));
}

const operations: ResourceOperations<CustomerAssignmentInputs, CustomerAssignmentOutputs> = { check, diff, create, read, update, delete: remove };

/** The provider for one configuration (the dynamic-provider process calls this in `configure()`). */
export const createProvider = (config?: ConfigSource) => bindOperations(operations, new ProviderContext(config));
