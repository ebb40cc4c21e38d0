/**
 * `webexhub export` of a large partner against a Hub limited to 5 requests per second: it finishes,
 * every assignment is in the file, and the assignments come from one admin list per customer, not
 * one read per administrator. The CLI's session and the mock share a virtual clock, so the minute
 * of rate-limited traffic takes no real time.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { caEmail, customerId, scaleState } from "../../bench/world";
import type { Io } from "../../cli/io";
import { runExport } from "../../cli/export";
import type { PartnerFile } from "../../core/gitops/file";
import { hubSession, resetHubSessions } from "../../hub/sessions";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { virtualClock } from "../hub/virtual-clock";

const N = 400;
const clock = virtualClock();
let dir = "";
let hub: MockHub;
const log: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "webexhub-export-"));
  const state = scaleState(N, new Date(clock.now()));
  // Every assignment holder manages two scale customers.
  for (const p of state.people.filter((x) => x.emails[0]?.startsWith("ca"))) {
    const i = Number(/ca(\d+)@/.exec(p.emails[0]!)?.[1]);
    state.assignments[p.id] = [customerId(i % 40), customerId((i + 1) % 40)];
  }
  writeFileSync(join(dir, "hub.json"), JSON.stringify(state));
  hub = await startMockHub({
    port: 0,
    statePath: join(dir, "hub.json"),
    tokensPath: join(dir, "tokens.json"),
    rateLimit: 5,
    now: () => new Date(clock.now()),
    log: (l) => log.push(l),
  });
  resetHubSessions();
  hubSession({
    endpoint: hub.url,
    token: hub.tokens["admin@partner.example"]!,
    clock,
    random: () => 0.5,
    userAgent: "webexhub-cli",
  });
});

afterAll(async () => {
  resetHubSessions();
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("export of a partner with 180 administrators and 60 customers under a rate limit", () => {
  it("writes every assignment, reading them per customer, and fails nothing", async () => {
    let out = "";
    const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => undefined } } as unknown as Io;
    expect(await runExport(["--endpoint", hub.url, "--token", hub.tokens["admin@partner.example"]!], io)).toBe(0);
    const file = parse(out) as PartnerFile;
    const admin = (i: number) => file.admins.find((a) => a.email === caEmail(i));
    expect(admin(7)?.customers?.sort()).toEqual([customerId(7), customerId(8)].sort());
    expect(file.admins.filter((a) => a.email.startsWith("ca")).every((a) => a.customers?.length === 2)).toBe(true);
    const routes = hub.stats().byRoute;
    expect(routes["GET /v1/partner/organizations"] ?? 0).toBeLessThanOrEqual(10); // not one per administrator (180)
    // One list per customer (60), plus the attempts the rate limit refused.
    expect(routes["GET /v1/partner/organizations/{orgId}/partnerAdmins"]).toBeGreaterThanOrEqual(60);
    expect(log.filter((l) => /\b429\b/.test(l)).length).toBeGreaterThan(0); // the Hub did push back
  }, 60_000);
});
