/** The CLI writes through these so tests can capture output without spawning a process. */
import { parseArgs } from "node:util";
import { didYouMean } from "../core";
import { CLI_HINTS, resolveEndpoint, resolveToken } from "../hub";

export interface Io {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export type FlagSpec = Readonly<Record<string, "string" | "boolean">>;

/** The flags of every command that talks to a Hub, with the same environment fallbacks. */
export const HUB_FLAGS = { endpoint: "string", token: "string" } as const satisfies FlagSpec;

/**
 * Flags by Node's own parser (`--name value`, `--name=value`, booleans), strict: an unknown flag
 * is named with the closest known one and the list of the command's flags.
 */
export function parseFlags(
  argv: readonly string[],
  spec: FlagSpec,
): { flags: Record<string, string | boolean>; positionals: string[] } {
  const options = Object.fromEntries(Object.entries(spec).map(([name, type]) => [name, { type }]));
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    const flags: Record<string, string | boolean> = {};
    for (const [name, value] of Object.entries(values))
      if (typeof value === "string" || typeof value === "boolean") flags[name] = value;
    return { flags, positionals };
  } catch (error) {
    throw new UsageError(flagProblem(error, spec));
  }
}

function flagProblem(error: unknown, spec: FlagSpec): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  const known = Object.keys(spec).map((f) => `--${f}`);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? "";
    return `unknown flag ${flag}.${didYouMean(flag, known)} This command takes ${known.join(", ") || "no flags"}.`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const flag = /'(--[a-z-]+)/.exec(message)?.[1] ?? "the flag";
    return `${flag} needs a value, like ${flag}=VALUE`;
  }
  return message;
}

/** Where the Hub is for this command: the flags first, then WEBEXHUB_ENDPOINT / WEBEXHUB_TOKEN. */
export function hubTarget(flags: Record<string, string | boolean>): { endpoint?: string; token?: string } {
  const explicit = { endpoint: stringFlag(flags, "endpoint"), token: stringFlag(flags, "token") };
  const endpoint = resolveEndpoint({ explicit, hints: CLI_HINTS });
  const token = resolveToken({ explicit, hints: CLI_HINTS });
  return { ...(endpoint === undefined ? {} : { endpoint }), ...(token === undefined ? {} : { token }) };
}

/**
 * The Hub of a command that can run offline (`validate`, `plan`): against the Hub when an endpoint
 * is given (--endpoint or WEBEXHUB_ENDPOINT), unless --offline. Says on stderr (not in JSON output)
 * where the rules ran, so a clean result offline is not taken for a clean result live.
 */
export function offlineOrHub(
  flags: Record<string, string | boolean>,
  io: Io,
  quiet: boolean,
): { endpoint?: string; token?: string } {
  const target = flags.offline === true ? {} : hubTarget(flags);
  if (target.endpoint !== undefined && !target.token)
    throw new UsageError("a Hub endpoint is set but no token: pass --token T or set WEBEXHUB_TOKEN (or --offline)");
  if (flags.token !== undefined && target.endpoint === undefined)
    throw new UsageError("--token needs a Hub endpoint: pass --endpoint URL or set WEBEXHUB_ENDPOINT");
  if (!quiet)
    io.stderr.write(
      target.endpoint === undefined
        ? "offline: the rules that need the live Hub (privileges, lockout, unknown users) were not run; pass --endpoint URL or set WEBEXHUB_ENDPOINT for them\n"
        : `against the Hub at ${target.endpoint}\n`,
    );
  return target;
}

export function stringFlag(flags: Record<string, string | boolean>, name: string): string | undefined {
  const value = flags[name];
  return typeof value === "string" ? value : undefined;
}
