/**
 * pulumi-webexhub: Webex Partner Hub and Control Hub administrator roles as code.
 * The public surface, named explicitly.
 */
export { PartnerAdmin, CustomerAssignment, ExternalAdmin, RestrictedMode, CustomerAdmin } from "./resources";
export type {
  PartnerAdminArgs,
  CustomerAssignmentArgs,
  ExternalAdminArgs,
  RestrictedModeArgs,
  CustomerAdminArgs,
} from "./resources";
export { providers, providerSource, RESOURCE_NAMES } from "./providers";
export type { ResourceName } from "./providers";
export { ROLE_IDS, SITE_ROLE_IDS, ROLES } from "../core";
export type { RoleId, SiteRoleId, ExternalRoleId } from "../core";
export { evaluate } from "../core";
export type { Violation, RuleCode, Severity, Desired, World } from "../core";
export { RULE_CODES } from "../core";
export { effectiveAccess } from "../core";
export type { AccessSummary } from "../core";
export { parseGitOpsFile, desiredOfFile } from "../core";
export type { PartnerFile, CustomerFile, GitOpsFile } from "../core";
export { declareGitOpsFile, loadHubWorld } from "./gitops";
export type { GitOpsOptions, GitOpsResources, HubWorldOptions } from "./gitops";
