/**
 * Every privilege table of core/rules/privileges.ts, spelled out row by row in the order of the
 * Webex help article it comes from (each table's `source`), so a reviewer can hold this file beside
 * the article and check it line by line. A cell reads `level` or `level (scope)`; levels: full (the
 * article's ✔), read ("Read-only"),
 * temporary ("Temporary when approved"), none (empty or "X").
 * docs/roles.md names the articles.
 */
import { describe, expect, it } from "vitest";
import { ROLE_IDS } from "../../core/rules/catalog";
import {
  CONTACT_CENTER_RELATIONS,
  CONTACT_CENTER_TABLE,
  CUSTOMER_MANAGEMENT_TABLE,
  EXTERNAL_ADMIN_TABLE,
  ORGANIZATION_ROLES_TABLE,
  RESTRICTED_MODE_SETTINGS,
  RESTRICTED_VIEWS,
  SALES_TABLE,
  SITE_ROLES_TABLE,
  type ContactCenterRole,
  type Grant,
  type PrivilegeTable,
} from "../../core/rules/privileges";

const cell = (grant: Grant): string => (grant.scope ? `${grant.level} (${grant.scope})` : grant.level);

/** The table as [label, cell per column] rows. */
function spelled<Col extends string>(table: PrivilegeTable<Col>): string[][] {
  return table.rows.map((row) => [row.label, ...table.columns.map((column) => cell(row.cells[column]))]);
}

describe("customer management roles (older Partner Hub article's ✔ positions, Table 2 and change history of the German and Spanish editions)", () => {
  it("reads row by row against the older Partner Hub article and Table 2 of the German edition", () => {
    expect(CUSTOMER_MANAGEMENT_TABLE.columns).toEqual([
      "partner_full_admin",
      "partner_admin",
      "partner_readonly_admin",
      "helpdesk_basic",
      "helpdesk_advanced",
    ]);
    // prettier-ignore
    expect(spelled(CUSTOMER_MANAGEMENT_TABLE)).toEqual([
      // label                                                   partner full  partner    read-only  HD basic   HD advanced
      // Partner Hub settings
      ["Assign admin roles",                                      "full",      "none",    "none",    "none",    "none"],
      ["Partner analytics and reporting",                         "full",      "none",    "read",    "none",    "none"],
      ["Branding",                                                "full",      "none",    "read",    "none",    "none"],
      ["Company policy and templates",                            "full",      "none",    "none",    "none",    "none"],
      ["Create customers",                                        "full",      "none",    "none",    "none",    "none"],
      // "Begin and manage Webex trials" is gone (change history, 6 March 2024)
      // Customer organization settings
      ["Customer list", "read (all customers)", "read (assigned customers)", "read (all customers)", "read (all customers)", "read (all customers)"],
      ["Assign customer admin roles",                             "full",      "full",    "none",    "none",    "none"],
      ["Add/Delete users and assign licenses (User management)",  "full",      "none",    "read",    "read",    "temporary"],
      ["Device management",                                       "full",      "full",    "read",    "read",    "temporary"],
      ["Company policy and templates",                            "full",      "full",    "read",    "read",    "temporary"],
      ["Analytics and reports",                                   "full",      "full",    "read",    "read",    "temporary"],
      ["Troubleshooting",                                         "full",      "full",    "read",    "full",    "full"],
      ["Licenses and upgrades",                                   "full",      "full",    "read",    "read",    "temporary"],
      ["Organization settings",                                   "full",      "full",    "read",    "read",    "temporary"],
      ["App integrations",                                        "full",      "full",    "read",    "read",    "temporary"],
      ["Webex site management",                                   "full",      "full",    "read",    "read",    "temporary"],
      ["Admin actions audit log",                                 "full",      "full",    "read",    "read",    "temporary"],
      ["Access to user-generated content",                        "full",      "full",    "none",    "none",    "none"],
      ["Legal hold",                                              "none",      "none",    "none",    "none",    "none"],
      ["Access to join in-progress meetings",                     "full",      "none",    "none",    "none",    "none"],
      ["Retrieve logs",                                           "full",      "full",    "none",    "none",    "none"],
    ]);
  });

  it("applies the change of 8 March 2023: partner administrators cannot add/delete users and assign licenses", () => {
    const row = CUSTOMER_MANAGEMENT_TABLE.rows.find((r) => r.privilege === "add_delete_users_licenses");
    expect(row?.cells.partner_admin.level).toBe("none");
    // …while the partner full administrator keeps it and the others keep the older article's cells
    expect(row?.cells.partner_full_admin.level).toBe("full");
    expect(row?.cells.helpdesk_advanced.level).toBe("temporary");
  });

  it("applies the change of 6 March 2024: no Webex trials row in customer management", () => {
    expect(CUSTOMER_MANAGEMENT_TABLE.rows.filter((r) => /trial/i.test(r.label) || /trial/i.test(r.privilege))).toEqual(
      [],
    );
  });

  it("keeps the German and Spanish editions' read-only partner analytics and branding", () => {
    for (const privilege of ["partner_analytics", "branding"]) {
      expect(
        CUSTOMER_MANAGEMENT_TABLE.rows.find((r) => r.privilege === privilege)?.cells.partner_readonly_admin.level,
      ).toBe("read");
    }
  });
});

describe("organization roles (Control Hub article's Organization Roles, Table 1 of the German and Spanish Partner Hub editions, role descriptions)", () => {
  it("reads row by row against both tables, in the order of the German and Spanish editions", () => {
    expect(ORGANIZATION_ROLES_TABLE.columns).toEqual([
      "full_admin",
      "readonly_admin",
      "support_admin",
      "user_device_admin",
      "device_admin",
      "compliance_officer",
      "advanced_troubleshooting",
    ]);
    const ATA_JOIN = "full (only beside full_admin)";
    const ATA_LIVE = "read (beside full_admin, readonly_admin or support_admin: the Live Meeting page)";
    // prettier-ignore
    expect(spelled(ORGANIZATION_ROLES_TABLE)).toEqual([
      // label                                    full    read-only support  user&dev device  compliance adv. troubleshooting
      ["Assign roles to users",                  "full", "read",   "none",  "none",  "none", "none",    "none"],
      ["Add/Delete users and assign licenses",   "full", "read",   "none",  "full",  "none", "none",    "none"],
      ["Device management",                      "full", "read",   "none",  "full",  "full", "none",    "none"],
      ["Company policy and templates",           "full", "read",   "none",  "none",  "none", "none",    "none"],
      ["Analytics and reports",                  "full", "read",   "full",  "none",  "none", "none",    "none"],
      ["Troubleshooting",                        "full", "read",   "full",  "none",  "none", "none",    "none"],
      ["Licenses and upgrades",                  "full", "read",   "none",  "full",  "none", "none",    "none"],
      ["Organization settings",                  "full", "read",   "none",  "none",  "none", "none",    "none"],
      ["App integrations",                       "full", "read",   "none",  "none",  "none", "none",    "none"],
      ["Webex site management",                  "full", "read",   "none",  "none",  "none", "none",    "none"],
      ["Admin actions audit log",                "full", "read",   "none",  "none",  "none", "none",    "none"],
      ["Access to user-generated content",       "none", "none",   "none",  "none",  "none", "full",    "none"],
      ["Legal hold",                             "none", "none",   "none",  "none",  "none", "full",    "none"],
      ["Access to join in-progress meetings",    "none", "none",   "none",  "none",  "none", "none",    ATA_JOIN],
      ["Access to live meetings",                "none", "none",   "none",  "none",  "none", "none",    ATA_LIVE],
      ["Product email notifications",            "full", "none",   "none",  "none",  "none", "none",    "none"],
    ]);
  });

  it("says which cells are reconstructed from a description", () => {
    expect(ORGANIZATION_ROLES_TABLE.reconstructed.length).toBeGreaterThan(0);
    expect(CUSTOMER_MANAGEMENT_TABLE.reconstructed.length).toBeGreaterThan(0);
    expect(EXTERNAL_ADMIN_TABLE.reconstructed.length).toBeGreaterThan(0);
    expect(SALES_TABLE.reconstructed.length).toBeGreaterThan(0);
    expect(SITE_ROLES_TABLE.reconstructed.length).toBeGreaterThan(0);
  });
});

describe("external administrator roles (Control Hub article)", () => {
  it("reads row by row against the External Administrator Roles table", () => {
    expect(EXTERNAL_ADMIN_TABLE.columns).toEqual([
      "external_full_admin",
      "external_readonly_admin",
      "provisioning_admin",
    ]);
    const SOLD = "full (for the services the partner sold)";
    // prettier-ignore
    expect(spelled(EXTERNAL_ADMIN_TABLE)).toEqual([
      // label                                external full  external read-only  provisioning
      ["User Management",                     "full",        "read",              "none"],
      ["Device Management",                   "full",        "read",              "none"],
      ["Company Policy and Templates",        "full",        "read",              "none"],
      ["Troubleshooting",                     "full",        "read",              "none"],
      ["Support Metrics and Notifications",   "full",        "read",              "none"],
      ["Licenses and Upgrades",               "full",        "read",              SOLD],
      ["Assign Roles",                        "full",        "read",              "none"],
      ["Provision Orders",                    "full",        "none",              SOLD],
      ["Add and Delete Sites", "full (for the sites belonging to the subscription which the partner sold)", "none", SOLD],
      ["Add External Administrators",         "none",        "none",              "none"],
    ]);
  });
});

describe("sales roles (Control Hub article)", () => {
  it("reads row by row against The Sales Full Administrator and Sales Administrator Role", () => {
    expect(SALES_TABLE.columns).toEqual(["full_admin", "sales_full_admin", "sales_admin", "provisioning_admin"]);
    // prettier-ignore
    expect(spelled(SALES_TABLE)).toEqual([
      // label                                                full    sales full  sales   provisioning
      ["Partner Organization Management",                     "full", "none",     "none", "none"],
      ["Customer Organization Management", "none", "full (all customers managed by the partner organization)", "full (assigned customers only)", "full (assigned customers only)"],
      ["Assign Sales Administrator Roles",                    "full", "full",     "none", "none"],
      ["Provision Webex Orders for the Partner Organization", "full", "full",     "full", "none"],
      ["Provision Webex Orders for Customers",                "none", "full",     "full", "full (for the services the partner sold)"],
      ["Begin and Manage Webex Trials",                       "none", "full",     "full", "none"],
    ]);
  });
});

describe("Webex site roles (Control Hub article)", () => {
  it("reads row by row against the Webex Site Administrator Roles table", () => {
    expect(SITE_ROLES_TABLE.columns).toEqual(["site_admin", "site_user_admin", "site_readonly_admin"]);
    const SITES = "for their assigned Webex sites only";
    // prettier-ignore
    expect(spelled(SITE_ROLES_TABLE)).toEqual([
      // label                    site admin                 user admin                 read-only admin
      ["User Management",         "full (user settings)",    "full (user settings)",    "read"],
      ["Analytics and Reports",   "read",                    "read",                    "read"],
      ["Licenses*",               `full (${SITES})`,         "none",                    `read (${SITES})`],
      ["Assign Roles*",           `full (${SITES})`,         `read (${SITES})`,         `read (${SITES})`],
      ["Site Configuration*",     `full (${SITES})`,         `read (${SITES})`,         `read (${SITES})`],
    ]);
  });
});

describe("Contact Center roles (Control Hub article)", () => {
  it("reads row by row against the Webex Contact Center Administrator Roles: level per relation (customer org | partner org | any other org)", () => {
    expect(CONTACT_CENTER_RELATIONS).toEqual(["customer-member", "partner-org", "other-org"]);
    const rows = (Object.keys(CONTACT_CENTER_TABLE.cells) as ContactCenterRole[]).map((role) => [
      role,
      ...CONTACT_CENTER_RELATIONS.map((relation) => {
        const c = CONTACT_CENTER_TABLE.cells[role][relation];
        return `${c.level}${c.userManagement ? " +users" : ""}${c.manageServiceAdminOfExternals ? " +CCSA of externals" : ""}`;
      }),
    ]);
    // prettier-ignore
    expect(rows).toEqual([
      // role                           customer org                          partner org      any other org
      ["full_admin",                    "full +users +CCSA of externals",     "full +users",   "full +users"],
      ["contact_center_service_admin",  "n/a",                                "full +users",   "full +users"],
      ["provisioning_admin",            "n/a",                                "full",          "n/a"],
      ["readonly_admin",                "none",                               "read",          "read"],
    ]);
  });

  it("only a customer org's own full administrator adds or revokes the service admin role of externals", () => {
    const who = (Object.keys(CONTACT_CENTER_TABLE.cells) as ContactCenterRole[]).flatMap((role) =>
      CONTACT_CENTER_RELATIONS.filter(
        (relation) => CONTACT_CENTER_TABLE.cells[role][relation].manageServiceAdminOfExternals,
      ).map((relation) => `${role}@${relation}`),
    );
    expect(who).toEqual(["full_admin@customer-member"]);
  });
});

describe("Restricted Administrator Mode list", () => {
  it("reads row by row against the Partner Hub article", () => {
    // prettier-ignore
    expect(RESTRICTED_MODE_SETTINGS.map((s) => [s.view, s.setting])).toEqual([
      ["Users", "Manually Add or Modify Users"],
      ["Users", "Claim Users"],
      ["Users", "Auto-assign Licenses"],
      ["Users", "Directory Synchronization"],
      ["Users", "User details"],
      ["Users", "Reset Package"],
      ["Users", "Edit Services"],
      ["Users", "View Services status"],
      ["Users", "Primary Work Number"],
      ["Account", "Company Name"],
      ["Organization Settings", "Domain"],
      ["Organization Settings", "Email"],
      ["Organization Settings", "Authentication"],
      ["Calling", "Call Settings"],
      ["Calling", "Calling Behavior"],
      ["Calling", "Location > PSTN"],
      ["Services", "Migrations"],
      ["Services", "Connected UC"],
    ]);
  });

  it("has exactly the 18 settings of the Partner Hub article in 5 views", () => {
    expect(RESTRICTED_MODE_SETTINGS).toHaveLength(18);
    expect(new Set(RESTRICTED_MODE_SETTINGS.map((s) => s.setting)).size).toBe(18);
    expect(RESTRICTED_VIEWS).toEqual(["Users", "Account", "Organization Settings", "Calling", "Services"]);
    const perView = Object.fromEntries(
      RESTRICTED_VIEWS.map((view) => [view, RESTRICTED_MODE_SETTINGS.filter((s) => s.view === view).length]),
    );
    expect(perView).toEqual({ Users: 9, Account: 1, "Organization Settings": 3, Calling: 3, Services: 2 });
  });

  it("only 'Manually Add or Modify Users' takes the whole edit access away", () => {
    expect(RESTRICTED_MODE_SETTINGS.filter((s) => s.removesEdit).map((s) => s.setting)).toEqual([
      "Manually Add or Modify Users",
    ]);
    // and every restriction cuts into a privilege of the organization roles table
    const privileges = new Set(ORGANIZATION_ROLES_TABLE.rows.map((r) => r.privilege));
    expect(RESTRICTED_MODE_SETTINGS.filter((s) => !privileges.has(s.privilege))).toEqual([]);
  });
});

describe("tables and catalog agree", () => {
  it("every column of every table is a role of the catalog (or a site role)", () => {
    const roles = new Set<string>([...ROLE_IDS, ...SITE_ROLES_TABLE.columns]);
    const columns = [CUSTOMER_MANAGEMENT_TABLE, ORGANIZATION_ROLES_TABLE, EXTERNAL_ADMIN_TABLE, SALES_TABLE].flatMap(
      (t) => [...t.columns],
    );
    expect(columns.filter((c) => !roles.has(c))).toEqual([]);
  });

  it("privilege ids are unique within each table", () => {
    for (const table of [
      CUSTOMER_MANAGEMENT_TABLE,
      ORGANIZATION_ROLES_TABLE,
      EXTERNAL_ADMIN_TABLE,
      SALES_TABLE,
      SITE_ROLES_TABLE,
    ] as PrivilegeTable<string>[]) {
      const ids = table.rows.map((r) => r.privilege);
      expect(new Set(ids).size, table.id).toBe(ids.length);
    }
  });
});
