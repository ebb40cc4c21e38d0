/**
 * pulumi-webexhub: Webex Partner Hub and Control Hub administrator roles as code.
 * The public surface, named explicitly.
 */
export { PartnerAdmin, CustomerAssignment, ExternalAdmin, RestrictedMode } from "./resources";
export type { PartnerAdminArgs, CustomerAssignmentArgs, ExternalAdminArgs, RestrictedModeArgs } from "./resources";
export { providers, RESOURCE_NAMES } from "./providers";
export type { ResourceName } from "./providers";
export { ROLE_IDS, SITE_ROLE_IDS, ROLES } from "../provider/rules/catalog";
export type { RoleId, SiteRoleId, ExternalRoleId } from "../provider/rules/catalog";
export { evaluate } from "../provider/rules/engine";
export type { Violation, RuleCode, Severity, Desired, World } from "../provider/rules/types";
export { RULE_CODES } from "../provider/rules/types";
export { effectiveAccess } from "../provider/rules/access";
export type { AccessSummary } from "../provider/resources/summary";
export { parseGitOpsFile, desiredOfFile } from "../provider/gitops/file";
export type { PartnerFile, CustomerFile, GitOpsFile } from "../provider/gitops/file";
export { declareGitOpsFile, loadHubWorld } from "./gitops";
export type { GitOpsOptions, GitOpsResources } from "./gitops";
