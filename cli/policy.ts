/**
 * `--policy FILE` of validate and plan: the org policy read from disk (bounded, like a GitOps file)
 * and handed to the rules, or the problems that make it unusable (exit 2, naming its line).
 */
import { readOrgPolicy, type OrgPolicy } from "../core";
import { ENV_POLICY_FILE } from "../hub";
import { readFileBytes } from "./fileBytes";

export const POLICY_FLAG = { policy: "string" } as const;

export const POLICY_HELP = `  --policy FILE       also judge the org's own guardrails in FILE
                      (default: WEBEXHUB_POLICY_FILE; see docs/guardrails.md)`;

export interface PolicyProblemReport {
  readonly code: "file" | "schema";
  readonly severity: "error";
  readonly path: string;
  readonly message: string;
  readonly line?: number;
}

export type PolicyOption =
  | { readonly ok: true; readonly policy?: OrgPolicy }
  | { readonly ok: false; readonly file: string; readonly problems: readonly PolicyProblemReport[] };

/** The policy the flag (or else the environment) names; none when neither does. */
export async function readPolicyOption(
  flags: Record<string, string | boolean>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<PolicyOption> {
  const flag = typeof flags.policy === "string" ? flags.policy : undefined;
  const file = flag ?? (env[ENV_POLICY_FILE]?.trim() || undefined);
  if (file === undefined) return { ok: true };
  const read = await readFileBytes(file);
  if (!read.ok) {
    return { ok: false, file, problems: [{ code: "file", severity: "error", path: "", message: read.message }] };
  }
  const { policy, problems } = readOrgPolicy(read.bytes, file);
  if (policy !== undefined) return { ok: true, policy };
  const reports = problems.map((p): PolicyProblemReport => ({
    code: "schema",
    severity: "error",
    path: p.path,
    message: p.message,
    ...(p.line !== undefined ? { line: p.line } : {}),
  }));
  return { ok: false, file, problems: reports };
}
