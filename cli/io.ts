/** The CLI writes through these so tests can capture output without spawning a process. */
export interface Io {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A tiny flag parser: `--name value` and `--name=value`, with the allowed flags named up front. */
export function parseFlags(
  argv: readonly string[],
  spec: Readonly<Record<string, "string" | "boolean">>,
): { flags: Record<string, string | boolean>; positionals: string[] } {
  const flags: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const [rawName, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const kind = spec[rawName];
    if (!kind) throw new UsageError(`unknown flag --${rawName}; allowed: ${Object.keys(spec).map((f) => `--${f}`).join(", ")}`);
    if (kind === "boolean") {
      flags[rawName] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith("--"))) throw new UsageError(`flag --${rawName} needs a value`);
    flags[rawName] = value;
  }
  return { flags, positionals };
}
