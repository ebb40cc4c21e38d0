/**
 * PartnerAdmin: the organization roles of an existing user of the partner org. The
 * resource is authoritative for that person's roles; its id is the Hub person id.
 */
import { ROLE_IDS, type RoleId } from "../../core";
import type { Desired, RuleCode, Violation, World } from "../../core";
import { PLAN_CODES } from "../../core";
import { failuresOf } from "../failures";
import type { HubPerson } from "../../hub";
import { failureOfError, RefusedError, schemaFailures, throwOnErrors, type CheckFailure } from "../failures";
import { known } from "../unknowns";
import { logInfo } from "../log";
import { normalizeEmail as normalize } from "../../core";
import { sameSet } from "../../core";
import { bindOperations, ProviderContext, type Live, type ResourceOperations } from "../context";
import type { ConfigSource } from "../../hub";
import { privilegeDelta } from "../../core";

export interface PartnerAdminInputs {
  email: string;
  roles: RoleId[];
  adopt?: boolean;
  /** Set by the SDK: the program's plan judges the org-wide rules (a handover may span resources). */
  planned?: boolean;
}

export interface PartnerAdminOutputs extends PartnerAdminInputs {
  personId: string;
  orgId: string;
  displayName: string;
  /** Roles the Hub holds that the catalog has no id for, by name: kept by every write, shown here. */
  unknownRoles: string[];
}

/** A stable order in the Hub, so the same set never shows up as a change. */
export const sortRoles = (roles: readonly RoleId[]): RoleId[] =>
  [...new Set(roles)].sort((a, b) => ROLE_IDS.indexOf(a) - ROLE_IDS.indexOf(b));

/** Only lockout and privilege can stop a delete: the roles being removed need no other check. */
const DELETE_GUARDS: readonly RuleCode[] = ["last-full-admin", "actor-lacks-privilege"];

/** What a resource of a planned program leaves to the plan at preview. */
const judgedByPlan = (planned: unknown) => (v: Violation): boolean => planned !== true || !PLAN_CODES.includes(v.code);

function desiredOf(world: World, email: string, roles: readonly RoleId[] | undefined): Desired {
  return {
    org: { kind: "partner", orgId: world.partnerOrgId },
    authoritative: false,
    members: [{ email, roles, path: "", rolesPath: "roles" }],
    externalAdmins: [],
    restrictedMode: [],
  };
}

function adoptProblem(person: HubPerson | undefined, roles: readonly RoleId[], adopt: boolean | undefined): string | undefined {
  if (!person || adopt === true) return undefined;
  const other = person.roles.filter((role) => !roles.includes(role));
  if (other.length === 0) return undefined;
  return `[adopt-required] ${person.emails[0]} already holds ${other.join(", ")}, which this resource would remove. Declare those roles too, or set adopt: true to take over the person's roles as declared.`;
}

/** What a create does in privileges, and a takeover said as one: for the reviewer of the preview. */
function sayCreate(person: HubPerson, roles: readonly RoleId[], world: World): void {
  const org = world.orgs.find((o) => o.id === person.orgId);
  const email = person.emails[0] ?? "";
  const lost = person.roles.filter((r) => !roles.includes(r));
  const takeover = lost.length > 0 ? ` TAKEOVER (adopt): ${email} holds [${person.roles.join(", ")}] outside this declaration and loses [${lost.join(", ")}];` : "";
  logInfo(`PartnerAdmin ${email}: create [${person.roles.join(", ")}] → [${sortRoles(roles).join(", ")}];${takeover} ${privilegeDelta(person.roles, roles, org)}`);
}

async function context(ctx: ProviderContext): Promise<Live> {
  const hub = ctx.hub();
  const [world, actor] = await Promise.all([hub.world(), hub.actor()]);
  return { hub, world, actor };
}

/** Small on purpose (the state is written after every step); the SDK works out `access` from the roles. */
function outputsOf(inputs: PartnerAdminInputs, person: HubPerson): PartnerAdminOutputs {
  return { ...inputs, personId: person.id, orgId: person.orgId, displayName: person.displayName, unknownRoles: person.unknownRoles.map((r) => r.name) };
}

async function check(ctx: ProviderContext, olds: Partial<PartnerAdminInputs>, news: PartnerAdminInputs): Promise<{ inputs: PartnerAdminInputs; failures: CheckFailure[] }> {
  const failures = schemaFailures("partner-admin", news);
  if (failures.length > 0) return { inputs: news, failures };
  const email = known(news.email);
  const roles = known(news.roles);
  try {
    const { hub, world, actor } = await context(ctx);
    // Without a known email there is nobody to look up: the static rules still run.
    const live = email !== undefined ? { world, actor } : {};
    const found = failuresOf(ctx.evaluate({ desired: desiredOf(world, email ?? "", roles), ...live }).filter(judgedByPlan(news.planned)));
    const creating = olds.email === undefined || (email !== undefined && normalize(olds.email) !== normalize(email));
    // Only with everything it depends on known (an unknown `adopt` is checked again at apply).
    if (creating && email !== undefined && roles !== undefined && known(news.adopt) === news.adopt) {
      const person = await hub.personByEmail(email);
      const problem = adoptProblem(person, roles, news.adopt);
      if (problem) found.push({ property: "adopt", reason: problem });
      else if (person && found.length === 0) sayCreate(person, roles, world);
    }
    return { inputs: news, failures: found };
  } catch (error) {
    return { inputs: news, failures: failureOfError(error) };
  }
}

async function diff(ctx: ProviderContext, id: string, olds: PartnerAdminOutputs, news: PartnerAdminInputs): Promise<{ changes: boolean; replaces?: string[] }> {
  const email = known(news.email);
  const roles = known(news.roles);
  if (email === undefined || roles === undefined) return { changes: true };
  if (normalize(olds.email) !== normalize(email)) return { changes: true, replaces: ["email"] };
  const { hub, world, actor } = await context(ctx);
  const person = (await hub.person(id)) ?? (await hub.personByEmail(email));
  const liveRoles = person?.roles ?? [];
  if (person && sameSet(liveRoles, roles)) return { changes: false };
  throwOnErrors(ctx.evaluate({ desired: desiredOf(world, email, roles), world, actor }).filter(judgedByPlan(news.planned)), `Changing the roles of ${email}`);
  const org = world.orgs.find((o) => o.id === world.partnerOrgId);
  const drift = person && !sameSet(liveRoles, olds.roles ?? []) ? ` (drift: the Hub holds [${liveRoles.join(", ")}], not the last applied [${(olds.roles ?? []).join(", ")}])` : "";
  logInfo(`PartnerAdmin ${email}: [${liveRoles.join(", ")}] → [${sortRoles(roles).join(", ")}]${drift}; ${privilegeDelta(liveRoles, roles, org)}`);
  return { changes: true };
}

async function create(ctx: ProviderContext, inputs: PartnerAdminInputs): Promise<{ id: string; outs: PartnerAdminOutputs }> {
  const { hub, world, actor } = await context(ctx);
  ctx.guard({ desired: desiredOf(world, inputs.email, inputs.roles), world, actor}, `Creating PartnerAdmin ${inputs.email}`);
  const person = await hub.personByEmail(inputs.email);
  if (!person) throw new RefusedError(`[unknown-user] no user ${inputs.email} in the partner org; create the user in the Hub first`);
  const updated = await hub.updatePerson(person.id, (fresh) => {
    // Checked again under the person's lock, against the person as the Hub holds them now.
    const problem = adoptProblem(fresh, inputs.roles, inputs.adopt);
    if (problem) throw new RefusedError(problem);
    return { roles: sortRoles(inputs.roles) };
  });
  return { id: updated.id, outs: outputsOf(inputs, updated) };
}

async function update(ctx: ProviderContext, id: string, _olds: PartnerAdminOutputs, news: PartnerAdminInputs): Promise<{ outs: PartnerAdminOutputs }> {
  const { hub, world, actor } = await context(ctx);
  ctx.guard({ desired: desiredOf(world, news.email, news.roles), world, actor}, `Updating PartnerAdmin ${news.email}`);
  const updated = await hub.updatePerson(id, () => ({ roles: sortRoles(news.roles) }));
  return { outs: outputsOf(news, updated) };
}

async function read(ctx: ProviderContext, id: string, props: PartnerAdminOutputs): Promise<{ id: string; props?: PartnerAdminOutputs; inputs?: PartnerAdminInputs }> {
  const hub = ctx.hub();
  const person = await hub.person(id);
  if (!person) return { id: "" };
  const inputs: PartnerAdminInputs = {
    email: person.emails[0] ?? props.email,
    roles: sortRoles(person.roles),
    ...(props.adopt !== undefined ? { adopt: props.adopt } : {}),
    ...(props.planned !== undefined ? { planned: props.planned } : {}),
  };
  return { id, props: outputsOf(inputs, person), inputs };
}

async function remove(ctx: ProviderContext, id: string, props: PartnerAdminOutputs): Promise<void> {
  const { hub, world, actor } = await context(ctx);
  const person = await hub.person(id);
  if (!person) return;
  const declared = props.roles ?? [];
  const remaining = person.roles.filter((role) => !declared.includes(role));
  ctx.guard({ desired: desiredOf(world, person.emails[0] ?? props.email, remaining), world, actor }, `Deleting PartnerAdmin ${props.email}`, DELETE_GUARDS);
  logInfo(`PartnerAdmin ${props.email}: delete [${person.roles.join(", ")}] → [${remaining.join(", ")}]; ${privilegeDelta(person.roles, remaining, world.orgs.find((o) => o.id === person.orgId))}`);
  await hub.updatePerson(id, (fresh) => ({ roles: fresh.roles.filter((role) => !declared.includes(role)) }));
}

const operations: ResourceOperations<PartnerAdminInputs, PartnerAdminOutputs> = { check, diff, create, read, update, delete: remove };

/** The provider for one configuration (the dynamic-provider process calls this in `configure()`). */
export const createProvider = (config?: ConfigSource) => bindOperations(operations, new ProviderContext(config));
