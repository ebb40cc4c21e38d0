/**
 * `webexhub plan FILE [--base BASE_FILE] [--policy POLICY] [--applier EMAIL] [--format text|markdown|json]
 * [--endpoint URL --token T]`:
 * the reviewer's view of a change to a GitOps file — per person the roles added and removed and
 * the privileges gained and lost, takeovers, customers assigned and unassigned, Restricted
 * Administrator Mode, and every rule violation. With --base the change is the difference between
 * the two files, offline or with a Hub (which then adds names, what it holds now and who applies).
 * `markdown` is made to be posted on a pull request. Exit codes as `validate`: 0 no error, 1 a rule
 * is broken (or a takeover not asked for), 2 the file cannot be used.
 */
import { desiredOfFile, parseGitOpsFile, type Desired, type GitOpsFile } from "../core";
import { buildReview, namesFromComments, type ReviewApplier, type ReportedViolation } from "../core";
import { evaluate } from "../core";
import { applierNeedsHub, judgeAs, type Judged } from "./applier";
import { readFileBytes } from "./fileBytes";
import { HUB_FLAGS, type Io, offlineOrHub, parseFlags, UsageError } from "./io";
import { POLICY_FLAG, readPolicyOption } from "./policy";
import { renderJson, renderMarkdown, renderText } from "./reviewRender";
import { withDriftAuthors } from "./reviewDrift";
import { fileCount, type LiveContext, type LiveLoader } from "./validate";

export interface PlanOptions {
  readonly now?: Date;
  readonly loadLive?: LiveLoader;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const FORMATS = ["text", "markdown", "json"] as const;

/** The file before the change (e.g. `git show origin/main:FILE`), with the org names its comments give. */
async function readBase(baseFile: string): Promise<{ parsed: GitOpsFile; names: Map<string, string> }> {
  // Bytes, bounded: the core checks them as UTF-8, and a file over the size limit is not read.
  const read = await readFileBytes(baseFile);
  if (!read.ok) throw new UsageError(`--base ${baseFile}: ${read.message}`);
  const previous = parseGitOpsFile(read.bytes);
  if (!previous.ok) {
    const first = previous.problems[0];
    const at = first?.line !== undefined ? `:${first.line}` : "";
    throw new UsageError(`--base ${baseFile}${at}: not a usable GitOps file (${first?.message ?? "schema"})`);
  }
  const text = new TextDecoder().decode(read.bytes);
  return { parsed: previous.parsed, names: namesFromComments(text, previous.parsed, previous.lineOf) };
}

/** The members the Hub must say the customers of: the file's and those only the base lists. */
function withBaseMembers(desired: Desired, base: GitOpsFile | undefined): Desired {
  if (!base) return desired;
  const listed = new Set(desired.members.map((m) => m.email.toLowerCase()));
  const extra = base.file.admins
    .filter((a) => !listed.has(a.email.toLowerCase()))
    .map((a) => ({ email: a.email, roles: a.roles, customers: [], path: "" }));
  return { ...desired, members: [...desired.members, ...extra] };
}

/** Says why the file cannot be used (exit 2): on stderr, or as the JSON result. */
function reportUnusable(io: Io, file: string, json: boolean, problems: readonly ReportedViolation[]): number {
  if (json) {
    io.stdout.write(`${JSON.stringify({ ok: false, violations: problems }, null, 2)}\n`);
    return 2;
  }
  for (const p of problems) {
    const at = `${file}${p.line !== undefined ? `:${p.line}` : ""}`;
    io.stderr.write(
      p.code === "file" ? `${file}: ${p.message}\n` : `${at}: ${p.code} at ${p.path || "(file)"}: ${p.message}\n`,
    );
  }
  return 2;
}

/** The file's bytes (bounded, checked as UTF-8 by the core) and text, or the problem that it cannot be read. */
async function readText(file: string): Promise<{ bytes: Uint8Array; text: string } | { problem: ReportedViolation }> {
  const read = await readFileBytes(file);
  if (!read.ok) return { problem: { code: "file", severity: "error", path: "", message: read.message } };
  // A file that is not UTF-8 is refused by the parse below; the text serves only the comments' names.
  return { bytes: read.bytes, text: new TextDecoder().decode(read.bytes) };
}

const applierOf = (judged: Judged | undefined): ReviewApplier | undefined =>
  judged && {
    email: judged.actor.email,
    ...(judged.actor.displayName ? { displayName: judged.actor.displayName } : {}),
    source: judged.source,
  };

const PLAN_FLAGS = {
  format: "string",
  ...HUB_FLAGS,
  ...POLICY_FLAG,
  offline: "boolean",
  base: "string",
  applier: "string",
} as const;

/** The command line: the flags, the one file, the format and the Hub (or none: offline). */
function planArguments(argv: readonly string[], io: Io) {
  const { flags, positionals } = parseFlags(argv, PLAN_FLAGS);
  const format = (flags.format as string | undefined) ?? "text";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be text, markdown or json, not "${format}"`);
  }
  if (positionals.length !== 1) throw new UsageError(fileCount(positionals));
  const file = positionals[0] as string;
  // The token may come from the environment, so that it stays out of shell history and CI logs.
  const { endpoint, token } = offlineOrHub(flags, io, format === "json");
  applierNeedsHub(flags, endpoint !== undefined);
  return { flags, format, file, endpoint, token };
}

const schemaProblem = (p: { path: string; message: string; line?: number }): ReportedViolation => ({
  code: "schema",
  severity: "error",
  path: p.path,
  message: p.message,
  ...(p.line !== undefined ? { line: p.line } : {}),
});

export async function runPlan(argv: readonly string[], io: Io, options: PlanOptions = {}): Promise<number> {
  const { flags, format, file, endpoint, token } = planArguments(argv, io);
  const read = await readText(file);
  if ("problem" in read) return reportUnusable(io, file, format === "json", [read.problem]);
  const parsed = parseGitOpsFile(read.bytes);
  if (!parsed.ok) return reportUnusable(io, file, format === "json", parsed.problems.map(schemaProblem));
  const policy = await readPolicyOption(flags, options.env);
  if (!policy.ok) return reportUnusable(io, policy.file, format === "json", policy.problems);
  const baseFile = flags.base as string | undefined;
  const base = baseFile !== undefined ? await readBase(baseFile) : undefined;
  const desired = desiredOfFile(parsed.parsed);
  let live: LiveContext | undefined;
  if (endpoint !== undefined && token) {
    if (!options.loadLive) throw new UsageError("planning against a Hub is not available in this build");
    live = await options.loadLive(endpoint, token, withBaseMembers(desired, base?.parsed));
    if (format !== "json") for (const note of live.notes ?? []) io.stderr.write(`note: ${note}\n`);
  }
  const judged = live ? judgeAs(flags, live, options.env) : undefined;
  const now = options.now ?? new Date();
  const context = { desired, world: live?.world, actor: judged?.actor, now, policy: policy.policy };
  const violations = evaluate(context).map((v) => {
    const line = parsed.lineOf(v.path);
    return { ...v, ...(line !== undefined ? { line } : {}) };
  });
  // The file's own comments name an org before the base's do: the pull request may correct a name.
  const commentNames = new Map([...(base?.names ?? []), ...namesFromComments(read.text, parsed.parsed, parsed.lineOf)]);
  const applier = applierOf(judged);
  const review = buildReview(file, parsed.parsed, desired, live?.world, violations, {
    ...(base ? { base: base.parsed, baseFile } : {}),
    lineOf: parsed.lineOf,
    commentNames,
    ...(applier ? { applier } : {}),
  });
  const render = format === "json" ? renderJson : format === "markdown" ? renderMarkdown : renderText;
  const authored = live?.hub ? await withDriftAuthors(review, live.hub, live.world) : review;
  if (authored.audit && format !== "json") io.stderr.write(`note: ${authored.audit}\n`);
  io.stdout.write(render(authored));
  return review.summary.errors > 0 ? 1 : 0;
}
