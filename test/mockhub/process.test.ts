/**
 * The mock Hub as a real process: acknowledged writes survive SIGKILL. The entry point is compiled
 * with tsc into a temp dir (only mockhub/main.ts and what it imports), so the test neither depends
 * on a previous `npm run build` nor on the rest of the project compiling.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WireExternalAdmin, WireList, WireManagedOrg, WirePerson, WireRestrictedMode } from "../../api/wire";
import type { MockHub } from "../../mockhub/server";
import { call, tempDir, pid, cid, rids, auditEvents } from "./helpers";

const root = resolve(__dirname, "../..");
let work: { dir: string; cleanup: () => void };
let mainJs: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  work = tempDir();
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const out = join(work.dir, "build");
  await promisify(execFile)(
    process.execPath,
    [
      tsc,
      "--outDir",
      out,
      "--rootDir",
      root,
      "--module",
      "commonjs",
      "--target",
      "ES2022",
      "--moduleResolution",
      "node",
      "--esModuleInterop",
      "--resolveJsonModule",
      "--skipLibCheck",
      "--strict",
      "--types",
      "node",
      join(root, "mockhub", "main.ts"),
    ],
    { cwd: root },
  );
  mainJs = join(out, "mockhub", "main.js");
}, 60_000);

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  work.cleanup();
});

interface Running {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns the Hub and resolves once its first line (the URL) is out. */
function launch(args: string[], cwd: string): Promise<Running> {
  // The build lives outside the repository, so point module resolution at its node_modules.
  const child = spawn(process.execPath, [mainJs, ...args], {
    cwd,
    env: { ...process.env, NODE_PATH: join(root, "node_modules") },
  });
  children.push(child);
  let out = "";
  let err = "";
  child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once("exit", (code, signal) => done({ code, signal })),
  );
  return new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URL within 10 s; stderr: ${err}`)), 10_000);
    void exited.then(({ code }) => fail(new Error(`exited with ${code} before printing a URL; stderr: ${err}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      ready({ child, url: out.slice(0, newline), stdout: () => out, stderr: () => err, exited });
    });
  });
}

/** `call` only needs the URL of a hub. */
const at = (url: string): MockHub => ({ url }) as MockHub;

describe("mock Hub process", () => {
  it("finds every acknowledged write after SIGKILL and a restart", async () => {
    const statePath = join(work.dir, "kill", "state.json");
    const args = ["--port", "0", "--state", statePath, "--seed", "demo", "--quiet"];
    const first = await launch(args, work.dir);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const tokens = JSON.parse(readFileSync(join(work.dir, "kill", "tokens.json"), "utf8")) as Record<string, string>;
    const t = (email: string): string => tokens[email] ?? "";
    expect(first.stdout()).toContain(t("admin@partner.example"));
    const hub = at(first.url);
    const admin = t("admin@partner.example");

    const concurrent = [];
    for (let n = 1; n <= 12; n++) {
      const nn = String(n).padStart(2, "0");
      // The partner's full admin (nobody raises their own roles, so not the customer's admin itself).
      concurrent.push(
        call(hub, admin, "PUT", `/people/${pid(`admin@customer${nn}.example`)}`, {
          emails: [`admin@customer${nn}.example`],
          displayName: `Durable ${nn}`,
          roles: rids("full_admin", "compliance_officer"),
        }),
      );
    }
    concurrent.push(
      call(hub, admin, "POST", `/partner/organizations/${cid(5)}/partnerAdmin/${pid("pa@partner.example")}/assign`),
    );
    concurrent.push(call(hub, admin, "PUT", `/partner/organizations/${cid(5)}/restrictedMode`, { enabled: false }));
    concurrent.push(
      call(
        hub,
        t("admin@customer06.example"),
        "PUT",
        `/organizations/${cid(6)}/externalAdmins/${pid("helper@msp.example")}`,
        {
          role: "external_readonly_admin",
          expiresAt: "2099-06-30T00:00:00Z",
        },
      ),
    );
    const answers = await Promise.all(concurrent);
    expect(answers.map((a) => a.status)).toEqual(Array(15).fill(200));
    for (let v = 1; v <= 5; v++) {
      const answer = await call(hub, admin, "PUT", `/people/${pid("user1@partner.example")}`, {
        emails: ["user1@partner.example"],
        displayName: `v${v}`,
      });
      expect(answer.status).toBe(200);
    }
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");

    const second = await launch(args, work.dir);
    const again = at(second.url);
    expect(second.stdout()).toMatch(/\(loaded\)/);
    for (let n = 1; n <= 12; n++) {
      const nn = String(n).padStart(2, "0");
      const person = await call<WirePerson>(again, admin, "GET", `/people/${pid(`admin@customer${nn}.example`)}`);
      expect(person.body).toMatchObject({
        displayName: `Durable ${nn}`,
        roles: rids("full_admin", "compliance_officer"),
      });
    }
    const managed = await call<WireList<WireManagedOrg>>(
      again,
      admin,
      "GET",
      `/partner/organizations?managedBy=${pid("pa@partner.example")}`,
    );
    expect(managed.body.items.map((m) => m.orgId)).toContain(cid(5));
    expect(
      (await call<WireRestrictedMode>(again, admin, "GET", `/partner/organizations/${cid(5)}/restrictedMode`)).body
        .enabled,
    ).toBe(false);
    const grant = await call<WireExternalAdmin>(
      again,
      admin,
      "GET",
      `/organizations/${cid(6)}/externalAdmins/${pid("helper@msp.example")}`,
    );
    expect(grant.body.expiresAt).toBe("2099-06-30T00:00:00Z");
    expect(
      (await call<WirePerson>(again, admin, "GET", `/people/${pid("user1@partner.example")}`)).body.displayName,
    ).toBe("v5");
    expect(await auditEvents(again, admin)).toHaveLength(20);

    second.child.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
    expect(second.stderr()).toContain("stopping (SIGTERM)");
  }, 30_000);

  it("in memory, writes the demo tokens under ./.webexhub of its working directory", async () => {
    const cwd = tempDir();
    try {
      const running = await launch(["--seed", "demo", "--quiet"], cwd.dir);
      const tokensPath = join(cwd.dir, ".webexhub", "tokens.json");
      expect(existsSync(tokensPath)).toBe(true);
      const tokens = JSON.parse(readFileSync(tokensPath, "utf8")) as Record<string, string>;
      const me = await call<WirePerson>(at(running.url), tokens["helper@msp.example"], "GET", "/people/me");
      expect(me.body.id).toBe(pid("helper@msp.example"));
      running.child.kill("SIGINT");
      expect((await running.exited).code).toBe(0);
    } finally {
      cwd.cleanup();
    }
  });

  it("exits 2 naming the flag for a bad value", async () => {
    const child = spawn(process.execPath, [mainJs, "--fault-rate", "1.5"], {
      env: { ...process.env, NODE_PATH: join(root, "node_modules") },
    });
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.once("exit", done));
    expect(code).toBe(2);
    expect(err).toContain("--fault-rate");
  });
});
