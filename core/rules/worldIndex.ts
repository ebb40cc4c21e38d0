/**
 * The rules' index of a world (people by email and id, members and role holders by org, external
 * admins by org), built once per world object.
 *
 * Both the provider's session and the mock Hub's guard build a new world after every write, and a
 * write replaces one person or a few. Re-indexing every person each time made a large stack's `up`
 * grow with the square of its size, so a world that is the last one indexed with a few people
 * replaced in place is indexed by patching that index. The patched index equals a full build (the
 * tests compare the two on random changes); anything else (people added, removed, moved, or a
 * replaced person with another id, org or email) gets a full build.
 */
import type { RoleId } from "./catalog";
import type { ExternalAdminGrant, Org, Person, World } from "./types";
import { normalizeEmail } from "../email";

export interface WorldIndex {
  readonly world: World;
  readonly orgs: ReadonlyMap<string, Org>;
  readonly peopleByEmail: ReadonlyMap<string, Person>;
  readonly peopleById: ReadonlyMap<string, Person>;
  readonly membersByOrg: ReadonlyMap<string, readonly Person[]>;
  /** Org → role → the members holding it now: the lockout rules count holders, not members. */
  readonly holdersByOrg: ReadonlyMap<string, ReadonlyMap<RoleId, readonly Person[]>>;
  readonly externalsByOrg: ReadonlyMap<string, readonly ExternalAdminGrant[]>;
}

/** Past this many replaced people a full build costs about what the patch does. */
const MAX_PATCHED = 64;

/**
 * The indexes of the worlds one evaluator judges in turn (a provider's context, the mock Hub's
 * guard, the apply order's walk), owned by that evaluator: each world is indexed once, and the next
 * world, most often the last one with a person or two replaced, is patched from the last index.
 * Whoever evaluates a single world needs none: `indexWorld` without one is a full build.
 */
export class WorldIndexer {
  readonly #byWorld = new WeakMap<World, WorldIndex>();
  #latest: WorldIndex | undefined;

  index(world: World): WorldIndex {
    const cached = this.#byWorld.get(world);
    if (cached) return cached;
    const index = (this.#latest !== undefined ? patchedIndex(this.#latest, world) : undefined) ?? fullIndex(world);
    this.#byWorld.set(world, index);
    this.#latest = index;
    return index;
  }
}

/** The world's index: through the evaluator's indexer when it has one, else built whole. */
export function indexWorld(world: World, indexer?: WorldIndexer): WorldIndex {
  return indexer ? indexer.index(world) : fullIndex(world);
}

/** Every person indexed from scratch; the reference the patch must match. */
export function fullIndex(world: World): WorldIndex {
  const peopleByEmail = new Map<string, Person>();
  const peopleById = new Map<string, Person>();
  const membersByOrg = new Map<string, Person[]>();
  const holdersByOrg = new Map<string, Map<RoleId, Person[]>>();
  for (const person of world.people) {
    for (const role of person.roles) {
      const byRole = holdersByOrg.get(person.orgId) ?? new Map<RoleId, Person[]>();
      holdersByOrg.set(person.orgId, byRole);
      const holders = byRole.get(role);
      if (holders) holders.push(person);
      else byRole.set(role, [person]);
    }
    peopleByEmail.set(normalizeEmail(person.email), person);
    peopleById.set(person.id, person);
    const list = membersByOrg.get(person.orgId) ?? [];
    list.push(person);
    membersByOrg.set(person.orgId, list);
  }
  return withOrgs(world, { peopleByEmail, peopleById, membersByOrg, holdersByOrg });
}

/**
 * `previous` with the people `world` replaced at the same places, or undefined when `world` is not
 * that (then only a full build is right).
 */
function patchedIndex(previous: WorldIndex, world: World): WorldIndex | undefined {
  const before = previous.world.people;
  const after = world.people;
  if (before.length !== after.length) return undefined;
  const replaced: Array<{ old: Person; now: Person }> = [];
  for (let i = 0; i < after.length; i++) {
    const old = before[i];
    const now = after[i];
    if (old === now || old === undefined || now === undefined) continue;
    if (replaced.length === MAX_PATCHED) return undefined;
    if (old.id !== now.id || old.orgId !== now.orgId || normalizeEmail(old.email) !== normalizeEmail(now.email))
      return undefined;
    replaced.push({ old, now });
  }
  if (replaced.length === 0) return { ...previous, world, orgs: orgsById(world), externalsByOrg: externalsOf(world) };
  // A replaced object still in the list elsewhere would keep some entries of the old one.
  if (replaced.some(({ old }) => after.includes(old))) return undefined;

  const peopleByEmail = new Map(previous.peopleByEmail);
  const peopleById = new Map(previous.peopleById);
  const membersByOrg = new Map(previous.membersByOrg);
  const holdersByOrg = new Map(previous.holdersByOrg);
  const rolesByOrg = new Map<string, Set<RoleId>>();
  for (const { old, now } of replaced) {
    const email = normalizeEmail(now.email);
    // Only where the old person was the entry (the last one holding that address or id) does it move.
    if (peopleByEmail.get(email) === old) peopleByEmail.set(email, now);
    if (peopleById.get(now.id) === old) peopleById.set(now.id, now);
    const roles = rolesByOrg.get(now.orgId) ?? new Set<RoleId>();
    for (const role of [...old.roles, ...now.roles]) roles.add(role);
    rolesByOrg.set(now.orgId, roles);
  }
  for (const [orgId, roles] of rolesByOrg) {
    const members = after.filter((p) => p.orgId === orgId);
    membersByOrg.set(orgId, members);
    const byRole = new Map(previous.holdersByOrg.get(orgId));
    for (const role of roles) {
      const holders = members.filter((p) => p.roles.includes(role));
      if (holders.length > 0) byRole.set(role, holders);
      else byRole.delete(role);
    }
    if (byRole.size > 0) holdersByOrg.set(orgId, byRole);
    else holdersByOrg.delete(orgId);
  }
  return withOrgs(world, { peopleByEmail, peopleById, membersByOrg, holdersByOrg });
}

/**
 * The people's maps with the world's orgs and external grants, which are read whole each time (a patch
 * changes people only).
 */
function withOrgs(
  world: World,
  people: Pick<WorldIndex, "peopleByEmail" | "peopleById" | "membersByOrg" | "holdersByOrg">,
): WorldIndex {
  return { world, orgs: orgsById(world), ...people, externalsByOrg: externalsOf(world) };
}

function orgsById(world: World): Map<string, Org> {
  return new Map(world.orgs.map((org) => [org.id, org]));
}

function externalsOf(world: World): Map<string, ExternalAdminGrant[]> {
  const externalsByOrg = new Map<string, ExternalAdminGrant[]>();
  for (const grant of world.externalAdmins) {
    const list = externalsByOrg.get(grant.orgId) ?? [];
    list.push(grant);
    externalsByOrg.set(grant.orgId, list);
  }
  return externalsByOrg;
}
