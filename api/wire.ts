/**
 * The Hub API's wire shapes, shared by the client and the mock Hub so the two cannot disagree.
 * Paths are under `/v1`. Where Webex has an API these follow the official Webex Admin OpenAPI
 * specification (schemas named in each comment); fields and paths marked "extension" exist only
 * in the mock Hub (Webex has no public API for them) and are listed in mockhub/README.md.
 *
 * Ids of people, organizations, roles and licenses are opaque strings, as on Webex
 * (`Y2lzY29zcGFyazovL3VzL1BFT1BMRS8…`, see api/ids.ts): a client must never parse them.
 */
import type { ExternalRoleId, SiteRoleId } from "../core";

/** Spec `Person.phoneNumbers[]`. */
export interface WirePhoneNumber {
  type?: "work" | "work_extension" | "mobile" | "fax";
  value?: string;
  primary?: boolean;
}

/** Spec `Person.addresses[]`. */
export interface WireAddress {
  type?: string;
  country?: string;
  locality?: string;
  region?: string;
  streetAddress?: string;
  postalCode?: string;
}

/** Spec `Person.sipAddresses[]`. */
export interface WireSipAddress {
  type?: string;
  value?: string;
  primary?: boolean;
}

/**
 * Spec `Person`: `GET /people/me`, `GET /people/{id}`, items of `GET /people`, the answer of
 * `PUT /people/{id}`. Webex leaves a field out rather than sending null; `roles` is absent for a
 * person without admin roles and, with `licenses`, only shown to admins of the person's org.
 */
export interface WirePerson {
  id: string;
  emails: string[];
  phoneNumbers?: WirePhoneNumber[];
  extension?: string;
  locationId?: string;
  displayName?: string;
  nickName?: string;
  firstName?: string;
  lastName?: string;
  avatar?: string;
  orgId: string;
  /** Opaque role ids; their names come from `GET /roles`. */
  roles?: string[];
  /** Opaque license ids. */
  licenses?: string[];
  department?: string;
  manager?: string;
  managerId?: string;
  title?: string;
  addresses?: WireAddress[];
  created?: string;
  lastModified?: string;
  timezone?: string;
  lastActivity?: string;
  /** e.g. `mysite.webex.com` (host) or `mysite.webex.com#attendee`. */
  siteUrls?: string[];
  sipAddresses?: WireSipAddress[];
  xmppFederationJid?: string;
  status?:
    "active" | "call" | "DoNotDisturb" | "inactive" | "meeting" | "OutOfOffice" | "pending" | "presenting" | "unknown";
  invitePending?: "true" | "false";
  loginEnabled?: "true" | "false";
  type?: "person" | "bot" | "appuser";
  /** Extension: Webex site administrator roles, site URL → role. */
  siteRoles?: Record<string, SiteRoleId>;
}

/** Fields of a person that a PUT cannot set: Webex ignores them in the body (it does not refuse them). */
export const PERSON_READ_ONLY_FIELDS = [
  "id",
  "orgId",
  "created",
  "lastModified",
  "timezone",
  "lastActivity",
  "sipAddresses",
  "xmppFederationJid",
  "status",
  "invitePending",
  "type",
] as const satisfies ReadonlyArray<keyof WirePerson>;

/**
 * Body of `PUT /people/{id}` (the spec's "Update a Person" body). The PUT replaces the whole
 * person: an updatable field left out is wiped. The documented way to change one thing is GET,
 * change, PUT everything back; `personUpdateFrom` in api/decode.ts builds that body. Read-only
 * fields of the GET (PERSON_READ_ONLY_FIELDS) may be sent back and are ignored.
 */
export interface WirePersonUpdate {
  /** Left out: the person keeps their email (a person cannot be left without one). */
  emails?: string[];
  phoneNumbers?: WirePhoneNumber[];
  extension?: string;
  locationId?: string;
  /** Required by the spec. */
  displayName: string;
  firstName?: string;
  lastName?: string;
  /** Ignored by Webex: a PUT sets the nickname to `firstName`. */
  nickName?: string;
  avatar?: string;
  /** Opaque role ids (as read from the person or `GET /roles`). */
  roles?: string[];
  licenses?: string[];
  department?: string;
  manager?: string;
  managerId?: string;
  title?: string;
  addresses?: WireAddress[];
  siteUrls?: string[];
  /** The spec's body takes a boolean; the GET gives `"true"`/`"false"`, which the mock also takes. Left out: unchanged. */
  loginEnabled?: boolean | "true" | "false";
  /** Extension: site URL → site role; left out, the person loses every site role. */
  siteRoles?: Record<string, SiteRoleId>;
}

/**
 * Extension: body of `PUT /people/{id}/siteRoles`, the person's Webex site roles and nothing else
 * (site URL → site role; `{}` removes every one), so a write of them cannot revert another change.
 */
export interface WireSiteRolesUpdate {
  siteRoles: Record<string, SiteRoleId>;
}

/** Spec `Role`: items of `GET /roles`, `GET /roles/{id}`. Names are Webex's, e.g. "Full Administrator". */
export interface WireRole {
  id: string;
  name: string;
}

/** Spec `Organization`: `GET /organizations` (the token's org and the orgs it manages), `GET /organizations/{id}`. */
export interface WireOrganization {
  id: string;
  displayName: string;
  created: string;
}

/**
 * Spec `IdentityManagedOrg`: items of `GET /partner/organizations?managedBy={personId}`, the customers
 * a partner administrator or sales administrator is assigned. `managedBy` is required; a partner full
 * or read-only administrator (who manages every customer) gets a 400 that says so.
 */
export interface WireManagedOrg {
  orgId: string;
  /** The opaque id of the role through which the person manages the customer. */
  role: string;
}

/** Spec `PartnerAdminUser`: items of `GET /partner/organizations/{orgId}/partnerAdmins`. */
export interface WirePartnerAdmin {
  id: string;
  displayName?: string;
  firstName?: string;
  lastName?: string;
  emails: string[];
  /** The administrator's role inside the customer org, a Webex role name such as `id_full_admin` (api/roles.ts). */
  roleInCustomerOrg: string;
}

/** Spec `AuditEvent.data`. */
export interface WireAuditEventData {
  actorOrgName?: string;
  targetName?: string;
  eventDescription?: string;
  actorName?: string;
  actorEmail?: string;
  adminRoles?: Array<"User" | "Full_Admin" | "id_full_admin">;
  trackingId?: string;
  targetType?: string;
  targetId?: string;
  eventCategory?: string;
  actorUserAgent?: string;
  actorIp?: string;
  targetOrgId?: string;
  actionText?: string;
  targetOrgName?: string;
  errorMessage?: string;
  errorCode?: string;
}

/**
 * Spec `AuditEvent`: items of `GET /adminAudit/events?orgId=&from=&to=` (all three required; `from`
 * inclusive, `to` exclusive), oldest first.
 */
export interface WireAuditEvent {
  id: string;
  created: string;
  actorId: string;
  actorOrgId: string;
  data: WireAuditEventData;
}

/** Spec `AuditEventCategoryCollectionResponse`: `GET /adminAudit/eventCategories`. */
export interface WireAuditEventCategories {
  eventCategories: string[];
}

// ---------------------------------------------------------------------------------------------
// SCIM 2 (`/identity/scim/{orgId}/v2/Users/{userId}`): the path takes the org's and the user's
// plain UUIDs (api/ids.ts `idUuid`); role values are Webex role names (api/roles.ts).

export const SCIM_USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const SCIM_ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const SCIM_CISCO_SCHEMA = "urn:scim:schemas:extension:cisco:webexidentity:2.0:User";
export const SCIM_PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** Spec `RoleObject`. */
export interface WireScimRole {
  /** The Webex role name, e.g. `id_full_admin`. */
  value: string;
  type?: string;
  display?: string;
}

/** Spec `GetUserResponse` (the parts the mock fills in). */
export interface WireScimUser {
  schemas: string[];
  id: string;
  userName: string;
  active?: boolean;
  roles?: WireScimRole[];
  name?: { givenName?: string; familyName?: string };
  displayName?: string;
  nickName?: string;
  emails?: Array<{ value: string; type?: "work" | "home" | "room" | "other"; primary?: boolean }>;
  userType: "user" | "room" | "external_calling" | "calling_service";
  title?: string;
  phoneNumbers?: Array<{ value: string; type?: string; primary?: boolean }>;
  addresses?: WireAddress[];
  [SCIM_ENTERPRISE_SCHEMA]?: { department?: string; manager?: { value: string; displayName?: string } };
  [SCIM_CISCO_SCHEMA]: { accountStatus: "active" | "pending" | "disabled" };
  meta: {
    resourceType?: string;
    organizationID?: string;
    created: string;
    lastModified: string;
    version: string;
    location: string;
  };
}

/**
 * Spec `PatchUser`: body of `PATCH /identity/scim/{orgId}/v2/Users/{userId}`. `add` and `remove` on
 * `roles` change only the roles named, so two writers' changes never overwrite each other; a
 * `remove` may instead name the role in the path: `roles[value eq "id_full_admin"]`.
 */
export interface WireScimPatch {
  schemas: string[];
  Operations: Array<{ op: "add" | "remove" | "replace"; path?: string; value?: WireScimRole[] }>;
}

// ---------------------------------------------------------------------------------------------
// Extensions: Webex has no public API for these.

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

export interface WireList<T> {
  items: T[];
}

/** Every error body (Webex's shape); the rule code is added when a rule refused the write. */
export interface WireError {
  message: string;
  errors: Array<{ description: string; code?: string }>;
  trackingId: string;
}
