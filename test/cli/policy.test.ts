/**
 * `--policy` of validate and plan, through the real CLI: bin/webexhub.js as a process offline, and
 * the command table in process against the mock Hub. A policy refusing a third full admin fails
 * both with exit 1, the code org-policy, the GitOps file's line and the policy's line; a policy
 * file that cannot be used exits 2 naming its own line.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main";
import { resetHubSessions } from "../../hub/sessions";
import { startMockHub, type MockHub } from "../../mockhub/server";

const ROOT = join(__dirname, "..", "..");
const PARTNER = join(ROOT, "examples", "gitops", "partner.yaml");
const BUILT = existsSync(join(ROOT, "dist", "cli", "main.js"));
const itBuilt = BUILT ? it : it.skip;

let dir: string;
let hub: MockHub;
let third: string;
const policy = (max: number): string =>
  `apiVersion: webexhub/v1\nkind: OrgPolicy\nroles:\n  - role: full_admin\n    maxHolders: ${max}\n`;
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "webexhub-cli-policy-"));
  hub = await startMockHub({ port: 0, seed: "demo", tokensPath: join(dir, "tokens.json") });
  // The demo partner has two full admins (admin, second); the change makes user1 a third.
  const text = readFileSync(PARTNER, "utf8").replace("    roles: [helpdesk_advanced]\n", "    roles: [full_admin]\n");
  third = file("partner.yaml", text);
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (...argv: string[]): { status: number | null; stdout: string; stderr: string } =>
  spawnSync(process.execPath, ["bin/webexhub.js", ...argv], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 30_000,
    env: { PATH: process.env.PATH ?? "" },
  });

describe("webexhub validate|plan --policy as a real process, offline", () => {
  itBuilt("validate: exit 1, the file's line and the policy's line", () => {
    const two = file("two.yaml", policy(2));
    const result = cli("validate", third, "--policy", two, "--offline");
    expect(result.status).toBe(1);
    const lines = result.stdout.split("\n").filter((l) => l.includes("org-policy"));
    expect(lines).toEqual([
      `${third}:24: error org-policy at admins[4].roles: ${two}:5 (maxHolders full_admin: 2): this change leaves ` +
        "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi83OGE5MTMxZS03MDhlLTU2YjctYTg0OC02NTg0ZjY4OWUyODA with 3 holders of " +
        "full_admin (admin@partner.example, second@partner.example, user1@partner.example); at most 2 may hold it. " +
        "Take full_admin from 1 of them, or raise maxHolders in the policy. (see docs/rules.md#org-policy)",
    ]);
    expect(cli("validate", PARTNER, "--policy", two, "--offline").status).toBe(0);
  });

  itBuilt("plan: exit 1, the same code and lines in the JSON report", () => {
    const two = file("two.yaml", policy(2));
    const result = cli("plan", third, "--policy", two, "--offline", "--format", "json");
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as {
      violations: Array<{ code: string; path: string; line?: number; message: string }>;
    };
    const found = report.violations.filter((v) => v.code === "org-policy");
    expect(
      found.map((v) => [
        v.path,
        v.line,
        v.message.startsWith(`${two}:5 (maxHolders full_admin: 2): this change leaves`),
      ]),
    ).toEqual([["admins[4].roles", 24, true]]);
  });

  itBuilt("a policy file that cannot be used exits 2 naming its line and the fix, for both commands", () => {
    const bad = file(
      "bad.yaml",
      "apiVersion: webexhub/v1\nkind: OrgPolicy\nroles:\n  - role: full_admin\n    maxHoldrs: 2\n",
    );
    const validate = cli("validate", third, "--policy", bad, "--offline");
    expect(validate.status).toBe(2);
    expect(validate.stdout).toContain(
      `${bad}:5: error schema at roles[0].maxHoldrs: unknown field "maxHoldrs". Did you mean "maxHolders"?`,
    );
    const plan = cli("plan", third, "--policy", bad, "--offline");
    expect(plan.status).toBe(2);
    expect(plan.stderr).toContain(
      `${bad}:5: schema at roles[0].maxHoldrs: unknown field "maxHoldrs". Did you mean "maxHolders"?`,
    );
    const missing = cli("validate", third, "--policy", join(dir, "nope.yaml"), "--offline");
    expect([missing.status, missing.stdout.trim()]).toEqual([2, `${join(dir, "nope.yaml")}: file not found`]);
  });

  itBuilt("WEBEXHUB_POLICY_FILE is the default of --policy", () => {
    const two = file("two.yaml", policy(2));
    const env = { PATH: process.env.PATH ?? "", WEBEXHUB_POLICY_FILE: two };
    const result = spawnSync(process.execPath, ["bin/webexhub.js", "validate", third, "--offline"], {
      cwd: ROOT,
      encoding: "utf8",
      env,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`${two}:5 (maxHolders full_admin: 2)`);
  });
});

describe("with the Hub", () => {
  async function run(...argv: string[]): Promise<{ code: number; out: string }> {
    resetHubSessions(); // each CLI run is its own process
    let out = "";
    const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => undefined } };
    const code = await main([...argv, "--endpoint", hub.url, "--token", hub.tokens["admin@partner.example"] ?? ""], io);
    return { code, out };
  }

  it("validate and plan refuse the third full admin with the same code, path and policy line", async () => {
    const two = file("two.yaml", policy(2));
    const validate = await run("validate", third, "--policy", two, "--format", "json");
    const plan = await run("plan", third, "--policy", two, "--format", "json");
    const ours = (out: string): unknown =>
      (
        JSON.parse(out) as { violations: Array<{ code: string; path: string; line?: number; message: string }> }
      ).violations
        .filter((v) => v.code === "org-policy")
        .map((v) => [
          v.path,
          v.line,
          v.message.startsWith(`${two}:5 (maxHolders full_admin: 2): this change leaves "Demo Partner"`),
        ]);
    expect([validate.code, ours(validate.out)]).toEqual([1, [["admins[4].roles", 24, true]]]);
    expect([plan.code, ours(plan.out)]).toEqual([1, [["admins[4].roles", 24, true]]]);
    // Within the limit, the Hub's two full admins and the file's agree: no org-policy.
    const within = await run("validate", third, "--policy", file("three.yaml", policy(3)), "--format", "json");
    expect(ours(within.out)).toEqual([]);
  });
});
