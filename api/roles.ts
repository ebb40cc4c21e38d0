/**
 * Webex role names and the catalog ids they stand for, kept as data: on the wire a role is an opaque
 * id whose name comes from `GET /roles`, and the names are what the two sides agree on. Keyed by the
 * Webex role name. `value` is the role's name inside Webex Identity (SCIM `roles[].value`, and the
 * `roleInCustomerOrg` of partner administrators); where Webex documents none, the value is
 * `webexhub.<catalog id>` and the entry is marked `extension` (the mock Hub serves it, Webex has no
 * such role in `GET /roles`). Only the `id_*` values and `atlas-portal.partner.salesadmin` appear in
 * the official spec; the other `atlas-portal.*`/`spark.*` values are the mock's reading of Webex, so
 * a client must match roles by name, never by value or id.
 */
import type { RoleId } from "../core/rules/catalog";

export interface WebexRoleEntry {
  readonly catalogId: RoleId;
  readonly value: string;
  /** The role this one grants inside a customer org the person manages (partner-side roles only). */
  readonly inCustomerOrg?: string;
  readonly extension?: true;
}

export const WEBEX_ROLE_TABLE: Readonly<Record<string, WebexRoleEntry>> = {
  "Full Administrator": { catalogId: "full_admin", value: "id_full_admin" },
  "Read-only Administrator": { catalogId: "readonly_admin", value: "id_readonly_admin" },
  "Support Administrator": { catalogId: "support_admin", value: "atlas-portal.support" },
  "User and Device Administrator": { catalogId: "user_device_admin", value: "id_user_admin" },
  "Device Administrator": { catalogId: "device_admin", value: "id_device_admin" },
  "Compliance Officer": { catalogId: "compliance_officer", value: "spark.kms_administrator" },
  "Partner Full Administrator": { catalogId: "partner_full_admin", value: "atlas-portal.partner.provision_admin", inCustomerOrg: "id_full_admin" },
  "Partner Administrator": { catalogId: "partner_admin", value: "atlas-portal.partner.admin", inCustomerOrg: "id_full_admin" },
  "Partner Read-only Administrator": { catalogId: "partner_readonly_admin", value: "atlas-portal.partner.readonly_admin", inCustomerOrg: "id_readonly_admin" },
  "Sales Full Administrator": { catalogId: "sales_full_admin", value: "atlas-portal.partner.salesfull", inCustomerOrg: "id_full_admin" },
  "Sales Administrator": { catalogId: "sales_admin", value: "atlas-portal.partner.salesadmin", inCustomerOrg: "id_full_admin" },
  "Help Desk Administrator (Basic)": { catalogId: "helpdesk_basic", value: "webexhub.helpdesk_basic", inCustomerOrg: "webexhub.helpdesk_basic", extension: true },
  "Help Desk Administrator (Advanced)": { catalogId: "helpdesk_advanced", value: "webexhub.helpdesk_advanced", inCustomerOrg: "webexhub.helpdesk_advanced", extension: true },
  "Webex for Wholesale Administrator": { catalogId: "wholesale_admin", value: "webexhub.wholesale_admin", extension: true },
  "Advanced Troubleshooting": { catalogId: "advanced_troubleshooting", value: "webexhub.advanced_troubleshooting", extension: true },
  "External Full Administrator": { catalogId: "external_full_admin", value: "webexhub.external_full_admin", extension: true },
  "External Read-only Administrator": { catalogId: "external_readonly_admin", value: "webexhub.external_readonly_admin", extension: true },
  "Provisioning Administrator": { catalogId: "provisioning_admin", value: "webexhub.provisioning_admin", extension: true },
  "Contact Center Service Administrator": { catalogId: "contact_center_service_admin", value: "webexhub.contact_center_service_admin", extension: true },
};

/** Catalog id → Webex role name, the inverse of WEBEX_ROLE_TABLE. */
export const WEBEX_ROLE_NAMES: Readonly<Record<RoleId, string>> = Object.fromEntries(
  Object.entries(WEBEX_ROLE_TABLE).map(([name, entry]) => [entry.catalogId, name]),
) as Record<RoleId, string>;

/** The table entry of a Webex role value (`id_full_admin`), with its name. */
export function roleByValue(value: string): (WebexRoleEntry & { name: string }) | undefined {
  for (const [name, entry] of Object.entries(WEBEX_ROLE_TABLE)) if (entry.value === value) return { ...entry, name };
  return undefined;
}
