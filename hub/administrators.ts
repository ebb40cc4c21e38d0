/**
 * Who administers an org right now, read fresh from the Hub and never from the session's cache, and
 * a lock per Hub and org: what a write that takes full administration from someone needs to stay
 * safe while another process removes the org's other full administrator at the same moment. Webex
 * is not known to refuse the write that leaves an org with nobody, so webexhub must not rely on it.
 */
import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lock } from "proper-lockfile";
import { isHubError } from "./errors";
import { hubPerson } from "./shapes";
import type { HubSession } from "./session";

/** A person through whom the org can be administered: a full_admin member, or an external full admin. */
export interface Administrator {
  readonly personId: string;
  readonly email: string;
  readonly role: "full_admin" | "external_full_admin";
}

/** The org's administrators as the Hub holds them now, and what of them this token could not count. */
export interface AdministratorsNow {
  readonly admins: Administrator[];
  /**
   * Why some administrators could not be counted: the customer org's external administrators, on a
   * Hub that does not list them (Webex) or to a token that may not. Then `admins` is a floor.
   */
  readonly uncounted: string[];
}

/**
 * The org's administrators as the Hub holds them now: `GET /people?roles=<full admin>` (with the
 * org's id when it is not the token's own), and for a customer org its external full admins.
 *
 * No member counted here has roles hidden from the token: Webex shows a person's roles to the
 * administrators of the person's org, all of them or none, and the guard runs only for a write that
 * takes a full_admin it was shown (so the token administers the org and sees every member's roles),
 * or an external administrator's grant it read and may change.
 */
export async function administratorsNow(
  session: HubSession,
  orgId: string,
  customer: boolean,
): Promise<AdministratorsNow> {
  const [directory, me] = await Promise.all([session.roleDirectory(), session.me()]);
  const full = directory.hubRole("full_admin");
  const listed =
    full === undefined
      ? []
      : await session.client.listPeople({ roles: full.id, max: 1000, ...(orgId === me.orgId ? {} : { orgId }) });
  // The filter is the Hub's; what counts is checked here again, so a Hub that ignores it costs no safety.
  const members = listed
    .map((p) => hubPerson(p, directory))
    .filter((p) => p.orgId === orgId && p.roles.includes("full_admin"))
    .map((p): Administrator => ({ personId: p.id, email: p.emails[0] ?? p.id, role: "full_admin" }));
  if (!customer) return { admins: members, uncounted: [] };
  const externals = await externalFullAdmins(session, orgId);
  return { admins: [...members, ...externals.admins], uncounted: externals.uncounted };
}

async function externalFullAdmins(session: HubSession, orgId: string): Promise<AdministratorsNow> {
  const unsupported = (): AdministratorsNow => ({
    admins: [],
    uncounted: [`this Hub does not list the external administrators of ${orgId}`],
  });
  // A Hub that said so this session (Webex has no such list) is not asked again before each write.
  if (!session.externalAdminsOffered.offered) return unsupported();
  try {
    const grants = await session.client.listExternalAdmins(orgId);
    const admins = grants
      .filter((g) => g.role === "external_full_admin")
      .map((g): Administrator => ({ personId: g.personId, email: g.email, role: "external_full_admin" }));
    return { admins, uncounted: [] };
  } catch (error) {
    if (isHubError(error, "hub-unsupported")) {
      session.externalAdminsOffered.lacking();
      return unsupported();
    }
    if (isHubError(error, "hub-forbidden")) {
      return { admins: [], uncounted: [`this token may not list the external administrators of ${orgId} (403)`] };
    }
    throw error;
  }
}

/** Where the locks live: one directory per machine, so every webexhub process on it sees them. */
export const lockDirectory = (env: Readonly<Record<string, string | undefined>> = process.env): string =>
  env.WEBEXHUB_LOCK_DIR ?? join(tmpdir(), "webexhub-locks");

/** The lock of one org of one Hub: a directory named by a hash, so no id becomes a path. */
export const lockPath = (endpoint: string, orgId: string, dir: string): string =>
  join(dir, `${createHash("sha256").update(`${endpoint} ${orgId}`).digest("hex").slice(0, 32)}.lock`);

/**
 * Runs `fn` while holding the lock of one org of one Hub, across every webexhub process of this
 * machine (a lock directory, made atomically; one left by a killed process goes stale after 10 s).
 * Two stacks that each remove one of an org's two full admins then take turns, and the second one's
 * fresh read sees the first one's removal. Processes on other machines are not covered: no client
 * can close that race without the Hub refusing the lockout (see the README's troubleshooting).
 */
export async function withOrgLock<T>(
  endpoint: string,
  orgId: string,
  fn: () => Promise<T>,
  dir = lockDirectory(),
): Promise<T> {
  await mkdir(dir, { recursive: true });
  const path = lockPath(endpoint, orgId, dir);
  let release: () => Promise<void>;
  try {
    release = await lock(path, {
      realpath: false,
      lockfilePath: path,
      stale: 10_000,
      retries: { retries: 400, factor: 1.3, minTimeout: 2, maxTimeout: 150 },
      // A lock taken over after 10 s without an update: the write it guarded has its own fresh checks.
      onCompromised: () => undefined,
    });
  } catch (error) {
    if ((error as { code?: unknown }).code !== "ELOCKED") throw error;
    throw new Error(
      `another webexhub process has held the lock of org ${orgId} (${path}) for about a minute; wait for it to finish, or remove ${path} if no webexhub process runs`,
    );
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}
