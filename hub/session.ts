/**
 * A per-process, cached view of the Hub for the providers and the CLI, so a preview of N resources
 * makes at most ~1.1·N requests. Bulk: `world()` costs four calls once (`/people/me`, `/roles`,
 * `/organizations`, `/people` of the token's org; base.ts). Lazy: what is per org or per person (another org's
 * people, assigned customers, external admins, Restricted Administrator Mode) only for the keys asked
 * for, once; promises are cached so concurrent callers share a request, and a failed load is tried
 * again. Writes go through the session and update exactly the entries they change. Roles are catalog
 * ids mapped by name from `GET /roles`; a Hub role with an unknown name is kept and never removed.
 */
import type { ExternalAdminGrant, Org, Person, UnknownFact, World } from "../core";
import { RoleDirectory } from "../api";
import type { HubClient } from "./client";
import { isHubError } from "./errors";
import { LazyMap } from "./lazy";
import { AuditMemo } from "./audit";
import { Offered } from "./offered";
import { KeyedMutex } from "./mutex";
import { roleDelta, sameSiteRoles, writeRoleDelta, writeSiteRoles, type ScimSupport } from "./role-writes";
import type { HubSettings } from "./settings";
import {
  asPerson,
  hubPerson,
  toGrant,
  toPerson,
  withRestrictedMode,
  type BeforeWrite,
  type HubPerson,
  type PersonChange,
  type WorldNeeds,
} from "./shapes";
import type { WireExternalAdmin, WireExternalAdminUpdate, WirePartnerAdmin, WirePerson } from "../api";
import { BulkAssignments, bulkScope } from "./assignments";
import { KnownPeopleMemo } from "./knownPeople";
import { loadBase, type Base } from "./base";

export { toPerson, type BeforeWrite, type HubPerson, type PersonChange, type WorldNeeds } from "./shapes";

/** Per person, per Hub: one read-modify-write at a time, across every session of the process. */
const personLocks = new KeyedMutex();

/** What a read the token may not make (403) stands for; any other failure is thrown on. */
const ifForbidden = <T>(e: unknown, value: T): T => {
  if (isHubError(e, "hub-forbidden")) return value;
  throw e;
};

export class HubSession {
  readonly client: HubClient;
  readonly settings: HubSettings;
  readonly #scim: ScimSupport = { value: "unknown" };
  readonly #roles = new LazyMap<"roles", RoleDirectory>();
  readonly #me = new LazyMap<"me", HubPerson>();
  readonly #base = new LazyMap<"base", Base>();
  readonly #people = new LazyMap<string, readonly HubPerson[]>();
  readonly #assignments = new LazyMap<string, readonly string[]>();
  readonly #externalAdmins = new LazyMap<string, ReadonlyMap<string, WireExternalAdmin>>();
  readonly #restrictedMode = new LazyMap<string, boolean>();
  readonly #partnerAdmins = new LazyMap<string, readonly WirePartnerAdmin[]>();
  readonly #byEmail = new LazyMap<string, HubPerson | undefined>();
  readonly #byId = new LazyMap<string, HubPerson | undefined>();
  readonly #bulk: BulkAssignments;
  /** What this token could not read: the rules say `not-checked` about it. */
  readonly #unknown = new Map<string, UnknownFact>();
  readonly externalAdminsOffered = new Offered(); // for WorldNeeds.externalAdminsIfOffered
  readonly audit = new AuditMemo(); // the admin audit trails read (audit.ts)
  /** What the people lookups and `world()` derive, each kept until a cache it reads from changes. */
  readonly #known = new KnownPeopleMemo(this.#people);
  #worldMemo: { people: object; key: string; world: World } | undefined;

  constructor(client: HubClient, settings: HubSettings = {}) {
    this.client = client;
    this.settings = settings;
    this.#bulk = new BulkAssignments({
      scope: async () => bulkScope(await this.#loadBase()),
      admins: (orgId) => this.partnerAdmins(orgId),
    });
  }

  // Reads (each cached for the session)

  /** The Hub's roles joined to the catalog by name: `GET /roles` once per session. */
  roleDirectory(): Promise<RoleDirectory> {
    return this.#roles.get("roles", async () => {
      try {
        return new RoleDirectory(await this.client.listRoles(), this.settings.roleNames);
      } catch (e) {
        // An external administrator's token may not list roles: nobody's roles can be read then,
        // which the rules are told (not-checked) instead of seeing everyone without a role.
        if (!isHubError(e, "hub-forbidden")) throw e;
        this.#unknown.set("roles", {
          kind: "roles",
          reason: "this token may not list the Hub's roles (GET /roles answered 403), so nobody's roles could be read",
        });
        return new RoleDirectory([], this.settings.roleNames);
      }
    });
  }

  /** The token's person. */
  me(): Promise<HubPerson> {
    return this.#me.get("me", async () => {
      const [me, directory] = await Promise.all([this.client.me(), this.roleDirectory()]);
      return hubPerson(me, directory);
    });
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
    const optional = this.externalAdminsOffered.keys(needs.externalAdminsIfOffered);
    const peopleOf = new Set([...(needs.peopleOf ?? []), ...(needs.externalAdminsOf ?? []), ...optional]);
    const [base] = await Promise.all([
      this.#loadBase(),
      ...[...peopleOf].map((id) => this.peopleOf(id)),
      ...(needs.assignmentsOf ?? []).map((id) => this.assignments(id)),
      ...(needs.externalAdminsOf ?? []).map((id) => this.externalAdmins(id)),
      // A token that may not see an org's setting leaves it unknown; the rules then judge what it may do there.
      ...(needs.restrictedModeOf ?? []).map((id) => this.restrictedMode(id).catch((e) => ifForbidden(e, undefined))),
      ...optional.map((id) => this.externalAdminsOffered.read(() => this.externalAdmins(id))),
    ]);
    // Every resource's check, diff and write asks for the world: rebuilding it (and the rules'
    // index of it) each time made a large stack's `up` grow with the square of its size.
    const known = this.#known.of(base.people);
    const key = `${this.#assignments.version} ${this.#externalAdmins.version} ${this.#restrictedMode.version} ${this.#unknown.size}`;
    if (this.#worldMemo?.people === known && this.#worldMemo.key === key) return this.#worldMemo.world;
    const restricted = this.#restrictedMode.values();
    const orgs: Org[] = [...base.orgs.values()].map((o) => withRestrictedMode(o, restricted.get(o.id)));
    const people: Person[] = [...known.people.values()].map(asPerson);
    const assignments: Record<string, readonly string[]> = {};
    for (const [personId, orgIds] of this.#assignments.values()) assignments[personId] = [...orgIds];
    const externalAdmins: ExternalAdminGrant[] = [];
    for (const grants of this.#externalAdmins.values().values()) {
      for (const g of grants.values()) externalAdmins.push(toGrant(g));
    }
    const unknown = this.#unknown.size === 0 ? {} : { unknown: [...this.#unknown.values()] };
    const world: World = { partnerOrgId: base.partnerOrgId, orgs, people, assignments, externalAdmins, ...unknown };
    this.#worldMemo = { people: known, key, world };
    return world;
  }

  /**
   * A person by id: from what is loaded (no request once `world()` is), else `GET /people/{id}` once
   * — a person of an org not listed yet is not gone, and a `read` must not drop them from the state.
   * Undefined only when the Hub says 404.
   */
  async person(personId: string): Promise<HubPerson | undefined> {
    const loaded = this.#known.of((await this.#loadBase()).people).people.get(personId);
    if (loaded !== undefined) return loaded;
    return this.#byId.get(personId, async () => {
      try {
        const [raw, directory] = await Promise.all([this.client.getPerson(personId), this.roleDirectory()]);
        const view = hubPerson(raw, directory);
        this.#rememberPerson(view);
        return view;
      } catch (e) {
        if (isHubError(e, "hub-not-found")) return undefined;
        throw e;
      }
    });
  }

  /**
   * The people of one org: the token's own come with the bulk load; any other org's are listed with
   * its `orgId` (Webex lists the token's org without it), once, when someone asks. An org the token
   * may see but not list (403) shows nobody.
   */
  async peopleOf(orgId: string): Promise<readonly HubPerson[]> {
    const base = await this.#loadBase();
    const me = await this.me();
    if (orgId === me.orgId) return [...base.people.values()].filter((p) => p.orgId === orgId);
    return this.#people.get(orgId, async () => {
      const directory = await this.roleDirectory();
      try {
        return (await this.client.listPeople({ orgId, max: 1000 })).map((p) => hubPerson(p, directory));
      } catch (e) {
        if (!isHubError(e, "hub-forbidden")) throw e;
        return [];
      }
    });
  }

  /**
   * A person by email (case-insensitive), from the bulk list; someone it does not hold (a user of
   * another org, say) is looked up once with `GET /people?email=`, and a miss is remembered too.
   */
  async personByEmail(email: string): Promise<HubPerson | undefined> {
    const key = email.trim().toLowerCase();
    const base = await this.#loadBase();
    const loaded = this.#known.of(base.people).byEmail.get(key);
    if (loaded !== undefined) return loaded;
    return this.#byEmail.get(key, async () => {
      const [found, directory] = await Promise.all([this.client.listPeople({ email: key }), this.roleDirectory()]);
      const p = found.find((x) => x.emails.some((e) => e.toLowerCase() === key));
      if (p === undefined) return undefined;
      const view = hubPerson(p, directory);
      this.#rememberPerson(view);
      return view;
    });
  }

  /** The customer org ids assigned to a partner or sales administrator (in bulk when many are asked). */
  assignments(personId: string): Promise<readonly string[]> {
    return this.#assignments.get(personId, async () => {
      const bulk = await this.#bulk.lookup(personId);
      if (bulk !== undefined) return bulk;
      try {
        return (await this.client.listManagedOrgs(personId)).map((m) => m.orgId);
      } catch (e) {
        // Webex refuses the list (400) for a partner full or read-only admin, who manages every
        // customer rather than a list, and to a token that may not ask (403): neither has assigned
        // customers to show, and the rules then say what the token may or may not do.
        if (isHubError(e, "hub-forbidden")) {
          const reason = `this token may not list the customers assigned to ${personId} (403)`;
          this.#unknown.set(`assignments ${personId}`, { kind: "assignments", personId, reason });
          return [];
        }
        if (isHubError(e, "hub-bad-request")) return [];
        throw e;
      }
    });
  }

  /** The external admins of an org, by person id. */
  externalAdmins(orgId: string): Promise<ReadonlyMap<string, WireExternalAdmin>> {
    return this.#externalAdmins.get(orgId, async () => {
      // A token that may not see the org's grants (403) has none of its own there to show.
      const list = await this.client.listExternalAdmins(orgId).catch((e: unknown) => ifForbidden(e, []));
      return new Map(list.map((g) => [g.personId, g]));
    });
  }

  restrictedMode(orgId: string): Promise<boolean> {
    return this.#restrictedMode.get(orgId, async () => (await this.client.getRestrictedMode(orgId)).enabled);
  }

  partnerAdmins(orgId: string): Promise<readonly WirePartnerAdmin[]> {
    return this.#partnerAdmins.get(orgId, () => this.client.listPartnerAdmins(orgId));
  }

  // ------------------------------------------------------------------------------------------- Writes

  /**
   * Read-modify-write of one person, serialized per person in this process: the person is read
   * fresh from the Hub inside the lock and `mutate` says what changes. Roles go as a delta (added
   * and removed roles only, see role-writes.ts), so nothing else of the person is touched and roles
   * the catalog does not know stay; site roles (an extension) go through the person's PUT with every
   * field read sent back. When `mutate` returns `undefined` nothing is written. `beforeWrite` runs
   * immediately before the write, under the lock (a lockout guard). Returns the person as the Hub now holds them.
   */
  updatePerson(
    personId: string,
    mutate: (fresh: HubPerson) => PersonChange | undefined,
    beforeWrite?: BeforeWrite,
  ): Promise<HubPerson> {
    return personLocks.run(this.#lockKey(personId), async () => {
      const [raw, directory] = await Promise.all([
        this.client.getPerson(personId, { callingData: true }),
        this.roleDirectory(),
      ]);
      const fresh = hubPerson(raw, directory);
      const change = mutate(fresh);
      if (change !== undefined) await beforeWrite?.(fresh, change);
      let wire: WirePerson = raw;
      if (change?.roles !== undefined) {
        const delta = roleDelta(wire.roles as readonly string[], change.roles, directory);
        wire = await writeRoleDelta(this.client, wire, delta, this.#scim, directory);
      }
      if (change?.siteRoles !== undefined && !sameSiteRoles(change.siteRoles, wire.siteRoles ?? {})) {
        wire = await writeSiteRoles(this.client, wire, change.siteRoles, this.#scim);
      }
      const updated = hubPerson(wire, directory);
      this.#rememberPerson(updated);
      return updated;
    });
  }

  async assign(orgId: string, personId: string): Promise<void> {
    await this.client.assignPartnerAdmin(orgId, personId);
    this.#bulk.written(personId);
    this.#assignments.update(personId, (ids) => (ids.includes(orgId) ? ids : [...ids, orgId]));
    // A partner admin entry carries roles and names we do not have at hand: drop, do not guess.
    this.#partnerAdmins.delete(orgId);
  }

  async unassign(orgId: string, personId: string): Promise<void> {
    await this.client.unassignPartnerAdmin(orgId, personId);
    this.#bulk.written(personId);
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
      this.#bulk.written(personId);
      this.#assignments.set(personId, []);
      this.#partnerAdmins.clear();
      try {
        const [raw, directory] = await Promise.all([this.client.getPerson(personId), this.roleDirectory()]);
        this.#rememberPerson(hubPerson(raw, directory));
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
    this.#externalAdmins.update(orgId, (m) => new Map([...m].filter(([id]) => id !== personId)));
  }

  async setRestrictedMode(orgId: string, enabled: boolean): Promise<boolean> {
    const res = await this.client.putRestrictedMode(orgId, enabled);
    this.#restrictedMode.set(orgId, res.enabled);
    return res.enabled;
  }

  /** Forgets everything (e.g. before `read` of a refresh that must see out-of-band changes). */
  invalidate(): void {
    this.#roles.clear();
    this.#me.clear();
    this.#base.clear();
    this.#people.clear();
    this.#assignments.clear();
    this.#externalAdmins.clear();
    this.#restrictedMode.clear();
    this.#partnerAdmins.clear();
    this.#byEmail.clear();
    this.#byId.clear();
    this.#bulk.clear();
    this.#unknown.clear();
    this.audit.clear();
  }

  #loadBase(): Promise<Base> {
    return this.#base.get("base", () => loadBase(this));
  }

  #rememberPerson(p: HubPerson): void {
    this.#base.update("base", (b) => {
      this.#known.put(b.people, p);
      return b;
    });
    this.#me.update("me", (me) => (me.id === p.id ? p : me));
    for (const e of p.emails)
      this.#byEmail.update(e.toLowerCase(), (old) => (old === undefined || old.id === p.id ? p : old));
    this.#byId.update(p.id, () => p);
  }

  #lockKey(personId: string): string {
    return `${this.client.endpoint} ${personId}`;
  }
}
