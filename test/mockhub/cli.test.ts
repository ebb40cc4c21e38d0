import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { WirePerson } from "../../api/wire";
import { parseMockHubArgs, runMockHubCli } from "../../mockhub/cli";
import type { MockHub } from "../../mockhub/server";
import { call, startDemoHub, tempDir, pid } from "./helpers";

function capture(signal?: AbortSignal) {
  let stdout = "";
  let stderr = "";
  const waiters: Array<() => void> = [];
  return {
    io: {
      stdout: { write: (s: string) => ((stdout += s), waiters.splice(0).forEach((w) => w())) },
      stderr: { write: (s: string) => (stderr += s) },
      signal,
    },
    out: () => stdout,
    err: () => stderr,
    /** Resolves once something was written to stdout. */
    printed: () => new Promise<void>((resolve) => (stdout ? resolve() : waiters.push(resolve))),
  };
}

describe("webexhub mock-hub arguments", () => {
  it("parses every flag, in both --flag value and --flag=value forms", () => {
    expect(
      parseMockHubArgs([
        "--port",
        "8080",
        "--state=s.json",
        "--seed",
        "demo",
        "--profile",
        "webex",
        "--reset",
        "--rate-limit",
        "5",
        "--fault-rate=0.25",
        "--latency",
        "20",
        "--quiet",
      ]),
    ).toEqual({
      options: {
        port: 8080,
        statePath: "s.json",
        seed: "demo",
        profile: "webex",
        reset: true,
        rateLimit: 5,
        faultRate: 0.25,
        latencyMs: 20,
      },
      quiet: true,
      help: false,
    });
  });

  it("--no-rule-guard turns the Hub's own role-rule guard off; without it the guard stays on", () => {
    expect(parseMockHubArgs(["--no-rule-guard"]).options).toEqual({ ruleGuard: false });
    expect(parseMockHubArgs([]).options).toEqual({});
  });

  it.each([
    [["--no-rule-guard=yes"], "--no-rule-guard takes no value"],
    [["--port", "abc"], "--port"],
    [["--port", "70000"], "--port"],
    [["--port"], "--port needs a value"],
    [["--port", "--seed"], "--port needs a value"],
    [["--rate-limit", "-1"], "--rate-limit"],
    [["--rate-limit", "2.5"], "--rate-limit"],
    [["--fault-rate", "2"], "--fault-rate"],
    [["--fault-rate", "often"], "--fault-rate"],
    [["--latency", "soon"], "--latency"],
    [["--seed", "prod"], "--seed must be one of demo"],
    [["--profile", "webx"], '--profile must be one of default, webex, got "webx". Did you mean "webex"?'],
    [["--reset=yes"], "--reset takes no value"],
    [["--verbose"], "unknown flag --verbose"],
    [["--prot", "8080"], 'unknown flag --prot. Did you mean "--port"?'],
    [["--fault_rate", "0.5"], 'unknown flag --fault_rate. Did you mean "--fault-rate"?'],
    [["--seed", "demoo"], 'Did you mean "demo"?'],
    [["--state"], "--state needs a value"],
    [["--quiet=no"], "--quiet takes no value"],
    [["serve"], 'unexpected argument "serve"'],
  ])("%j exits 2 and names the flag", async (argv, message) => {
    const { io, err, out } = capture();
    expect(await runMockHubCli(argv, io)).toBe(2);
    expect(err()).toContain(message);
    expect(err()).toContain("Usage: webexhub mock-hub");
    expect(out()).toBe("");
  });

  it.each([[["--help"]], [["-h"]], [["--port", "8080", "--help"]]])(
    "%j prints the usage and exits 0 without starting the Hub",
    async (argv) => {
      const { io, out, err } = capture();
      expect(await runMockHubCli(argv, io)).toBe(0);
      expect(out()).toContain("--rate-limit N");
      expect(out()).not.toContain("http://");
      expect(err()).toBe("");
    },
  );

  it("leaves unset flags out of the options, so the server's defaults apply", () => {
    expect(parseMockHubArgs([])).toEqual({ options: {}, quiet: false, help: false });
  });
});

describe("webexhub mock-hub run", () => {
  it("prints the URL first, then the tokens, serves until stopped, and exits 0", async () => {
    const d = tempDir();
    const stop = new AbortController();
    const { io, out, err, printed } = capture(stop.signal);
    try {
      const done = runMockHubCli(["--port", "0", "--state", join(d.dir, "state.json"), "--seed", "demo"], io);
      await printed();
      const lines = out().split("\n");
      const url = lines[0] ?? "";
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines[1]).toContain("new, seeded with demo");
      const tokenLine = lines.find((l) => l.trim().startsWith("admin@partner.example")) ?? "";
      const tokenValue = tokenLine.trim().split(/\s+/)[1] ?? "";
      const me = await call<WirePerson>({ url } as MockHub, tokenValue, "GET", "/people/me");
      expect(me.body.id).toBe(pid("admin@partner.example"));
      expect(err()).toMatch(/GET \/v1\/people\/me 200 \d+ms MOCKHUB_/);
      expect(err()).not.toContain(tokenValue); // the request log never shows a token
      stop.abort();
      expect(await done).toBe(0);
    } finally {
      d.cleanup();
    }
  });

  it("exits 1 with the reason when the port is taken", async () => {
    const { hub, stop } = await startDemoHub();
    try {
      const { io, err } = capture();
      expect(await runMockHubCli(["--port", String(hub.port)], io)).toBe(1);
      expect(err()).toMatch(/cannot start: .*EADDRINUSE/);
    } finally {
      await stop();
    }
  });
});
