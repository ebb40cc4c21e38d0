/**
 * `webexhub plan --base` with the Hub names who made a drift: another admin gives user3 a role on
 * the mock Hub directly; the plan's JSON carries the admin and the time on user3's drift entry, and
 * the markdown and text say "changed in Control Hub by … at …", with one read of the audit trail.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main";
import type { Review } from "../../core";
import { utcMinute } from "../../hub";
import { hubSession, resetHubSessions } from "../../hub/sessions";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { demoPersonId } from "../../mockhub/seed";

const FILE = join(__dirname, "..", "..", "examples", "gitops", "partner.yaml");
let hub: MockHub;
let dir: string;
let changedAt: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "webexhub-plan-author-"));
  hub = await startMockHub({ port: 0, seed: "demo", tokensPath: join(dir, "tokens.json") });
  const second = hubSession({ endpoint: hub.url, token: hub.tokens["second@partner.example"] ?? "" });
  await second.updatePerson(demoPersonId("user3@partner.example"), (p) => ({ roles: [...p.roles, "full_admin"] }));
  changedAt = hub.snapshot().audit.at(-1)?.event.created ?? "";
  resetHubSessions();
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

async function plan(format: string): Promise<{ code: number; out: string; err: string }> {
  resetHubSessions(); // each CLI run is its own process
  let out = "";
  let err = "";
  const token = hub.tokens["admin@partner.example"] ?? "";
  const argv = ["plan", FILE, "--base", FILE, "--endpoint", hub.url, "--token", token, "--format", format];
  const code = await main(argv, {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
  });
  return { code, out, err };
}

describe("plan: the drift's author", () => {
  it("JSON: user3's drift entry names second@ and the time, from one audit read", async () => {
    hub.resetStats();
    const { out } = await plan("json");
    const report = JSON.parse(out) as Review;
    const user3 = report.drift.find((p) => p.email === "user3@partner.example");
    expect(user3?.live?.roles).toContain("full_admin");
    expect(user3?.changedBy).toEqual({
      text: `changed in Control Hub by second@partner.example at ${utcMinute(changedAt)}`,
      email: "second@partner.example",
      name: "Sam Second",
      at: changedAt,
    });
    // Drift nobody made through the Hub (the seed) is said to have no author, not guessed.
    const others = report.drift.filter((p) => p.email !== "user3@partner.example");
    expect(others.map((p) => p.changedBy?.text)).toEqual(
      others.map(() => "author unknown (no audit event in the last 30 days)"),
    );
    expect(report.audit).toBeUndefined();
    expect(hub.stats().byRoute["GET /v1/adminAudit/events"]).toBe(1);
  });

  it.each(["markdown", "text"])("%s: the drift line says who and when", async (format) => {
    const { out } = await plan(format);
    const line = out.split("\n").find((l) => l.includes("user3@partner.example") && l.includes("on the Hub"));
    expect(line).toContain(`— changed in Control Hub by second@partner.example at ${utcMinute(changedAt)}`);
  });
});
