/**
 * `webexhub validate FILE [--format text|json] [--policy POLICY] [--applier EMAIL] [--endpoint URL --token T]`.
 * Exit 0: no error (warnings allowed); 1: a rule is broken; 2: the file (or the policy) cannot be used.
 */
import { desiredOfFile, parseGitOpsFile } from "../core";
import { jsonVisible, seeRuleDoc, visible } from "../core";
import { evaluate, hasErrors } from "../core";
import type { Desired, Person, RuleCode, Severity, World } from "../core";
import { applierNeedsHub, judgeAs } from "./applier";
import { readFileBytes } from "./fileBytes";
import { HUB_FLAGS, type Io, offlineOrHub, parseFlags, UsageError } from "./io";
import type { HubSession } from "../hub";
import { POLICY_FLAG, readPolicyOption } from "./policy";

export interface LiveContext {
  readonly world: World;
  readonly actor: Person;
  /** What the Hub could not tell (a mock extension it lacks), said on stderr beside the result. */
  readonly notes?: readonly string[];
  /** The session the world was read through, for what a command reads on demand (the audit trail). */
  readonly hub?: HubSession;
}

/** Loads the Hub world and the token's person; provided by the Hub client (kept apart for tests). */
export type LiveLoader = (endpoint: string, token: string, desired: Desired) => Promise<LiveContext>;

/** A rule violation, or a problem with the file itself (`file`, `schema`: exit 2). */
interface Reported {
  readonly code: RuleCode | "file" | "schema";
  readonly severity: Severity;
  readonly path: string;
  readonly message: string;
  readonly line?: number;
}

export interface ValidateOptions {
  readonly now?: Date;
  readonly loadLive?: LiveLoader;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function printText(io: Io, file: string, violations: readonly Reported[]): void {
  for (const v of violations) {
    // A file that cannot be read is not a rule: its message already names the file ("nope.yaml: file not found").
    if (v.code === "file") {
      io.stdout.write(`${v.message}\n`);
      continue;
    }
    const where = v.line !== undefined ? `${file}:${v.line}` : file;
    // A hidden character in a key or value is printed as \u{…}: it must not reorder or hide the line.
    io.stdout.write(
      `${visible(`${where}: ${v.severity} ${v.code} at ${v.path || "(file)"}: ${v.message}${seeRuleDoc(v.code)}`)}\n`,
    );
  }
  if (violations.length > 0 && violations.every((v) => v.code === "file")) return;
  const errors = violations.filter((v) => v.severity === "error").length;
  const warnings = violations.length - errors;
  io.stdout.write(
    `${file}: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}\n`,
  );
}

function print(io: Io, format: string, file: string, violations: readonly Reported[]): void {
  if (format === "json") {
    const ok = !violations.some((v) => v.severity === "error");
    io.stdout.write(
      `${jsonVisible(JSON.stringify({ ok, violations: violations.map(({ code, severity, path, message, line }) => ({ code, severity, path, message, ...(line !== undefined ? { line } : {}) })) }, null, 2))}\n`,
    );
  } else {
    printText(io, file, violations);
  }
}

export async function runValidate(argv: readonly string[], io: Io, options: ValidateOptions = {}): Promise<number> {
  const spec = { format: "string", ...HUB_FLAGS, ...POLICY_FLAG, offline: "boolean", applier: "string" } as const;
  const { flags, positionals } = parseFlags(argv, spec);
  const format = (flags.format as string | undefined) ?? "text";
  if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, not "${format}"`);
  if (positionals.length !== 1) throw new UsageError(fileCount(positionals));
  const file = positionals[0] as string;
  // The token may come from the environment, so that it stays out of shell history and CI logs.
  const { endpoint, token } = offlineOrHub(flags, io, format === "json");
  applierNeedsHub(flags, endpoint !== undefined);

  // Bytes, not text: the core checks them as UTF-8 rather than let a decoder replace a bad byte.
  const read = await readFileBytes(file);
  if (!read.ok) {
    print(io, format, file, [{ code: "file", severity: "error", path: "", message: `${file}: ${read.message}` }]);
    return 2;
  }
  const parsed = parseGitOpsFile(read.bytes);
  if (!parsed.ok) {
    print(
      io,
      format,
      file,
      parsed.problems.map((p) => ({
        code: "schema",
        severity: "error",
        path: p.path,
        message: p.message,
        line: p.line,
      })),
    );
    return 2;
  }
  const policy = await readPolicyOption(flags, options.env);
  if (!policy.ok) {
    // A policy that cannot be read is said like a GitOps file that cannot: its message names the file.
    const named = (message: string): string => `${policy.file}: ${message}`;
    const problems = policy.problems.map((p) => (p.code === "file" ? { ...p, message: named(p.message) } : p));
    print(io, format, policy.file, problems);
    return 2;
  }
  // Only with a Hub do the rules that need the world and the actor fire.
  const desired = desiredOfFile(parsed.parsed);
  const live = endpoint !== undefined && token ? await loadLiveOrFail(options, endpoint, token, desired) : undefined;
  if (format !== "json") for (const note of live?.notes ?? []) io.stderr.write(`note: ${note}\n`);
  // A pull-request job's read-only token judges who may make the change as the person who applies it.
  const actor = live ? judgeAs(flags, live, options.env).actor : undefined;
  const now = options.now ?? new Date();
  const violations = evaluate({ desired, world: live?.world, actor, now, policy: policy.policy });
  print(
    io,
    format,
    file,
    violations.map((v) => ({ ...v, line: parsed.lineOf(v.path) })),
  );
  return hasErrors(violations) ? 1 : 0;
}

/** What is wrong with the positionals of a command that takes one FILE (main adds the usage line once). */
export function fileCount(positionals: readonly string[]): string {
  return positionals.length === 0
    ? "missing FILE: name the GitOps file to check"
    : `one FILE only, not ${positionals.length}: ${positionals.join(" ")}`;
}

async function loadLiveOrFail(
  options: ValidateOptions,
  endpoint: string,
  token: string,
  desired: Desired,
): Promise<LiveContext> {
  if (!options.loadLive) throw new UsageError("validating against a Hub is not available in this build");
  return options.loadLive(endpoint, token, desired);
}
