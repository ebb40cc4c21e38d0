/**
 * The org policy: an organization's own guardrails over roles and privileges, read from a YAML file
 * (read.ts) and judged as the rule `org-policy` (judge.ts). Pure, like the rest of the core.
 */
export { readOrgPolicy } from "./read";
export type { PolicyProblem, PolicyRead } from "./read";
export { judgeOrgPolicy, judgePolicy } from "./judge";
export { PRIVILEGE_SCOPES, PRIVILEGE_SELECTORS, PRIVILEGES_BY_SCOPE } from "./privilegeNames";
export type { PrivilegeScope } from "./privilegeNames";
export type { ExternalLimit, OrgPolicy, PolicyEntry, PrivilegeLimit, RoleLimit } from "./types";
