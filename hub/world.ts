/**
 * A per-process, cached view of the Hub for the providers and the CLI, so a preview of N
 * resources makes at most ~1.1·N requests instead of several per resource.
 *
 * - Bulk: `world()` costs three list calls once (`/people/me`, `/organizations`, `/people`, all
 *   pages), whatever the number of resources asking.
 * - Lazy: what has no bulk endpoint (a person's assigned customers, an org's external admins, a
 *   customer's Restricted Administrator Mode) is fetched only for the keys someone asks for, once.
 * - Promises are cached, not values, so concurrent callers share one in-flight request; a failed
 *   load is forgotten so the next caller tries again.
 * - Writes go through the session and update (or drop) exactly the entries they change, so nothing
 *   is refetched after a write and nothing stale is served.
 */
import { createHash } from "node:crypto";
import type { ExternalAdminGrant, Org, Person, World } from "../core/rules/types";
import { HubClient, personUpdateFrom, type HubClientOptions } from "./client";
import { isHubError } from "./errors";
import { KeyedMutex } from "./mutex";
import type {
  WireExternalAdmin,
  WireExternalAdminUpdate,
  WireOrganization,
  WirePartnerAdmin,
  WirePerson,
  WirePersonUpdate,
} from "../api/wire";

/** The lazily loaded parts a caller wants included in `world()`. */
export interface WorldNeeds {
  /** People whose assigned customers are needed (`World.assignments`). */
  readonly assignmentsOf?: readonly string[];
  /** Orgs whose external admins are needed (`World.externalAdmins`). */
  readonly externalAdminsOf?: readonly string[];
  /** Customer orgs whose Restricted Administrator Mode is needed (`Org.restrictedMode`). */
  readonly restrictedModeOf?: readonly string[];
}

interface Base {
  readonly partnerOrgId: string;
  readonly orgs: Map<string, WireOrganization>;
  readonly people: Map<string, WirePerson>;
}

/** A map of cached promises that knows the latest settled value of each key. */
class LazyMap<K, V> {
  readonly #pending = new Map<K, Promise<V>>();
  readonly #settled = new Map<K, V>();

  get(key: K, load: () => Promise<V>): Promise<V> {
    return this.#pending.get(key) ?? this.#track(key, load());
  }

  has(key: K): boolean {
    return this.#pending.has(key);
  }

  set(key: K, value: V): void {
    this.#track(key, Promise.resolve(value));
  }

  /** Applies a write's effect to what is cached or loading; a key never asked for stays unloaded. */
  update(key: K, f: (value: V) => V): void {
    const current = this.#pending.get(key);
    if (current !== undefined) this.#track(key, current.then(f));
  }

  updateAll(f: (value: V) => V): void {
    for (const key of [...this.#pending.keys()]) this.update(key, f);
  }

  delete(key: K): void {
    this.#pending.delete(key);
    this.#settled.delete(key);
  }

  clear(): void {
    this.#pending.clear();
    this.#settled.clear();
  }

  /** The latest settled values; loads still in flight are left out. */
  values(): Map<K, V> {
    return new Map(this.#settled);
  }

  #track(key: K, p: Promise<V>): Promise<V> {
    this.#pending.set(key, p);
    p.then(
      (v) => {
        if (this.#pending.get(key) === p) this.#settled.set(key, v);
      },
      () => {
        if (this.#pending.get(key) === p) this.delete(key);
      },
    );
    return p;
  }
}

/** Per person, per Hub: one read-modify-write at a time, across every session of the process. */
const personLocks = new KeyedMutex();

export class HubSession {
  readonly client: HubClient;
  readonly #me = new LazyMap<"me", WirePerson>();
  readonly #base = new LazyMap<"base", Base>();
  readonly #assignments = new LazyMap<string, readonly string[]>();
  readonly #externalAdmins = new LazyMap<string, ReadonlyMap<string, WireExternalAdmin>>();
  readonly #restrictedMode = new LazyMap<string, boolean>();
  readonly #partnerAdmins = new LazyMap<string, readonly WirePartnerAdmin[]>();
  readonly #byEmail = new LazyMap<string, WirePerson | undefined>();

  constructor(client: HubClient) {
    this.client = client;
  }

  // -------------------------------------------------------------------------------------------
  // Reads

  /** The token's person. */
  me(): Promise<WirePerson> {
    return this.#me.get("me", () => this.client.me());
  }

  /** The token's person as the rules engine sees it (the `actor`). */
  async actor(): Promise<Person> {
    return toPerson(await this.me());
  }

  /**
   * The Hub as plain data for the rules engine. The bulk part is loaded once; the lazy parts named
   * in `needs` are loaded (once each) before the snapshot is taken, and every lazy part loaded so
   * far by anyone is included. A second call with the same needs makes no request.
   */
  async world(needs: WorldNeeds = {}): Promise<World> {
    const [base] = await Promise.all([
      this.#loadBase(),
      ...(needs.assignmentsOf ?? []).map((id) => this.assignments(id)),
      ...(needs.externalAdminsOf ?? []).map((id) => this.externalAdmins(id)),
      ...(needs.restrictedModeOf ?? []).map((id) => this.restrictedMode(id)),
    ]);
    const restricted = this.#restrictedMode.values();
    const orgs: Org[] = [...base.orgs.values()].map((o) => toOrg(o, restricted.get(o.id)));
    const people: Person[] = [...base.people.values()].map(toPerson);
    const assignments: Record<string, readonly string[]> = {};
    for (const [personId, orgIds] of this.#assignments.values()) assignments[personId] = [...orgIds];
    const externalAdmins: ExternalAdminGrant[] = [];
    for (const grants of this.#externalAdmins.values().values()) {
      for (const g of grants.values()) externalAdmins.push(toGrant(g));
    }
    return { partnerOrgId: base.partnerOrgId, orgs, people, assignments, externalAdmins };
  }

  /** A person by id, from the bulk list (no request once `world()` is loaded). */
  async person(personId: string): Promise<WirePerson | undefined> {
    return (await this.#loadBase()).people.get(personId);
  }

  /**
   * A person by email (case-insensitive), from the bulk list; someone it does not hold (a user of
   * another org, say) is looked up once with `GET /people?email=`, and a miss is remembered too.
   */
  async personByEmail(email: string): Promise<WirePerson | undefined> {
    const key = email.trim().toLowerCase();
    const base = await this.#loadBase();
    for (const p of base.people.values()) if (p.emails.some((e) => e.toLowerCase() === key)) return p;
    return this.#byEmail.get(key, async () => {
      const found = await this.client.listPeople({ email: key });
      const p = found.find((x) => x.emails.some((e) => e.toLowerCase() === key));
      if (p !== undefined) this.#rememberPerson(p);
      return p;
    });
  }

  /** The customer org ids assigned to a partner or sales administrator. */
  assignments(personId: string): Promise<readonly string[]> {
    return this.#assignments.get(personId, async () =>
      (await this.client.listManagedOrgs(personId)).map((m) => m.orgId),
    );
  }

  /** The external admins of an org, by person id. */
  externalAdmins(orgId: string): Promise<ReadonlyMap<string, WireExternalAdmin>> {
    return this.#externalAdmins.get(orgId, async () => {
      const list = await this.client.listExternalAdmins(orgId);
      return new Map(list.map((g) => [g.personId, g]));
    });
  }

  restrictedMode(orgId: string): Promise<boolean> {
    return this.#restrictedMode.get(orgId, async () => (await this.client.getRestrictedMode(orgId)).enabled);
  }

  partnerAdmins(orgId: string): Promise<readonly WirePartnerAdmin[]> {
    return this.#partnerAdmins.get(orgId, () => this.client.listPartnerAdmins(orgId));
  }

  // -------------------------------------------------------------------------------------------
  // Writes

  /**
   * Read-modify-write of one person, serialized per person in this process: the person is read
   * fresh from the Hub inside the lock, `mutate` says what changes, and the WHOLE person is PUT
   * back (fields `mutate` leaves out keep their fresh value; to wipe one, set it explicitly). When
   * `mutate` returns `undefined` nothing is written. Returns the person as the Hub now holds it.
   */
  updatePerson(
    personId: string,
    mutate: (fresh: WirePerson) => Partial<WirePersonUpdate> | undefined,
  ): Promise<WirePerson> {
    return personLocks.run(this.#lockKey(personId), async () => {
      const fresh = await this.client.getPerson(personId);
      const change = mutate(fresh);
      if (change === undefined) {
        this.#rememberPerson(fresh);
        return fresh;
      }
      const body: WirePersonUpdate = { ...personUpdateFrom(fresh), ...change };
      const updated = await this.client.putPerson(personId, body);
      this.#rememberPerson(updated);
      return updated;
    });
  }

  async assign(orgId: string, personId: string): Promise<void> {
    await this.client.assignPartnerAdmin(orgId, personId);
    this.#assignments.update(personId, (ids) => (ids.includes(orgId) ? ids : [...ids, orgId]));
    // A partner admin entry carries roles and names we do not have at hand: drop, do not guess.
    this.#partnerAdmins.delete(orgId);
  }

  async unassign(orgId: string, personId: string): Promise<void> {
    await this.client.unassignPartnerAdmin(orgId, personId);
    this.#assignments.update(personId, (ids) => ids.filter((id) => id !== orgId));
    this.#partnerAdmins.delete(orgId);
  }

  /**
   * Revokes every partner role of the person. Under the person's lock, since it changes their
   * roles; the person is then read back (one request) because which roles the Hub counts as
   * "partner roles" is the Hub's business, not a list to duplicate here.
   */
  revokePartnerRoles(personId: string): Promise<void> {
    return personLocks.run(this.#lockKey(personId), async () => {
      await this.client.revokePartnerRoles(personId);
      this.#assignments.set(personId, []);
      this.#partnerAdmins.clear();
      try {
        this.#rememberPerson(await this.client.getPerson(personId));
      } catch (e) {
        // The revoke succeeded; only our copy is unknown now. Drop it rather than serve it stale.
        this.#base.clear();
        this.#me.clear();
        if (!isHubError(e)) throw e;
      }
    });
  }

  async putExternalAdmin(orgId: string, personId: string, body: WireExternalAdminUpdate): Promise<WireExternalAdmin> {
    const grant = await this.client.putExternalAdmin(orgId, personId, body);
    this.#externalAdmins.update(orgId, (m) => new Map(m).set(grant.personId, grant));
    return grant;
  }

  async deleteExternalAdmin(orgId: string, personId: string): Promise<void> {
    await this.client.deleteExternalAdmin(orgId, personId);
    this.#externalAdmins.update(orgId, (m) => {
      const next = new Map(m);
      next.delete(personId);
      return next;
    });
  }

  async setRestrictedMode(orgId: string, enabled: boolean): Promise<boolean> {
    const res = await this.client.putRestrictedMode(orgId, enabled);
    this.#restrictedMode.set(orgId, res.enabled);
    return res.enabled;
  }

  /** Forgets everything (e.g. before `read` of a refresh that must see out-of-band changes). */
  invalidate(): void {
    this.#me.clear();
    this.#base.clear();
    this.#assignments.clear();
    this.#externalAdmins.clear();
    this.#restrictedMode.clear();
    this.#partnerAdmins.clear();
    this.#byEmail.clear();
  }

  // -------------------------------------------------------------------------------------------

  #loadBase(): Promise<Base> {
    return this.#base.get("base", async () => {
      const [me, orgList, peopleList] = await Promise.all([
        this.me(),
        this.client.listOrganizations({ max: 1000 }),
        this.client.listPeople({ max: 1000 }),
      ]);
      const orgs = new Map(orgList.map((o) => [o.id, o]));
      const people = new Map(peopleList.map((p) => [p.id, p]));
      // The token's person may be outside the listed people (a narrower `GET /people` scope).
      if (!people.has(me.id)) people.set(me.id, me);
      return { partnerOrgId: partnerOrgOf(me, orgs), orgs, people };
    });
  }

  #rememberPerson(p: WirePerson): void {
    this.#base.update("base", (b) => {
      b.people.set(p.id, p);
      return b;
    });
    this.#me.update("me", (me) => (me.id === p.id ? p : me));
    for (const e of p.emails) this.#byEmail.update(e.toLowerCase(), (old) => (old === undefined || old.id === p.id ? p : old));
  }

  #lockKey(personId: string): string {
    return `${this.client.endpoint} ${personId}`;
  }
}

// ---------------------------------------------------------------------------------------------
// One session per Hub and token, for the life of the process.

const sessions = new Map<string, HubSession>();

/**
 * The process-wide session for this endpoint and token, created on first use with these options
 * (later callers' `policy`, `onRequest`, … are ignored: the session already exists). Keyed by a
 * hash of the token so the registry holds no second copy of it.
 */
export function hubSession(options: HubClientOptions): HubSession {
  const client = new HubClient(options);
  const key = `${client.endpoint} ${createHash("sha256").update(options.token.trim()).digest("hex")}`;
  let session = sessions.get(key);
  if (session === undefined) {
    session = new HubSession(client);
    sessions.set(key, session);
  }
  return session;
}

/** Forgets every session (tests; a long-lived process that must see out-of-band changes). */
export function resetHubSessions(): void {
  sessions.clear();
}

// ---------------------------------------------------------------------------------------------
// Wire → rules-engine shapes

export function toPerson(p: WirePerson): Person {
  return {
    id: p.id,
    email: p.emails[0] ?? "",
    orgId: p.orgId,
    roles: [...p.roles],
    ...(p.displayName === undefined ? {} : { displayName: p.displayName }),
    ...(p.firstName === undefined ? {} : { firstName: p.firstName }),
    ...(p.lastName === undefined ? {} : { lastName: p.lastName }),
    ...(p.siteRoles === undefined ? {} : { siteRoles: { ...p.siteRoles } }),
  };
}

export function toOrg(o: WireOrganization, restrictedMode?: boolean): Org {
  const kind = o.type === "partner" ? "partner" : o.partnerOrgId !== undefined || o.type === "customer" ? "customer" : "other";
  return {
    id: o.id,
    displayName: o.displayName,
    kind,
    ...(kind === "partner" ? { wholesale: o.wholesale === true } : {}),
    ...(o.partnerOrgId === undefined ? {} : { managedBy: o.partnerOrgId }),
    ...(restrictedMode === undefined ? {} : { restrictedMode }),
  };
}

function toGrant(g: WireExternalAdmin): ExternalAdminGrant {
  return {
    orgId: g.orgId,
    personId: g.personId,
    role: g.role,
    contactCenterServiceAdmin: g.contactCenterServiceAdmin === true,
    ...(g.expiresAt === undefined ? {} : { expiresAt: g.expiresAt }),
  };
}

/**
 * "My Organization": the token person's org when it is a partner; for a customer org's admin, the
 * partner that manages it; otherwise the one partner org in sight. A token that sees no partner at
 * all (an admin of an unmanaged org) gets its own org, so customer-side rules still have a world.
 */
export function partnerOrgOf(me: WirePerson, orgs: ReadonlyMap<string, WireOrganization>): string {
  const own = orgs.get(me.orgId);
  if (own?.type === "partner") return own.id;
  if (own?.partnerOrgId !== undefined) return own.partnerOrgId;
  const partners = [...orgs.values()].filter((o) => o.type === "partner");
  if (partners.length === 1) return partners[0]!.id;
  return me.orgId;
}
