/**
 * The org's own policy file (its guardrails), as the pack applies it: where the file is named (the
 * pack's config key `policyFile`, else the environment variable WEBEXHUB_POLICY_FILE), read once
 * per path and judged against each org the stack declares.
 *
 * The reading and judging are the core's; this file only finds the file and hands it over, through
 * `OrgPolicyEngine` so the pack works the same with any engine that reads a policy text and judges
 * a declared state.
 */
import { readFileSync } from "node:fs";
import { isAbsolute } from "node:path";
import type { Desired, Violation } from "../core";

export const POLICY_FILE_ENV = "WEBEXHUB_POLICY_FILE";

/** What the pack needs of the org policy: a text read into a judge, or the problems that stop it. */
export interface OrgPolicyEngine {
  read(text: string, source: string): { readonly judge: (desired: Desired) => Violation[] } | { readonly problems: string[] };
}

/** The policy file a run applies, or undefined when none is named. */
export function policyFileOf(config: { readonly policyFile?: unknown }, env: NodeJS.ProcessEnv): string | undefined {
  const named = typeof config.policyFile === "string" && config.policyFile !== "" ? config.policyFile : env[POLICY_FILE_ENV];
  return named === undefined || named === "" ? undefined : named;
}

export type LoadedPolicy =
  | { readonly ok: true; readonly judge: (desired: Desired) => Violation[] }
  | { readonly ok: false; readonly message: string };

/**
 * Reads and checks the policy file. A relative path is refused: the pack runs in its own folder,
 * not the program's, so it could not tell which file was meant.
 */
export function loadOrgPolicy(path: string, engine: OrgPolicyEngine, readText = readUtf8): LoadedPolicy {
  if (!isAbsolute(path)) {
    return {
      ok: false,
      message:
        `the policy file "${path}" must be an absolute path: the policy pack runs in its own folder, not the ` +
        `program's (set policyFile in --policy-pack-config or ${POLICY_FILE_ENV} to e.g. "$PWD/${path}")`,
    };
  }
  let text: string;
  try {
    text = readText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "file not found" : code === "EACCES" ? "permission denied" : String(error);
    return { ok: false, message: `the policy file ${path} cannot be read: ${why}` };
  }
  const read = engine.read(text, path);
  if ("problems" in read) return { ok: false, message: `the policy file ${path} cannot be used: ${read.problems.join("; ")}` };
  return { ok: true, judge: read.judge };
}

function readUtf8(path: string): string {
  return readFileSync(path, "utf8");
}
