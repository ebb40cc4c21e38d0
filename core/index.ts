/**
 * The pure core: the role catalog and privilege tables, the rules engine, effective access, the
 * GitOps file, the JSON Schema checks, the program plan and privilege deltas. No I/O. Other layers
 * import the core through this file only.
 */
export { applyOrder, roleWrites, STAGE } from "./applyOrder";
export type { ApplyOrder, RoleWrite } from "./applyOrder";
export { changeName, privilegeChanges, privilegeDeltaLines } from "./delta";
export type { PrivilegeChange } from "./delta";
export { normalizeEmail } from "./email";
export { desiredOfFile, parseGitOpsFile } from "./gitops/file";
export type { FileProblem } from "./gitops/file";
export { GITOPS_FILE_LIMITS, fileSizeProblem } from "./gitops/limits";
export type { CustomerFile, GitOpsFile, PartnerFile } from "./gitops/file";
export {
  EMPTY_PLAN,
  PLAN_CODES,
  applyViolations,
  customerOrgsOf,
  desiredOfCustomerPlan,
  desiredOfPlan,
  droppedAdmins,
  droppedCustomerAdmins,
  planViolations,
  readPlan,
  digestOf,
  sitesLeft,
} from "./plan";
export type {
  PlanDigest,
  PlannedAdmin,
  PlannedAssignment,
  PlannedCustomerAdmin,
  PlannedExternal,
  PlannedRestrictedMode,
} from "./plan";
export { namesFromComments } from "./commentNames";
export { PRIVILEGE_SELECTORS, judgeOrgPolicy, readOrgPolicy } from "./policy";
export type { OrgPolicy, PolicyProblem, PolicyRead } from "./policy";
export { buildReview } from "./review";
export type { DriftAuthorship, PersonReview, ReviewApplier, Review, ReportedViolation } from "./review";
export { seeRuleDoc } from "./ruleDocs";
export { effectiveAccess, externalAccess, summarize } from "./rules/access";
export {
  ALL_CUSTOMER_ROLES,
  ASSIGNABLE_ROLES,
  EXTERNAL_ROLES,
  PARTNER_ONLY_ROLES,
  ROLES,
  ROLE_IDS,
  SITE_ROLE_IDS,
  isRoleId,
} from "./rules/catalog";
export type { ExternalRoleId, RoleId, SiteRoleId } from "./rules/catalog";
export { evaluate, hasErrors, WorldIndexer } from "./rules/engine";
export { siteHost } from "./rules/sites";
export { RESTRICTED_MODE_SETTINGS } from "./rules/privileges";
export { PRIVILEGE_CODES, RULE_CODES } from "./rules/types";
export type {
  Desired,
  DesiredMember,
  ExternalAdminGrant,
  Org,
  OrgKind,
  Person,
  RuleCode,
  RuleContext,
  Severity,
  UnknownFact,
  Violation,
  World,
} from "./rules/types";
export { validateInputs, validateSchema } from "./schema";
export {
  RESOURCES,
  RESOURCE_NAMES,
  PLAN_RESOURCE,
  descriptorNamed,
  personDesired,
  partnerAdmin as partnerAdminDescriptor,
  customerAdmin as customerAdminDescriptor,
  customerAssignment as customerAssignmentDescriptor,
  externalAdmin as externalAdminDescriptor,
  restrictedMode as restrictedModeDescriptor,
} from "./resources";
export type { DeclaredName, Descriptor, DigestEntry, Registry, ResourceDescriptor } from "./resources";
export type { ResourceName, SiteMap } from "./resources";
export type { CustomerAdminFields, CustomerAssignmentFields, ExternalAdminFields } from "./resources";
export type { PartnerAdminFields, RestrictedModeFields } from "./resources";
export type { SchemaName } from "./schema";
export { sameSet } from "./sets";
export { didYouMean } from "./suggest";
export { jsonVisible, visible } from "./visible";
export { accessSummary, externalSummary, privilegeDelta } from "./summary";
export type { AccessSummary } from "./summary";
