/**
 * An up (check + create of every resource, many at once, as the engine runs them) and a destroy of
 * ~100 resources through the providers against a mock Hub limited to 5 requests per second: nothing
 * may fail and nothing may be left behind. The Hub and the client share one virtual clock, so the
 * minute of rate-limited traffic runs in a second of real time.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXTERNAL_ADMIN_ACTOR, PARTNER_ACTOR, scaleDeclaration, scaleState } from "../../bench/world";
import type { ConfigSource } from "../../hub/credentials";
import { hubSession, resetHubSessions } from "../../hub/sessions";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { createProvider as customerAssignment } from "../../provider/resources/customerAssignment";
import { createProvider as externalAdmin } from "../../provider/resources/externalAdmin";
import { createProvider as partnerAdmin } from "../../provider/resources/partnerAdmin";
import { createProvider as restrictedMode } from "../../provider/resources/restrictedMode";
import { virtualClock } from "../hub/virtual-clock";

const N = 100;
/** Resources the engine works on at once (Pulumi's default parallelism is higher still). */
const PARALLEL = 16;

async function inParallel<T>(
  items: readonly T[],
  f: (item: T) => Promise<void>,
): Promise<PromiseSettledResult<void>[]> {
  const results: PromiseSettledResult<void>[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      results.push(...(await Promise.allSettled([f(item)])));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return results;
}

const rejected = (results: PromiseSettledResult<void>[]): unknown[] =>
  results.flatMap((r) => (r.status === "rejected" ? [r.reason instanceof Error ? r.reason.message : r.reason] : []));

describe("an up and a destroy of ~100 resources against a Hub limited to 5 requests/s", () => {
  const clock = virtualClock();
  let dir: string;
  let hub: MockHub;
  let config: ConfigSource;
  /** External admins are the customer's own full administrator's business: their token. */
  let customerConfig: ConfigSource;
  const log: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "webexhub-ratelimit-"));
    const statePath = join(dir, "hub.json");
    writeFileSync(statePath, JSON.stringify(scaleState(N, new Date(clock.now()))));
    hub = await startMockHub({
      port: 0,
      statePath,
      tokensPath: join(dir, "tokens.json"),
      rateLimit: 5,
      now: () => new Date(clock.now()),
      log: (line) => log.push(line),
    });
    const token = hub.tokens[PARTNER_ACTOR]!;
    const customerToken = hub.tokens[EXTERNAL_ADMIN_ACTOR]!;
    resetHubSessions();
    // The process-wide sessions on the virtual clock: the providers below get these.
    hubSession({ endpoint: hub.url, token, clock, random: () => 0.5 });
    hubSession({ endpoint: hub.url, token: customerToken, clock, random: () => 0.5 });
    config = { get: (key) => ({ "webexhub:endpoint": hub.url, "webexhub:token": token })[key] };
    customerConfig = { get: (key) => ({ "webexhub:endpoint": hub.url, "webexhub:token": customerToken })[key] };
  });

  afterAll(async () => {
    resetHubSessions();
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("applies every declared change, fails nothing, and the destroy leaves nothing behind", async () => {
    const d = scaleDeclaration(N);
    const ops = [
      ...d.partnerAdmins.map((r) => ({ p: partnerAdmin(config), inputs: { email: r.email, roles: r.roles } })),
      ...d.customerAssignments.map((r) => ({
        p: customerAssignment(config),
        inputs: { adminEmail: r.adminEmail, customerOrgIds: r.customerOrgIds },
      })),
      ...d.restrictedModes.map((r) => ({ p: restrictedMode(config), inputs: { orgId: r.orgId, enabled: r.enabled } })),
      ...d.externalAdmins.map((r) => ({
        p: externalAdmin(customerConfig),
        inputs: { orgId: r.orgId, email: r.email, role: r.role },
      })),
    ] as Array<{ p: ReturnType<typeof partnerAdmin>; inputs: never }>;
    expect(ops.length).toBe(N);

    const created: Array<{ p: (typeof ops)[number]["p"]; id: string; outs: never }> = [];
    const up = await inParallel(ops, async ({ p, inputs }) => {
      const checked = await p.check({}, inputs);
      if (checked.failures.length > 0) throw new Error(JSON.stringify(checked.failures));
      const { id, outs } = await p.create(checked.inputs);
      created.push({ p, id, outs: outs as never });
    });
    expect(rejected(up)).toEqual([]);
    expect(hub.stats().total).toBeGreaterThan(N);
    // The Hub did push back: the run went through 429s, and waited them out.
    expect(log.filter((line) => /\b429\b/.test(line)).length).toBeGreaterThan(0);

    const state = hub.snapshot();
    for (const r of d.partnerAdmins) expect(state.people.find((p) => p.emails[0] === r.email)?.roles).toEqual(r.roles);
    for (const r of d.customerAssignments) {
      const person = state.people.find((p) => p.emails[0] === r.adminEmail)!;
      expect([...(state.assignments[person.id] ?? [])].sort()).toEqual([...new Set(r.customerOrgIds)].sort());
    }
    for (const r of d.restrictedModes) expect(state.restrictedMode[r.orgId]).toBe(false);
    expect(state.externalAdmins).toHaveLength(d.externalAdmins.length);

    const destroyed = await inParallel(created, async ({ p, id, outs }) => p.delete(id, outs));
    expect(rejected(destroyed)).toEqual([]);
    const after = hub.snapshot();
    for (const r of d.partnerAdmins) expect(after.people.find((p) => p.emails[0] === r.email)?.roles).toEqual([]);
    for (const r of d.customerAssignments) {
      const person = after.people.find((p) => p.emails[0] === r.adminEmail)!;
      expect(after.assignments[person.id] ?? []).toEqual([]);
    }
    expect(after.externalAdmins).toEqual([]);
    for (const r of d.restrictedModes) expect(after.restrictedMode[r.orgId] ?? true).toBe(true);
  }, 120_000);
});
