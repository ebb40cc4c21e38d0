/**
 * `webexhub mock-hub`: starts the mock Hub and keeps it running until SIGINT/SIGTERM. The URL is the
 * first line of output so scripts can read it (`--port 0` picks a free port).
 */
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
  --reset           replace an existing state file (with the seed, or empty)
  --rate-limit N    at most N requests per second per token; excess gets 429 (default 0: off)
  --fault-rate P    answer that share (0..1) of requests with 503 (default 0)
  --latency MS      delay every response by MS milliseconds (default 0)
  --quiet           do not log requests to stderr
  --help            show this help

The first line of output is the Hub's URL; the API lives under <URL>/v1.
`;

class UsageError extends Error {}

interface ParsedArgs {
  options: MockHubOptions;
  quiet: boolean;
  help: boolean;
}

function wholeNumber(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return Number(text);
}

export function parseMockHubArgs(argv: readonly string[]): ParsedArgs {
  const options: MockHubOptions = {};
  let quiet = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const eq = arg.indexOf("=");
    const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith("--") && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) throw new UsageError(`${flag} needs a value`);
      i += 1;
      return next;
    };
    const noValue = (): void => {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
    };
    switch (flag) {
      case "--port":
        options.port = wholeNumber(flag, value(), 0, 65535);
        break;
      case "--state": {
        const path = value();
        if (path === "") throw new UsageError("--state needs a file path");
        options.statePath = path;
        break;
      }
      case "--seed": {
        const seed = value();
        if (!(SEED_NAMES as readonly string[]).includes(seed)) {
          throw new UsageError(`--seed must be one of ${SEED_NAMES.join(", ")}, got "${seed}"`);
        }
        options.seed = seed as SeedName;
        break;
      }
      case "--reset":
        noValue();
        options.reset = true;
        break;
      case "--rate-limit":
        options.rateLimit = wholeNumber(flag, value(), 0);
        break;
      case "--fault-rate": {
        const text = value();
        const rate = Number(text);
        if (text.trim() === "" || !Number.isFinite(rate) || rate < 0 || rate > 1) {
          throw new UsageError(`--fault-rate must be a number from 0 to 1, got "${text}"`);
        }
        options.faultRate = rate;
        break;
      }
      case "--latency":
        options.latencyMs = wholeNumber(flag, value(), 0, 60_000);
        break;
      case "--quiet":
        noValue();
        quiet = true;
        break;
      case "--help":
      case "-h":
        help = true;
        break;
      default:
        throw new UsageError(arg.startsWith("-") ? `unknown flag ${flag}` : `unexpected argument "${arg}"`);
    }
  }
  return { options, quiet, help };
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
  lines.push(`state: ${where} (${hub.seeded ? (options.seed ? `new, seeded with ${options.seed}` : "new, empty") : "loaded"})`);
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
