/**
 * Benchmark (not a test): `webexhub validate` on a generated partner file with 2,000 admins and
 * 50,000 customer assignments, end to end in-process (read + YAML parse + schema + rules + output),
 * offline and with a generated Hub world of matching size (the live rules: world + actor).
 *
 *   npm run bench                      # builds, then: node dist/bench/validate-bench.js
 *   node dist/bench/validate-bench.js --runs 15 --keep
 *
 * Target (issue 2): under 1 s for the offline validation on this machine.
 */
import { mkdtempSync, rmSync, writeFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { stringify } from "yaml";
import type { Io } from "../cli/io";
import { runValidate, type LiveContext } from "../cli/validate";
import { desiredOfFile, parseGitOpsFile, type Desired, type GitOpsFile, type PartnerFile } from "../core";
import type { RoleId } from "../core";
import { evaluate } from "../core";
import type { ExternalAdminGrant, Org, Person, World } from "../core";
import { validateSchema } from "../core";

const ADMINS = 2_000;
const ASSIGNMENTS = 50_000;
const CUSTOMERS = 12_000;
const MAX_PER_ADMIN = 500;
const PARTNER = "org-partner";
const NOW = new Date("2026-06-01T00:00:00Z");

// ---------------------------------------------------------------------------------------------
// Deterministic generation.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const customerId = (i: number): string => `org-cust-${String(i).padStart(5, "0")}`;
const email = (i: number): string => `admin${String(i).padStart(4, "0")}@partner.example`;

interface Generated {
  readonly file: PartnerFile;
  readonly mix: Record<string, number>;
  readonly assignments: number;
  readonly maxPerAdmin: number;
}

/** A realistic mix: a few full admins, mostly partner admins with assigned customers, sales, help desk. */
function generateFile(): Generated {
  const random = mulberry32(2);
  const admins: PartnerFile["admins"] = [];
  const mix: Record<string, number> = {};
  const plan: Array<{ roles: RoleId[]; assignable: boolean; count: number }> = [
    { roles: ["full_admin", "partner_full_admin", "wholesale_admin"], assignable: false, count: 3 },
    { roles: ["full_admin", "partner_full_admin", "advanced_troubleshooting"], assignable: false, count: 2 },
    { roles: ["partner_full_admin"], assignable: false, count: 15 },
    { roles: ["readonly_admin", "partner_readonly_admin"], assignable: false, count: 20 },
    { roles: ["partner_readonly_admin"], assignable: false, count: 160 },
    { roles: ["partner_admin"], assignable: true, count: 900 },
    { roles: ["partner_admin", "wholesale_admin"], assignable: true, count: 250 },
    { roles: ["partner_admin", "sales_admin"], assignable: true, count: 50 },
    { roles: ["sales_admin"], assignable: true, count: 300 },
    { roles: ["sales_full_admin"], assignable: false, count: 40 },
    { roles: ["helpdesk_basic"], assignable: false, count: 150 },
    { roles: ["helpdesk_advanced"], assignable: false, count: 100 },
    { roles: ["support_admin", "helpdesk_basic"], assignable: false, count: 10 },
  ];
  const total = plan.reduce((sum, p) => sum + p.count, 0);
  if (total !== ADMINS) throw new Error(`role plan adds up to ${total}, not ${ADMINS}`);
  const assignable = plan.filter((p) => p.assignable).reduce((sum, p) => sum + p.count, 0);

  // Customers per assignable admin: a few at the 500 cap, the rest spread unevenly.
  const heavy = 20;
  const counts: number[] = Array.from({ length: assignable }, (_, i) => (i < heavy ? MAX_PER_ADMIN : 1));
  let remaining = ASSIGNMENTS - counts.reduce((s, c) => s + c, 0);
  while (remaining > 0) {
    const i = heavy + Math.floor(random() * (assignable - heavy));
    const add = Math.min(remaining, 1 + Math.floor(random() * 20), MAX_PER_ADMIN - (counts[i] as number));
    if (add <= 0) continue;
    counts[i] = (counts[i] as number) + add;
    remaining -= add;
  }

  let n = 0;
  let a = 0;
  for (const p of plan) {
    for (let k = 0; k < p.count; k++) {
      const entry: PartnerFile["admins"][number] = { email: email(n++), roles: [...p.roles] };
      if (p.assignable) {
        const count = counts[a++] as number;
        const start = Math.floor(random() * CUSTOMERS);
        entry.customers = Array.from({ length: count }, (_, j) => customerId((start + j * 7) % CUSTOMERS));
      }
      admins.push(entry);
      const key = p.roles.join("+");
      mix[key] = (mix[key] ?? 0) + 1;
    }
  }
  // Every 6th customer has Restricted Administrator Mode declared (some off).
  const customers = Array.from({ length: CUSTOMERS / 6 }, (_, i) => ({
    orgId: customerId(i * 6),
    restrictedMode: i % 5 !== 0,
  }));
  const assignments = admins.reduce((s, x) => s + (x.customers?.length ?? 0), 0);
  const maxPerAdmin = Math.max(...admins.map((x) => x.customers?.length ?? 0));
  return {
    file: { apiVersion: "webexhub/v1", partner: { orgId: PARTNER, wholesale: true }, admins, customers },
    mix,
    assignments,
    maxPerAdmin,
  };
}

/**
 * A Hub of matching size: the partner, its customer orgs (two members each), the 2,000 partner
 * members as the file declares them except for a drift of 2% (so the live rules see real changes),
 * their current assignments, and external admins in a tenth of the customers.
 */
function generateWorld(file: PartnerFile): { world: World; actor: Person } {
  const random = mulberry32(3);
  const orgs: Org[] = [{ id: PARTNER, displayName: "Bench Partner", kind: "partner", wholesale: true }];
  const people: Person[] = [];
  const assignments: Record<string, string[]> = {};
  const externalAdmins: ExternalAdminGrant[] = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const id = customerId(i);
    orgs.push({ id, displayName: `Customer ${i}`, kind: "customer", managedBy: PARTNER, restrictedMode: i % 3 !== 0 });
    people.push({ id: `p-${id}-1`, email: `admin1@${id}.example`, orgId: id, roles: ["full_admin"] });
    people.push({
      id: `p-${id}-2`,
      email: `admin2@${id}.example`,
      orgId: id,
      roles: ["full_admin", "compliance_officer"],
    });
    if (i % 10 === 0) externalAdmins.push({ orgId: id, personId: "p-0000", role: "external_full_admin" });
  }
  file.admins.forEach((admin, i) => {
    const drift = random() < 0.02;
    const roles: RoleId[] = drift ? ["partner_readonly_admin"] : [...admin.roles];
    const id = `p-${String(i).padStart(4, "0")}`;
    people.push({ id, email: admin.email, orgId: PARTNER, roles });
    if (admin.customers) assignments[id] = drift ? admin.customers.slice(1) : [...admin.customers];
  });
  const actor = people.find((p) => p.email === email(0));
  if (!actor) throw new Error("no actor");
  return { world: { partnerOrgId: PARTNER, orgs, people, assignments, externalAdmins }, actor };
}

// ---------------------------------------------------------------------------------------------

const sink: Io = { stdout: { write: () => true }, stderr: { write: () => true } };

function stats(times: number[]): { median: number; min: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;

async function time(runs: number, fn: () => Promise<unknown> | unknown): Promise<number[]> {
  await fn(); // warm-up: compiles the ajv validators and the JIT
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times;
}

function report(label: string, times: number[], extra = ""): void {
  const { median, min, max } = stats(times);
  console.log(
    `${label.padEnd(44)} median ${ms(median).padStart(10)}   min ${ms(min).padStart(10)}   max ${ms(max).padStart(10)}${extra}`,
  );
}

/** `--runs N` (7 by default) and `--keep` (leave the generated file in place). */
function benchOptions(args: readonly string[]): { runs: number; keep: boolean } {
  const runsAt = args.indexOf("--runs");
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 7;
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs needs a positive integer");
  return { runs, keep: args.includes("--keep") };
}

/** What is measured, so that figures from different machines or versions can be compared. */
function printInputs(runs: number, path: string, generated: Generated, world: World, actor: Person): void {
  console.log(`webexhub validate benchmark (node ${process.version}, ${runs} runs after a warm-up)`);
  console.log(`file: ${path} (${(statSync(path).size / 1024 / 1024).toFixed(2)} MiB)`);
  console.log(
    `  ${generated.file.admins.length} admins, ${generated.assignments} customer assignments (max ${generated.maxPerAdmin} per admin), ${generated.file.customers?.length ?? 0} restricted-mode entries`,
  );
  console.log(
    `  role mix: ${Object.entries(generated.mix)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  console.log(
    `world: ${world.orgs.length} orgs, ${world.people.length} people, ${Object.values(world.assignments).reduce((s, a) => s + a.length, 0)} assignments, ${world.externalAdmins.length} external admins; actor ${actor.email}`,
  );
  console.log("");
}

interface EndToEnd {
  readonly offline: number[];
  readonly live: number[];
  readonly exitOffline: number;
  readonly exitLive: number;
}

/** `webexhub validate` end to end, as the CLI runs it: offline, then with the Hub world and actor. */
async function timeEndToEnd(runs: number, path: string, world: World, actor: Person): Promise<EndToEnd> {
  let exitOffline = -1;
  const offline = await time(runs, async () => {
    exitOffline = await runValidate([path, "--format", "json"], sink, { now: NOW });
  });
  let exitLive = -1;
  const live = await time(runs, async () => {
    // A fresh world object each run, so the engine's per-world index is rebuilt and timed too.
    const loadLive = async (): Promise<LiveContext> => ({ world: { ...world }, actor });
    exitLive = await runValidate(
      [path, "--format", "json", "--endpoint", "http://bench.invalid", "--token", "bench"],
      sink,
      { now: NOW, loadLive },
    );
  });
  return { offline, live, exitOffline, exitLive };
}

const byCode = (vs: ReadonlyArray<{ code: string }>): string =>
  Object.entries(vs.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v.code]: (acc[v.code] ?? 0) + 1 }), {}))
    .map(([code, n]) => `${code} ${n}`)
    .join(", ") || "none";

/** The end-to-end figures, with the violations each run finds (so a change in them shows). */
function reportEndToEnd(timed: EndToEnd, desired: Desired, world: World, actor: Person): void {
  const offlineViolations = evaluate({ desired, now: NOW });
  const liveViolations = evaluate({ desired, world: { ...world }, actor, now: NOW });
  const { exitOffline, exitLive } = timed;
  report(
    "validate, offline (end to end)",
    timed.offline,
    `   exit ${exitOffline}, ${offlineViolations.length} violations`,
  );
  report(
    "validate, with the Hub world + actor",
    timed.live,
    `   exit ${exitLive}, ${liveViolations.length} violations`,
  );
  console.log(`  offline violations: ${byCode(offlineViolations)}`);
  console.log(`  live violations:    ${byCode(liveViolations)}`);
  console.log("");
}

/** Where the time goes: each stage of the validation timed on its own. */
async function reportBreakdown(
  runs: number,
  path: string,
  text: string,
  parsed: GitOpsFile,
  desired: Desired,
  world: World,
  actor: Person,
): Promise<void> {
  console.log("breakdown:");
  report("  read file", await time(runs, () => readFile(path, "utf8")));
  report("  parseGitOpsFile (YAML + schema)", await time(runs, () => parseGitOpsFile(text)));
  const value = JSON.parse(JSON.stringify(parsed.file)) as unknown;
  report("  schema alone (ajv)", await time(runs, () => validateSchema("partner-file", value)));
  report("  desiredOfFile", await time(runs, () => desiredOfFile(parsed)));
  report("  rules, offline", await time(runs, () => evaluate({ desired, now: NOW })));
  report(
    "  rules, with world (fresh index)",
    await time(runs, () => evaluate({ desired, world: { ...world }, actor, now: NOW })),
  );
}

async function main(): Promise<void> {
  const { runs, keep } = benchOptions(process.argv.slice(2));
  const generated = generateFile();
  const dir = mkdtempSync(join(tmpdir(), "webexhub-bench-"));
  const path = join(dir, "partner-bench.yaml");
  writeFileSync(path, stringify(generated.file, { flowCollectionPadding: false, lineWidth: 0 }));
  const { world, actor } = generateWorld(generated.file);
  printInputs(runs, path, generated, world, actor);

  const timed = await timeEndToEnd(runs, path, world, actor);
  const text = await readFile(path, "utf8");
  const parsed = parseGitOpsFile(text);
  if (!parsed.ok) throw new Error(`generated file does not parse: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
  const desired = desiredOfFile(parsed.parsed);
  reportEndToEnd(timed, desired, world, actor);
  await reportBreakdown(runs, path, text, parsed.parsed, desired, world, actor);

  const target = stats(timed.offline).median;
  console.log("");
  console.log(
    `target: offline validation under 1000 ms -> ${target < 1000 ? "met" : "NOT met"} (median ${ms(target)})`,
  );
  if (keep) console.log(`kept ${path}`);
  else rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exitCode = 1;
});
