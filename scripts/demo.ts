/**
 * `npm run demo`: the root Pulumi project (Pulumi.yaml + examples/demo/index.ts) against the bundled mock Hub,
 * through the real Pulumi CLI, from nothing:
 *
 *   1. makes the Pulumi CLI available (scripts/ensure-pulumi.sh; the first run may build it);
 *   2. starts the mock Hub in this process with the demo seed, its state in a temporary folder;
 *   3. previews and applies the two stacks of the demo program (`partner`, then `customer-01`)
 *      through the Automation API, as inline programs with the repository's Pulumi.yaml (copied
 *      into the temporary folder without `main`, which the inline program replaces; the Node.js
 *      language host cannot be built here, see examples/demo/index.ts);
 *   4. prints what changed, from the Hub's admin audit events (actor, action, target, before → after);
 *   5. previews both stacks again to show they converged (no changes).
 *
 * Nothing is destroyed: the stacks are left as applied, and then the temporary folder (file
 * backend, PULUMI_HOME, Hub state) is deleted and the Hub stops, so every run starts from the
 * seed. A destroy would strip every declared role, the two full admins' included, which the
 * lockout guard refuses for the last one (last-full-admin; the e2e suite covers destroy).
 * `--keep` keeps the folder and prints how to look at it; `--verbose` streams the CLI's output.
 *
 * Hermetic: file backend, fixed passphrase, no update check, no plugin download, proxies pointed at
 * a closed loopback port; the Hub is on 127.0.0.1.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import * as automation from "@pulumi/pulumi/automation";
import { parse, stringify } from "yaml";
import type { WireAuditEvent, WireList, WireOrganization } from "../api";
import { DEMO_PARTNER_ORG_ID, demoCustomerOrgId, startMockHub, type MockHub } from "../mockhub";
import demoProgram = require("../examples/demo/index");
import { hermeticEnv, installPackageFor } from "./hermetic";

/** dist/scripts/demo.js → the repository. */
const REPO_ROOT = resolve(__dirname, "../..");
const PROJECT = "webexhub-demo";
const PARTNER_ADMIN = "admin@partner.example";

interface StackPlan {
  readonly name: string;
  readonly asEmail: string;
  readonly config: Record<string, string>;
  readonly what: string;
}

const STACKS: readonly StackPlan[] = [
  { name: "partner", asEmail: PARTNER_ADMIN, config: {}, what: "partner admins, customers, restricted mode" },
  {
    name: "customer-01",
    asEmail: "admin@customer01.example",
    config: { [`${PROJECT}:customerOrgId`]: demoCustomerOrgId(1) },
    what: "external admins of Customer 01",
  },
];

interface DemoOptions {
  /** Keep the temporary folder and print how to look at it. */
  readonly keep: boolean;
  /** Stream the Pulumi CLI's output. */
  readonly verbose: boolean;
}

function demoOptions(argv: readonly string[]): DemoOptions {
  return { keep: argv.includes("--keep"), verbose: argv.includes("--verbose") };
}

const tty = process.stdout.isTTY === true && !process.env.NO_COLOR;
const style =
  (code: string) =>
  (text: string): string =>
    tty ? `\u001b[${code}m${text}\u001b[0m` : text;
const bold = style("1");
const dim = style("2");
const green = style("32");
const red = style("31");

const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const say = (line = ""): void => {
  process.stdout.write(`${line}\n`);
};

/** scripts/ensure-pulumi.sh: quiet when the CLI is there, its progress shown when it builds. */
function ensurePulumi(): Promise<string> {
  return new Promise((resolvePath, reject) => {
    const child = spawn("bash", [join(REPO_ROOT, "scripts/ensure-pulumi.sh")], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let streaming = false;
    const slow = setTimeout(() => {
      streaming = true;
      say(dim("  (first run: making the Pulumi CLI available, this takes a few minutes)"));
      process.stderr.write(err);
    }, 3000);
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      if (streaming) process.stderr.write(chunk);
      else err += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(slow);
      const dir = out.trim().split("\n").pop()?.trim() ?? "";
      if (code !== 0 || !dir) {
        if (!streaming) process.stderr.write(err);
        reject(new Error(`scripts/ensure-pulumi.sh failed (exit ${code ?? "signal"})`));
      } else resolvePath(dir);
    });
  });
}

async function pulumiCommand(binDir: string): Promise<automation.PulumiCommand> {
  if (basename(binDir) === "bin")
    return automation.PulumiCommand.get({ root: dirname(binDir), skipVersionCheck: true });
  process.env.PATH = `${binDir}:${process.env.PATH ?? ""}`;
  return automation.PulumiCommand.get({ skipVersionCheck: true });
}

// ---------------------------------------------------------------------------------------------
// The Hub's audit log, readable.

async function hubGet<T>(hub: MockHub, path: string): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined = `${hub.url}/v1${path}`;
  while (next) {
    const response: Response = await fetch(next, {
      headers: { Authorization: `Bearer ${hub.tokens[PARTNER_ADMIN] ?? ""}` },
    });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    items.push(...((await response.json()) as WireList<T>).items);
    next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1];
  }
  return items;
}

const ALL_TIME = "from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z";

async function printAudit(hub: MockHub): Promise<void> {
  // Webex keeps audit events per org: read those of every org the partner admin administers.
  const orgs = await hubGet<WireOrganization>(hub, "/organizations");
  const perOrg = await Promise.all(
    orgs.map((o) =>
      hubGet<WireAuditEvent>(hub, `/adminAudit/events?orgId=${encodeURIComponent(o.id)}&${ALL_TIME}&max=200`),
    ),
  );
  const events = perOrg.flat().sort((x, y) => x.created.localeCompare(y.created));
  // One assign call per customer: show a run of them for one person as one change.
  const rows: Array<[string, string, string, string]> = [];
  let run = 0;
  events.forEach((ev, i) => {
    const prev = events[i - 1];
    const d = ev.data;
    const grouped =
      prev !== undefined &&
      d.eventCategory === "PARTNER_ADMINS" &&
      prev.data.eventDescription === d.eventDescription &&
      prev.data.targetId === d.targetId &&
      prev.actorId === ev.actorId;
    if (grouped) {
      run += 1;
      const last = rows[rows.length - 1];
      if (last) last[3] = `${d.actionText ?? ""} (and ${run} more)`;
      return;
    }
    run = 0;
    rows.push([d.actorEmail ?? ev.actorId, d.eventDescription ?? "", d.targetOrgName ?? "", d.actionText ?? ""]);
  });
  say(bold(`What changed in the Hub (${events.length} audit events; assignments grouped per person):`));
  const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  for (const r of rows)
    say(`  ${dim(r[0].padEnd(width[0] ?? 0))}  ${r[1].padEnd(width[1] ?? 0)}  ${r[2].padEnd(width[2] ?? 0)}  ${r[3]}`);
}

// ---------------------------------------------------------------------------------------------

function summarize(changes: Record<string, number> | undefined, verbs: Record<string, string>): string {
  const parts = Object.entries(changes ?? {})
    .filter(([kind, n]) => kind !== "same" && n > 0)
    .map(([kind, n]) => `${n} ${verbs[kind] ?? kind}`);
  return parts.length > 0 ? parts.join(", ") : "no changes";
}

const PREVIEW_VERBS = { create: "to create", update: "to update", delete: "to delete", replace: "to replace" };
const UP_VERBS = { create: "created", update: "updated", delete: "deleted", replace: "replaced" };

/** The CLI's error, without the Automation API's wrapping: the lines that say what went wrong. */
function cliError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split("\n").filter((l) => /error:|\[[a-z-]+\]/.test(l));
  return (lines.length > 0 ? [...new Set(lines.map((l) => l.trim()))] : [text]).slice(0, 8).join("\n    ");
}

/** The temporary folder, the Pulumi CLI and the mock Hub the demo's stacks run against. */
interface Setup {
  readonly dir: string;
  readonly workDir: string;
  readonly binDir: string;
  readonly command: automation.PulumiCommand;
  readonly hub: MockHub;
  readonly env: Record<string, string>;
}

async function setUp(): Promise<Setup> {
  const binDir = await ensurePulumi();
  const command = await pulumiCommand(binDir);
  const dir = mkdtempSync(join(tmpdir(), "webexhub-demo-"));
  const workDir = join(dir, "project");
  for (const d of ["backend", "home", "hub", "project"]) mkdirSync(join(dir, d), { recursive: true });
  installPackageFor(dir, REPO_ROOT);
  // The repository's project file, less `main` (the CLI insists that it exists beside the file;
  // the inline program stands for it), in the temporary folder: the stack files (encrypted
  // config) go beside the copy, not into the repository.
  const project = parse(readFileSync(join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
  delete project.main;
  writeFileSync(join(workDir, "Pulumi.yaml"), stringify(project));
  const hub = await startMockHub({
    port: 0,
    seed: "demo",
    statePath: join(dir, "hub/state.json"),
    tokensPath: join(dir, "hub/tokens.json"),
  });
  const env = hermeticEnv(dir, binDir, "webexhub-demo");
  say(
    `  ${dim("setup")}        Pulumi CLI ${command.version?.toString() ?? ""} ${dim(`(${binDir})`)} · mock Hub ${hub.url} ${dim("(demo seed)")}`,
  );
  return { dir, workDir, binDir, command, hub, env };
}

/** One stack: configured as its admin, previewed and brought up; undefined when either failed. */
async function runStack(plan: StackPlan, setup: Setup, options: DemoOptions): Promise<automation.Stack | undefined> {
  const { hub } = setup;
  const stack = await automation.LocalWorkspace.createOrSelectStack(
    { stackName: plan.name, projectName: PROJECT, program: demoProgram },
    { workDir: setup.workDir, envVars: setup.env, pulumiCommand: setup.command },
  );
  await stack.setConfig("webexhub:endpoint", { value: hub.url });
  await stack.setConfig("webexhub:token", { value: hub.tokens[plan.asEmail] ?? "", secret: true });
  // What no Webex API says: the demo partner sells wholesale, and which partner manages a customer.
  await stack.setConfig("webexhub:wholesale", { value: "true" });
  await stack.setConfig("webexhub:partnerOrgId", { value: DEMO_PARTNER_ORG_ID });
  for (const [key, value] of Object.entries(plan.config)) await stack.setConfig(key, { value });

  const label = plan.name.padEnd(12);
  const stream = options.verbose ? { onOutput: (out: string) => process.stdout.write(out) } : {};
  say(`  ${bold(label)} ${dim(`as ${plan.asEmail}: ${plan.what}`)}`);
  let t = Date.now();
  try {
    const preview = await stack.preview({ color: "never", ...stream });
    say(`  ${"".padEnd(12)} preview  ${summarize(preview.changeSummary, PREVIEW_VERBS)} ${dim(`(${seconds(t)})`)}`);
    t = Date.now();
    const up = await stack.up({ color: "never", ...stream });
    say(
      `  ${"".padEnd(12)} up       ${green(summarize(up.summary.resourceChanges, UP_VERBS))} ${dim(`(${seconds(t)})`)}`,
    );
    return stack;
  } catch (error) {
    say(`  ${"".padEnd(12)} ${red("failed")}\n    ${cliError(error)}`);
    return undefined;
  }
}

/** A second preview of every stack: the demo converged when none has a change left. */
async function previewAgain(stacks: readonly automation.Stack[]): Promise<boolean> {
  say();
  const t = Date.now();
  const again = await Promise.all(
    stacks.map(async (s) => summarize((await s.preview({ color: "never" })).changeSummary, PREVIEW_VERBS)),
  );
  const converged = again.every((s) => s === "no changes");
  say(`${bold("Preview again:")} ${converged ? green("no changes") : red(again.join("; "))} ${dim(`(${seconds(t)})`)}`);
  return converged;
}

async function tearDown(setup: Setup, keep: boolean): Promise<void> {
  const { dir, workDir, binDir } = setup;
  await setup.hub.close();
  if (keep) {
    say();
    say(`Kept ${dir}: Hub state in hub/, stacks in backend/. To look at them:`);
    say(
      dim(
        `  export PATH=${binDir}:$PATH PULUMI_BACKEND_URL=file://${join(dir, "backend")} PULUMI_HOME=${join(dir, "home")} PULUMI_CONFIG_PASSPHRASE=webexhub-demo`,
      ),
    );
    say(dim(`  cd ${workDir} && pulumi stack ls && pulumi stack export --stack partner`));
    say(dim(`  node ${join(REPO_ROOT, "bin/webexhub.js")} mock-hub --state ${join(dir, "hub/state.json")}`));
  } else if (existsSync(dir)) {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(options: DemoOptions): Promise<number> {
  const started = Date.now();
  say(bold("webexhub demo: Webex admin roles as code, through the Pulumi engine, against the mock Hub"));
  say();
  const setup = await setUp();
  let failed = false;
  try {
    const stacks: automation.Stack[] = [];
    for (const plan of STACKS) {
      const stack = await runStack(plan, setup, options);
      if (stack === undefined) {
        failed = true;
        break;
      }
      stacks.push(stack);
    }
    say();
    await printAudit(setup.hub);
    if (!failed) failed = !(await previewAgain(stacks));
  } finally {
    await tearDown(setup, options.keep);
  }
  say();
  say(
    dim(
      `Done in ${seconds(started)}. The stacks were left as applied${options.keep ? "." : "; the temporary Hub and state are gone (--keep keeps them)."}`,
    ),
  );
  return failed ? 1 : 0;
}

main(demoOptions(process.argv.slice(2))).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `${red("demo failed:")} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
