/**
 * `webexhub mock-hub`: starts the mock Hub and keeps it running until SIGINT/SIGTERM. The URL is the
 * first line of output so scripts can read it (`--port 0` picks a free port).
 */
import { parseArgs } from "node:util";
import { didYouMean } from "../core";
import { PROFILES, type ProfileName } from "./profile";
import { SEED_NAMES, type SeedName } from "./seed";
import { startMockHub, type MockHubOptions } from "./server";

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Stops the server like SIGINT does; for callers that embed the CLI (tests). */
  signal?: AbortSignal;
}

export const MOCK_HUB_USAGE = `Usage: webexhub mock-hub [options]

  --port P          TCP port on 127.0.0.1 (default 0: a free port)
  --state FILE      keep the state in FILE (default: in memory)
  --seed demo       build the demo world when the state is new
  --profile P       default (the Webex API and the webexhub extensions) or webex (only what the
                    Webex Admin API documents, as strict as Webex: extension paths answer 404)
  --reset           replace an existing state file (with the seed, or empty)
  --rate-limit N    at most N requests per second per token; excess gets 429 (default 0: off)
  --fault-rate P    answer that share (0..1) of requests with 503 (default 0)
  --latency MS      delay every response by MS milliseconds (default 0)
  --no-rule-guard   do not refuse writes that break a role rule (a lockout, say), as Webex
                    is not known to; who may write is still checked. For tests
  --quiet           do not log requests to stderr
  --help, -h        show this help

The first line of output is the Hub's URL; the API lives under <URL>/v1.
`;

class UsageError extends Error {}

interface ParsedArgs {
  options: MockHubOptions;
  quiet: boolean;
  help: boolean;
}

const FLAGS = {
  port: { type: "string" },
  state: { type: "string" },
  seed: { type: "string" },
  profile: { type: "string" },
  reset: { type: "boolean" },
  "rate-limit": { type: "string" },
  "fault-rate": { type: "string" },
  latency: { type: "string" },
  "no-rule-guard": { type: "boolean" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function wholeNumber(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return Number(text);
}

/** Node's own parser, strict; its errors are reworded to name the flag and the fix. */
function parse(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(flagProblem(error));
  }
}

function flagProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? "";
  const flag = quoted.split(" ")[0] ?? quoted;
  switch ((error as { code?: unknown }).code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const known = Object.keys(FLAGS).map((f) => `--${f}`);
      return `unknown flag ${flag}.${didYouMean(flag, known)}`;
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return /does not take an argument/.test(message)
        ? `${flag} takes no value`
        : `${flag} needs a value, like ${flag}=VALUE`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument "${quoted}": mock-hub takes only flags`;
    default:
      return message;
  }
}

export function parseMockHubArgs(argv: readonly string[]): ParsedArgs {
  const values = parse(argv);
  const options: MockHubOptions = {};
  if (values.port !== undefined) options.port = wholeNumber("--port", values.port, 0, 65535);
  if (values.state !== undefined) {
    if (values.state === "") throw new UsageError("--state needs a file path");
    options.statePath = values.state;
  }
  if (values.seed !== undefined) {
    if (!(SEED_NAMES as readonly string[]).includes(values.seed)) {
      throw new UsageError(
        `--seed must be one of ${SEED_NAMES.join(", ")}, got "${values.seed}".${didYouMean(values.seed, SEED_NAMES)}`,
      );
    }
    options.seed = values.seed as SeedName;
  }
  if (values.profile !== undefined) {
    if (!(PROFILES as readonly string[]).includes(values.profile)) {
      throw new UsageError(
        `--profile must be one of ${PROFILES.join(", ")}, got "${values.profile}".${didYouMean(values.profile, PROFILES)}`,
      );
    }
    options.profile = values.profile as ProfileName;
  }
  if (values.reset === true) options.reset = true;
  if (values["rate-limit"] !== undefined) options.rateLimit = wholeNumber("--rate-limit", values["rate-limit"], 0);
  const faultRate = values["fault-rate"];
  if (faultRate !== undefined) {
    const rate = Number(faultRate);
    if (faultRate.trim() === "" || !Number.isFinite(rate) || rate < 0 || rate > 1) {
      throw new UsageError(`--fault-rate must be a number from 0 to 1, got "${faultRate}"`);
    }
    options.faultRate = rate;
  }
  if (values["no-rule-guard"] === true) options.ruleGuard = false;
  if (values.latency !== undefined) options.latencyMs = wholeNumber("--latency", values.latency, 0, 60_000);
  return { options, quiet: values.quiet === true, help: values.help === true };
}

function waitForStop(signal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve) => {
    const stop = (why: string) => (): void => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      signal?.removeEventListener("abort", onAbort);
      resolve(why);
    };
    const onInt = stop("SIGINT");
    const onTerm = stop("SIGTERM");
    const onAbort = stop("abort");
    process.once("SIGINT", onInt);
    process.once("SIGTERM", onTerm);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export async function runMockHubCli(argv: string[], io: CliIo): Promise<number> {
  let parsed: ParsedArgs;
  try {
    parsed = parseMockHubArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`webexhub mock-hub: ${err.message}\n\n${MOCK_HUB_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(MOCK_HUB_USAGE);
    return 0;
  }
  const { options } = parsed;
  let hub;
  try {
    hub = await startMockHub({
      ...options,
      log: parsed.quiet ? undefined : (line) => io.stderr.write(`${line}\n`),
    });
  } catch (err) {
    io.stderr.write(`webexhub mock-hub: cannot start: ${(err as Error).message}\n`);
    return 1;
  }
  const lines = [hub.url];
  const where = hub.statePath === undefined ? "in memory" : hub.statePath;
  if (hub.profile !== "default")
    lines.push(`profile: ${hub.profile} (only the documented Webex API; no webexhub extensions)`);
  lines.push(
    `state: ${where} (${hub.seeded ? (options.seed ? `new, seeded with ${options.seed}` : "new, empty") : "loaded"})`,
  );
  if (options.ruleGuard === false) lines.push("rule guard: off (writes that break a role rule are accepted)");
  const tokens = Object.entries(hub.tokens);
  if (tokens.length > 0) {
    lines.push(`tokens${hub.tokensPath ? ` (also in ${hub.tokensPath})` : ""}:`);
    const width = Math.max(...tokens.map(([email]) => email.length));
    for (const [email, token] of tokens) lines.push(`  ${email.padEnd(width)}  ${token}`);
  } else {
    lines.push("no tokens: start with --seed demo to create demo users");
  }
  lines.push(`try: curl -H "Authorization: Bearer <token>" ${hub.url}/v1/people/me`);
  io.stdout.write(`${lines.join("\n")}\n`);

  const why = await waitForStop(io.signal);
  io.stderr.write(`webexhub mock-hub: stopping (${why})\n`);
  await hub.close();
  return 0;
}
