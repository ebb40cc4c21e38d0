/**
 * The org's own policy file (its guardrails), as the pack applies it: where the file is named (the
 * pack's config key `policyFile`, else the environment variable WEBEXHUB_POLICY_FILE), read at each
 * check of a stack and judged against each org the stack declares.
 *
 * The reading and judging are the core's; this file only finds the file and hands it over, through
 * `OrgPolicyEngine` (orgPolicyEngine.ts), so the pack's own tests can stand in for it.
 */
import { readFileSync } from "node:fs";
import { isAbsolute } from "node:path";
import type { Desired, Violation } from "../core";

export const POLICY_FILE_ENV = "WEBEXHUB_POLICY_FILE";

/** Judges one org's declared state against the policy. */
export type OrgPolicyJudge = (desired: Desired, now: Date) => Violation[];

/** What the pack needs of the org policy: a text read into a judge, or the problems that stop it. */
export interface OrgPolicyEngine {
  read(bytes: Uint8Array, source: string): { readonly judge: OrgPolicyJudge } | { readonly problems: string[] };
}

/** The policy file a run applies, or undefined when none is named. */
export function policyFileOf(config: { readonly policyFile?: unknown }, env: NodeJS.ProcessEnv): string | undefined {
  const configured = typeof config.policyFile === "string" && config.policyFile !== "" ? config.policyFile : undefined;
  const named = configured ?? env[POLICY_FILE_ENV];
  return named === undefined || named === "" ? undefined : named;
}

export type LoadedPolicy =
  { readonly ok: true; readonly judge: OrgPolicyJudge } | { readonly ok: false; readonly message: string };

/**
 * Reads and checks the policy file. A relative path is refused: the pack runs in its own folder,
 * not the program's, so it could not tell which file was meant.
 */
export function loadOrgPolicy(
  path: string,
  engine: OrgPolicyEngine,
  readBytes: (path: string) => Uint8Array = (p) => readFileSync(p),
): LoadedPolicy {
  if (!isAbsolute(path)) {
    return {
      ok: false,
      message:
        `the policy file "${path}" must be an absolute path: the policy pack runs in its own folder, not the ` +
        `program's (set policyFile in --policy-pack-config or ${POLICY_FILE_ENV} to e.g. "$PWD/${path}")`,
    };
  }
  let bytes: Uint8Array;
  try {
    // Bytes, not text: the reader checks them as UTF-8 rather than let a decoder replace a bad byte.
    bytes = readBytes(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "file not found" : code === "EACCES" ? "permission denied" : String(error);
    return { ok: false, message: `the policy file ${path} cannot be read: ${why}` };
  }
  const read = engine.read(bytes, path);
  if ("problems" in read) {
    return { ok: false, message: `the policy file ${path} cannot be used: ${read.problems.join("; ")}` };
  }
  return { ok: true, judge: read.judge };
}
