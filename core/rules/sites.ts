/**
 * Webex sites belong to orgs: a site role is held on a site of the person's own org. Which org a
 * site belongs to is what the Hub shows of its people (the sites they use), so a partner file or a
 * partner's token cannot hand its people a customer's site, where the customer's own file would
 * never show the grant.
 */
import type { RuleCode, World } from "./types";
import { type Rule, personOf, orgName, sitesPathOf, notCheckedMessage } from "./evaluation";

/** `https://Acme.webex.com/meet#attendee` → `acme.webex.com`: sites compare by host. */
export function siteHost(url: string): string {
  const bare = url
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "");
  return bare.split(/[#/?]/)[0] ?? bare;
}

const owners = new WeakMap<World, ReadonlyMap<string, ReadonlySet<string>>>();

/** Site host → the orgs whose people use it; built once per world, and only when a site is declared. */
export function siteOwners(world: World): ReadonlyMap<string, ReadonlySet<string>> {
  const cached = owners.get(world);
  if (cached !== undefined) return cached;
  const out = new Map<string, Set<string>>();
  for (const p of world.people) {
    for (const url of p.siteUrls ?? []) {
      const host = siteHost(url);
      const set = out.get(host) ?? new Set<string>();
      set.add(p.orgId);
      out.set(host, set);
    }
  }
  owners.set(world, out);
  return out;
}

export const sitesRules = {
  "site-not-in-org": (e, emit) => {
    const index = e.index;
    if (!index) return;
    for (const m of e.members) {
      if (m.customersOnly || m.sites === undefined) continue;
      const person = personOf(e, m.email);
      const home = person?.orgId ?? e.desired.org.orgId;
      const held = new Map(Object.entries(person?.siteRoles ?? {}).map(([url, role]) => [siteHost(url), role]));
      for (const [url, role] of Object.entries(m.sites)) {
        const host = siteHost(url);
        const path = `${sitesPathOf(m)}[${JSON.stringify(url)}]`;
        const orgs = siteOwners(index.world).get(host);
        if (orgs === undefined) {
          // A site nobody in sight uses: unknown, said only when the change grants it.
          if (held.get(host) !== role) {
            emit(
              "not-checked",
              path,
              notCheckedMessage(
                "site-not-in-org",
                `for the Webex site ${host} of ${m.email}`,
                "no person this token can see uses that site, so which org it belongs to is unknown; check it is a site of the person's own org",
              ),
            );
          }
          continue;
        }
        if (orgs.has(home)) continue;
        const where = [...orgs].map((id) => orgName(e, id)).join(", ");
        emit(
          "site-not-in-org",
          path,
          `${m.email} is a member of ${orgName(e, home)}, and the Webex site ${host} belongs to ${where}: a site role is held only on a site of the person's own org. Remove it; that org's own administrators grant roles on its sites.`,
        );
      }
    }
  },
} satisfies Partial<Record<RuleCode, Rule>>;
