/**
 * The `webexhub` command line: validate, plan, mock-hub, export, access, history. Every command answers
 * `--help`/`-h`; `webexhub --version` prints the package version. Usage errors exit 2 with a
 * message naming the flag; no stack traces for bad input.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MOCK_HUB_USAGE, runMockHubCli } from "../mockhub";
import { runAccess } from "./access";
import { runExport } from "./export";
import { runHistory } from "./history";
import { type Io, UsageError } from "./io";
import { loadLive } from "./live";
import { runPlan } from "./plan";
import { POLICY_HELP } from "./policy";
import { runValidate } from "./validate";
import { didYouMean } from "../core";

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly details: string;
  readonly run: (argv: readonly string[], io: Io) => Promise<number>;
}

const HUB_FLAGS_HELP = `  --endpoint URL      the Hub API base URL (default: WEBEXHUB_ENDPOINT), like https://webexapis.com
  --token T           an access token (default: WEBEXHUB_TOKEN; prefer the variable: flags end up in shell history)`;

const APPLIER_HELP = `  --applier EMAIL     judge who may make the change as this person, the one whose token applies it
                      (default: WEBEXHUB_APPLIER; needs a Hub), for a job holding a read-only token`;

const COMMANDS: Readonly<Record<string, Command>> = {
  validate: {
    summary: "check a GitOps file: offline, or with the live Hub every rule",
    usage:
      "webexhub validate FILE [--format text|json] [--policy POLICY] [--applier EMAIL] " +
      "[--endpoint URL --token T | --offline]",
    details: `Checks the file against its schema and the role rules. With a Hub (--endpoint or
WEBEXHUB_ENDPOINT) also the rules that need it: privileges of the token's person, lockout,
unknown users. Exit 0: no error (warnings allowed); 1: a rule is broken; 2: the file cannot be used.

  --format text|json  text (default) or {"ok", "violations": [{code, severity, path, message}]}
  --offline           ignore WEBEXHUB_ENDPOINT and check the file alone
${POLICY_HELP}
${APPLIER_HELP}
${HUB_FLAGS_HELP}`,
    run: (argv, io) => runValidate(argv, io, { loadLive }),
  },
  plan: {
    summary: "the reviewer's view: roles and privileges gained and lost, per person",
    usage:
      "webexhub plan FILE [--base BASE_FILE] [--policy POLICY] [--applier EMAIL] [--format text|markdown|json] " +
      "[--endpoint URL --token T | --offline]",
    details: `Per organization and person: roles added and removed, privileges gained and lost, takeovers,
customers assigned and unassigned, Restricted Administrator Mode, and every rule violation.
markdown is made to be posted on a pull request. Exit codes as validate.

  --base BASE_FILE    the change is from this version of the file (e.g. the pull request's base), offline
                      or with a Hub; the Hub then adds names, what it holds now and who applies
  --format text|markdown|json
  --offline           ignore WEBEXHUB_ENDPOINT
${POLICY_HELP}
${APPLIER_HELP}
${HUB_FLAGS_HELP}`,
    run: (argv, io) => runPlan(argv, io, { loadLive }),
  },
  export: {
    summary: "write the live admins as a GitOps file or the administrators CSV",
    usage: "webexhub export [--format yaml|csv] [--org ORG] [--endpoint URL --token T]",
    details: `Reads the Hub and prints a partner or customer file (to adopt what exists) or the
administrators CSV (First Name, Last Name, Display Name, User ID/Email, Admin Role).

  --format yaml|csv   yaml (default) or csv
  --org ORG           the organization to export (default: the token's own)
${HUB_FLAGS_HELP}`,
    run: runExport,
  },
  access: {
    summary: "print a person's effective access",
    usage: "webexhub access EMAIL [--org ORG] [--format text|json] [--endpoint URL --token T]",
    details: `Privilege → level, in the person's own organization and in the customers they manage.

  --org ORG           only this organization
  --format text|json
${HUB_FLAGS_HELP}`,
    run: runAccess,
  },
  history: {
    summary: "a person's admin-role changes from the Hub's audit trail, newest first",
    usage:
      "webexhub history EMAIL [--since DATE|DURATION] [--org ORG_ID] [--format text|json] [--endpoint URL --token T]",
    details: `When, who, what and in which organization, from the admin audit events (the token needs to
be allowed to read them). Exit 0: listed (perhaps none); 1: no such user, or the trail cannot be read.

  --since DATE|DURATION  from this date (2026-11-01, 2026-11-01T08:00:00Z) or this long ago (12h, 30d, 8w);
                      default 30d, at most a year
  --org ORG_ID        the organization whose trail to read (default: the person's own; an external
                      administrator's grants are in the customer's)
  --format text|json
${HUB_FLAGS_HELP}`,
    run: (argv, io) => runHistory(argv, io),
  },
  "mock-hub": {
    summary: "run the mock Hub API on loopback",
    usage:
      "webexhub mock-hub [--port P] [--state FILE] [--seed demo] [--profile default|webex] [--reset] [--rate-limit N] [--fault-rate P] [--latency MS]",
    // The flags are the mock's own list; the pointer is to a page the package ships (docs/ is in "files").
    details: `A local stand-in for the Webex API on 127.0.0.1, with its state in a JSON file.
${MOCK_HUB_USAGE.split("\n").slice(2).join("\n").trimEnd()}
The mock Hub, its extensions and its seeds: docs/hub-api.md in this package.`,
    run: (argv, io) => runMockHubCli([...argv], io),
  },
};

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: webexhub <command> [flags]

commands:
${lines.join("\n")}

Run \`webexhub <command> --help\` for a command's flags; \`webexhub --version\` for the version.
The endpoint and token may come from WEBEXHUB_ENDPOINT and WEBEXHUB_TOKEN for every command.
`;
}

/** The version of the installed package (found from the build in dist/ or from the sources). */
export function packageVersion(): string {
  for (const path of [join(__dirname, "..", "..", "package.json"), join(__dirname, "..", "package.json")]) {
    try {
      const pkg = JSON.parse(readFileSync(path, "utf8")) as { name?: unknown; version?: unknown };
      if (pkg.name === "pulumi-webexhub" && typeof pkg.version === "string") return pkg.version;
    } catch {
      // Not here: try the next place.
    }
  }
  return "unknown";
}

const wantsHelp = (argv: readonly string[]): boolean => argv.some((a) => a === "--help" || a === "-h");

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(overview());
    return 2;
  }
  if (name === "help" || name === "--help" || name === "-h") {
    const topic = rest[0] !== undefined ? COMMANDS[rest[0]] : undefined;
    io.stdout.write(topic ? `usage: ${topic.usage}\n\n${topic.details}\n` : overview());
    return 0;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    io.stdout.write(`webexhub ${packageVersion()}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`webexhub: unknown command "${name}".${didYouMean(name, Object.keys(COMMANDS))}\n\n${overview()}`);
    return 2;
  }
  if (wantsHelp(rest)) {
    io.stdout.write(`usage: ${command.usage}\n\n${command.details}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const message = error instanceof UsageError ? `${error.message}\nusage: ${command.usage}` : describeError(error);
    io.stderr.write(`webexhub ${name}: ${message}\n`);
    return 2;
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" ? `${error.message} [${code}]` : error.message;
  }
  return String(error);
}
