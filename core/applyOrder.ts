/**
 * The order in which a program's role writes are applied, and the proof that the applier can follow
 * it. Each write is judged at apply with the applier's privileges and the Hub as the writes before
 * it leave them, so a program whose every resource passes on its own can still fail half-way: the
 * applier demoting itself before the write that needs the role it gives up. This walks the writes
 * in the order they will run — grants first, then other people's losses, the applier's own losses
 * last; Pulumi runs deletes after every create and update, so deletes come after, in the same
 * order — and names the first write that could not be made. Pure.
 */
import { evaluate, WorldIndexer } from "./rules/engine";
import type { RoleId, SiteRoleId } from "./rules/catalog";
import { PRIVILEGE_CODES } from "./rules/types";
import type { Desired, Person, RuleCode, Violation, World } from "./rules/types";
import { normalizeEmail } from "./email";
import { droppedAdmins, droppedCustomerAdmins, EMPTY_PLAN, sitesLeft, type PlanDigest } from "./plan";

/** One role write of the program: a PartnerAdmin's or CustomerAdmin's create, update or delete. */
export interface RoleWrite {
  /** How the write is named, e.g. `PartnerAdmin "second"`; the SDK orders resources by it. */
  readonly key: string;
  readonly email: string;
  /** The org whose member is written: the partner org, or a CustomerAdmin's customer org. */
  readonly orgId: string;
  readonly kind: "partner" | "customer";
  readonly roles: readonly RoleId[];
  /** The site roles the write leaves; undefined when it does not manage them. */
  readonly sites?: Readonly<Record<string, SiteRoleId>>;
  readonly deletes: boolean;
}

/** Where a write stands in the order (lower first). */
export const STAGE = { grant: 0, othersLoss: 1, ownLoss: 2 } as const;

/** Codes whose verdict can change with the writes before: who holds what, and who may act. */
const ORDER_CODES: readonly RuleCode[] = [...PRIVILEGE_CODES, "last-full-admin"];

export interface ApplyOrder {
  /** The keys of the writes that change something, in the order they are to be applied. */
  readonly order: readonly string[];
  /**
   * The keys of the applier's own losses (not deletes): they wait also for the program's other
   * writes (assignments, external admins, Restricted Administrator Mode), made with the applier's
   * privileges as they are before it gives any up.
   */
  readonly ownLosses: readonly string[];
  /** Empty, or the one write no order lets the applier make (the preview fails on it). */
  readonly violations: readonly Violation[];
}

const lower = (sites: Readonly<Record<string, SiteRoleId>> | undefined): Record<string, SiteRoleId> =>
  Object.fromEntries(Object.entries(sites ?? {}).map(([url, role]) => [url.toLowerCase(), role]));

const personByEmail = (world: World, email: string): Person | undefined =>
  world.people.find((p) => normalizeEmail(p.email) === normalizeEmail(email));

/** What a write does to the person it writes: whether it adds and whether it takes anything away. */
export function changeOf(world: World, write: RoleWrite): { adds: boolean; loses: boolean } {
  const person = personByEmail(world, write.email);
  const held = person?.roles ?? [];
  const heldSites = lower(person?.siteRoles);
  const wantSites = write.sites === undefined ? heldSites : lower(write.sites);
  const adds =
    write.roles.some((r) => !held.includes(r)) ||
    Object.entries(wantSites).some(([url, role]) => heldSites[url] !== role);
  const loses =
    held.some((r) => !write.roles.includes(r)) ||
    Object.entries(heldSites).some(([url, role]) => wantSites[url] !== role);
  return { adds, loses };
}

function stageOf(world: World, actor: Person, write: RoleWrite): number {
  if (!changeOf(world, write).loses) return STAGE.grant;
  return normalizeEmail(write.email) === normalizeEmail(actor.email) ? STAGE.ownLoss : STAGE.othersLoss;
}

/** The program's role writes as Pulumi will run them: creates and updates, then deletes. */
export function roleWrites(plan: PlanDigest, world: World, previous: PlanDigest = EMPTY_PLAN): RoleWrite[] {
  const writes: RoleWrite[] = [];
  for (const a of plan.partnerAdmins) {
    if (a.email === null || a.roles === null || a.sites === null) continue; // unknown until apply: judged by itself
    writes.push({
      key: `PartnerAdmin "${a.name}"`,
      email: a.email,
      orgId: world.partnerOrgId,
      kind: "partner",
      roles: a.roles,
      ...(a.sites !== undefined ? { sites: a.sites } : {}),
      deletes: false,
    });
  }
  for (const a of plan.customerAdmins) {
    if (a.email === null || a.roles === null || a.sites === null || a.orgId === null) continue;
    writes.push({
      key: `CustomerAdmin "${a.name}"`,
      email: a.email,
      orgId: a.orgId,
      kind: "customer",
      roles: a.roles,
      sites: a.sites,
      deletes: false,
    });
  }
  for (const d of droppedAdmins(previous, plan)) {
    const live = personByEmail(world, d.email);
    if (!live) continue;
    const roles = live.roles.filter((r) => !d.declared.includes(r));
    writes.push({
      key: `PartnerAdmin "${d.name}" (delete)`,
      email: d.email,
      orgId: world.partnerOrgId,
      kind: "partner",
      roles,
      ...(d.sites !== undefined ? { sites: sitesLeft(live.siteRoles, d.sites) } : {}),
      deletes: true,
    });
  }
  for (const d of droppedCustomerAdmins(previous, plan)) {
    const live = personByEmail(world, d.email);
    if (!live) continue;
    const roles = live.roles.filter((r) => !d.declared.includes(r));
    writes.push({
      key: `CustomerAdmin "${d.name}" (delete)`,
      email: d.email,
      orgId: d.orgId,
      kind: "customer",
      roles,
      sites: sitesLeft(live.siteRoles, d.sites),
      deletes: true,
    });
  }
  return writes;
}

function desiredOf(write: RoleWrite): Desired {
  return {
    org: write.kind === "partner" ? { kind: "partner", orgId: write.orgId } : { kind: "customer", orgId: write.orgId },
    authoritative: false,
    members: [
      {
        email: write.email,
        roles: write.roles,
        ...(write.sites !== undefined ? { sites: write.sites } : {}),
        path: "",
        rolesPath: "roles",
        sitesPath: "sites",
      },
    ],
    externalAdmins: [],
    restrictedMode: [],
  };
}

/** The Hub and the applier at one point of the walk, and the index of the worlds the walk passes. */
interface Judge {
  readonly world: World;
  readonly actor: Person;
  readonly now: Date;
  readonly indexer: WorldIndexer;
}

/** The errors the write's own guard would raise at this point of the apply. */
function errorsOf(write: RoleWrite, judge: Judge, codes: readonly RuleCode[]): Violation[] {
  const { world, actor, now, indexer } = judge;
  return evaluate({ desired: desiredOf(write), world, actor, now, indexer }).filter(
    (v) => v.severity === "error" && codes.includes(v.code),
  );
}

/**
 * Whether who holds what in a write's org is unknown until apply: a resource of that org (or of an
 * org not known yet) with a value unknown at preview could be anyone, so the lockout waits for it.
 */
function lockoutUnknown(plan: PlanDigest): (write: RoleWrite) => boolean {
  const partner = plan.partnerAdmins.some((a) => a.email === null || a.roles === null || a.sites === null);
  const anyCustomer = plan.customerAdmins.some((a) => a.orgId === null);
  const customers = new Set(
    plan.customerAdmins.filter((a) => a.email === null || a.roles === null || a.sites === null).map((a) => a.orgId),
  );
  return (write) => (write.kind === "partner" ? partner : anyCustomer || customers.has(write.orgId));
}

/** The Hub once the write is made (the person's roles and, when managed, site roles). */
function applied(world: World, write: RoleWrite): World {
  const key = normalizeEmail(write.email);
  const people = world.people.map((p) =>
    normalizeEmail(p.email) !== key
      ? p
      : { ...p, roles: [...write.roles], ...(write.sites !== undefined ? { siteRoles: { ...write.sites } } : {}) },
  );
  return { ...world, people };
}

/** Creates and updates before deletes (Pulumi's order); within each, grants, others' losses, own losses. */
function ordered(writes: readonly RoleWrite[], world: World, actor: Person): RoleWrite[] {
  const rank = (w: RoleWrite): number => (w.deletes ? 3 : 0) + stageOf(world, actor, w);
  return writes
    .filter((w) => {
      const c = changeOf(world, w);
      return c.adds || c.loses;
    })
    .map((w, i) => ({ w, i, r: rank(w) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map(({ w }) => w);
}

function cannotMake(write: RoleWrite, done: readonly string[], errors: readonly Violation[]): Violation {
  const first = errors[0] as Violation;
  const after = done.length > 0 ? `after ${done.join(", ")}` : "as the first write";
  const hint = write.deletes
    ? " Pulumi runs deletes after every other write: declare it with the roles it should keep instead of removing it from the program, or apply the change in two runs."
    : " Apply this change in two runs (the others first), or with the token of another administrator who keeps the privilege.";
  return {
    code: first.code,
    severity: "error",
    path: write.key,
    message: `${write.key} cannot be applied in any order the applier can follow: ${after}, ${first.message}${hint}`,
  };
}

/**
 * The order to apply the program's role writes in, walked through the rules: each write judged with
 * the applier and the Hub as the writes before it leave them. A write the applier may not make even
 * before any other write is left out (its own check reports it); the first write that no remaining
 * order lets through is the violation.
 */
export function applyOrder(
  plan: PlanDigest,
  world: World,
  actor: Person,
  now: Date,
  previous: PlanDigest = EMPTY_PLAN,
): ApplyOrder {
  // Each step's world is the last one with a person replaced: one indexer patches rather than rebuilds.
  const indexer = new WorldIndexer();
  const writes = ordered(roleWrites(plan, world, previous), world, actor).filter(
    (w) => errorsOf(w, { world, actor, now, indexer }, PRIVILEGE_CODES).length === 0,
  );
  const ownLosses = writes.filter((w) => !w.deletes && stageOf(world, actor, w) === STAGE.ownLoss).map((w) => w.key);
  const unknown = lockoutUnknown(plan);
  const codes = (w: RoleWrite): readonly RuleCode[] => (unknown(w) ? PRIVILEGE_CODES : ORDER_CODES);
  let state = world;
  let me = actor;
  const done: string[] = [];
  const pending = [...writes];
  while (pending.length > 0) {
    // Deletes stay behind every create and update whatever they need: Pulumi runs them last.
    const candidates = pending.filter((w) => w.deletes === (pending[0] as RoleWrite).deletes);
    const next = candidates.find((w) => errorsOf(w, { world: state, actor: me, now, indexer }, codes(w)).length === 0);
    if (next === undefined) {
      const stuck = pending[0] as RoleWrite;
      const errors = errorsOf(stuck, { world: state, actor: me, now, indexer }, codes(stuck));
      return { order: done, ownLosses, violations: [cannotMake(stuck, done, errors)] };
    }
    pending.splice(pending.indexOf(next), 1);
    state = applied(state, next);
    me = personByEmail(state, me.email) ?? me;
    done.push(next.key);
  }
  return { order: done, ownLosses, violations: [] };
}
