/**
 * Every person a session has loaded, by id and by address: the lists of orgs read lazily first, then
 * the bulk list with what writes left there. A write replaces one person, so the index is patched
 * for that person instead of built again over everyone (at thousands of people, after every write
 * of an `up`, that rebuild grew with the square of the stack).
 */
import type { LazyMap } from "./lazy";
import type { HubPerson } from "./shapes";

export interface KnownPeople {
  readonly people: Map<string, HubPerson>;
  /** By lowercased address; the first person holding an address wins. */
  readonly byEmail: Map<string, HubPerson>;
}

export function knownPeople(lists: Iterable<readonly HubPerson[]>, bulk: ReadonlyMap<string, HubPerson>): KnownPeople {
  const people = new Map<string, HubPerson>();
  for (const list of lists) for (const p of list) people.set(p.id, p);
  for (const [id, p] of bulk) people.set(id, p);
  const byEmail = new Map<string, HubPerson>();
  for (const p of people.values()) {
    for (const e of p.emails) if (!byEmail.has(e.toLowerCase())) byEmail.set(e.toLowerCase(), p);
  }
  return { people, byEmail };
}

const addresses = (p: HubPerson): string => p.emails.map((e) => e.toLowerCase()).join("\n");

/**
 * `known` with the new copy of someone it holds, as `knownPeople` would build it: a new object over
 * the same maps, changed in place (the old object must not be used again). Undefined when only a
 * rebuild is right: a person it does not hold, or one whose addresses changed.
 */
export function withReplaced(known: KnownPeople, person: HubPerson): KnownPeople | undefined {
  const old = known.people.get(person.id);
  if (old === undefined || addresses(old) !== addresses(person)) return undefined;
  known.people.set(person.id, person);
  for (const e of person.emails) {
    if (known.byEmail.get(e.toLowerCase()) === old) known.byEmail.set(e.toLowerCase(), person);
  }
  return { people: known.people, byEmail: known.byEmail };
}

/**
 * The index of a session's people, kept until what it reads changes: the bulk list (its object, and
 * the changes made to it in place) and the lists read lazily (their version).
 */
export class KnownPeopleMemo {
  readonly #lists: LazyMap<string, readonly HubPerson[]>;
  /** Bumped whenever a person is changed in place in the bulk list (the one cache mutated in place). */
  #generation = 0;
  #memo: { bulk: ReadonlyMap<string, HubPerson>; key: string; known: KnownPeople } | undefined;

  constructor(lists: LazyMap<string, readonly HubPerson[]>) {
    this.#lists = lists;
  }

  /** Every person loaded so far, by id and by email. */
  of(bulk: ReadonlyMap<string, HubPerson>): KnownPeople {
    const key = this.#key();
    if (this.#memo?.bulk === bulk && this.#memo.key === key) return this.#memo.known;
    const known = knownPeople(this.#lists.values().values(), bulk);
    this.#memo = { bulk, key, known };
    return known;
  }

  /** Puts a person's new copy in the bulk list; an index that was current is patched, not dropped. */
  put(bulk: Map<string, HubPerson>, person: HubPerson): void {
    const memo = this.#memo;
    const current = memo?.bulk === bulk && memo.key === this.#key();
    bulk.set(person.id, person);
    this.#generation += 1;
    const patched = current ? withReplaced(memo.known, person) : undefined;
    if (patched !== undefined) this.#memo = { bulk, key: this.#key(), known: patched };
  }

  #key(): string {
    return `${this.#lists.version} ${this.#generation}`;
  }
}
