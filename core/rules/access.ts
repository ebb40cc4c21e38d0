/**
 * Effective access: the union of what a person's roles grant, minus what Restricted
 * Administrator Mode withholds — and that only from a customer org's own administrators, never
 * from partner administrators (Webex puts it as "(Control Hub access) = (Role entitlements) -
 * (Restrictions)").
 */
import { ALL_CUSTOMER_ROLES, ASSIGNABLE_ROLES, type RoleId, type SiteRoleId } from "./catalog";
import {
  ACCESS_LEVELS,
  CONTACT_CENTER_TABLE,
  CUSTOMER_MANAGEMENT_TABLE,
  EXTERNAL_ADMIN_TABLE,
  ORGANIZATION_ROLES_TABLE,
  RESTRICTED_MODE_SETTINGS,
  SALES_TABLE,
  SITE_ROLES_TABLE,
  type AccessLevel,
  type Grant,
  type PrivilegeTable,
} from "./privileges";
import type { OrgKind } from "./types";

export type PrivilegeMap = Record<string, Grant>;
export type CustomerList = "all" | "assigned" | "none";

export interface AccessInput {
  readonly roles: readonly RoleId[];
  /** The kind of org the person is a member of. */
  readonly orgKind: OrgKind;
  /** The member's own org is a customer org with Restricted Administrator Mode on (default on). */
  readonly restrictedMode?: boolean;
  readonly sites?: Readonly<Record<string, SiteRoleId>>;
}

export interface EffectiveAccess {
  /** In the person's own organization. */
  readonly organization: PrivilegeMap;
  /** In the customer orgs the partner manages (partner-org members only). */
  readonly customers: { readonly list: CustomerList; readonly privileges: PrivilegeMap };
  /** Webex site roles, per site. */
  readonly sites: Readonly<Record<string, PrivilegeMap>>;
  /** Restricted Administrator Mode settings withheld from this person. */
  readonly withheld: readonly string[];
}

const rank = (level: AccessLevel): number => ACCESS_LEVELS.indexOf(level);

/** The stronger of two grants; at equal level an unscoped grant beats a scoped one. */
export function strongerGrant(a: Grant | undefined, b: Grant): Grant {
  if (!a) return b;
  if (rank(b.level) !== rank(a.level)) return rank(b.level) > rank(a.level) ? b : a;
  return a.scope === undefined ? a : b;
}

function unionOf<Col extends string>(table: PrivilegeTable<Col>, held: readonly string[], into: PrivilegeMap): void {
  for (const column of table.columns) {
    if (!held.includes(column)) continue;
    for (const row of table.rows) {
      const grant = row.cells[column];
      if (grant.level === "none") continue;
      into[row.privilege] = strongerGrant(into[row.privilege], grant);
    }
  }
}

function withoutNone(map: PrivilegeMap): PrivilegeMap {
  return Object.fromEntries(Object.entries(map).filter(([, grant]) => grant.level !== "none"));
}

export function effectiveAccess(input: AccessInput): EffectiveAccess {
  const roles = new Set<string>(input.roles);
  const organization = organizationAccess(roles, input.orgKind);
  const customers: PrivilegeMap = {};
  const list = input.orgKind === "partner" ? partnerCustomerAccess(roles, organization, customers) : "none";
  contactCenter(roles, input.orgKind, organization, customers);
  const bound = input.orgKind === "customer" && input.restrictedMode !== false;
  const withheld = bound ? withholdRestricted(organization) : [];
  const sites: Record<string, PrivilegeMap> = {};
  for (const [siteUrl, siteRole] of Object.entries(input.sites ?? {})) {
    const map: PrivilegeMap = {};
    unionOf(SITE_ROLES_TABLE, [siteRole], map);
    sites[siteUrl] = map;
  }
  return {
    organization: withoutNone(organization),
    customers: { list, privileges: withoutNone(customers) },
    sites,
    withheld,
  };
}

/** What the roles grant in the person's own org, before Restricted Administrator Mode. */
function organizationAccess(roles: ReadonlySet<string>, orgKind: OrgKind): PrivilegeMap {
  const organization: PrivilegeMap = {};
  const orgRoles = [...roles].filter((role) => role !== "advanced_troubleshooting");
  unionOf(ORGANIZATION_ROLES_TABLE, orgRoles, organization);
  // Advanced troubleshooting only extends a base role: the Live Meeting page for full,
  // read-only and support administrators, joining in-progress meetings for full administrators.
  if (roles.has("advanced_troubleshooting")) {
    if (roles.has("full_admin") || roles.has("readonly_admin") || roles.has("support_admin")) {
      unionOf(ORGANIZATION_ROLES_TABLE, ["advanced_troubleshooting"], organization);
      if (!roles.has("full_admin")) delete organization.join_in_progress_meetings;
    }
  }
  if (orgKind === "partner") unionOf(SALES_TABLE, [...roles], organization);
  return organization;
}

/**
 * A partner-org member's privileges in the customers the partner manages, written into `customers`,
 * and which customers they reach. Customer organization management moves there from `organization`:
 * it is exercised on customers, not on the partner's own org.
 */
function partnerCustomerAccess(
  roles: ReadonlySet<string>,
  organization: PrivilegeMap,
  customers: PrivilegeMap,
): CustomerList {
  // The wholesale add-on extends the privileges of the partner role it sits beside to the
  // wholesale partner's customers; it grants nothing of its own, so a partner admin with
  // it still cannot add users (the March 2023 change).
  unionOf(CUSTOMER_MANAGEMENT_TABLE, [...roles], customers);
  const all = ALL_CUSTOMER_ROLES.some((r) => roles.has(r));
  const assigned = ASSIGNABLE_ROLES.some((r) => roles.has(r));
  // Sales roles grant customer organization management with their own scope.
  const salesCustomer = SALES_TABLE.rows.find((row) => row.privilege === "customer_org_management");
  if (salesCustomer) {
    for (const role of ["sales_full_admin", "sales_admin"] as const) {
      if (roles.has(role))
        customers.customer_org_management = strongerGrant(customers.customer_org_management, salesCustomer.cells[role]);
    }
  }
  delete organization.customer_org_management;
  // Webex for Wholesale extends the partner role it sits beside to the wholesale customers.
  if (roles.has("wholesale_admin") && (roles.has("partner_full_admin") || roles.has("partner_admin"))) {
    const beside = roles.has("partner_full_admin") ? "partner_full_admin" : "partner_admin";
    customers.wholesale_customers = { level: "full", scope: `wholesale customers, with the privileges of ${beside}` };
  }
  return all ? "all" : assigned ? "assigned" : "none";
}

/**
 * Restricted Administrator Mode on a customer org's own administrator: the settings withheld, and
 * the privileges it lowers to read, lowered in `organization`.
 */
function withholdRestricted(organization: PrivilegeMap): string[] {
  const withheld: string[] = [];
  // Decide every withheld setting against the role entitlements first; only then lower a level,
  // or the first restriction would hide the others of the same privilege.
  const applicable = RESTRICTED_MODE_SETTINGS.filter((restriction) => {
    const grant = organization[restriction.privilege];
    return grant !== undefined && grant.level !== "none" && grant.level !== "read";
  });
  for (const restriction of applicable) {
    withheld.push(`${restriction.view}: ${restriction.setting}`);
    if (restriction.removesEdit)
      organization[restriction.privilege] = { level: "read", scope: "Restricted Administrator Mode" };
  }
  return withheld;
}

/**
 * Contact Center privileges: a customer org's full administrator administers all of it, its own
 * read-only administrators cannot open it, the Contact Center Service Administrator role manages the
 * service; partner administrators act in their customers as full (partner full admin) or
 * read-only (partner read-only admin) administrators there.
 */
function contactCenter(
  roles: ReadonlySet<string>,
  orgKind: OrgKind,
  organization: PrivilegeMap,
  customers: PrivilegeMap,
): void {
  const cells = CONTACT_CENTER_TABLE.cells;
  const own = orgKind === "partner" ? undefined : "customer-member";
  if (own) {
    if (roles.has("full_admin"))
      organization.contact_center = strongerGrant(organization.contact_center, {
        level: "full",
        scope: cells.full_admin[own].note,
      });
    if (roles.has("contact_center_service_admin"))
      organization.contact_center = strongerGrant(organization.contact_center, {
        level: "full",
        scope: "the contact center service and its licenses",
      });
  }
  if (orgKind === "partner") {
    if (roles.has("partner_full_admin"))
      customers.contact_center = { level: "full", scope: cells.full_admin["partner-org"].note };
    else if (roles.has("partner_admin"))
      customers.contact_center = { level: "full", scope: cells.provisioning_admin["partner-org"].note };
    else if (roles.has("partner_readonly_admin"))
      customers.contact_center = { level: "read", scope: cells.readonly_admin["partner-org"].note };
  }
}

export interface ExternalAccessOptions {
  /** The grant carries the Contact Center Service Administrator role. */
  readonly contactCenterServiceAdmin?: boolean;
  /** Where the admin comes from: the customer's partner, or any other org (the default). */
  readonly from?: "partner-org" | "other-org";
}

/**
 * What an external administrator may do in the customer org: the external administrators' table,
 * and the Contact Center table by where the admin comes from (an external full or service
 * administrator administers the contact center, but not the service administrator role of other
 * externals).
 */
export function externalAccess(
  role: "external_full_admin" | "external_readonly_admin" | "provisioning_admin",
  options: ExternalAccessOptions = {},
): PrivilegeMap {
  const map: PrivilegeMap = {};
  unionOf(EXTERNAL_ADMIN_TABLE, [role], map);
  const from = options.from ?? "other-org";
  const cc = CONTACT_CENTER_TABLE.cells;
  const cell = (column: keyof typeof cc): Grant | undefined => {
    const c = cc[column][from];
    return c.level === "n/a" || c.level === "none" ? undefined : { level: c.level, scope: c.note };
  };
  const grants = [
    role === "external_full_admin" ? cell("full_admin") : undefined,
    role === "external_readonly_admin" ? cell("readonly_admin") : undefined,
    role === "provisioning_admin" ? cell("provisioning_admin") : undefined,
    options.contactCenterServiceAdmin === true ? cell("contact_center_service_admin") : undefined,
  ];
  for (const grant of grants) if (grant) map.contact_center = strongerGrant(map.contact_center, grant);
  return withoutNone(map);
}

/** A short, stable summary for resource outputs: privilege → level (with scope when there is one). */
export function summarize(map: PrivilegeMap): Record<string, string> {
  return Object.fromEntries(
    Object.entries(map)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([privilege, grant]) => [privilege, grant.scope ? `${grant.level} (${grant.scope})` : grant.level]),
  );
}
