/**
 * The Hub client as the other layers see it: a cached session per run, the credentials and
 * settings resolvers, and the typed transport errors.
 */
export {
  CLI_HINTS,
  ConfigurationError,
  ENV_ENDPOINT,
  ENV_TOKEN,
  resolveCredentials,
  resolveEndpoint,
  resolveToken,
} from "./credentials";
export type { ConfigSource } from "./credentials";
export { EXTENSIONS, isHubError } from "./errors";
export type { Extension, HubUnsupportedError } from "./errors";
export { previewActor } from "./applier";
export {
  CONFIG_APPLIER,
  CONFIG_POLICY_FILE,
  ENV_APPLIER,
  ENV_POLICY_FILE,
  orgPolicyOf,
  readPolicyFile,
  resolveHubSettings,
} from "./settings";
export { hubSession } from "./sessions";
export type { BeforeWrite, HubPerson, HubSession, PersonChange } from "./session";
export { liveView } from "./live";
export type { LiveView } from "./live";
export { administratorsNow, withOrgLock } from "./administrators";
export type { Administrator, AdministratorsNow } from "./administrators";
export { attribute, auditNoticeOnce, auditTrail, readAuditTrail, ENV_AUDIT_DAYS, DEFAULT_AUDIT_DAYS } from "./audit";
export { authorOf, authorPhrase, categoryOf, targetsPerson, utcMinute } from "./audit";
export type { AuditAuthor, AuditChange, AuditChangeKind, AuditTrail, AuditWindow } from "./audit";
