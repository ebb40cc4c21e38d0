/**
 * CustomerAssignment: the authoritative set of customers of one partner or sales administrator
 * in the Hub. Its id is the administrator's Hub person id; create/update assign and unassign the
 * difference, delete unassigns them all.
 */
import type { Desired, World } from "../../core";
import type { RoleId } from "../../core";
import { accessSummary } from "../../core";
import type { HubSession } from "../../hub";
import { failureOfError, RefusedError, schemaFailures, type CheckFailure } from "../failures";
import { known } from "../unknowns";
import { logDebug, logInfo } from "../log";
import { normalizeEmail as normalize } from "../../core";
import { sameSet } from "../../core";
import { providerOf, ProviderContext, type Live } from "../context";
import { customerAssignmentDescriptor } from "../../core";
import { orgName, personName } from "../summary";
import { normalized, plannedRolesOf, withoutDrift, type Internal } from "../internal";
import { changed, keyPath, setChange, type DetailedDiff, type DiffOutcome } from "../detailedDiff";
import { driftedValues, driftPath, noteOf, setDrift, type DriftNote } from "../drift";
import { withAuthors } from "../driftAuthor";

export interface CustomerAssignmentInputs extends Internal {
  adminEmail: string;
  customerOrgIds: string[];
  /** Take over customers the admin already manages outside this declaration (create unassigns them). */
  adopt?: boolean;
  /** Set by `check`: each declared customer's name by id (the id itself when the Hub has no name). */
  customers?: Record<string, string>;
  /** Set by `check` when the Hub drifted from the last apply: what the update reverts. */
  drift?: DriftNote;
}

export interface CustomerAssignmentOutputs extends CustomerAssignmentInputs {
  personId: string;
  /** The administrator's roles, and so how they reach these customers. */
  adminRoles: string[];
  count: number;
}

/** Assign calls in flight at once: fast at hundreds of customers, gentle with the Hub's limits. */
const CONCURRENCY = 8;

function desiredOf(
  partnerOrgId: string,
  email: string,
  customers: readonly string[] | undefined,
  plannedRoles?: readonly RoleId[],
): Desired {
  return {
    org: { kind: "partner", orgId: partnerOrgId },
    authoritative: false,
    members: [
      {
        email,
        roles: undefined,
        customers,
        customersOnly: true,
        ...(plannedRoles ? { plannedRoles } : {}),
        path: "",
        rolesPath: "adminEmail",
        customersPath: "customerOrgIds",
      },
    ],
    externalAdmins: [],
    restrictedMode: [],
  };
}

/** The Hub as the token sees it (hub/live.ts), with the administrator's assigned customers. */
async function liveFor(
  ctx: ProviderContext,
  email: string,
  preview = false,
): Promise<Live & { personId: string | undefined }> {
  // The partner org is the live world's to say; a declaration of customers needs no org to be read.
  const live = await ctx.live([desiredOf("", email, [])], preview);
  const person = await live.hub.personByEmail(email);
  return { ...live, personId: person?.id };
}

/** Each customer's name by id, as the Hub names the org (the id when it does not). */
const namesOf = (world: World, ids: readonly string[]): Record<string, string> =>
  Object.fromEntries(ids.map((id) => [id, world.orgs.find((o) => o.id === id)?.displayName || id]));

/** A customer's name, or its id when the Hub has none (the `customers` diff shows both). */
const named =
  (world: World) =>
  (id: string): string =>
    world.orgs.find((o) => o.id === id)?.displayName || id;

/** Customers added index the new names (`customers["<id>"]`), removed ones the old outputs'. */
function assignmentDiff(
  live: readonly string[],
  olds: CustomerAssignmentOutputs,
  news: CustomerAssignmentInputs,
): DetailedDiff {
  const { added, removed } = setChange(live, news.customerOrgIds);
  const paths: DetailedDiff = {};
  for (const id of added)
    paths[
      news.customers?.[id] !== undefined
        ? keyPath("customers", id)
        : `customerOrgIds[${news.customerOrgIds.indexOf(id)}]`
    ] = { kind: "add" };
  for (const id of removed) {
    const j = (olds.customerOrgIds ?? []).indexOf(id);
    if (olds.customers?.[id] !== undefined) paths[keyPath("customers", id)] = { kind: "delete" };
    else if (j >= 0) paths[`customerOrgIds[${j}]`] = { kind: "delete" };
  }
  return { ...paths, ...driftPath(news) };
}

const list = (ids: readonly string[], world?: World): string =>
  `[${ids
    .slice(0, 10)
    .map((id) => (world ? orgName(world, id) : id))
    .join(", ")}${ids.length > 10 ? ", …" : ""}]`;

/**
 * What the assignment does, for the reviewer: customers gained and lost, and what the admin may do
 * in them. A create over customers the admin already manages elsewhere is a takeover.
 */
function describe(
  email: string,
  live: readonly string[],
  customers: readonly string[],
  roles: readonly RoleId[],
  world: World,
  action: string,
  takeover: boolean,
): string {
  const wanted = new Set(customers);
  const adding = customers.filter((c) => !live.includes(c));
  const removing = live.filter((c) => !wanted.has(c));
  const access = accessSummary(
    roles,
    world.orgs.find((o) => o.id === world.partnerOrgId),
  ).customers.privileges;
  const entries = Object.entries(access).map(([k, v]) => `${k}: ${v}`);
  // A count and the first few: the full list is at debug level and in `webexhub plan`.
  logDebug(`CustomerAssignment ${email}: in each customer, the admin has ${entries.join(", ") || "no privilege"}`);
  const privileges =
    entries.length === 0
      ? "no privilege"
      : `${entries.length} privileges (${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", …" : ""})`;
  const head = `CustomerAssignment ${personName(world, email)}: ${action ? `${action} ` : ""}+${adding.length} customer(s) ${list(adding, world)}, -${removing.length} ${list(removing, world)}`;
  const tail =
    adding.length + removing.length > 0
      ? `; in each, the admin ${adding.length ? "gains" : "keeps"} ${privileges}${removing.length ? ` and loses them in ${list(removing, world)}` : ""}`
      : "";
  return `${head}${takeover && removing.length ? ` TAKEOVER (adopt): unassigns customers managed outside this declaration` : ""}${tail}`;
}

/** The note with who assigned or unassigned the customers outside the stack (the partner org's trail). */
function authoredAssignments(
  hub: HubSession,
  world: World,
  email: string,
  personId: string | undefined,
  note: { drift?: DriftNote },
  values: { gained: string[]; lost: string[] },
): Promise<{ drift?: DriftNote }> {
  const orgId = world.people.find((p) => p.id === personId)?.orgId ?? world.partnerOrgId;
  const name = named(world);
  // An event names a customer by its name (Control Hub's words) or its id.
  const fact = { kind: "customers" as const, ...values, show: name, match: (id: string) => [name(id)] };
  const subject = { label: `CustomerAssignment ${email}`, email, ...(personId ? { personId } : {}), orgId };
  return withAuthors(hub, subject, note, { customerOrgIds: fact });
}

async function check(
  ctx: ProviderContext,
  olds: Partial<CustomerAssignmentInputs>,
  raw: CustomerAssignmentInputs,
): Promise<{ inputs: CustomerAssignmentInputs; failures: CheckFailure[] }> {
  const news = normalized(raw);
  const failures = schemaFailures(customerAssignmentDescriptor, news);
  if (failures.length > 0) return { inputs: news, failures };
  const email = known(news.adminEmail);
  const customers = known(news.customerOrgIds);
  const plannedRoles = known(plannedRolesOf(news));
  try {
    if (email === undefined) {
      // The administrator is not known yet: only what the list alone decides (the 500 limit).
      return { inputs: news, failures: ctx.failures({ desired: desiredOf("", "", customers) }) };
    }
    const { hub, world, actor, personId } = await liveFor(ctx, email, true);
    const found = ctx.failures({
      desired: desiredOf(world.partnerOrgId, email, customers, plannedRoles),
      world,
      actor,
    });
    const creating = olds.adminEmail === undefined || normalize(olds.adminEmail) !== normalize(email);
    if (creating && personId && customers !== undefined && found.length === 0) {
      const live = await hub.assignments(personId);
      const outside = live.filter((c) => !customers.includes(c));
      const adopt = known(news.adopt);
      if (outside.length > 0 && adopt !== true) {
        if (adopt === false || news.adopt === undefined) {
          found.push({
            property: "adopt",
            reason: `[adopt-required] ${email} already manages ${outside.length} customer(s) outside this declaration ${list(outside)}; creating this assignment would unassign them (a takeover). Add them to customerOrgIds, or set adopt: true to take the admin's customers over as declared.`,
          });
        }
      } else {
        const roles = plannedRoles ?? world.people.find((p) => p.id === personId)?.roles ?? [];
        logInfo(describe(email, live, customers, roles, world, "create", outside.length > 0));
      }
    }
    if (customers === undefined) return { inputs: news, failures: found };
    const live = !creating && personId ? await hub.assignments(personId) : undefined;
    const note = live
      ? noteOf({ customerOrgIds: setDrift(live, olds.customerOrgIds ?? [], customers, named(world)) })
      : {};
    const drift = live
      ? await authoredAssignments(
          hub,
          world,
          email,
          personId,
          note,
          driftedValues(live, olds.customerOrgIds ?? [], customers),
        )
      : {};
    return { inputs: { ...news, customers: namesOf(world, customers), ...drift }, failures: found };
  } catch (error) {
    return { inputs: news, failures: failureOfError(error) };
  }
}

async function diff(
  ctx: ProviderContext,
  id: string,
  olds: CustomerAssignmentOutputs,
  news: CustomerAssignmentInputs,
): Promise<DiffOutcome> {
  const email = known(news.adminEmail);
  const customers = known(news.customerOrgIds);
  if (email === undefined || customers === undefined) return { changes: true };
  if (normalize(olds.adminEmail) !== normalize(email))
    return { changes: true, replaces: ["adminEmail"], detailedDiff: { adminEmail: { kind: "update-replace" } } };
  const { hub, world, actor } = await liveFor(ctx, email, true);
  const live = await hub.assignments(id);
  if (sameSet(live, customers)) return { changes: false };
  const plannedRoles = known(plannedRolesOf(news));
  ctx.guard(
    { desired: desiredOf(world.partnerOrgId, email, customers, plannedRoles), world, actor },
    `Changing the customers of ${email}`,
  );
  const roles = plannedRoles ?? world.people.find((p) => p.id === id)?.roles ?? [];
  logInfo(describe(email, live, customers, roles, world, "", false));
  return changed(assignmentDiff(live, olds, { ...news, customerOrgIds: customers }));
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
async function converge(
  hub: HubSession,
  personId: string,
  inputs: CustomerAssignmentInputs,
  roles: string[],
): Promise<CustomerAssignmentOutputs> {
  const live = await hub.assignments(personId);
  const wanted = new Set(inputs.customerOrgIds);
  const adding = [...wanted].filter((c) => !live.includes(c));
  const removing = live.filter((c) => !wanted.has(c));
  try {
    await inBatches(removing, (orgId) => hub.unassign(orgId, personId));
    await inBatches(adding, (orgId) => hub.assign(orgId, personId));
  } catch (error) {
    const now = [...(await hub.assignments(personId).catch(() => live))];
    const partial = Object.assign(
      new Error(
        `CustomerAssignment ${inputs.adminEmail} was applied only in part (${now.length} customers assigned now): ${(error as Error).message}`,
      ),
      {
        id: personId,
        properties: { ...withoutDrift(inputs), customerOrgIds: now, personId, adminRoles: roles, count: now.length },
        reasons: [(error as Error).message],
        cause: error,
      },
    );
    throw partial;
  }
  return { ...withoutDrift(inputs), personId, adminRoles: roles, count: wanted.size };
}

async function create(
  ctx: ProviderContext,
  inputs: CustomerAssignmentInputs,
): Promise<{ id: string; outs: CustomerAssignmentOutputs }> {
  const { hub, world, actor, personId } = await liveFor(ctx, inputs.adminEmail);
  ctx.guard(
    { desired: desiredOf(world.partnerOrgId, inputs.adminEmail, inputs.customerOrgIds), world, actor },
    `Assigning customers to ${inputs.adminEmail}`,
  );
  if (!personId) throw new RefusedError(`[unknown-user] no user ${inputs.adminEmail} in the partner org`);
  const roles = [...(world.people.find((p) => p.id === personId)?.roles ?? [])];
  return {
    id: personId,
    outs: await converge(hub, personId, { ...inputs, customers: namesOf(world, inputs.customerOrgIds) }, roles),
  };
}

async function update(
  ctx: ProviderContext,
  id: string,
  _olds: CustomerAssignmentOutputs,
  news: CustomerAssignmentInputs,
): Promise<{ outs: CustomerAssignmentOutputs }> {
  const { hub, world, actor } = await liveFor(ctx, news.adminEmail);
  ctx.guard(
    { desired: desiredOf(world.partnerOrgId, news.adminEmail, news.customerOrgIds), world, actor },
    `Changing the customers of ${news.adminEmail}`,
  );
  const roles = [...(world.people.find((p) => p.id === id)?.roles ?? [])];
  return { outs: await converge(hub, id, { ...news, customers: namesOf(world, news.customerOrgIds) }, roles) };
}

async function read(
  ctx: ProviderContext,
  id: string,
  props: CustomerAssignmentOutputs,
): Promise<{ id: string; props?: CustomerAssignmentOutputs; inputs?: CustomerAssignmentInputs }> {
  const hub = ctx.hub();
  const person = await hub.person(id);
  if (!person) return { id: "" };
  const [assigned, world] = await Promise.all([hub.assignments(id), hub.world()]);
  const live = [...assigned].sort();
  // A refresh that finds drift says who made it (the log), as a preview does.
  const last = props.customerOrgIds ?? [];
  const note = noteOf({ customerOrgIds: setDrift(live, last, last, named(world)) });
  await authoredAssignments(hub, world, props.adminEmail, id, note, driftedValues(live, last, last));
  const inputs: CustomerAssignmentInputs = { adminEmail: person.emails[0] ?? props.adminEmail, customerOrgIds: live };
  return {
    id,
    props: {
      ...inputs,
      customers: namesOf(world, live),
      personId: id,
      adminRoles: [...person.roles],
      count: live.length,
    },
    inputs,
  };
}

async function remove(ctx: ProviderContext, id: string, props: CustomerAssignmentOutputs): Promise<void> {
  const hub = ctx.hub();
  const person = await hub.person(id);
  if (!person) return;
  const { world, actor } = await ctx.live([desiredOf("", person.emails[0] ?? props.adminEmail, [])]);
  ctx.guard(
    { desired: desiredOf(world.partnerOrgId, person.emails[0] ?? props.adminEmail, []), world, actor },
    `Unassigning the customers of ${props.adminEmail}`,
    customerAssignmentDescriptor.deleteGuards,
  );
  await inBatches([...(await hub.assignments(id))], (orgId) => hub.unassign(orgId, id));
}

/** The provider for one configuration (the dynamic-provider process calls this in `configure()`). */
const operations = { check, diff, create, read, update, delete: remove };
export const createProvider = providerOf<CustomerAssignmentInputs, CustomerAssignmentOutputs>(operations);
