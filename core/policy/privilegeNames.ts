/**
 * The privileges a policy can name, as `<scope>.<privilege>` or `<scope>.*`, from the privilege
 * tables the effective-access computation reads (core/rules/privileges.ts): what a person may do in
 * the org the change declares (`organization`), in the customer orgs a partner manages
 * (`customers`), and on the Webex sites they hold a role on (`sites`).
 */
import {
  CUSTOMER_MANAGEMENT_TABLE,
  EXTERNAL_ADMIN_TABLE,
  ORGANIZATION_ROLES_TABLE,
  SALES_TABLE,
  SITE_ROLES_TABLE,
} from "../rules/privileges";

export const PRIVILEGE_SCOPES = ["organization", "customers", "sites"] as const;
export type PrivilegeScope = (typeof PRIVILEGE_SCOPES)[number];

const rowsOf = (...tables: ReadonlyArray<{ readonly rows: ReadonlyArray<{ readonly privilege: string }> }>): string[] =>
  tables.flatMap((table) => table.rows.map((row) => row.privilege));

const unique = (names: readonly string[]): string[] => [...new Set(names)].sort();

/**
 * Each scope's privileges. `contact_center`, `customer_org_management` and `wholesale_customers`
 * have no table row of their own scope: effective access adds them (core/rules/access.ts).
 */
export const PRIVILEGES_BY_SCOPE: Readonly<Record<PrivilegeScope, readonly string[]>> = {
  organization: unique([...rowsOf(ORGANIZATION_ROLES_TABLE, SALES_TABLE, EXTERNAL_ADMIN_TABLE), "contact_center"]),
  customers: unique([
    ...rowsOf(CUSTOMER_MANAGEMENT_TABLE),
    "customer_org_management",
    "wholesale_customers",
    "contact_center",
  ]),
  sites: unique(rowsOf(SITE_ROLES_TABLE)),
};

/** Every selector a policy accepts: `organization.*`, `organization.assign_admin_roles`, … */
export const PRIVILEGE_SELECTORS: readonly string[] = PRIVILEGE_SCOPES.flatMap((scope) => [
  `${scope}.*`,
  ...PRIVILEGES_BY_SCOPE[scope].map((name) => `${scope}.${name}`),
]);
