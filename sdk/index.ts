/**
 * pulumi-webexhub: Webex Partner Hub and Control Hub administrator roles as code.
 * The public surface, named explicitly.
 */
export { PartnerAdmin, CustomerAssignment, ExternalAdmin, RestrictedMode, CustomerAdmin } from "./resources";
export type { PartnerAdminArgs, CustomerAssignmentArgs, ExternalAdminArgs, RestrictedModeArgs, CustomerAdminArgs } from "./resources";
export { providers, providerSource, RESOURCE_NAMES } from "./providers";
export type { ResourceName } from "./providers";
export { ROLE_IDS, SITE_ROLE_IDS, ROLES } from "../core/rules/catalog";
export type { RoleId, SiteRoleId, ExternalRoleId } from "../core/rules/catalog";
export { evaluate } from "../core/rules/engine";
export type { Violation, RuleCode, Severity, Desired, World } from "../core/rules/types";
export { RULE_CODES } from "../core/rules/types";
export { effectiveAccess } from "../core/rules/access";
export type { AccessSummary } from "../core/summary";
export { parseGitOpsFile, desiredOfFile } from "../core/gitops/file";
export type { PartnerFile, CustomerFile, GitOpsFile } from "../core/gitops/file";
export { declareGitOpsFile, loadHubWorld } from "./gitops";
export type { GitOpsOptions, GitOpsResources } from "./gitops";
