/**
 * The role catalog: every administrator role with the id used in code, YAML and errors.
 * The runtime list and the `RoleId` union are derived from one literal, so they cannot drift apart.
 */

export const ROLE_IDS = [
  "full_admin",
  "readonly_admin",
  "support_admin",
  "user_device_admin",
  "device_admin",
  "compliance_officer",
  "advanced_troubleshooting",
  "partner_full_admin",
  "partner_admin",
  "partner_readonly_admin",
  "helpdesk_basic",
  "helpdesk_advanced",
  "sales_full_admin",
  "sales_admin",
  "wholesale_admin",
  "external_full_admin",
  "external_readonly_admin",
  "provisioning_admin",
  "contact_center_service_admin",
] as const;
export type RoleId = (typeof ROLE_IDS)[number];

/** Webex site roles are held per site, so they live apart from the organization roles. */
export const SITE_ROLE_IDS = ["site_admin", "site_user_admin", "site_readonly_admin"] as const;
export type SiteRoleId = (typeof SITE_ROLE_IDS)[number];

/** Where a role may be held: who Webex lets hold it. */
export type HeldBy =
  | "any-member" // a member of any organization
  | "partner-member" // a member of the partner organization
  | "wholesale-partner-member" // a member of a partner organization that sells wholesale
  | "external" // a user of another organization, in a customer organization
  | "derived" // never declared: the Hub grants it (provisioning)
  | "customer-member-or-external"; // a member or an external administrator of a customer org

export const EXCLUSIVE_GROUPS = ["org-tier", "customer-tier", "help-desk", "sales", "external"] as const;
export type ExclusiveGroup = (typeof EXCLUSIVE_GROUPS)[number];
export type RoleGroup = ExclusiveGroup | "add-on" | "site";

export interface RoleInfo {
  readonly id: RoleId;
  readonly label: string;
  readonly heldBy: HeldBy;
  readonly group?: RoleGroup;
  /** The Webex help article(s) that describe the role. */
  readonly source: string;
}

export const ROLES: Readonly<Record<RoleId, RoleInfo>> = {
  full_admin: {
    id: "full_admin",
    label: "Full administrator",
    heldBy: "any-member",
    group: "org-tier",
    source: "Webex help: Assign Roles to Users (Control Hub); Webex help: Partner Hub roles",
  },
  readonly_admin: {
    id: "readonly_admin",
    label: "Read-only administrator",
    heldBy: "any-member",
    group: "org-tier",
    source: "Webex help: Assign Roles to Users (Control Hub); Webex help: Partner Hub roles",
  },
  support_admin: {
    id: "support_admin",
    label: "Support administrator",
    heldBy: "any-member",
    source:
      "Webex help: Assign Roles to Users (Control Hub); Webex help: Partner Hub roles, German and Spanish editions",
  },
  user_device_admin: {
    id: "user_device_admin",
    label: "User and device administrator",
    heldBy: "any-member",
    source:
      "Webex help: Assign Roles to Users (Control Hub); Webex help: Partner Hub roles, German and Spanish editions",
  },
  device_admin: {
    id: "device_admin",
    label: "Device administrator",
    heldBy: "any-member",
    source:
      "Webex help: Assign Roles to Users (Control Hub); Webex help: Partner Hub roles, German and Spanish editions",
  },
  compliance_officer: {
    id: "compliance_officer",
    label: "Compliance officer",
    heldBy: "any-member",
    source:
      "Webex help: Assign Roles to Users (Control Hub); Webex help: Partner Hub roles, German and Spanish editions",
  },
  advanced_troubleshooting: {
    id: "advanced_troubleshooting",
    label: "Advanced troubleshooting access",
    heldBy: "any-member",
    group: "add-on",
    source: "Webex help: Assign Roles to Users (Control Hub)",
  },
  partner_full_admin: {
    id: "partner_full_admin",
    label: "Partner full administrator",
    heldBy: "partner-member",
    group: "customer-tier",
    source: "Webex help: Assign administrator roles in Partner Hub (older edition); Webex help: Partner Hub roles",
  },
  partner_admin: {
    id: "partner_admin",
    label: "Partner administrator",
    heldBy: "partner-member",
    group: "customer-tier",
    source: "Webex help: Assign administrator roles in Partner Hub (older edition); Webex help: Partner Hub roles",
  },
  partner_readonly_admin: {
    id: "partner_readonly_admin",
    label: "Partner read-only administrator",
    heldBy: "partner-member",
    group: "customer-tier",
    source: "Webex help: Assign administrator roles in Partner Hub (older edition); Webex help: Partner Hub roles",
  },
  helpdesk_basic: {
    id: "helpdesk_basic",
    label: "Help desk administrator (Basic)",
    heldBy: "partner-member",
    group: "help-desk",
    source:
      "Webex help: Assign administrator roles in Partner Hub (older edition); Webex help: Partner Hub roles, German and Spanish editions",
  },
  helpdesk_advanced: {
    id: "helpdesk_advanced",
    label: "Help desk administrator (Advanced)",
    heldBy: "partner-member",
    group: "help-desk",
    source:
      "Webex help: Assign administrator roles in Partner Hub (older edition); Webex help: Partner Hub roles, German and Spanish editions",
  },
  sales_full_admin: {
    id: "sales_full_admin",
    label: "Sales full administrator",
    heldBy: "partner-member",
    group: "sales",
    source: "Webex help: Assign Roles to Users (Control Hub)",
  },
  sales_admin: {
    id: "sales_admin",
    label: "Sales administrator",
    heldBy: "partner-member",
    group: "sales",
    source: "Webex help: Assign Roles to Users (Control Hub)",
  },
  wholesale_admin: {
    id: "wholesale_admin",
    label: "Webex for Wholesale administrator",
    heldBy: "wholesale-partner-member",
    group: "add-on",
    source: "Webex help: Partner Hub roles",
  },
  external_full_admin: {
    id: "external_full_admin",
    label: "External full administrator",
    heldBy: "external",
    group: "external",
    source: "Webex help: Assign Roles to Users (Control Hub)",
  },
  external_readonly_admin: {
    id: "external_readonly_admin",
    label: "External read-only administrator",
    heldBy: "external",
    group: "external",
    source: "Webex help: Assign Roles to Users (Control Hub)",
  },
  provisioning_admin: {
    id: "provisioning_admin",
    label: "Provisioning administrator",
    heldBy: "derived",
    group: "external",
    source:
      "Webex help: Assign administrator roles in Partner Hub (older edition); Webex help: Assign Roles to Users (Control Hub); Webex help: Partner Hub roles",
  },
  contact_center_service_admin: {
    id: "contact_center_service_admin",
    label: "Contact Center Service Administrator",
    heldBy: "customer-member-or-external",
    source: "Webex help: Assign Roles to Users (Control Hub)",
  },
};

export const SITE_ROLES: Readonly<Record<SiteRoleId, { id: SiteRoleId; label: string }>> = {
  site_admin: { id: "site_admin", label: "Webex site administrator" },
  site_user_admin: { id: "site_user_admin", label: "Webex user administrator" },
  site_readonly_admin: { id: "site_readonly_admin", label: "Webex read-only administrator" },
};

/** Roles that only a member of the partner organization may hold (rule `partner-org-only`). */
export const PARTNER_ONLY_ROLES: readonly RoleId[] = ROLE_IDS.filter((id) => {
  const heldBy = ROLES[id].heldBy;
  return heldBy === "partner-member" || heldBy === "wholesale-partner-member";
});

/** Roles that are held only as an external administrator of a customer org (rule `external-only`). */
export const EXTERNAL_ROLES = ["external_full_admin", "external_readonly_admin"] as const satisfies readonly RoleId[];
export type ExternalRoleId = (typeof EXTERNAL_ROLES)[number];

/** Roles that may be given a list of assigned customers (the Webex API refuses the others). */
export const ASSIGNABLE_ROLES = ["partner_admin", "sales_admin"] as const satisfies readonly RoleId[];

/**
 * Roles through which a member of the partner org reaches every customer of the partner, with no
 * list of assigned customers. The order is the order of precedence when someone holds several:
 * the one named first is the role they manage a customer through.
 */
export const ALL_CUSTOMER_ROLES = [
  "partner_full_admin",
  "partner_readonly_admin",
  "sales_full_admin",
  "helpdesk_advanced",
  "helpdesk_basic",
] as const satisfies readonly RoleId[];

/** A partner or sales administrator may manage at most this many customers: Webex keeps no more. */
export const MAX_MANAGED_CUSTOMERS = 500;

export function isRoleId(value: unknown): value is RoleId {
  return typeof value === "string" && (ROLE_IDS as readonly string[]).includes(value);
}

export function rolesOfGroup(group: RoleGroup): RoleId[] {
  return ROLE_IDS.filter((id) => ROLES[id].group === group);
}
