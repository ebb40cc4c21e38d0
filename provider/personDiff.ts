/**
 * The detailed diff and the drift note of a person's roles and Webex site roles (PartnerAdmin,
 * CustomerAdmin): roles as a set (`+ [1]: "full_admin"`), site roles per site URL, each change
 * compared with what the Hub holds now, not with the state.
 */
import type { RoleId, SiteRoleId } from "../core";
import { keyPath, listPaths, setChange, type DetailedDiff } from "./detailedDiff";
import { driftedValues, driftPath, noteOf, setDrift, type DriftNote } from "./drift";
import type { HubSession } from "../hub";
import { withAuthors, type DriftFact } from "./driftAuthor";
import { siteKey, type PersonHolding } from "./personRoles";

type SiteMap = Readonly<Record<string, SiteRoleId>> | undefined;

interface Declared {
  readonly roles?: readonly RoleId[];
  readonly sites?: SiteMap;
}

const siteEntries = (sites: SiteMap): string[] =>
  Object.entries(siteKey(sites)).map(([url, role]) => `${role} of ${url}`);

/**
 * What the Hub holds that differs from the last apply (`olds`, the old inputs) and that the update
 * reverts. Site roles count only where both the last apply and this one manage them.
 */
export function personDrift(
  person: PersonHolding | undefined,
  olds: Partial<Declared>,
  roles: readonly RoleId[],
  sites: SiteMap,
): { drift?: DriftNote } {
  if (person === undefined) return {};
  const managed = sites !== undefined && olds.sites !== undefined;
  return noteOf({
    roles: setDrift(person.roles, olds.roles ?? [], roles),
    sites: managed ? setDrift(siteEntries(person.siteRoles), siteEntries(olds.sites), siteEntries(sites)) : undefined,
  });
}

/** `personDrift`'s note with who made each change and when, from the org's admin audit trail. */
export async function authoredPersonDrift(
  hub: HubSession,
  person: (PersonHolding & { readonly id: string; readonly orgId: string }) | undefined,
  olds: Partial<Declared>,
  roles: readonly RoleId[],
  sites: SiteMap,
  label: string,
): Promise<{ drift?: DriftNote }> {
  const note = personDrift(person, olds, roles, sites);
  if (person === undefined || note.drift === undefined) return note;
  const managed = sites !== undefined && olds.sites !== undefined;
  const siteFact: DriftFact = {
    kind: "sites",
    ...driftedValues(siteEntries(person.siteRoles), siteEntries(olds.sites), siteEntries(sites)),
    // "site_admin of acme.webex.com": an event names the site by its URL.
    match: (entry) => [entry.replace(/^.* of /, "")],
  };
  const facts = {
    roles: { kind: "roles" as const, ...driftedValues(person.roles, olds.roles ?? [], roles) },
    ...(managed ? { sites: siteFact } : {}),
  };
  const email = person.emails[0] ?? "";
  return withAuthors(hub, { label, email, personId: person.id, orgId: person.orgId }, note, facts);
}

/** The key of `map` that names `url` (site URLs compare case-insensitively). */
const keyOf = (map: SiteMap, url: string): string | undefined =>
  Object.keys(map ?? {}).find((k) => k.trim().toLowerCase() === url);

function sitePaths(live: SiteMap, olds: SiteMap, news: SiteMap): DetailedDiff {
  const held = siteKey(live);
  const wanted = siteKey(news);
  const paths: DetailedDiff = {};
  for (const [url, role] of Object.entries(wanted)) {
    const key = keyOf(news, url);
    const before = key === undefined ? undefined : olds?.[key];
    // The last apply already set this role: the Hub drifted from it, which the drift note says.
    if (key === undefined || held[url] === role || before === role) continue;
    paths[keyPath("sites", key)] = { kind: before === undefined ? "add" : "update" };
  }
  for (const url of Object.keys(held).filter((u) => wanted[u] === undefined)) {
    const key = keyOf(olds, url);
    if (key !== undefined) paths[keyPath("sites", key)] = { kind: "delete" };
  }
  return paths;
}

/**
 * `olds` are the old outputs and `news` the new inputs, as the engine renders them; `roles` and
 * `sites` the declaration (sites `undefined` when not managed).
 */
export function personDiff(
  person: PersonHolding | undefined,
  olds: Partial<Declared>,
  news: Declared & { drift?: unknown },
  roles: readonly RoleId[],
  sites: SiteMap,
): DetailedDiff {
  const live = person?.roles ?? [];
  const rolePaths = listPaths("roles", olds.roles ?? [], news.roles ?? [], setChange(live, roles)).paths;
  return {
    ...rolePaths,
    ...(sites === undefined ? {} : sitePaths(person?.siteRoles, olds.sites, news.sites)),
    ...driftPath(news),
  };
}
