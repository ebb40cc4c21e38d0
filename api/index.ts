/**
 * The Hub API's wire contract, shared by the client and the mock Hub: the Webex shapes, opaque
 * ids, the role-name table, the decoders and the request-body checks. No I/O.
 */
export {
  checkExternalAdminUpdate,
  checkPersonUpdate,
  checkRestrictedModeUpdate,
  checkScimPatch,
  checkScimPatchAny,
} from "./bodies";
export { checkSiteRolesUpdate, WEBEX_PERSON_UPDATE_FIELDS } from "./bodies";
export type { BodyCheck, ScimPatchAny } from "./bodies";
export {
  asAuditEvent,
  asExternalAdmin,
  asList,
  asManagedOrg,
  asOrganization,
  asPartnerAdmin,
  asPerson,
  asRestrictedMode,
  asRole,
  asScimUser,
  personUpdateFrom,
  scimRolePatch,
} from "./decode";
export type { PersonPut, ScimPatch, ScimRole, ScimUser } from "./decode";
export { canonicalWebexId, idUuid, parseWebexId, webexId } from "./ids";
export type { WebexIdKind } from "./ids";
export { RoleDirectory, WEBEX_ROLE_NAMES, WEBEX_ROLE_TABLE, parseRoleNames } from "./roles";
export type { RoleNames, UnknownHubRole } from "./roles";
export { SCIM_CISCO_SCHEMA, SCIM_ENTERPRISE_SCHEMA, SCIM_USER_SCHEMA } from "./wire";
export type {
  WireAddress,
  WireAuditEvent,
  WireAuditEventData,
  WireError,
  WireExternalAdmin,
  WireExternalAdminUpdate,
  WireList,
  WireManagedOrg,
  WireOrganization,
  WirePartnerAdmin,
  WirePerson,
  WirePersonUpdate,
  WirePhoneNumber,
  WireRestrictedMode,
  WireRole,
  WireScimPatch,
  WireSiteRolesUpdate,
  WireScimUser,
} from "./wire";
