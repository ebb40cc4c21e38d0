/**
 * Restricted Administrator Mode, as the Partner Hub article lists it: each setting it withholds from
 * a customer org's own administrators, and the privilege of the organization roles table it cuts into.
 */

export const RESTRICTED_VIEWS = ["Users", "Account", "Organization Settings", "Calling", "Services"] as const;
export type RestrictedView = (typeof RESTRICTED_VIEWS)[number];

export interface RestrictedSetting {
  readonly view: RestrictedView;
  readonly setting: string;
  readonly effect: string;
  /** The privilege of the organization roles table that the restriction cuts into. */
  readonly privilege: string;
  /** True when the restriction takes away the privilege's edit access entirely (read-only remains). */
  readonly removesEdit?: boolean;
}

export const RESTRICTED_MODE_SETTINGS: readonly RestrictedSetting[] = [
  {
    view: "Users",
    setting: "Manually Add or Modify Users",
    effect: "no option to add or modify users, either manually or via CSV",
    privilege: "add_delete_users_licenses",
    removesEdit: true,
  },
  { view: "Users", setting: "Claim Users", effect: "not available", privilege: "add_delete_users_licenses" },
  { view: "Users", setting: "Auto-assign Licenses", effect: "not available", privilege: "add_delete_users_licenses" },
  {
    view: "Users",
    setting: "Directory Synchronization",
    effect: "unable to edit directory sync settings (partner-level administrators only)",
    privilege: "add_delete_users_licenses",
  },
  {
    view: "Users",
    setting: "User details",
    effect: "no option to edit user settings such as name and email address",
    privilege: "add_delete_users_licenses",
  },
  {
    view: "Users",
    setting: "Reset Package",
    effect: "no option to reset the package type",
    privilege: "add_delete_users_licenses",
  },
  {
    view: "Users",
    setting: "Edit Services",
    effect: "no option to edit the services that are enabled for a user",
    privilege: "add_delete_users_licenses",
  },
  {
    view: "Users",
    setting: "View Services status",
    effect: "unable to see full status of Hybrid Services or Software Upgrade Channel",
    privilege: "add_delete_users_licenses",
  },
  { view: "Users", setting: "Primary Work Number", effect: "read-only", privilege: "add_delete_users_licenses" },
  { view: "Account", setting: "Company Name", effect: "read-only", privilege: "organization_settings" },
  { view: "Organization Settings", setting: "Domain", effect: "read-only", privilege: "organization_settings" },
  {
    view: "Organization Settings",
    setting: "Email",
    effect: "Suppress Admin Invite Email and Email Locale Selection are read-only",
    privilege: "organization_settings",
  },
  {
    view: "Organization Settings",
    setting: "Authentication",
    effect: "no option to edit Authentication and SSO settings",
    privilege: "organization_settings",
  },
  {
    view: "Calling",
    setting: "Call Settings",
    effect: "App Options Call Priority settings are read-only",
    privilege: "organization_settings",
  },
  {
    view: "Calling",
    setting: "Calling Behavior",
    effect: "settings are read-only",
    privilege: "organization_settings",
  },
  {
    view: "Calling",
    setting: "Location > PSTN",
    effect: "Local Gateway and Cisco PSTN options are hidden",
    privilege: "organization_settings",
  },
  { view: "Services", setting: "Migrations", effect: "suppressed", privilege: "organization_settings" },
  { view: "Services", setting: "Connected UC", effect: "suppressed", privilege: "organization_settings" },
];
