/**
 * The session's index of the people it has loaded is patched for the person a write replaced; the
 * patch must give what a rebuild gives, and refuse (so the session rebuilds) when it cannot.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { knownPeople, withReplaced, type KnownPeople } from "../../hub/knownPeople";
import type { HubPerson } from "../../hub/shapes";

const SEED = Number(process.env.KNOWN_PEOPLE_SEED ?? 20261202);

const person = (id: number, emails: string[], roles: HubPerson["roles"] = []): HubPerson => ({
  id: `p${id}`,
  emails,
  displayName: `P${id}`,
  orgId: "org-a",
  roles,
  unknownRoles: [],
});

const plain = (k: KnownPeople): unknown => ({
  people: [...k.people],
  byEmail: [...k.byEmail].sort(([a], [b]) => a.localeCompare(b)),
});

/** Few ids and addresses for many people: shared addresses and ids in both lists are exercised. */
const someone = fc.record({
  id: fc.integer({ min: 0, max: 12 }),
  emails: fc.array(
    fc.integer({ min: 0, max: 12 }).map((i) => (i % 3 === 0 ? `A${i}@X.example` : `a${i}@x.example`)),
    { minLength: 1, maxLength: 2 },
  ),
});

describe("the people a session knows", () => {
  it("patched for a replaced person equals the index built again", () => {
    fc.assert(
      fc.property(
        fc.array(someone, { maxLength: 15 }),
        fc.array(someone, { minLength: 1, maxLength: 15 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        (lazy, bulkList, writes) => {
          const bulk = new Map<string, HubPerson>();
          for (const p of bulkList) bulk.set(`p${p.id}`, person(p.id, p.emails));
          const lists = [lazy.map((p) => person(p.id, p.emails))];
          let known = knownPeople(lists, bulk);
          for (const w of writes) {
            const ids = [...bulk.keys()];
            const target = bulk.get(ids[w % ids.length]!)!;
            const copy: HubPerson = { ...target, roles: w % 2 === 0 ? ["support_admin"] : [] };
            bulk.set(copy.id, copy);
            known = withReplaced(known, copy) ?? known;
            expect(plain(known)).toEqual(plain(knownPeople(lists, bulk)));
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("refuses a person it does not hold, or one whose addresses changed", () => {
    const known = knownPeople([], new Map([["p1", person(1, ["a@x.example"])]]));
    expect(withReplaced(known, person(2, ["b@x.example"]))).toBeUndefined();
    expect(withReplaced(known, person(1, ["new@x.example"]))).toBeUndefined();
    expect(known.byEmail.get("a@x.example")?.id).toBe("p1");
  });
});
