/**
 * The `webexhub` command line: validate, plan, mock-hub, export, access. Usage errors exit 2 with a
 * message naming the flag; no stack traces for bad input.
 */
import { runMockHubCli } from "../mockhub/cli";
import { runAccess } from "./access";
import { runExport } from "./export";
import { type Io, UsageError } from "./io";
import { loadLive } from "./live";
import { runValidate } from "./validate";
import { runPlan } from "./plan";

const USAGE = `usage: webexhub <command> [flags]

commands:
  validate FILE [--format text|json] [--endpoint URL --token T]
                         check a GitOps file (offline, or with the live Hub: every rule)
  plan FILE [--base BASE_FILE] [--format text|markdown|json] [--endpoint URL --token T]
                         the reviewer's view: roles and privileges gained and lost, per person
  mock-hub [--port P] [--state FILE] [--seed demo] [--reset] [--rate-limit N] [--fault-rate P] [--latency MS]
                         run the mock Hub API
  export [--format yaml|csv] [--org ORG] [--endpoint URL --token T]
                         write the live admins as a GitOps file or the administrators CSV
  access EMAIL [--org ORG] [--endpoint URL --token T]
                         print a person's effective access

The token may also come from WEBEXHUB_TOKEN, the endpoint from WEBEXHUB_ENDPOINT (export, access).
`;

type Command = (argv: readonly string[], io: Io) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  validate: (argv, io) => runValidate(argv, io, { loadLive }),
  plan: (argv, io) => runPlan(argv, io, { loadLive }),
  "mock-hub": (argv, io) => runMockHubCli([...argv], io),
  export: runExport,
  access: runAccess,
};

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    io.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  const load = COMMANDS[command];
  if (!load) {
    io.stderr.write(`webexhub: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await load(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`webexhub ${command}: ${error.message}\n`);
      return 2;
    }
    const described = describeError(error);
    io.stderr.write(`webexhub ${command}: ${described}\n`);
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
