/**
 * Benchmark (not a test): the real Pulumi engine (Automation API, file backend, inline programs)
 * against the mock Hub, on a stack of N resources in the mix of a large partner (bench/world.ts).
 *
 *   npm run bench:engine -- --resources 1000 [--rate-limit 5] [--ops up,refresh] [--skip-checkpoints] [--keep] [--verbose]
 *
 * `--ops` takes any of the five operations below, in order, and `destroy`, which only runs when
 * named (after it the stacks are empty).
 *
 * One line per operation, requests as counted by the mock Hub:
 *
 *   op=<preview|up|preview-nochange|refresh|preview-drift> resources=<N> requests=<R> seconds=<S> failed=<F>
 *
 * `failed` is the number of resources the operation reported an error for (0 when it succeeded).
 * The external administrators live in a second stack acting as the customer's own full
 * administrator (only they may add them); each operation runs both stacks at once and counts both.
 * preview-drift first takes the roles of one PartnerAdmin person in ten away behind Pulumi's back.
 * `BENCH_PULUMI_BIN=<folder>` runs the `pulumi` found there instead (a wrapper that adds
 * `--profiling`, say).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import * as automation from "@pulumi/pulumi/automation";
import * as sdk from "../sdk";
import { startMockHub, type MockHub } from "../mockhub";
import { hermeticEnv, installPackageFor } from "../scripts/hermetic";
import { EXTERNAL_ADMIN_ACTOR, PARTNER_ACTOR, scaleDeclaration, scaleState, type ScaleDeclaration } from "./world";

const REPO_ROOT = resolve(__dirname, "../..");
const PROJECT = "webexhub-bench";

export type BenchOp = "preview" | "up" | "preview-nochange" | "refresh" | "preview-drift" | "destroy";

interface Options {
  readonly resources: number;
  readonly rateLimit: number;
  readonly keep: boolean;
  readonly verbose: boolean;
  /** Print the requests of the previous operation per route (to stderr). */
  readonly routes: boolean;
  /** The operations to run, in order (all five by default). */
  readonly ops: readonly BenchOp[];
  /** Run the engine with PULUMI_SKIP_CHECKPOINTS=true: the state is written once, at the end. */
  readonly skipCheckpoints: boolean;
}

const ALL_OPS: readonly BenchOp[] = ["preview", "up", "preview-nochange", "refresh", "preview-drift"];
/** Run only when asked for (`--ops …,destroy`): the stack is gone after it. */
const EXTRA_OPS: readonly BenchOp[] = ["destroy"];

function options(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      resources: { type: "string", default: "100" },
      "rate-limit": { type: "string", default: "0" },
      keep: { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
      routes: { type: "boolean", default: false },
      ops: { type: "string", default: ALL_OPS.join(",") },
      "skip-checkpoints": { type: "boolean", default: false },
    },
  });
  const resources = Number(values.resources);
  const rateLimit = Number(values["rate-limit"]);
  if (!Number.isInteger(resources) || resources < 10)
    throw new Error(`--resources must be a whole number >= 10, got ${values.resources}`);
  if (!Number.isInteger(rateLimit) || rateLimit < 0)
    throw new Error(
      `--rate-limit must be a whole number of requests per second (0 = none), got ${values["rate-limit"]}`,
    );
  const ops = values.ops.split(",").map((o) => o.trim());
  const known: readonly string[] = [...ALL_OPS, ...EXTRA_OPS];
  const unknown = ops.filter((o) => !known.includes(o));
  if (unknown.length > 0)
    throw new Error(`--ops takes a comma-separated list of ${known.join(", ")}; unknown: ${unknown.join(", ")}`);
  return {
    resources,
    rateLimit,
    keep: values.keep,
    verbose: values.verbose,
    routes: values.routes,
    ops: ops as BenchOp[],
    skipCheckpoints: values["skip-checkpoints"],
  };
}

function pulumiBinDir(): string {
  // Another CLI (a wrapper that profiles, say) without editing this file.
  if (process.env.BENCH_PULUMI_BIN) return process.env.BENCH_PULUMI_BIN;
  const out = spawnSync("bash", [join(REPO_ROOT, "scripts/ensure-pulumi.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const dir = out.stdout.trim().split("\n").pop()?.trim();
  if (out.status !== 0 || !dir) throw new Error("scripts/ensure-pulumi.sh did not name a folder holding pulumi");
  return dir;
}

/** The partner's stack: PartnerAdmins, CustomerAssignments, RestrictedModes. */
function partnerProgram(d: ScaleDeclaration): automation.PulumiFn {
  return async () => {
    for (const r of d.partnerAdmins) new sdk.PartnerAdmin(r.name, { email: r.email, roles: r.roles });
    for (const r of d.customerAssignments)
      new sdk.CustomerAssignment(r.name, { adminEmail: r.adminEmail, customerOrgIds: r.customerOrgIds });
    for (const r of d.restrictedModes) new sdk.RestrictedMode(r.name, { orgId: r.orgId, enabled: r.enabled });
  };
}

/** The customer's stack: its external administrators. */
function customerProgram(d: ScaleDeclaration): automation.PulumiFn {
  return async () => {
    for (const r of d.externalAdmins) new sdk.ExternalAdmin(r.name, { orgId: r.orgId, email: r.email, role: r.role });
  };
}

interface Outcome {
  readonly failed: number;
  readonly error?: string;
}

/** One operation on one stack; the resources it reported an error for. */
async function run(stack: automation.Stack, op: BenchOp, verbose: boolean): Promise<Outcome> {
  const failedUrns = new Set<string>();
  const onEvent = (event: automation.EngineEvent): void => {
    const urn =
      event.resOpFailedEvent?.metadata.urn ??
      (event.diagnosticEvent?.severity === "error" ? event.diagnosticEvent.urn : undefined);
    if (urn) failedUrns.add(urn);
  };
  const common = {
    onEvent,
    color: "never" as const,
    ...(verbose ? { onOutput: (s: string) => process.stderr.write(s) } : {}),
  };
  try {
    if (op === "up") await stack.up(common);
    else if (op === "refresh") await stack.refresh(common);
    else if (op === "destroy") await stack.destroy(common);
    else await stack.preview(common);
    return { failed: failedUrns.size };
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    const lines = text
      .split("\n")
      .filter((l) => /error/i.test(l))
      .slice(0, 5);
    return { failed: Math.max(1, failedUrns.size), error: lines.join("\n") };
  }
}

/** One PartnerAdmin person in ten loses their roles behind Pulumi's back. */
async function drift(hub: MockHub, d: ScaleDeclaration): Promise<void> {
  const token = hub.tokens[PARTNER_ACTOR] ?? "";
  const state = hub.snapshot();
  const targets = d.partnerAdmins.filter((_, i) => i % 10 === 0);
  for (const r of targets) {
    const p = state.people.find((x) => x.emails[0] === r.email);
    if (!p) continue;
    const body = {
      emails: p.emails,
      displayName: p.displayName,
      firstName: p.firstName,
      lastName: p.lastName,
      roles: [],
    };
    for (;;) {
      const res = await fetch(`${hub.url}/v1/people/${p.id}`, {
        method: "PUT",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      // Under --rate-limit the change behind Pulumi's back is limited too: wait as the Hub says.
      if (res.status === 429) {
        await new Promise((resolve) => setTimeout(resolve, 1000 * Number(res.headers.get("Retry-After") ?? 1)));
        continue;
      }
      if (!res.ok) throw new Error(`drift: PUT /people/${p.id}: ${res.status} ${await res.text()}`);
      break;
    }
  }
}

/** The Pulumi CLI in `binDir`, put on PATH too when it is not a `bin` folder the SDK finds by its root. */
async function pulumiCommand(binDir: string): Promise<automation.PulumiCommand> {
  if (basename(binDir) !== "bin") process.env.PATH = `${binDir}:${process.env.PATH ?? ""}`;
  return automation.PulumiCommand.get({
    ...(basename(binDir) === "bin" ? { root: dirname(binDir) } : {}),
    skipVersionCheck: true,
  });
}

/** A fresh folder for the run (backend, Pulumi home, the Hub's files, one per stack) and the Hub seeded at scale. */
async function startWorld(opts: Options): Promise<{ dir: string; hub: MockHub }> {
  const dir = mkdtempSync(join(tmpdir(), "webexhub-bench-"));
  for (const d of ["backend", "home", "hub", "partner", "customer"]) mkdirSync(join(dir, d), { recursive: true });
  installPackageFor(dir, REPO_ROOT);
  const statePath = join(dir, "hub/state.json");
  writeFileSync(statePath, JSON.stringify(scaleState(opts.resources)));
  const hub = await startMockHub({
    port: 0,
    statePath,
    tokensPath: join(dir, "hub/tokens.json"),
    rateLimit: opts.rateLimit,
  });
  return { dir, hub };
}

/** The partner's and the customer's stacks, each configured with its own actor's token. */
async function createStacks(
  dir: string,
  env: Record<string, string>,
  command: automation.PulumiCommand,
  hub: MockHub,
  declaration: ScaleDeclaration,
): Promise<automation.Stack[]> {
  const programs = [
    ["partner", PARTNER_ACTOR, partnerProgram(declaration)],
    ["customer", EXTERNAL_ADMIN_ACTOR, customerProgram(declaration)],
  ] as const;
  return Promise.all(
    programs.map(async ([name, actor, program]) => {
      const stack = await automation.LocalWorkspace.createOrSelectStack(
        { stackName: name, projectName: PROJECT, program },
        {
          workDir: join(dir, name),
          envVars: env,
          pulumiCommand: command,
          projectSettings: { name: PROJECT, runtime: "nodejs" },
        },
      );
      await stack.setConfig("webexhub:endpoint", { value: hub.url });
      await stack.setConfig("webexhub:token", { value: hub.tokens[actor] ?? "", secret: true });
      return stack;
    }),
  );
}

/** One operation on both stacks at once, and its line of figures (requests counted by the Hub). */
async function measure(
  op: BenchOp,
  stacks: readonly automation.Stack[],
  hub: MockHub,
  declaration: ScaleDeclaration,
  opts: Options,
): Promise<void> {
  if (op === "preview-drift") await drift(hub, declaration);
  hub.resetStats();
  const started = performance.now();
  const outcomes = await Promise.all(
    stacks.map((s) => run(s, op === "up" || op === "refresh" || op === "destroy" ? op : "preview", opts.verbose)),
  );
  const seconds = (performance.now() - started) / 1000;
  const failed = outcomes.reduce((n, o) => n + o.failed, 0);
  process.stdout.write(
    `op=${op} resources=${opts.resources} requests=${hub.stats().total} seconds=${seconds.toFixed(1)} failed=${failed}\n`,
  );
  for (const o of outcomes) if (o.error) process.stderr.write(`  ${op}: ${o.error}\n`);
  if (opts.routes) process.stderr.write(`  routes: ${JSON.stringify(hub.stats().byRoute)}\n`);
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const binDir = pulumiBinDir();
  const command = await pulumiCommand(binDir);
  const { dir, hub } = await startWorld(opts);
  const env = {
    ...hermeticEnv(dir, binDir, "bench-passphrase"),
    ...(opts.skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {}),
  };
  const declaration = scaleDeclaration(opts.resources);
  try {
    const stacks = await createStacks(dir, env, command, hub, declaration);
    for (const op of opts.ops) await measure(op, stacks, hub, declaration, opts);
  } finally {
    await hub.close();
    if (opts.keep) process.stderr.write(`kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:engine: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
