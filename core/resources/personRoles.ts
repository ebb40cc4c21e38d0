/**
 * The desired state of one person's roles, shared by PartnerAdmin (the partner org) and
 * CustomerAdmin (a customer org): the same rules judge both, on one member of the org.
 */
import type { RoleId, SiteRoleId } from "../rules/catalog";
import type { Desired } from "../rules/types";
import { declaredRoles, given, nameOf, rolesOf, text, type ResourceDescriptor } from "./types";

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

/** What every person-roles resource is: guarded on delete by lockout and privilege, judged and ordered by the Plan. */
export const PERSON_ROLES = {
  // Only lockout and privilege can stop a delete: the roles being removed need no other check.
  deleteGuards: ["last-full-admin", "actor-lacks-privilege"],
  judgedByPlan: true,
  ordered: true,
} as const satisfies Pick<ResourceDescriptor, "deleteGuards" | "judgedByPlan" | "ordered">;

/** A person's declared email and roles as the program gave them. */
export const declaredPerson = (args: Readonly<Record<string, unknown>>) => ({
  email: given<string>(args.email),
  roles: declaredRoles(args.roles),
});

/** A person's email and roles as the engine hands them back. */
export const readPerson = (raw: Readonly<Record<string, unknown>>) => ({
  name: nameOf(raw),
  email: text(raw.email),
  roles: rolesOf(raw.roles),
});
