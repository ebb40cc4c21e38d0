/**
 * The bulk part of a session, loaded once: the token's person, every org it sees (classified as the
 * partner, its customers or others) and the people of the token's own org. What is per org or per
 * person is read lazily by the session itself.
 */
import type { Org } from "../core";
import type { RoleDirectory, WirePartnerAdmin, WirePerson } from "../api";
import type { HubClient } from "./client";
import { isHubError } from "./errors";
import { ownOrg, withManagingPartner } from "./orgKinds";
import type { HubSettings } from "./settings";
import { classifyOrgs, hubPerson, ownIsPartner, type HubPerson } from "./shapes";

export interface Base {
  readonly partnerOrgId: string;
  readonly orgs: Map<string, Org>;
  readonly people: Map<string, HubPerson>;
}

/** What the bulk load reads through: the session, whose own caches it shares. */
export interface BaseSource {
  readonly client: HubClient;
  readonly settings: HubSettings;
  me(): Promise<HubPerson>;
  roleDirectory(): Promise<RoleDirectory>;
  partnerAdmins(orgId: string): Promise<readonly WirePartnerAdmin[]>;
}

export async function loadBase(source: BaseSource): Promise<Base> {
  const { client } = source;
  const [me, orgList, directory] = await Promise.all([source.me(), client.listOrganizations(), source.roleDirectory()]);
  const visible = orgList.some((o) => o.id === me.orgId) ? orgList : [await ownOrg(client, me.orgId), ...orgList];
  // Without orgId Webex lists the token's own org: the others are asked by their id, lazily.
  const people = new Map<string, HubPerson>();
  for (const p of await ownPeople(client)) people.set(p.id, hubPerson(p, directory));
  // The token's person may be outside the listed people (a narrower `GET /people` scope).
  if (!people.has(me.id)) people.set(me.id, me);
  // The org is the partner on evidence (any of its people holding a partner role), not on the
  // token's own roles: a partner's second full administrator is still in the partner org.
  const partner = ownIsPartner(me, source.settings, people.values());
  const settings = partner
    ? source.settings
    : await withManagingPartner(client, (id) => source.partnerAdmins(id), me, source.settings);
  const { partnerOrgId, orgs } = classifyOrgs(me, visible, settings, partner);
  return { partnerOrgId, orgs, people };
}

/** The token's org's people; Webex lists them to a non-administrator only by email or name (400). */
async function ownPeople(client: HubClient): Promise<readonly WirePerson[]> {
  try {
    return await client.listPeople({ max: 1000 });
  } catch (e) {
    if (!isHubError(e, "hub-bad-request") && !isHubError(e, "hub-forbidden")) throw e;
    return [];
  }
}
