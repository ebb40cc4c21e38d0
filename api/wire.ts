/**
 * The Hub API's wire shapes, shared by the client and the mock Hub so the two cannot
 * disagree. Paths are under `/v1`. Where Webex has an API these follow it; fields marked
 * "extension" exist only in the mock Hub (Webex has no public API for them) and are documented
 * in mockhub/README.md.
 */
import type { ExternalRoleId, RoleId, SiteRoleId } from "../core/rules/catalog";

/** `GET /people/me`, `GET /people/{id}`, items of `GET /people`. */
export interface WirePerson {
  id: string;
  emails: string[];
  displayName: string;
  firstName?: string;
  lastName?: string;
  orgId: string;
  /** Role ids, as Webex returns them. */
  roles: RoleId[];
  /** Extension: Webex site roles, site URL → role. */
  siteRoles?: Record<string, SiteRoleId>;
  created: string;
}

/** Body of `PUT /people/{id}`. The PUT replaces the whole person: a field left out is wiped. */
export interface WirePersonUpdate {
  emails: string[];
  displayName?: string;
  firstName?: string;
  lastName?: string;
  roles?: RoleId[];
  siteRoles?: Record<string, SiteRoleId>;
}

export interface WireRole {
  id: string;
  name: string;
}

/** `GET /organizations`, `GET /organizations/{id}`. */
export interface WireOrganization {
  id: string;
  displayName: string;
  created: string;
  /** Extension: "partner", "customer" or "other". */
  type?: "partner" | "customer" | "other";
  /** Extension, partner orgs: sells Webex for Wholesale. */
  wholesale?: boolean;
  /** Extension, customer orgs: the managing partner org. */
  partnerOrgId?: string;
}

/** Items of `GET /partner/organizations?managedBy={personId}`. */
export interface WireManagedOrg {
  orgId: string;
  /** The role through which the person manages the customer, e.g. `partner_admin`. */
  role: RoleId;
}

/** Items of `GET /partner/organizations/{orgId}/partnerAdmins`. */
export interface WirePartnerAdmin {
  id: string;
  email: string;
  displayName: string;
  roles: RoleId[];
}

/** Extension: items of `GET /organizations/{orgId}/externalAdmins`, and `GET|PUT …/{personId}`. */
export interface WireExternalAdmin {
  orgId: string;
  personId: string;
  email: string;
  /** The external admin's own organization. */
  homeOrgId: string;
  role: ExternalRoleId;
  expiresAt?: string;
  contactCenterServiceAdmin: boolean;
}

/** Extension: body of `PUT /organizations/{orgId}/externalAdmins/{personId}`. */
export interface WireExternalAdminUpdate {
  role: ExternalRoleId;
  expiresAt?: string;
  contactCenterServiceAdmin?: boolean;
}

/** Extension: `GET|PUT /partner/organizations/{orgId}/restrictedMode`. */
export interface WireRestrictedMode {
  orgId: string;
  enabled: boolean;
}

/** `GET /adminAudit/events`. */
export interface WireAuditEvent {
  id: string;
  created: string;
  orgId: string;
  actorId: string;
  actorEmail: string;
  /** e.g. `person.update`, `partnerAdmin.assign`, `externalAdmin.put`, `restrictedMode.put`. */
  action: string;
  targetId: string;
  targetType: "person" | "assignment" | "externalAdmin" | "restrictedMode";
  before: unknown;
  after: unknown;
}

export interface WireList<T> {
  items: T[];
}

/** Every error body (Webex's shape); the rule code is added when a rule refused the write. */
export interface WireError {
  message: string;
  errors: Array<{ description: string; code?: string }>;
  trackingId: string;
}
