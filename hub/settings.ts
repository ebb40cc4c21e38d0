/**
 * What the Hub API cannot tell a client and a deployment therefore says: the names its Hub gives
 * the catalog roles (when they differ from Webex's), whether the partner sells Webex for Wholesale
 * (no public API says so), for a customer org's token, which partner manages it, who will apply
 * a change that a preview judges (a pull-request job holds a read-only token, not the applier's),
 * and the org's own guardrails (a policy file, read here for the providers).
 */
import { readFileSync, statSync } from "node:fs";
import { parseRoleNames, type RoleNames } from "../api";
import { GITOPS_FILE_LIMITS, fileSizeProblem, readOrgPolicy, type OrgPolicy, type PolicyRead } from "../core";
import { ConfigurationError, type ConfigSource } from "./credentials";

export const CONFIG_ROLE_NAMES = "webexhub:roleNames";
export const ENV_ROLE_NAMES = "WEBEXHUB_ROLE_NAMES";
export const CONFIG_WHOLESALE = "webexhub:wholesale";
export const ENV_WHOLESALE = "WEBEXHUB_WHOLESALE";
export const CONFIG_PARTNER_ORG = "webexhub:partnerOrgId";
export const ENV_PARTNER_ORG = "WEBEXHUB_PARTNER_ORG_ID";
export const CONFIG_APPLIER = "webexhub:applier";
export const ENV_APPLIER = "WEBEXHUB_APPLIER";
export const CONFIG_POLICY_FILE = "webexhub:policyFile";
export const ENV_POLICY_FILE = "WEBEXHUB_POLICY_FILE";

export interface HubSettings {
  /** Overrides of the catalog id → Webex role name table. */
  readonly roleNames?: RoleNames;
  /** The partner sells Webex for Wholesale; absent means not known (the rules then do not judge it). */
  readonly wholesale?: boolean;
  /** For a customer org's token: the partner org that manages it. */
  readonly partnerOrgId?: string;
  /**
   * The email of the person whose token will apply the change. Previews (check, diff, `webexhub
   * validate` and `plan`) judge the rules about who may make a change as this person; a write is
   * always judged as the token's own person, so the setting cannot let an apply do more.
   */
  readonly applier?: string;
  /** The org policy file (docs/guardrails.md) every rule check also judges, as `org-policy`. */
  readonly policyFile?: string;
}

export interface SettingsSources {
  readonly config?: ConfigSource | undefined;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function pick(sources: SettingsSources, key: string, envKey: string): { value: string; source: string } | undefined {
  const env = sources.env ?? process.env;
  const fromConfig = sources.config?.get(key);
  if (fromConfig !== undefined && fromConfig.trim() !== "") return { value: fromConfig.trim(), source: key };
  const fromEnv = env[envKey];
  if (fromEnv !== undefined && fromEnv.trim() !== "") return { value: fromEnv.trim(), source: envKey };
  return undefined;
}

/** The settings from the stack's configuration, then the environment; a bad value is a one-line error. */
export function resolveHubSettings(sources: SettingsSources): HubSettings {
  const out: {
    roleNames?: RoleNames;
    wholesale?: boolean;
    partnerOrgId?: string;
    applier?: string;
    policyFile?: string;
  } = {};
  const names = pick(sources, CONFIG_ROLE_NAMES, ENV_ROLE_NAMES);
  if (names !== undefined) {
    const parsed = parseRoleNames(names.value, names.source);
    if (typeof parsed === "string") throw new ConfigurationError(parsed);
    out.roleNames = parsed;
  }
  const wholesale = pick(sources, CONFIG_WHOLESALE, ENV_WHOLESALE);
  if (wholesale !== undefined) {
    const v = wholesale.value.toLowerCase();
    if (v !== "true" && v !== "false") {
      throw new ConfigurationError(
        `${wholesale.source} must be true or false (does the partner sell Webex for Wholesale?), not "${wholesale.value}"`,
      );
    }
    out.wholesale = v === "true";
  }
  const partner = pick(sources, CONFIG_PARTNER_ORG, ENV_PARTNER_ORG);
  if (partner !== undefined) out.partnerOrgId = partner.value;
  const applier = pick(sources, CONFIG_APPLIER, ENV_APPLIER);
  if (applier !== undefined) {
    if (!/^[^\s@]+@[^\s@]+$/.test(applier.value)) {
      throw new ConfigurationError(
        `${applier.source} must be the email of the person whose token applies the change, not "${applier.value}"`,
      );
    }
    out.applier = applier.value;
  }
  const policyFile = pick(sources, CONFIG_POLICY_FILE, ENV_POLICY_FILE);
  if (policyFile !== undefined) out.policyFile = policyFile.value;
  return out;
}

/** A policy file read from disk: refused from its size before it is read, like a GitOps file. */
export function readPolicyFile(path: string): PolicyRead {
  try {
    const { size } = statSync(path);
    if (size > GITOPS_FILE_LIMITS.bytes) return { problems: [{ path: "", message: fileSizeProblem(size).message }] };
    return readOrgPolicy(readFileSync(path), path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const other = `cannot be read (${code ?? "error"})`;
    const reason = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory, not a file" : other;
    return { problems: [{ path: "", message: reason }] };
  }
}

/**
 * The org policy the settings name, or undefined when they name none. A policy that cannot be used
 * is a configuration error naming the file, the line and the fix: the rules are not judged without it.
 */
export function orgPolicyOf(settings: HubSettings): OrgPolicy | undefined {
  const path = settings.policyFile;
  if (path === undefined) return undefined;
  const { policy, problems } = readPolicyFile(path);
  if (policy !== undefined) return policy;
  const said = problems.map((p) => {
    const at = `${path}${p.line !== undefined ? `:${p.line}` : ""}`;
    return `${at}: ${p.path ? `${p.path}: ` : ""}${p.message}`;
  });
  const setting = `${CONFIG_POLICY_FILE} (${ENV_POLICY_FILE})`;
  throw new ConfigurationError(`the policy file of ${setting} cannot be used: ${said.join("; ")}`);
}
