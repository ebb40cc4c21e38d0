/**
 * Lockout-safe writes whatever the Hub does. A write that takes full administration from someone
 * (`full_admin` of a member, `external_full_admin` of an external admin) is judged at preview on
 * the world the run read at its start; another stack may remove the org's other full administrator
 * meanwhile, and Webex is not known to refuse the second removal. So such a write, and only such a
 * write (the request budget of everything else is unchanged):
 *
 * 1. holds the org's lock on this machine (hub/administrators.ts), so webexhub processes here take turns;
 * 2. re-reads the org's administrators fresh immediately before the write, and refuses with
 *    `last-full-admin` if nobody else would be left, naming who was lost since the run read the Hub;
 * 3. after the write, reads them again; if nobody administers the org (a writer elsewhere removed
 *    the last other one at the same moment), it puts back what it removed and fails with
 *    `last-full-admin`, naming that concurrent change.
 *
 * It refuses and undoes only on what the token sees. A customer org's external full administrators
 * are not listed by Webex (nor to a token that may not see them): with nobody else in sight there,
 * one of them may still administer the org, so the guard warns, naming what it could not count,
 * and neither refuses nor undoes on a guess (the rules at check said the same as `not-checked`).
 */
import type { RoleId, Violation, World } from "../core";
import { administratorsNow, isHubError, withOrgLock, type Administrator, type AdministratorsNow } from "../hub";
import type { HubPerson, HubSession, PersonChange } from "../hub";
import { RuleViolationError } from "./failures";
import { logWarn } from "./log";

/** The org a guarded write touches. */
export interface GuardedOrg {
  readonly id: string;
  readonly customer: boolean;
}

/** Who loses full administration, and through which role. */
export interface GuardedTarget {
  readonly personId: string;
  readonly email: string;
  readonly role: Administrator["role"];
}

/** `last-full-admin` from the guard; `unchanged` when the Hub holds what it held before the write. */
export class LockoutError extends RuleViolationError {
  readonly unchanged: boolean;

  constructor(message: string, action: string, unchanged: boolean) {
    const violation: Violation = { code: "last-full-admin", severity: "error", path: "roles", message };
    super([violation], action);
    this.unchanged = unchanged;
  }
}

const orgName = (world: World, orgId: string): string => {
  const org = world.orgs.find((o) => o.id === orgId);
  return org ? `"${org.displayName}" (${orgId})` : orgId;
};

const names = (admins: readonly Administrator[]): string => admins.map((a) => `${a.email} (${a.role})`).join(", ");

/** The org's administrators in the world the run read at its start. */
function administratorsRead(world: World, orgId: string): Administrator[] {
  const email = new Map(world.people.map((p) => [p.id, p.email]));
  return [
    ...world.people
      .filter((p) => p.orgId === orgId && p.roles.includes("full_admin"))
      .map((p): Administrator => ({ personId: p.id, email: p.email, role: "full_admin" })),
    ...world.externalAdmins
      .filter((g) => g.orgId === orgId && g.role === "external_full_admin")
      .map((g): Administrator => ({
        personId: g.personId,
        email: email.get(g.personId) ?? g.personId,
        role: "external_full_admin",
      })),
  ];
}

const without = (list: readonly Administrator[], gone: readonly Administrator[]): Administrator[] =>
  list.filter((a) => !gone.some((g) => g.personId === a.personId && g.role === a.role));

/** One guarded write: `before()` immediately before it, `after()` once it is done. */
export class LockoutGuard {
  #seen: Administrator[] = [];

  constructor(
    private readonly hub: HubSession,
    private readonly world: World,
    private readonly org: GuardedOrg,
    private readonly target: GuardedTarget,
    private readonly action: string,
  ) {}

  /** Under the org's lock on this machine: `fn` runs the guarded write and its `before`/`after`. */
  static locked<T>(hub: HubSession, orgId: string, fn: () => Promise<T>): Promise<T> {
    return withOrgLock(hub.client.endpoint, orgId, fn);
  }

  async before(): Promise<void> {
    const now = await administratorsNow(this.hub, this.org.id, this.org.customer);
    this.#seen = now.admins;
    const others = without(this.#seen, [this.target]);
    if (others.length > 0) return;
    const lost = without(without(administratorsRead(this.world, this.org.id), [this.target]), this.#seen);
    const since =
      lost.length > 0
        ? `${names(lost)} lost that role since this run read the Hub (a concurrent change: another stack, Control Hub or another tool)`
        : undefined;
    if (now.uncounted.length > 0) {
      // Nobody else in sight is no lockout known: refused only on what the token sees, and said.
      const seen = since === undefined ? "" : ` (${since})`;
      const nobody = `nobody else this token can see holds full administration of ${orgName(this.world, this.org.id)}`;
      const unknown = "so whether someone still administers it after this write could not be checked";
      const said = `${nobody}${seen}, but ${now.uncounted.join("; ")}, ${unknown}`;
      logWarn(`${this.action}: ${said}; it was not refused on a guess. Make sure someone else does.`);
      return;
    }
    const why = since ?? "nobody else holds full administration there now";
    throw new LockoutError(
      `Taking ${this.target.role} from ${this.target.email} would leave ${orgName(this.world, this.org.id)} with nobody who can administer it (lockout): ${why}. Nothing was written. Grant full_admin to someone else first, or keep it on ${this.target.email}; then run again.`,
      this.action,
      true,
    );
  }

  /** `restore` undoes the write; `sitesChanged` when the write changed more than roles. */
  async after(restore: () => Promise<unknown>, sitesChanged = false): Promise<void> {
    const read = await this.#readAfter();
    if (read === undefined || read.admins.length > 0) return;
    const now = read.admins;
    const lost = without(without(this.#seen, [this.target]), now);
    if (read.uncounted.length > 0) {
      // Administrators it could not count may remain: the write is kept, not undone on a guess.
      if (lost.length === 0) return;
      const also = `${names(lost)} lost full administration of ${orgName(this.world, this.org.id)} at the same moment`;
      const unknown = `${read.uncounted.join("; ")}, so whether someone still administers it could not be checked`;
      logWarn(`${this.action}: done, but ${also} (a concurrent change), and ${unknown}. Make sure someone does.`);
      return;
    }
    const who = lost.length > 0 ? names(lost) : "the org's other administrators";
    let outcome: string;
    let restored = false;
    try {
      await restore();
      restored = true;
      outcome = `This write was undone: ${this.target.email} holds ${this.target.role} again.`;
    } catch (error) {
      outcome = `Undoing this write failed (${(error as Error).message}): grant ${this.target.role} to ${this.target.email} in Control Hub now.`;
    }
    throw new LockoutError(
      `While ${this.target.email} lost ${this.target.role}, ${who} lost full administration too (a concurrent change: another stack, Control Hub or another tool), which left ${orgName(this.world, this.org.id)} with nobody who can administer it (lockout). ${outcome}`,
      this.action,
      restored && !sitesChanged,
    );
  }

  /**
   * The administrators after the write; undefined when this token may no longer list them (it
   * removed its own access): it could not put anything back either, and the lock made the race
   * this check is for one between machines.
   */
  async #readAfter(): Promise<AdministratorsNow | undefined> {
    try {
      return await administratorsNow(this.hub, this.org.id, this.org.customer);
    } catch (error) {
      if (!isHubError(error, "hub-forbidden") && !isHubError(error, "hub-bad-request")) throw error;
      logWarn(
        `${this.action}: done, but this token may no longer read who administers ${orgName(this.world, this.org.id)}, so it could not check that someone still does (${error.message}).`,
      );
      return undefined;
    }
  }
}

/**
 * `hub.updatePerson`, guarded when the change takes full_admin from the person (decided on the
 * person as read under the person's lock). `expected` says the run's own view already shows such a
 * removal: the org's lock is then taken first (always before the person's, so they never deadlock).
 */
export async function updatePersonSafely(
  live: { readonly hub: HubSession; readonly world: World },
  org: GuardedOrg,
  personId: string,
  mutate: (fresh: HubPerson) => PersonChange | undefined,
  expected: boolean,
  action: string,
): Promise<HubPerson> {
  const { hub, world } = live;
  const run = async (): Promise<HubPerson> => {
    const guarded: { guard?: LockoutGuard; removed: RoleId[]; added: RoleId[]; sites: boolean } = {
      removed: [],
      added: [],
      sites: false,
    };
    const updated = await hub.updatePerson(personId, mutate, async (fresh, change) => {
      const roles = change.roles;
      if (roles === undefined || !fresh.roles.includes("full_admin") || roles.includes("full_admin")) return;
      guarded.removed = fresh.roles.filter((r) => !roles.includes(r));
      guarded.added = roles.filter((r) => !fresh.roles.includes(r));
      guarded.sites = change.siteRoles !== undefined;
      guarded.guard = new LockoutGuard(
        hub,
        world,
        org,
        { personId, email: fresh.emails[0] ?? personId, role: "full_admin" },
        action,
      );
      await guarded.guard.before();
    });
    await guarded.guard?.after(
      () => hub.updatePerson(personId, (now) => ({ roles: undo(now.roles, guarded) })),
      guarded.sites,
    );
    return updated;
  };
  return expected ? LockoutGuard.locked(hub, org.id, run) : run();
}

/** What the person holds now with a write undone: the roles it removed back, the ones it added gone. */
export const undo = (
  held: readonly RoleId[],
  write: { removed: readonly RoleId[]; added: readonly RoleId[] },
): RoleId[] => [...held.filter((r) => !write.added.includes(r)), ...write.removed.filter((r) => !held.includes(r))];
