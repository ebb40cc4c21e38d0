/** The Hub reads that tell which org a token's org is and who manages it, beyond the bulk lists. */
import type { WireOrganization, WirePartnerAdmin } from "../api";
import type { HubClient } from "./client";
import { isHubError } from "./errors";
import type { HubPerson } from "./shapes";
import type { HubSettings } from "./settings";

/**
 * For a token of a non-partner org with no partner configured: the partner that manages it, from
 * the partner-management API (the org's partner admins are members of the partner org), if this
 * token may ask. Unknown otherwise: the rules then treat the org as unmanaged.
 */
export async function withManagingPartner(
  client: HubClient,
  partnerAdmins: (orgId: string) => Promise<readonly WirePartnerAdmin[]>,
  me: HubPerson,
  settings: HubSettings,
): Promise<HubSettings> {
  if (settings.partnerOrgId !== undefined) return settings;
  try {
    const admins = await partnerAdmins(me.orgId);
    if (admins[0] === undefined) return settings;
    const partner = await client.getPerson(admins[0].id);
    return partner.orgId === me.orgId ? settings : { ...settings, partnerOrgId: partner.orgId };
  } catch (e) {
    if (!isHubError(e)) throw e;
    return settings;
  }
}

/** The token's own org, or a stand-in with its id when the token may not read it. */
export async function ownOrg(client: HubClient, orgId: string): Promise<WireOrganization> {
  try {
    return await client.getOrganization(orgId);
  } catch (e) {
    if (!isHubError(e, "hub-forbidden") && !isHubError(e, "hub-not-found")) throw e;
    return { id: orgId, displayName: orgId, created: "" } as WireOrganization;
  }
}
