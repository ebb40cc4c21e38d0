/**
 * CustomerAdmin: a customer org's own administrator, their Control Hub roles and Webex site roles.
 * Its id is the Hub person id.
 */
import schema from "../../schema/customer-admin.schema.json";
import type { RoleId, SiteRoleId } from "../rules/catalog";
import type { PlannedAdmin } from "./partnerAdmin";
import { declaredPerson, PERSON_ROLES, readPerson } from "./personRoles";
import { declaredSites, given, siteRolesOf, text, type ResourceDescriptor } from "./types";

export interface CustomerAdminFields {
  /** The customer org. */
  orgId: string;
  /** The email of an existing member of that org (a user of another org is an ExternalAdmin). */
  email: string;
  /** Control Hub organization roles, Contact Center Service Administrator included; authoritative. */
  roles: RoleId[];
  /** Webex site roles, site URL → role, one per site; authoritative (absent: none). */
  sites?: Record<string, SiteRoleId>;
  /** Take over a person who already holds other roles or site roles (otherwise create refuses). */
  adopt?: boolean;
}

export interface PlannedCustomerAdmin extends PlannedAdmin {
  readonly orgId: string | null;
  /** Site URL → site role; `{}` when none are declared, null when unknown. */
  readonly sites: Readonly<Record<string, SiteRoleId>> | null;
}

export const customerAdmin: ResourceDescriptor<"customerAdmin", "customerAdmins", PlannedCustomerAdmin> = {
  name: "customerAdmin",
  type: "CustomerAdmin",
  schemaId: "customer-admin",
  schema,
  identity: { orgId: "id", email: "email" },
  outputs: ["personId", "displayName", "access"],
  ...PERSON_ROLES,
  digestKey: "customerAdmins",
  entryOf: (name, args) => ({
    name,
    orgId: given<string>(args.orgId),
    ...declaredPerson(args),
    sites: declaredSites(args.sites),
  }),
  readEntry: (raw) => ({
    ...readPerson(raw),
    orgId: text(raw.orgId),
    sites: siteRolesOf(raw.sites),
  }),
  summary: "the Control Hub roles and Webex site roles of an existing member of a customer org",
};
