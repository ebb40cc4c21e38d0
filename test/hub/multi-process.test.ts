/**
 * Several processes writing one person's roles at once, as several CI jobs or a pulumi up beside a
 * webexhub run would. A role write is a delta (SCIM PATCH: add or remove the roles that change), so
 * the Hub merges concurrent writers and no acknowledged write is lost, although the per-person lock
 * only serializes writers inside one process.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { demoPersonId } from "../../mockhub/seed";

const WORKER = join(__dirname, "workers/role-writer.cjs");
const BUILT = existsSync(join(__dirname, "../../dist/hub/sessions.js"));
const ROLES = ["support_admin", "user_device_admin", "device_admin", "compliance_officer"];
const ROUNDS = 10;
const PERSON = demoPersonId("user2@partner.example");

function runWorker(hub: MockHub, role: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [WORKER, hub.url, hub.tokens["admin@partner.example"]!, PERSON, role, String(ROUNDS)],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code) =>
      code === 0 ? resolve(Number(out.trim())) : reject(new Error(`worker ${role}: exit ${code}: ${err}`)),
    );
  });
}

describe.skipIf(!BUILT)("concurrent role writers in several processes", () => {
  let dir = "";
  let hub: MockHub;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "webexhub-multi-"));
    hub = await startMockHub({ port: 0, seed: "demo", tokensPath: join(dir, "tokens.json") });
  });

  afterAll(async () => {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`${ROLES.length} processes × ${ROUNDS} rounds on one person lose no acknowledged write`, async () => {
    const acknowledged = await Promise.all(ROLES.map((role) => runWorker(hub, role)));
    expect(acknowledged).toEqual(ROLES.map(() => 2 * ROUNDS));
    const person = hub.snapshot().people.find((p) => p.id === PERSON);
    expect([...(person?.roles ?? [])].sort()).toEqual([...ROLES].sort());
  }, 120_000);
});
