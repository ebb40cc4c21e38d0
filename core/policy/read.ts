/**
 * Reading an org policy file: the GitOps file's reader (limits, core YAML tags, the line of every
 * path, keys repeated in a mapping), its JSON Schema (unknown keys get "did you mean"), then what a
 * schema cannot say (a limit that limits nothing, a minimum above the maximum). A problem is data
 * with its path and line, never an exception.
 */
import { normalizeEmail } from "../email";
import { readYamlDocument, type FileProblem } from "../gitops/file";
import { joinPath } from "../rules/evaluation";
import { validateSchema, type SchemaError } from "../schema";
import type { ExternalRoleId, RoleId } from "../rules/catalog";
import type { Severity } from "../rules/types";
import type { PrivilegeScope } from "./privilegeNames";
import type { ExternalLimit, OrgPolicy, PolicyEntry, PrivilegeLimit, RoleLimit } from "./types";

export type PolicyProblem = FileProblem;

/** The policy, or the problems that make it unusable (the CLI exits 2 on them). */
export interface PolicyRead {
  readonly policy?: OrgPolicy;
  readonly problems: readonly PolicyProblem[];
}

interface RawEntry {
  readonly severity?: Severity;
  readonly orgs?: string[];
  readonly emailDomains?: string[];
  readonly holders?: string[];
  readonly maxHolders?: number;
  readonly minHolders?: number;
  readonly forbidden?: true;
}
interface RawRole extends RawEntry {
  readonly role: RoleId;
}
interface RawPrivilege extends RawEntry {
  readonly privilege: string;
  readonly level: PrivilegeLimit["level"];
}
interface RawExternal extends RawEntry {
  readonly role?: ExternalRoleId;
  readonly maxExpiryDays: number;
}
interface RawPolicy {
  readonly roles?: RawRole[];
  readonly privileges?: RawPrivilege[];
  readonly externalAdmins?: RawExternal[];
}

const NOT_A_POLICY =
  "a policy file is a YAML mapping starting with apiVersion: webexhub/v1 and kind: OrgPolicy, " +
  "with roles:, privileges: or externalAdmins: (see docs/guardrails.md)";

/** The policy file `source` (named in every message), given as its bytes or its text. */
export function readOrgPolicy(input: string | Uint8Array, source: string): PolicyRead {
  const doc = readYamlDocument(input);
  if (!doc.ok) return { problems: doc.problems };
  const { value } = doc;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { problems: [{ path: "", line: 1, message: NOT_A_POLICY }] };
  }
  const record = value as Record<string, unknown>;
  if ("partner" in record || "customer" in record) {
    const message = `${source} is a GitOps file (it declares partner: or customer:), not a policy file: `;
    return { problems: [{ path: "", line: 1, message: message + NOT_A_POLICY }] };
  }
  const errors = validateSchema("org-policy", value);
  if (errors.length > 0) {
    const lineOfError = (e: SchemaError): number | undefined =>
      (e.unknownField === true ? doc.keyLines.get(e.path) : undefined) ?? doc.lineOf(e.path);
    return { problems: errors.map((e) => ({ path: e.path, message: e.message, line: lineOfError(e) })) };
  }
  const raw = value as RawPolicy;
  const problems = limitProblems(raw);
  if (problems.length > 0) return { problems: problems.map((p) => ({ ...p, line: doc.lineOf(p.path) })) };
  const entry = (path: string, e: RawEntry): PolicyEntry => ({
    path,
    lines: linesOf(path, e, doc.keyLines, doc.lineOf),
    severity: e.severity ?? "error",
    ...(e.orgs !== undefined ? { orgs: e.orgs } : {}),
  });
  const policy: OrgPolicy = {
    source,
    roles: (raw.roles ?? []).map((r, i) => roleLimit(entry(`roles[${i}]`, r), r)),
    privileges: (raw.privileges ?? []).map((p, i) => privilegeLimit(entry(`privileges[${i}]`, p), p)),
    externalAdmins: (raw.externalAdmins ?? []).map((x, i) => externalLimit(entry(`externalAdmins[${i}]`, x), x)),
  };
  return { policy, problems: [] };
}

/** The line of each key of an entry; `""` is the entry's own line. */
function linesOf(
  path: string,
  e: RawEntry,
  keyLines: ReadonlyMap<string, number>,
  lineOf: (path: string) => number | undefined,
): Record<string, number> {
  const lines: Record<string, number> = {};
  const own = lineOf(path);
  if (own !== undefined) lines[""] = own;
  for (const key of Object.keys(e)) {
    const line = keyLines.get(joinPath(path, key)) ?? lineOf(joinPath(path, key));
    if (line !== undefined) lines[key] = line;
  }
  return lines;
}

const domains = (list: readonly string[] | undefined): { emailDomains?: string[] } =>
  list === undefined ? {} : { emailDomains: list.map((d) => d.trim().toLowerCase()) };
const people = (list: readonly string[] | undefined): { holders?: string[] } =>
  list === undefined ? {} : { holders: list.map(normalizeEmail) };

function roleLimit(entry: PolicyEntry, r: RawRole): RoleLimit {
  return {
    ...entry,
    role: r.role,
    ...(r.maxHolders !== undefined ? { maxHolders: r.maxHolders } : {}),
    ...(r.minHolders !== undefined ? { minHolders: r.minHolders } : {}),
    ...domains(r.emailDomains),
    ...people(r.holders),
    ...(r.forbidden === true ? { forbidden: true as const } : {}),
  };
}

function privilegeLimit(entry: PolicyEntry, p: RawPrivilege): PrivilegeLimit {
  const dot = p.privilege.indexOf(".");
  return {
    ...entry,
    privilege: p.privilege,
    scope: p.privilege.slice(0, dot) as PrivilegeScope,
    name: p.privilege.slice(dot + 1),
    level: p.level,
    ...(p.maxHolders !== undefined ? { maxHolders: p.maxHolders } : {}),
    ...domains(p.emailDomains),
    ...people(p.holders),
    ...(p.forbidden === true ? { forbidden: true as const } : {}),
  };
}

function externalLimit(entry: PolicyEntry, x: RawExternal): ExternalLimit {
  return { ...entry, ...(x.role !== undefined ? { role: x.role } : {}), maxExpiryDays: x.maxExpiryDays };
}

const ROLE_LIMITS = ["maxHolders", "minHolders", "emailDomains", "holders", "forbidden"] as const;
const PRIVILEGE_LIMITS = ["maxHolders", "emailDomains", "holders", "forbidden"] as const;

/** What the schema cannot say: an entry must limit something, and a minimum cannot exceed the maximum. */
function limitProblems(raw: RawPolicy): SchemaError[] {
  const problems: SchemaError[] = [];
  const none = (path: string, keys: readonly string[], what: string): void => {
    problems.push({ path, message: `${what} sets no limit: add one of ${keys.join(", ")}` });
  };
  (raw.roles ?? []).forEach((r, i) => {
    const path = `roles[${i}]`;
    if (!ROLE_LIMITS.some((key) => r[key] !== undefined)) none(path, ROLE_LIMITS, `the entry for ${r.role}`);
    if (r.minHolders !== undefined && r.maxHolders !== undefined && r.minHolders > r.maxHolders) {
      const message =
        `minHolders ${r.minHolders} is above maxHolders ${r.maxHolders}: no organization could meet both; ` +
        "lower minHolders or raise maxHolders";
      problems.push({ path: `${path}.minHolders`, message });
    }
    if (r.forbidden === true && (r.minHolders ?? 0) > 0) {
      const message = `${r.role} is forbidden, so nobody can hold it: remove minHolders or forbidden`;
      problems.push({ path: `${path}.minHolders`, message });
    }
  });
  (raw.privileges ?? []).forEach((p, i) => {
    if (!PRIVILEGE_LIMITS.some((key) => p[key] !== undefined)) {
      none(`privileges[${i}]`, PRIVILEGE_LIMITS, `the entry for ${p.privilege}: ${p.level}`);
    }
  });
  return problems;
}
