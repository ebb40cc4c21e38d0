/**
 * A person's organization roles and Webex site roles as PartnerAdmin and CustomerAdmin manage
 * them: site URL → site role, written in the same read-modify-write of the person as the roles.
 */
import { ROLE_IDS, type RoleId, type SiteRoleId } from "../core";
import { sameSet } from "../core";
import type { CheckFailure } from "./failures";
import { LockoutError } from "./lockoutGuard";

/** A stable order in the Hub, so the same set never shows up as a change. */
export const sortRoles = (roles: readonly RoleId[]): RoleId[] =>
  [...new Set(roles)].sort((a, b) => ROLE_IDS.indexOf(a) - ROLE_IDS.indexOf(b));

export type SiteRoles = Record<string, SiteRoleId>;
type SiteMap = Readonly<Record<string, SiteRoleId>> | undefined;

/** The person as the Hub session hands it out: what the site-role code reads. */
export interface PersonHolding {
  readonly emails: readonly string[];
  readonly roles: readonly RoleId[];
  /** Absent when the Hub keeps no site roles at all (an extension of the mock Hub). */
  readonly siteRoles?: Readonly<Record<string, SiteRoleId>>;
}

/** Site URLs are host names: compared and stored lower-case, so `ACME.webex.com` is no change. */
export function siteKey(sites: SiteMap): SiteRoles {
  return Object.fromEntries(
    Object.entries(sites ?? {})
      .map(([url, role]) => [url.trim().toLowerCase(), role] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

export const sameSites = (a: SiteMap, b: SiteMap): boolean => JSON.stringify(siteKey(a)) === JSON.stringify(siteKey(b));

export const showSites = (sites: SiteMap): string =>
  Object.entries(siteKey(sites))
    .map(([url, role]) => `${url}=${role}`)
    .join(", ");

/** `undefined` for a resource that does not manage site roles: the held ones never count then. */
export function adoptProblem(
  person: PersonHolding | undefined,
  roles: readonly RoleId[],
  sites: SiteMap | undefined,
  adopt: boolean | undefined,
): string | undefined {
  if (!person || adopt === true) return undefined;
  const other = person.roles.filter((role) => !roles.includes(role));
  const wanted = siteKey(sites);
  const otherSites =
    sites === undefined
      ? []
      : Object.entries(siteKey(person.siteRoles))
          .filter(([url, role]) => wanted[url] !== role)
          .map(([url, role]) => `${role} of ${url}`);
  const lost = [...other, ...otherSites];
  if (lost.length === 0) return undefined;
  return `[adopt-required] ${person.emails[0]} already holds ${lost.join(", ")}, which this resource would remove. Declare ${lost.length === 1 ? "it" : "them"} too, or set adopt: true to take over the person's roles as declared.`;
}

/**
 * Webex site roles are a mock Hub extension carried on the person: a Hub whose persons have no
 * `siteRoles` at all (Webex itself) cannot hold them, and would drop them silently at apply.
 */
export function sitesUnsupported(
  person: PersonHolding | undefined,
  sites: SiteMap,
  email: string,
): CheckFailure | undefined {
  if (!person || person.siteRoles !== undefined || Object.keys(sites ?? {}).length === 0) return undefined;
  return {
    property: "sites",
    reason: `[hub-unsupported] this Hub keeps no Webex site roles for ${email}: site roles are a webexhub mock Hub extension (Webex has no public API for them). Assign them in Control Hub and leave sites out, or point webexhub:endpoint at a webexhub mock Hub.`,
  };
}

/** Whether the Hub holds what is declared; undeclared (`undefined`) site roles are not compared. */
export const holdsDeclared = (person: PersonHolding, roles: readonly RoleId[], sites: SiteMap | undefined): boolean =>
  sameSet(person.roles, roles) && (sites === undefined || sameSites(person.siteRoles, sites));

/** ` and sites [a=b]` when the person holds any: for a drift message. */
export const heldSitesText = (person: PersonHolding): string =>
  showSites(person.siteRoles) ? ` and sites [${showSites(person.siteRoles)}]` : "";

/** `; sites [..] → [..]` when a write changes them, "" otherwise (or when they are not managed). */
export const siteChangeText = (before: SiteMap, after: SiteMap | undefined): string =>
  after === undefined || sameSites(before, after) ? "" : `; sites [${showSites(before)}] → [${showSites(after)}]`;

/** The change to hand to `updatePerson`, or `undefined` when the Hub already holds the declaration. */
export function changeOf(
  fresh: PersonHolding,
  roles: readonly RoleId[],
  sites: SiteMap | undefined,
): { roles?: RoleId[]; siteRoles?: SiteRoles } | undefined {
  const rolesSame = sameSet(fresh.roles, roles);
  const sitesSame = sites === undefined || sameSites(fresh.siteRoles, sites);
  if (rolesSame && sitesSame) return undefined;
  return { ...(rolesSame ? {} : { roles: sortRoles(roles) }), ...(sitesSame ? {} : { siteRoles: siteKey(sites) }) };
}

/** What a delete leaves: the held roles and site roles minus the declared ones. */
export function removalOf(
  fresh: PersonHolding,
  declared: readonly RoleId[],
  declaredSites: SiteMap | undefined,
): { roles?: RoleId[]; siteRoles?: SiteRoles } | undefined {
  const keep = fresh.roles.filter((role) => !declared.includes(role));
  const wanted = siteKey(declaredSites);
  const keepSites = Object.fromEntries(
    Object.entries(siteKey(fresh.siteRoles)).filter(([url]) => wanted[url] === undefined),
  );
  const rolesSame = keep.length === fresh.roles.length;
  const sitesSame = sameSites(fresh.siteRoles, keepSites);
  if (rolesSame && sitesSame) return undefined;
  return { ...(rolesSame ? {} : { roles: keep }), ...(sitesSame ? {} : { siteRoles: keepSites }) };
}

export type Change = { roles?: RoleId[]; siteRoles?: SiteRoles };

/**
 * One read-modify-write of the person, deciding the change on the person as the Hub holds them
 * under the lock. A write that fails part-way (the roles written, the site roles not) throws with
 * the id and the declared properties, so the engine keeps the resource and the next preview shows
 * what is left.
 */
export async function writePerson<P extends PersonHolding>(
  update: (mutate: (fresh: P) => Change | undefined) => Promise<P>,
  decide: (fresh: P) => Change | undefined,
  partial: { what: string; id: string; properties: () => object },
): Promise<P> {
  let started = false;
  try {
    return await update((fresh) => {
      const change = decide(fresh);
      if (change) started = true;
      return change;
    });
  } catch (error) {
    // A lockout refusal says itself whether the Hub still holds what it held before.
    if (!started || (error instanceof LockoutError && error.unchanged)) throw error;
    throw Object.assign(new Error(`${partial.what} may have been applied only in part: ${(error as Error).message}`), {
      id: partial.id,
      properties: partial.properties(),
      reasons: [(error as Error).message],
      cause: error,
    });
  }
}
