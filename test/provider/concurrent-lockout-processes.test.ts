/**
 * The race of concurrent-lockout.test.ts between real processes: two `pulumi up`s of one machine,
 * each its own provider process, each stepping its own full admin down at the same moment, against
 * a Hub that does not refuse a lockout. Four rounds (both orders, updates and deletes): a process start costs seconds; the in-process test runs fifty.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { DEMO_PARTNER_ORG_ID, demoPersonId } from "../../mockhub/seed";
import { HubClient } from "../../hub/client";
import { HubSession } from "../../hub/session";

const WORKER = join(__dirname, "workers/remove-full-admin.cjs");
const BUILT = existsSync(join(__dirname, "../../dist/provider/resources/partnerAdmin.js"));
const ROUNDS = 4;
const ADMINS: ReadonlyArray<[string, string[]]> = [
  ["admin@partner.example", ["full_admin", "partner_full_admin"]],
  ["second@partner.example", ["full_admin"]],
];

function stepDown(hub: MockHub, email: string, held: readonly string[], op: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const args = [
      WORKER,
      hub.url,
      hub.tokens[email] ?? "",
      DEMO_PARTNER_ORG_ID,
      email,
      demoPersonId(email),
      op,
      JSON.stringify(held),
    ];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", () => resolve(out.trim()));
  });
}

const fullAdmins = (hub: MockHub): string[] =>
  hub
    .snapshot()
    .people.filter((p) => p.orgId === DEMO_PARTNER_ORG_ID && p.roles.includes("full_admin"))
    .map((p) => p.emails[0] ?? "");

describe.skipIf(!BUILT)("two stack processes at once, each stepping its own full admin down", () => {
  let hub: MockHub;
  let dir = "";
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "webexhub-race-processes-"));
    hub = await startMockHub({
      port: 0,
      seed: "demo",
      ruleGuard: false,
      latencyMs: 2,
      tokensPath: join(dir, "tokens.json"),
    });
  });
  afterAll(async () => {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`leaves exactly one full admin in each of ${ROUNDS} rounds, both orders, updates and deletes`, async () => {
    const left: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const ordered = i % 2 === 0 ? ADMINS : [...ADMINS].reverse();
      await Promise.all(ordered.map(([email, held]) => stepDown(hub, email, held, i % 4 < 2 ? "update" : "delete")));
      const kept = fullAdmins(hub);
      left.push(kept.length);
      if (kept.length === 0) break;
      // The one who kept full_admin gives it back to the other, for the next round.
      const other = ADMINS.map(([email]) => email).find((email) => !kept.includes(email));
      if (other !== undefined) {
        const session = new HubSession(new HubClient({ endpoint: hub.url, token: hub.tokens[kept[0] ?? ""] ?? "" }));
        await session.updatePerson(demoPersonId(other), (p) => ({ roles: [...p.roles, "full_admin"] }));
      }
    }
    expect(left).toEqual(Array.from({ length: ROUNDS }, () => 1));
  }, 240_000);
});
