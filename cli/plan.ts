/**
 * `webexhub plan FILE [--base BASE_FILE] [--format text|markdown|json] [--endpoint URL --token T]`: the reviewer's view
 * of a GitOps file — per person the roles added and removed and the privileges gained and lost,
 * takeovers, customers assigned and unassigned, Restricted Administrator Mode, and every rule
 * violation. `markdown` is made to be posted on a pull request. Exit codes as `validate`: 0 no
 * error, 1 a rule is broken (or a takeover not asked for), 2 the file cannot be used.
 */
import { desiredOfFile, parseGitOpsFile } from "../core";
import { buildPlanReport, type ReportedViolation } from "../core";
import { evaluate } from "../core";
import { readFileBytes } from "./fileBytes";
import { HUB_FLAGS, type Io, offlineOrHub, parseFlags, UsageError } from "./io";
import { renderJson, renderMarkdown, renderText } from "./planRender";
import type { LiveLoader } from "./validate";

export interface PlanOptions {
  readonly now?: Date;
  readonly loadLive?: LiveLoader;
}

const FORMATS = ["text", "markdown", "json"] as const;
const USAGE = "usage: webexhub plan FILE [--base BASE_FILE] [--format text|markdown|json] [--endpoint URL --token T]";

export async function runPlan(argv: readonly string[], io: Io, options: PlanOptions = {}): Promise<number> {
  const { flags, positionals } = parseFlags(argv, { format: "string", ...HUB_FLAGS, offline: "boolean", base: "string" });
  const format = (flags.format as string | undefined) ?? "text";
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be text, markdown or json, not "${format}"`);
  if (positionals.length !== 1) throw new UsageError(USAGE);
  const file = positionals[0] as string;
  // The token may come from the environment, so that it stays out of shell history and CI logs.
  const { endpoint, token } = offlineOrHub(flags, io, format === "json");

  const unusable = (problems: ReportedViolation[]): number => {
    if (format === "json") io.stdout.write(`${JSON.stringify({ ok: false, violations: problems }, null, 2)}\n`);
    else for (const p of problems) io.stderr.write(`${file}${p.line !== undefined ? `:${p.line}` : ""}: ${p.code} at ${p.path || "(file)"}: ${p.message}\n`);
    return 2;
  };
  // Bytes, bounded: the core checks them as UTF-8, and a file over the size limit is not read.
  const read = await readFileBytes(file);
  if (!read.ok) return unusable([{ code: "file", severity: "error", path: "", message: read.message }]);
  const parsed = parseGitOpsFile(read.bytes);
  if (!parsed.ok) return unusable(parsed.problems.map((p) => ({ code: "schema", severity: "error", path: p.path, message: p.message, ...(p.line !== undefined ? { line: p.line } : {}) })));

  // The file before the change (e.g. `git show origin/main:FILE`): tells takeovers from changes.
  const baseFile = flags.base as string | undefined;
  let base;
  if (baseFile !== undefined) {
    const baseRead = await readFileBytes(baseFile);
    if (!baseRead.ok) throw new UsageError(`--base ${baseFile}: ${baseRead.message}`);
    const previous = parseGitOpsFile(baseRead.bytes);
    if (!previous.ok) throw new UsageError(`--base ${baseFile}: not a usable GitOps file (${previous.problems[0]?.message ?? "schema"})`);
    base = previous.parsed;
  }
  const desired = desiredOfFile(parsed.parsed);
  let live;
  if (endpoint !== undefined && token) {
    if (!options.loadLive) throw new UsageError("planning against a Hub is not available in this build");
    live = await options.loadLive(endpoint, token, desired);
    if (format !== "json") for (const note of live.notes ?? []) io.stderr.write(`note: ${note}\n`);
  }
  const violations = evaluate({ desired, world: live?.world, actor: live?.actor, now: options.now ?? new Date() }).map((v) => {
    const line = parsed.lineOf(v.path);
    return { ...v, ...(line !== undefined ? { line } : {}) };
  });
  const report = buildPlanReport(file, parsed.parsed, desired, live?.world, violations, { ...(base ? { base } : {}), lineOf: parsed.lineOf });
  io.stdout.write(format === "json" ? renderJson(report) : format === "markdown" ? renderMarkdown(report) : renderText(report));
  return report.summary.errors > 0 ? 1 : 0;
}
