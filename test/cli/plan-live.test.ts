/**
 * `webexhub plan --base` against the mock Hub (demo seed), through the real Hub client: a pull
 * request on examples/gitops/partner.yaml that promotes user2 (helpdesk_basic → partner_admin with
 * Customer 03) and adds user5 (sales_admin with Customer 01) lists exactly those two people, with
 * the customers they gain by name — offline and live alike — and the applier named by
 * WEBEXHUB_APPLIER judges a read-only token's pull request clean.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main";
import type { Review } from "../../core";
import { resetHubSessions } from "../../hub/sessions";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { demoCustomerOrgId as cid } from "../../mockhub/seed";

const BASE = join(__dirname, "..", "..", "examples", "gitops", "partner.yaml");
let hub: MockHub;
let dir: string;
let changed: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "webexhub-plan-live-"));
  hub = await startMockHub({ port: 0, seed: "demo", tokensPath: join(dir, "tokens.json") });
  const base = readFileSync(BASE, "utf8");
  const promoted = base.replace(
    "  - email: user2@partner.example\n    roles: [helpdesk_basic]\n",
    `  - email: user2@partner.example\n    roles: [partner_admin]\n    customers: [${cid(3)}]   # Customer 03\n` +
      `  - email: user5@partner.example\n    roles: [sales_admin]\n    customers:\n      - ${cid(1)}   # Customer 01\n`,
  );
  expect(promoted).not.toBe(base);
  changed = join(dir, "partner.yaml");
  writeFileSync(changed, promoted);
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

async function plan(
  env: Record<string, string | undefined>,
  ...argv: string[]
): Promise<{ code: number; report: Review }> {
  return planOf(["--base", BASE, ...argv], env);
}

async function planOf(
  argv: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number; report: Review }> {
  resetHubSessions(); // each CLI run is its own process
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let out = "";
  try {
    const code = await main(["plan", changed, "--format", "json", ...argv], {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: () => undefined },
    });
    return { code, report: JSON.parse(out) as Review };
  } finally {
    for (const key of Object.keys(env)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

const people = (r: Review): unknown =>
  r.people.map((p) => [p.email, p.added, p.removed, p.customers?.assigned.map((c) => r.orgNames[c] ?? c)]);
const EXPECTED = [
  ["user2@partner.example", ["partner_admin"], ["helpdesk_basic"], ["Customer 03"]],
  ["user5@partner.example", ["sales_admin"], [], ["Customer 01"]],
];

describe("plan --base on the demo partner file", () => {
  it("offline: only the two people the pull request changes, customers named from the comments", async () => {
    const { code, report } = await plan({ WEBEXHUB_ENDPOINT: undefined }, "--offline");
    expect(code).toBe(0);
    expect(people(report)).toEqual(EXPECTED);
  });

  it("with the Hub: the same two people and customers; what the seed lacks is drift, not change", async () => {
    const { report } = await plan({ WEBEXHUB_TOKEN: hub.tokens["admin@partner.example"] }, "--endpoint", hub.url);
    expect(report.live).toBe(true);
    expect(people(report)).toEqual(EXPECTED);
    expect(report.applier).toMatchObject({ email: "admin@partner.example", source: "token" });
    // The demo seed does not hold every role the example file declares: said apart, as drift.
    expect(report.drift.map((p) => p.email)).toContain("user1@partner.example");
  });

  it("without --base, against the Hub: a promoted and a new admin show the customers they gain", async () => {
    const { report } = await planOf(["--endpoint", hub.url], { WEBEXHUB_TOKEN: hub.tokens["admin@partner.example"] });
    const gains = report.people.filter(
      (p) => p.email === "user2@partner.example" || p.email === "user5@partner.example",
    );
    expect(gains.map((p) => [p.email, p.customers?.assigned.map((c) => report.orgNames[c] ?? c)])).toEqual([
      ["user2@partner.example", ["Customer 03"]],
      ["user5@partner.example", ["Customer 01"]],
    ]);
  });

  it("a read-only token is refused the change; judged as the applier, it is clean", async () => {
    const ro = { WEBEXHUB_TOKEN: hub.tokens["ro@partner.example"] };
    const refused = await plan(ro, "--endpoint", hub.url);
    expect(refused.code).toBe(1);
    expect(refused.report.violations.map((v) => v.code)).toContain("actor-lacks-privilege");
    const judged = await plan({ ...ro, WEBEXHUB_APPLIER: "admin@partner.example" }, "--endpoint", hub.url);
    expect(judged.report.violations.filter((v) => v.severity === "error")).toEqual([]);
    expect(judged.report.applier).toMatchObject({ email: "admin@partner.example", source: "applier" });
  });
});
