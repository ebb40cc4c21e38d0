/**
 * Every privilege table of the Webex help articles, as data. Each table names its article and keeps
 * the article's row order, so a reviewer can read it against the article line by line
 * (test/rules/privileges.test.ts prints them that way). Cells whose ✔ marks the copies lost and
 * that are reconstructed from a role description are listed in each table's `reconstructed` notes.
 * Here the tables of roles by privilege; the contact center's table (contactCenter.ts) and what
 * Restricted Administrator Mode withholds (restrictedMode.ts) are re-exported from their modules.
 */
import type { RoleId, SiteRoleId } from "./catalog";

export const ACCESS_LEVELS = ["none", "read", "temporary", "full"] as const;
/** `temporary`: read-only now, full access for a time once a customer administrator approves. */
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export interface Grant {
  readonly level: AccessLevel;
  /** The seed's qualification of the cell, e.g. "for the services the partner sold". */
  readonly scope?: string;
}

export interface PrivilegeRow<Col extends string> {
  /** Stable privilege id. */
  readonly privilege: string;
  /** The row's label as the seed prints it. */
  readonly label: string;
  readonly cells: Readonly<Record<Col, Grant>>;
}

export interface PrivilegeTable<Col extends string> {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly columns: readonly Col[];
  readonly rows: readonly PrivilegeRow<Col>[];
  readonly reconstructed: readonly string[];
}

const F: Grant = { level: "full" };
const R: Grant = { level: "read" };
const T: Grant = { level: "temporary" };
const N: Grant = { level: "none" };
const scoped = (level: AccessLevel, scope: string): Grant => ({ level, scope });

// ---------------------------------------------------------------------------------------------
// Customer management roles: the ✔ positions of the older Partner Hub article, the read-only cells
// of its German and Spanish editions (which add read-only partner analytics and branding), then
// their change history.

type CustomerMgmtCol =
  "partner_full_admin" | "partner_admin" | "partner_readonly_admin" | "helpdesk_basic" | "helpdesk_advanced";
const cm = (pfa: Grant, pa: Grant, pro: Grant, hdb: Grant, hda: Grant): Record<CustomerMgmtCol, Grant> => ({
  partner_full_admin: pfa,
  partner_admin: pa,
  partner_readonly_admin: pro,
  helpdesk_basic: hdb,
  helpdesk_advanced: hda,
});

export const CUSTOMER_MANAGEMENT_TABLE: PrivilegeTable<CustomerMgmtCol> = {
  id: "customer-management",
  title: "Customer management roles (Partner Hub settings and customer organization settings)",
  source:
    "Webex help: Assign administrator roles in Partner Hub (older edition) (✔ positions); Webex help: Partner Hub roles, German and Spanish editions, Table 2 (read-only cells) and change history",
  columns: ["partner_full_admin", "partner_admin", "partner_readonly_admin", "helpdesk_basic", "helpdesk_advanced"],
  rows: [
    // Partner Hub settings
    { privilege: "assign_admin_roles", label: "Assign admin roles", cells: cm(F, N, N, N, N) },
    { privilege: "partner_analytics", label: "Partner analytics and reporting", cells: cm(F, N, R, N, N) },
    { privilege: "branding", label: "Branding", cells: cm(F, N, R, N, N) },
    { privilege: "partner_company_policy_templates", label: "Company policy and templates", cells: cm(F, N, N, N, N) },
    { privilege: "create_customers", label: "Create customers", cells: cm(F, N, N, N, N) },
    // "Begin and manage Webex trials" was removed from this table on 6 March 2024 (change history).
    // Customer organization settings
    {
      privilege: "customer_list",
      label: "Customer list",
      cells: cm(
        scoped("read", "all customers"),
        scoped("read", "assigned customers"),
        scoped("read", "all customers"),
        scoped("read", "all customers"),
        scoped("read", "all customers"),
      ),
    },
    { privilege: "assign_customer_admin_roles", label: "Assign customer admin roles", cells: cm(F, F, N, N, N) },
    // 8 March 2023 (change history): partner administrators cannot add/delete users and assign licenses.
    {
      privilege: "add_delete_users_licenses",
      label: "Add/Delete users and assign licenses (User management)",
      cells: cm(F, N, R, R, T),
    },
    { privilege: "device_management", label: "Device management", cells: cm(F, F, R, R, T) },
    { privilege: "company_policy_templates", label: "Company policy and templates", cells: cm(F, F, R, R, T) },
    { privilege: "analytics_reports", label: "Analytics and reports", cells: cm(F, F, R, R, T) },
    { privilege: "troubleshooting", label: "Troubleshooting", cells: cm(F, F, R, F, F) },
    { privilege: "licenses_upgrades", label: "Licenses and upgrades", cells: cm(F, F, R, R, T) },
    { privilege: "organization_settings", label: "Organization settings", cells: cm(F, F, R, R, T) },
    { privilege: "app_integrations", label: "App integrations", cells: cm(F, F, R, R, T) },
    { privilege: "webex_site_management", label: "Webex site management", cells: cm(F, F, R, R, T) },
    { privilege: "admin_audit_log", label: "Admin actions audit log", cells: cm(F, F, R, R, T) },
    { privilege: "user_generated_content", label: "Access to user-generated content", cells: cm(F, F, N, N, N) },
    { privilege: "legal_hold", label: "Legal hold", cells: cm(N, N, N, N, N) },
    { privilege: "join_in_progress_meetings", label: "Access to join in-progress meetings", cells: cm(F, N, N, N, N) },
    { privilege: "retrieve_logs", label: "Retrieve logs", cells: cm(F, F, N, N, N) },
  ],
  reconstructed: [
    "Partner analytics and reporting, Branding: the read-only cell of the German and Spanish editions is placed in the partner read-only column (the only read-only column of the Partner Hub settings).",
    "Add/Delete users and assign licenses: the older article's ✔ for the partner administrator is removed by the change of 8 March 2023.",
    "Retrieve logs: the older article prints two ✔ without column separators; they are read as partner full and partner administrator, the two columns with edit access.",
    "Customer list is expressed as read access with the customer scope (see all / see partial).",
  ],
};

// ---------------------------------------------------------------------------------------------
// Organization roles: the Control Hub article's table and Table 1 of the German and Spanish Partner
// Hub articles (read-only column); the other columns come from their role descriptions and the
// Control Hub article's text on advanced troubleshooting.

type OrgRoleCol =
  | "full_admin"
  | "readonly_admin"
  | "support_admin"
  | "user_device_admin"
  | "device_admin"
  | "compliance_officer"
  | "advanced_troubleshooting";
const org = (
  fa: Grant,
  ro: Grant,
  sa: Grant,
  uda: Grant,
  da: Grant,
  co: Grant,
  ata: Grant,
): Record<OrgRoleCol, Grant> => ({
  full_admin: fa,
  readonly_admin: ro,
  support_admin: sa,
  user_device_admin: uda,
  device_admin: da,
  compliance_officer: co,
  advanced_troubleshooting: ata,
});

export const ORGANIZATION_ROLES_TABLE: PrivilegeTable<OrgRoleCol> = {
  id: "organization-roles",
  title: "Organization roles (partner management and Control Hub organization roles)",
  source:
    "Webex help: Assign Roles to Users (Control Hub), Organization Roles and Advanced Troubleshooting Access Role; Webex help: Partner Hub roles, German and Spanish editions, Table 1 and role descriptions",
  columns: [
    "full_admin",
    "readonly_admin",
    "support_admin",
    "user_device_admin",
    "device_admin",
    "compliance_officer",
    "advanced_troubleshooting",
  ],
  rows: [
    { privilege: "assign_admin_roles", label: "Assign roles to users", cells: org(F, R, N, N, N, N, N) },
    {
      privilege: "add_delete_users_licenses",
      label: "Add/Delete users and assign licenses",
      cells: org(F, R, N, F, N, N, N),
    },
    { privilege: "device_management", label: "Device management", cells: org(F, R, N, F, F, N, N) },
    { privilege: "company_policy_templates", label: "Company policy and templates", cells: org(F, R, N, N, N, N, N) },
    { privilege: "analytics_reports", label: "Analytics and reports", cells: org(F, R, F, N, N, N, N) },
    { privilege: "troubleshooting", label: "Troubleshooting", cells: org(F, R, F, N, N, N, N) },
    { privilege: "licenses_upgrades", label: "Licenses and upgrades", cells: org(F, R, N, F, N, N, N) },
    { privilege: "organization_settings", label: "Organization settings", cells: org(F, R, N, N, N, N, N) },
    { privilege: "app_integrations", label: "App integrations", cells: org(F, R, N, N, N, N, N) },
    { privilege: "webex_site_management", label: "Webex site management", cells: org(F, R, N, N, N, N, N) },
    { privilege: "admin_audit_log", label: "Admin actions audit log", cells: org(F, R, N, N, N, N, N) },
    { privilege: "user_generated_content", label: "Access to user-generated content", cells: org(N, N, N, N, N, F, N) },
    { privilege: "legal_hold", label: "Legal hold", cells: org(N, N, N, N, N, F, N) },
    {
      privilege: "join_in_progress_meetings",
      label: "Access to join in-progress meetings",
      cells: org(N, N, N, N, N, N, scoped("full", "only beside full_admin")),
    },
    {
      privilege: "live_meetings",
      label: "Access to live meetings",
      cells: org(
        N,
        N,
        N,
        N,
        N,
        N,
        scoped("read", "beside full_admin, readonly_admin or support_admin: the Live Meeting page"),
      ),
    },
    { privilege: "product_email_notifications", label: "Product email notifications", cells: org(F, N, N, N, N, N, N) },
  ],
  reconstructed: [
    "Full administrator column: the ✔ marks are lost in the Control Hub article and the German and Spanish editions; every row but user-generated content, legal hold and the meeting rows is read as ✔ (the full administrator 'has access to view and administer settings').",
    "Read-only column: 'Read-Only' cells of the Control Hub article, plus the admin actions audit log, which the German and Spanish editions mark read-only and the Control Hub article does not.",
    "Support administrator: 'access to analytics and troubleshooting'.",
    "User and device administrator: 'manage users, devices and licensing': user management, device management, licenses and upgrades.",
    "Device administrator: 'manage devices'.",
    "Compliance officer: 'user-generated and legal content': user-generated content and legal hold.",
    "Advanced troubleshooting: 'join in-progress and live meetings' and the Control Hub article's text: the Live Meeting page for full, read-only and support administrators, joining for full administrators only.",
    "Product email notifications: the row of the Control Hub article has no marks in any column; given to the full administrator only.",
  ],
};

// ---------------------------------------------------------------------------------------------
// External administrator roles (Control Hub article).

type ExternalCol = "external_full_admin" | "external_readonly_admin" | "provisioning_admin";
const ext = (efa: Grant, ero: Grant, pa: Grant): Record<ExternalCol, Grant> => ({
  external_full_admin: efa,
  external_readonly_admin: ero,
  provisioning_admin: pa,
});
const SOLD = "for the services the partner sold";

export const EXTERNAL_ADMIN_TABLE: PrivilegeTable<ExternalCol> = {
  id: "external-admin",
  title: "External administrator roles",
  source: "Webex help: Assign Roles to Users (Control Hub), External Administrator Roles",
  columns: ["external_full_admin", "external_readonly_admin", "provisioning_admin"],
  rows: [
    { privilege: "user_management", label: "User Management", cells: ext(F, R, N) },
    { privilege: "device_management", label: "Device Management", cells: ext(F, R, N) },
    { privilege: "company_policy_templates", label: "Company Policy and Templates", cells: ext(F, R, N) },
    { privilege: "troubleshooting", label: "Troubleshooting", cells: ext(F, R, N) },
    { privilege: "support_metrics_notifications", label: "Support Metrics and Notifications", cells: ext(F, R, N) },
    { privilege: "licenses_upgrades", label: "Licenses and Upgrades", cells: ext(F, R, scoped("full", SOLD)) },
    { privilege: "assign_roles", label: "Assign Roles", cells: ext(F, R, N) },
    { privilege: "provision_orders", label: "Provision Orders", cells: ext(F, N, scoped("full", SOLD)) },
    {
      privilege: "add_delete_sites",
      label: "Add and Delete Sites",
      cells: ext(
        scoped("full", "for the sites belonging to the subscription which the partner sold"),
        N,
        scoped("full", SOLD),
      ),
    },
    { privilege: "add_external_admins", label: "Add External Administrators", cells: ext(N, N, N) },
  ],
  reconstructed: [
    "External full administrator: the lost ✔ in every row where the read-only column reads 'Read-Only' or 'X' (the article prints only the other two cells).",
  ],
};

// ---------------------------------------------------------------------------------------------
// Sales roles (Control Hub article).

type SalesCol = "full_admin" | "sales_full_admin" | "sales_admin" | "provisioning_admin";
const sales = (fa: Grant, sfa: Grant, sa: Grant, pa: Grant): Record<SalesCol, Grant> => ({
  full_admin: fa,
  sales_full_admin: sfa,
  sales_admin: sa,
  provisioning_admin: pa,
});

export const SALES_TABLE: PrivilegeTable<SalesCol> = {
  id: "sales",
  title: "Sales full administrator and sales administrator roles",
  source: "Webex help: Assign Roles to Users (Control Hub), The Sales Full Administrator and Sales Administrator Role",
  columns: ["full_admin", "sales_full_admin", "sales_admin", "provisioning_admin"],
  rows: [
    { privilege: "partner_org_management", label: "Partner Organization Management", cells: sales(F, N, N, N) },
    {
      privilege: "customer_org_management",
      label: "Customer Organization Management",
      cells: sales(
        N,
        scoped("full", "all customers managed by the partner organization"),
        scoped("full", "assigned customers only"),
        scoped("full", "assigned customers only"),
      ),
    },
    { privilege: "assign_sales_admin_roles", label: "Assign Sales Administrator Roles", cells: sales(F, F, N, N) },
    {
      privilege: "provision_orders_partner",
      label: "Provision Webex Orders for the Partner Organization",
      cells: sales(F, F, F, N),
    },
    {
      privilege: "provision_orders_customers",
      label: "Provision Webex Orders for Customers",
      cells: sales(N, F, F, scoped("full", SOLD)),
    },
    { privilege: "webex_trials", label: "Begin and Manage Webex Trials", cells: sales(N, F, F, N) },
  ],
  reconstructed: [
    "The ✔ marks are lost; only the scoped cells survive. Partner organization management: the full administrator. Assign sales administrator roles: full and sales full administrators (the article's text: 'Full administrators and other sales full administrators … can assign').",
    "Provisioning orders and trials: the sales roles (the article's text on provisioning); the provisioning administrator has no trials (Partner Hub article).",
  ],
};

// ---------------------------------------------------------------------------------------------
// Webex site roles (Control Hub article). Every starred row is for the assigned Webex sites only.

const SITES_ONLY = "for their assigned Webex sites only";
const site = (sa: Grant, sua: Grant, sro: Grant): Record<SiteRoleId, Grant> => ({
  site_admin: sa,
  site_user_admin: sua,
  site_readonly_admin: sro,
});

export const SITE_ROLES_TABLE: PrivilegeTable<SiteRoleId> = {
  id: "webex-site",
  title: "Webex site administrator roles",
  source: "Webex help: Assign Roles to Users (Control Hub), Webex Site Administrator Roles",
  columns: ["site_admin", "site_user_admin", "site_readonly_admin"],
  rows: [
    {
      privilege: "site_user_management",
      label: "User Management",
      cells: site(scoped("full", "user settings"), scoped("full", "user settings"), R),
    },
    { privilege: "site_analytics_reports", label: "Analytics and Reports", cells: site(R, R, R) },
    {
      privilege: "site_licenses",
      label: "Licenses*",
      cells: site(scoped("full", SITES_ONLY), N, scoped("read", SITES_ONLY)),
    },
    {
      privilege: "site_assign_roles",
      label: "Assign Roles*",
      cells: site(scoped("full", SITES_ONLY), scoped("read", SITES_ONLY), scoped("read", SITES_ONLY)),
    },
    {
      privilege: "site_configuration",
      label: "Site Configuration*",
      cells: site(scoped("full", SITES_ONLY), scoped("read", SITES_ONLY), scoped("read", SITES_ONLY)),
    },
  ],
  reconstructed: [
    "Webex site administrator column: lost ✔ in Licenses, Assign Roles and Site Configuration.",
    "Licenses*: one 'Read-Only' cell survives; it is placed in the read-only column, the user administrator has none.",
  ],
};

/** The organization-role columns, for effective access. */
export type OrgRoleColumn = OrgRoleCol;
export type CustomerManagementColumn = CustomerMgmtCol;
export type ExternalColumn = ExternalCol;
export type SalesColumn = SalesCol;
export type { RoleId };

// The contact center and Restricted Administrator Mode tables are read with the role tables.
export { CONTACT_CENTER_RELATIONS, CONTACT_CENTER_TABLE } from "./contactCenter";
export type { ContactCenterCell, ContactCenterRelation, ContactCenterRole } from "./contactCenter";
export { RESTRICTED_MODE_SETTINGS, RESTRICTED_VIEWS } from "./restrictedMode";
export type { RestrictedSetting, RestrictedView } from "./restrictedMode";
