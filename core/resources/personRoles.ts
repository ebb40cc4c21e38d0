/**
 * The desired state of one person's roles, shared by PartnerAdmin (the partner org) and
 * CustomerAdmin (a customer org): the same rules judge both, on one member of the org.
 */
import type { RoleId, SiteRoleId } from "../rules/catalog";
import type { Desired } from "../rules/types";

export type SiteMap = Readonly<Record<string, SiteRoleId>> | undefined;

/** One person of `org` declared with `roles` (undefined: unknown) and, when managed, `sites`. */
export function personDesired(
  org: Desired["org"],
  email: string,
  roles: readonly RoleId[] | undefined,
  sites: SiteMap,
): Desired {
  const member = {
    email,
    roles,
    ...(sites !== undefined ? { sites } : {}),
    path: "",
    rolesPath: "roles",
    sitesPath: "sites",
  };
  return { org, authoritative: false, members: [member], externalAdmins: [], restrictedMode: [] };
}
