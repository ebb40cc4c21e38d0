/**
 * What each role may do in Webex Contact Center, by where the administrator comes from (a member of
 * the customer org, of its partner, of another org), as the Control Hub article's table gives it.
 */
import type { AccessLevel } from "./privileges";

export const CONTACT_CENTER_RELATIONS = ["customer-member", "partner-org", "other-org"] as const;
export type ContactCenterRelation = (typeof CONTACT_CENTER_RELATIONS)[number];
export type ContactCenterRole = "full_admin" | "contact_center_service_admin" | "provisioning_admin" | "readonly_admin";

export interface ContactCenterCell {
  readonly level: AccessLevel | "n/a";
  readonly manageServiceAdminOfExternals: boolean;
  readonly userManagement: boolean;
  readonly note: string;
}

const ALL_CC = "can administer all features of contact center";
const EXCEPT_CCSA =
  "all administrative activities of a customer full administrator, except adding or revoking the Contact Center Service Administrator role of other external administrators";

export const CONTACT_CENTER_TABLE: {
  readonly source: string;
  readonly cells: Readonly<Record<ContactCenterRole, Readonly<Record<ContactCenterRelation, ContactCenterCell>>>>;
} = {
  source: "Webex help: Assign Roles to Users (Control Hub), Webex Contact Center Administrator Roles",
  cells: {
    full_admin: {
      "customer-member": {
        level: "full",
        manageServiceAdminOfExternals: true,
        userManagement: true,
        note: `${ALL_CC}, all user management, add or revoke the Contact Center Service Administrator role of external administrators`,
      },
      "partner-org": { level: "full", manageServiceAdminOfExternals: false, userManagement: true, note: EXCEPT_CCSA },
      "other-org": { level: "full", manageServiceAdminOfExternals: false, userManagement: true, note: EXCEPT_CCSA },
    },
    contact_center_service_admin: {
      "customer-member": { level: "n/a", manageServiceAdminOfExternals: false, userManagement: false, note: "NA" },
      "partner-org": { level: "full", manageServiceAdminOfExternals: false, userManagement: true, note: EXCEPT_CCSA },
      "other-org": { level: "full", manageServiceAdminOfExternals: false, userManagement: true, note: EXCEPT_CCSA },
    },
    provisioning_admin: {
      "customer-member": { level: "n/a", manageServiceAdminOfExternals: false, userManagement: false, note: "NA" },
      "partner-org": {
        level: "full",
        manageServiceAdminOfExternals: false,
        userManagement: false,
        note: "all contact center administrative activities of a partner full administrator; no user management; can only view the list of other external administrators",
      },
      "other-org": { level: "n/a", manageServiceAdminOfExternals: false, userManagement: false, note: "NA" },
    },
    readonly_admin: {
      "customer-member": {
        level: "none",
        manageServiceAdminOfExternals: false,
        userManagement: false,
        note: "cannot access the Webex Contact Center administrative interfaces",
      },
      "partner-org": {
        level: "read",
        manageServiceAdminOfExternals: false,
        userManagement: false,
        note: "read-only access to the Webex Contact Center administrative interfaces",
      },
      "other-org": {
        level: "read",
        manageServiceAdminOfExternals: false,
        userManagement: false,
        note: "read-only access to the Webex Contact Center administrative interfaces",
      },
    },
  },
};
