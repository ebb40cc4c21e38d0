/**
 * PartnerAdmin: the organization roles of an existing user of the partner org and, when `sites` is
 * given, their Webex site roles on the partner's own sites. Its id is the Hub person id.
 */
import schema from "../../schema/partner-admin.schema.json";
import type { RoleId, SiteRoleId } from "../rules/catalog";
import { declaredPerson, PERSON_ROLES, readPerson } from "./personRoles";
import { declaredSites, siteRolesOf, type ResourceDescriptor } from "./types";

export interface PartnerAdminFields {
  /** The email of an existing user of the partner org. */
  email: string;
  /** The person's organization roles, authoritative (an empty list: no admin role). */
  roles: RoleId[];
  /**
   * Webex site roles on the partner's own sites, site URL → role, one per site; authoritative
   * (`{}`: none). Absent: the resource leaves the person's site roles as they are.
   */
  sites?: Record<string, SiteRoleId>;
  /** Take over a person who already holds other admin roles or site roles (otherwise create refuses). */
  adopt?: boolean;
}

export interface PlannedAdmin {
  /** The Pulumi resource name, so a message can point at it. */
  readonly name: string;
  readonly email: string | null;
  readonly roles: readonly RoleId[] | null;
  /**
   * Site URL → site role; null when unknown. A PartnerAdmin without `sites` leaves them out (it does
   * not manage site roles); a CustomerAdmin always has them.
   */
  readonly sites?: Readonly<Record<string, SiteRoleId>> | null;
}

export const partnerAdmin: ResourceDescriptor<"partnerAdmin", "partnerAdmins", PlannedAdmin> = {
  name: "partnerAdmin",
  type: "PartnerAdmin",
  schemaId: "partner-admin",
  schema,
  identity: { email: "email" },
  outputs: ["personId", "orgId", "displayName"],
  ...PERSON_ROLES,
  digestKey: "partnerAdmins",
  // Site roles enter the digest only when the resource manages them.
  entryOf: (name, args) => ({
    name,
    ...declaredPerson(args),
    ...(args.sites !== undefined ? { sites: declaredSites(args.sites) } : {}),
  }),
  readEntry: (raw) => ({
    ...readPerson(raw),
    ...(raw.sites !== undefined ? { sites: siteRolesOf(raw.sites) } : {}),
  }),
  summary: "the organization roles (and, with `sites`, the Webex site roles) of an existing partner-org user",
};
