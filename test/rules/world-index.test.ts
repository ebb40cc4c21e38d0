/**
 * The rules' world index is patched, not rebuilt, when a world is the last one with a few people
 * replaced (what every write does). A patched index must be exactly what a full build gives.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ROLE_IDS, type RoleId } from "../../core/rules/catalog";
import type { Person, World } from "../../core/rules/types";
import { fullIndex, indexWorld, WorldIndexer, type WorldIndex } from "../../core/rules/worldIndex";

const SEED = Number(process.env.WORLD_INDEX_SEED ?? 20261202);
const ORGS = ["org-a", "org-b", "org-c"];

/** Maps compared as sorted entries, so two indexes are equal when they answer every lookup alike. */
function plain(index: WorldIndex): unknown {
  const entries = <V>(m: ReadonlyMap<string, V>, f: (v: V) => unknown): unknown[] =>
    [...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, f(v)]);
  const same = <V>(v: V): V => v;
  return {
    orgs: entries(index.orgs, same),
    peopleByEmail: entries(index.peopleByEmail, same),
    peopleById: entries(index.peopleById, same),
    membersByOrg: entries(index.membersByOrg, same),
    holdersByOrg: entries(index.holdersByOrg, (byRole) => entries(byRole, same)),
    externalsByOrg: entries(index.externalsByOrg, same),
  };
}

function world(people: readonly Person[]): World {
  return {
    partnerOrgId: "org-a",
    orgs: ORGS.map((id) => ({ id, displayName: id, kind: id === "org-a" ? "partner" : "customer" })),
    people,
    assignments: {},
    externalAdmins: [{ orgId: "org-b", personId: "p0", role: "external_full_admin", contactCenterServiceAdmin: false }],
  };
}

const roles = fc.subarray([...ROLE_IDS] as RoleId[], { maxLength: 3 });
/** Few emails and ids for many people, so duplicates (last one wins) are exercised too. */
const person = fc.record({
  id: fc.integer({ min: 0, max: 30 }).map((i) => `p${i}`),
  email: fc.integer({ min: 0, max: 30 }).map((i) => (i % 2 === 0 ? `U${i}@X.example ` : `u${i}@x.example`)),
  orgId: fc.constantFrom(...ORGS),
  roles,
});
/** A change: at each listed place, the person with new roles — or, sometimes, another email or org. */
const change = fc.array(
  fc.record({ at: fc.nat(), roles, move: fc.constantFrom("none", "none", "none", "email", "org") }),
  { maxLength: 6 },
);

describe("the rules' world index", () => {
  it("patched after people are replaced equals a full build of the new world", () => {
    fc.assert(
      fc.property(
        fc.array(person, { minLength: 1, maxLength: 40 }),
        fc.array(change, { minLength: 1, maxLength: 5 }),
        (start, changes) => {
          let people: Person[] = start.map((p) => ({ ...p }));
          const indexer = new WorldIndexer();
          indexer.index(world(people));
          for (const edits of changes) {
            people = people.slice();
            for (const { at, roles: newRoles, move } of edits) {
              const i = at % people.length;
              const old = people[i]!;
              people[i] = {
                ...old,
                roles: newRoles,
                email: move === "email" ? `moved-${old.email}` : old.email,
                orgId: move === "org" ? "org-c" : old.orgId,
              };
            }
            const next = world(people);
            expect(plain(indexer.index(next))).toEqual(plain(fullIndex(next)));
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("is patched, not rebuilt: what a replaced person does not touch is the same object as before", () => {
    const people: Person[] = Array.from({ length: 200 }, (_, i) => ({
      id: `p${i}`,
      email: `p${i}@x.example`,
      orgId: ORGS[i % 3]!,
      roles: i % 2 === 0 ? (["support_admin"] as RoleId[]) : [],
    }));
    const indexer = new WorldIndexer();
    const first = indexer.index(world(people));
    const replaced = people.slice();
    replaced[0] = { ...people[0]!, roles: ["full_admin"] };
    const second = indexer.index(world(replaced));
    expect(second.membersByOrg.get("org-b")).toBe(first.membersByOrg.get("org-b"));
    expect(second.holdersByOrg.get("org-a")?.get("support_admin")).not.toContain(people[0]);
    expect(second.holdersByOrg.get("org-a")?.get("full_admin")).toEqual([replaced[0]]);
    expect(second.peopleById.get("p0")).toBe(replaced[0]);
    // Same people, another world object (assignments changed, say): the people maps are reused whole.
    const third = indexer.index({ ...world(replaced), assignments: { p1: ["org-b"] } });
    expect(third.peopleByEmail).toBe(second.peopleByEmail);
  });

  it("is built again when people are added, so nobody is missing from it", () => {
    const people: Person[] = [{ id: "p0", email: "p0@x.example", orgId: "org-a", roles: ["full_admin"] }];
    const indexer = new WorldIndexer();
    indexer.index(world(people));
    const added: Person = { id: "p1", email: "p1@x.example", orgId: "org-a", roles: ["full_admin"] };
    const grown = indexer.index(world([...people, added]));
    expect(
      grown.holdersByOrg
        .get("org-a")
        ?.get("full_admin")
        ?.map((p) => p.id),
    ).toEqual(["p0", "p1"]);
  });

  it("belongs to its evaluator: another evaluator's worlds, or none, are indexed whole", () => {
    const people: Person[] = [{ id: "p0", email: "p0@x.example", orgId: "org-a", roles: ["full_admin"] }];
    const first = new WorldIndexer().index(world(people));
    const replaced: Person[] = [{ ...people[0]!, roles: ["readonly_admin"] }];
    const elsewhere = new WorldIndexer().index(world(replaced));
    expect(elsewhere.membersByOrg.get("org-a")).not.toBe(first.membersByOrg.get("org-a"));
    expect(plain(elsewhere)).toEqual(plain(fullIndex(world(replaced))));
    const same = world(replaced);
    expect(indexWorld(same)).not.toBe(indexWorld(same));
  });
});
