/**
 * Every privilege table of provider/rules/privileges.ts, spelled out row by row in the seed's order
 * so a reviewer can hold this file beside the seed (seeds/ of the shared folder) and check it line
 * by line. A cell reads `level` or `level (scope)`; levels: full (the seed's ✔), read ("Read-only"),
 * temporary ("Temporary when approved"), none (empty or "X").
 * Seed references: 000 = 000_11177a23fe925ddb.txt, 001 = 001_e52e…, 002 = 002_dec8…,
 * 003 = 003_700b… (German), 004 = 004_e804… (Spanish); ":n" is a line number.
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

describe("customer management roles (000 ✔ positions, 003/004 Table 2, 003/004 change history)", () => {
  it("reads row by row against 000:17-42 and 003:113-239", () => {
    expect(CUSTOMER_MANAGEMENT_TABLE.columns).toEqual(["partner_full_admin", "partner_admin", "partner_readonly_admin", "helpdesk_basic", "helpdesk_advanced"]);
    // prettier-ignore
    expect(spelled(CUSTOMER_MANAGEMENT_TABLE)).toEqual([
      // label                                                   partner full  partner    read-only  HD basic   HD advanced
      // Partner Hub settings (000:19)
      ["Assign admin roles",                                      "full",      "none",    "none",    "none",    "none"],      // 000:20
      ["Partner analytics and reporting",                         "full",      "none",    "read",    "none",    "none"],      // 000:21; read-only 003:129-131
      ["Branding",                                                "full",      "none",    "read",    "none",    "none"],      // 000:22; read-only 003:133-135
      ["Company policy and templates",                            "full",      "none",    "none",    "none",    "none"],      // 000:23
      ["Create customers",                                        "full",      "none",    "none",    "none",    "none"],      // 000:24
      // 000:25 "Begin and manage Webex trials" is gone (003:354-356, 004:374-376, 6 March 2024)
      // Customer organization settings (000:26)
      ["Customer list", "read (all customers)", "read (assigned customers)", "read (all customers)", "read (all customers)", "read (all customers)"], // 000:27
      ["Assign customer admin roles",                             "full",      "full",    "none",    "none",    "none"],      // 000:28
      ["Add/Delete users and assign licenses (User management)",  "full",      "none",    "read",    "read",    "temporary"], // 000:29 minus 8 March 2023 (003:364-366)
      ["Device management",                                       "full",      "full",    "read",    "read",    "temporary"], // 000:30
      ["Company policy and templates",                            "full",      "full",    "read",    "read",    "temporary"], // 000:31
      ["Analytics and reports",                                   "full",      "full",    "read",    "read",    "temporary"], // 000:32
      ["Troubleshooting",                                         "full",      "full",    "read",    "full",    "full"],      // 000:33
      ["Licenses and upgrades",                                   "full",      "full",    "read",    "read",    "temporary"], // 000:34
      ["Organization settings",                                   "full",      "full",    "read",    "read",    "temporary"], // 000:35
      ["App integrations",                                        "full",      "full",    "read",    "read",    "temporary"], // 000:36
      ["Webex site management",                                   "full",      "full",    "read",    "read",    "temporary"], // 000:37
      ["Admin actions audit log",                                 "full",      "full",    "read",    "read",    "temporary"], // 000:38
      ["Access to user-generated content",                        "full",      "full",    "none",    "none",    "none"],      // 000:39
      ["Legal hold",                                              "none",      "none",    "none",    "none",    "none"],      // 000:40
      ["Access to join in-progress meetings",                     "full",      "none",    "none",    "none",    "none"],      // 000:41
      ["Retrieve logs",                                           "full",      "full",    "none",    "none",    "none"],      // 000:42
    ]);
  });

  it("applies the change of 8 March 2023: partner administrators cannot add/delete users and assign licenses (003:364-366)", () => {
    const row = CUSTOMER_MANAGEMENT_TABLE.rows.find((r) => r.privilege === "add_delete_users_licenses");
    expect(row?.cells.partner_admin.level).toBe("none");
    // …while the partner full administrator keeps it and the others keep 000's cells
    expect(row?.cells.partner_full_admin.level).toBe("full");
    expect(row?.cells.helpdesk_advanced.level).toBe("temporary");
  });

  it("applies the change of 6 March 2024: no Webex trials row in customer management (003:354-356, 004:374-376)", () => {
    expect(CUSTOMER_MANAGEMENT_TABLE.rows.filter((r) => /trial/i.test(r.label) || /trial/i.test(r.privilege))).toEqual([]);
  });

  it("keeps 003/004's read-only partner analytics and branding (003:129-135, 004:129-135)", () => {
    for (const privilege of ["partner_analytics", "branding"]) {
      expect(CUSTOMER_MANAGEMENT_TABLE.rows.find((r) => r.privilege === privilege)?.cells.partner_readonly_admin.level).toBe("read");
    }
  });
});

describe("organization roles (001 Organization Roles, 003/004 Table 1, role descriptions)", () => {
  it("reads row by row against 001:95-161 and 003:29-95 (order of 003/004)", () => {
    expect(ORGANIZATION_ROLES_TABLE.columns).toEqual(["full_admin", "readonly_admin", "support_admin", "user_device_admin", "device_admin", "compliance_officer", "advanced_troubleshooting"]);
    const ATA_JOIN = "full (only beside full_admin)";
    const ATA_LIVE = "read (beside full_admin, readonly_admin or support_admin: the Live Meeting page)";
    // prettier-ignore
    expect(spelled(ORGANIZATION_ROLES_TABLE)).toEqual([
      // label                                    full    read-only support  user&dev device  compliance adv. troubleshooting
      ["Assign roles to users",                  "full", "read",   "none",  "none",  "none", "none",    "none"],    // 001:115-117, 003:47-49
      ["Add/Delete users and assign licenses",   "full", "read",   "none",  "full",  "none", "none",    "none"],    // 001:111-113, 003:51-53; user&dev 003:19
      ["Device management",                      "full", "read",   "none",  "full",  "full", "none",    "none"],    // 001:119-121; 003:19, 003:21
      ["Company policy and templates",           "full", "read",   "none",  "none",  "none", "none",    "none"],    // 001:123-125
      ["Analytics and reports",                  "full", "read",   "full",  "none",  "none", "none",    "none"],    // 001:127-129; support 003:17
      ["Troubleshooting",                        "full", "read",   "full",  "none",  "none", "none",    "none"],    // 001:131-133; support 003:17
      ["Licenses and upgrades",                  "full", "read",   "none",  "full",  "none", "none",    "none"],    // 001:135-137; user&dev 003:19
      ["Organization settings",                  "full", "read",   "none",  "none",  "none", "none",    "none"],    // 001:139-141
      ["App integrations",                       "full", "read",   "none",  "none",  "none", "none",    "none"],    // 001:143-145
      ["Webex site management",                  "full", "read",   "none",  "none",  "none", "none",    "none"],    // 001:147-149
      ["Admin actions audit log",                "full", "read",   "none",  "none",  "none", "none",    "none"],    // 001:151; read-only 003:87-89
      ["Access to user-generated content",       "none", "none",   "none",  "none",  "none", "full",    "none"],    // 001:153; compliance 003:23
      ["Legal hold",                             "none", "none",   "none",  "none",  "none", "full",    "none"],    // 001:155; compliance 003:23
      ["Access to join in-progress meetings",    "none", "none",   "none",  "none",  "none", "none",    ATA_JOIN],  // 001:157, 001:167
      ["Access to live meetings",                "none", "none",   "none",  "none",  "none", "none",    ATA_LIVE],  // 001:159, 001:167
      ["Product email notifications",            "full", "none",   "none",  "none",  "none", "none",    "none"],    // 001:161 (no marks survive)
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

describe("external administrator roles (001 External Administrator Roles)", () => {
  it("reads row by row against 001:291-361", () => {
    expect(EXTERNAL_ADMIN_TABLE.columns).toEqual(["external_full_admin", "external_readonly_admin", "provisioning_admin"]);
    const SOLD = "full (for the services the partner sold)";
    // prettier-ignore
    expect(spelled(EXTERNAL_ADMIN_TABLE)).toEqual([
      // label                                external full  external read-only  provisioning
      ["User Management",                     "full",        "read",              "none"],  // 001:299-303
      ["Device Management",                   "full",        "read",              "none"],  // 001:305-309
      ["Company Policy and Templates",        "full",        "read",              "none"],  // 001:311-315
      ["Troubleshooting",                     "full",        "read",              "none"],  // 001:317-321
      ["Support Metrics and Notifications",   "full",        "read",              "none"],  // 001:323-327
      ["Licenses and Upgrades",               "full",        "read",              SOLD],    // 001:329-333
      ["Assign Roles",                        "full",        "read",              "none"],  // 001:335-339
      ["Provision Orders",                    "full",        "none",              SOLD],    // 001:341-345
      ["Add and Delete Sites", "full (for the sites belonging to the subscription which the partner sold)", "none", SOLD], // 001:347-353
      ["Add External Administrators",         "none",        "none",              "none"],  // 001:355-361, 001:364
    ]);
  });
});

describe("sales roles (001 The Sales Full Administrator and Sales Administrator Role)", () => {
  it("reads row by row against 001:377-405", () => {
    expect(SALES_TABLE.columns).toEqual(["full_admin", "sales_full_admin", "sales_admin", "provisioning_admin"]);
    // prettier-ignore
    expect(spelled(SALES_TABLE)).toEqual([
      // label                                                full    sales full  sales   provisioning
      ["Partner Organization Management",                     "full", "none",     "none", "none"], // 001:387
      ["Customer Organization Management", "none", "full (all customers managed by the partner organization)", "full (assigned customers only)", "full (assigned customers only)"], // 001:389-395
      ["Assign Sales Administrator Roles",                    "full", "full",     "none", "none"], // 001:397, 001:370
      ["Provision Webex Orders for the Partner Organization", "full", "full",     "full", "none"], // 001:399
      ["Provision Webex Orders for Customers",                "none", "full",     "full", "full (for the services the partner sold)"], // 001:401-403, 001:372
      ["Begin and Manage Webex Trials",                       "none", "full",     "full", "none"], // 001:405; provisioning: no trials (002:172)
    ]);
  });
});

describe("Webex site roles (001 Webex Site Administrator Roles)", () => {
  it("reads row by row against 001:183-224", () => {
    expect(SITE_ROLES_TABLE.columns).toEqual(["site_admin", "site_user_admin", "site_readonly_admin"]);
    const SITES = "for their assigned Webex sites only"; // 001:224
    // prettier-ignore
    expect(spelled(SITE_ROLES_TABLE)).toEqual([
      // label                    site admin                 user admin                 read-only admin
      ["User Management",         "full (user settings)",    "full (user settings)",    "read"],             // 001:191-197
      ["Analytics and Reports",   "read",                    "read",                    "read"],             // 001:199-205
      ["Licenses*",               `full (${SITES})`,         "none",                    `read (${SITES})`],  // 001:207-209
      ["Assign Roles*",           `full (${SITES})`,         `read (${SITES})`,         `read (${SITES})`],  // 001:211-215
      ["Site Configuration*",     `full (${SITES})`,         `read (${SITES})`,         `read (${SITES})`],  // 001:217-221
    ]);
  });
});

describe("Contact Center roles (001 Webex Contact Center Administrator Roles)", () => {
  it("reads row by row against 001:230-278: level per relation (customer org | partner org | any other org)", () => {
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
      ["full_admin",                    "full +users +CCSA of externals",     "full +users",   "full +users"], // 001:240-254
      ["contact_center_service_admin",  "n/a",                                "full +users",   "full +users"], // 001:256-262
      ["provisioning_admin",            "n/a",                                "full",          "n/a"],         // 001:264-272
      ["readonly_admin",                "none",                               "read",          "read"],        // 001:274-278
    ]);
  });

  it("only a customer org's own full administrator adds or revokes the service admin role of externals (001:250, 001:254)", () => {
    const who = (Object.keys(CONTACT_CENTER_TABLE.cells) as ContactCenterRole[]).flatMap((role) =>
      CONTACT_CENTER_RELATIONS.filter((relation) => CONTACT_CENTER_TABLE.cells[role][relation].manageServiceAdminOfExternals).map((relation) => `${role}@${relation}`),
    );
    expect(who).toEqual(["full_admin@customer-member"]);
  });
});

describe("Restricted Administrator Mode list (002:213-255)", () => {
  it("reads row by row against 002", () => {
    // prettier-ignore
    expect(RESTRICTED_MODE_SETTINGS.map((s) => [s.view, s.setting])).toEqual([
      ["Users", "Manually Add or Modify Users"],                 // 002:217
      ["Users", "Claim Users"],                                  // 002:219
      ["Users", "Auto-assign Licenses"],                         // 002:221
      ["Users", "Directory Synchronization"],                    // 002:223
      ["Users", "User details"],                                 // 002:225
      ["Users", "Reset Package"],                                // 002:227
      ["Users", "Edit Services"],                                // 002:229
      ["Users", "View Services status"],                         // 002:231
      ["Users", "Primary Work Number"],                          // 002:233
      ["Account", "Company Name"],                               // 002:237
      ["Organization Settings", "Domain"],                       // 002:241
      ["Organization Settings", "Email"],                        // 002:243
      ["Organization Settings", "Authentication"],               // 002:245
      ["Calling", "Call Settings"],                              // 002:249
      ["Calling", "Calling Behavior"],                           // 002:251
      ["Calling", "Location > PSTN"],                            // 002:253
      ["Services", "Migrations"],                                // 002:255
      ["Services", "Connected UC"],                              // 002:255
    ]);
  });

  it("has exactly the 18 settings of 002 in 5 views", () => {
    expect(RESTRICTED_MODE_SETTINGS).toHaveLength(18);
    expect(new Set(RESTRICTED_MODE_SETTINGS.map((s) => s.setting)).size).toBe(18);
    expect(RESTRICTED_VIEWS).toEqual(["Users", "Account", "Organization Settings", "Calling", "Services"]);
    const perView = Object.fromEntries(RESTRICTED_VIEWS.map((view) => [view, RESTRICTED_MODE_SETTINGS.filter((s) => s.view === view).length]));
    expect(perView).toEqual({ Users: 9, Account: 1, "Organization Settings": 3, Calling: 3, Services: 2 });
  });

  it("only 'Manually Add or Modify Users' takes the whole edit access away (002:217, 002:260)", () => {
    expect(RESTRICTED_MODE_SETTINGS.filter((s) => s.removesEdit).map((s) => s.setting)).toEqual(["Manually Add or Modify Users"]);
    // and every restriction cuts into a privilege of the organization roles table
    const privileges = new Set(ORGANIZATION_ROLES_TABLE.rows.map((r) => r.privilege));
    expect(RESTRICTED_MODE_SETTINGS.filter((s) => !privileges.has(s.privilege))).toEqual([]);
  });
});

describe("tables and catalog agree", () => {
  it("every column of every table is a role of the catalog (or a site role)", () => {
    const roles = new Set<string>([...ROLE_IDS, ...SITE_ROLES_TABLE.columns]);
    const columns = [CUSTOMER_MANAGEMENT_TABLE, ORGANIZATION_ROLES_TABLE, EXTERNAL_ADMIN_TABLE, SALES_TABLE].flatMap((t) => [...t.columns]);
    expect(columns.filter((c) => !roles.has(c))).toEqual([]);
  });

  it("privilege ids are unique within each table", () => {
    for (const table of [CUSTOMER_MANAGEMENT_TABLE, ORGANIZATION_ROLES_TABLE, EXTERNAL_ADMIN_TABLE, SALES_TABLE, SITE_ROLES_TABLE] as PrivilegeTable<string>[]) {
      const ids = table.rows.map((r) => r.privilege);
      expect(new Set(ids).size, table.id).toBe(ids.length);
    }
  });
});
