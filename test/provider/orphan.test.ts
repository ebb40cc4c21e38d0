/**
 * The dynamic-provider process leaves when its parent (the engine) is gone, as after kill -9 of
 * `pulumi up`: with a stand-in process and fake timers (no waiting), and once for real with a
 * child whose parent is killed.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { exitWithParent, isDynamicProviderProcess } from "../../provider/orphan";

afterEach(() => vi.useRealTimers());

describe("exitWithParent", () => {
  it("exits once the parent is gone, and not before", () => {
    vi.useFakeTimers();
    let parentAlive = true;
    const proc = {
      ppid: 4242,
      exit: vi.fn(),
      kill: (pid: number) => {
        if (pid !== 4242 || !parentAlive) throw Object.assign(new Error("kill ESRCH"), { code: "ESRCH" });
        return true as const;
      },
    };
    const stop = exitWithParent(proc, 1000);
    vi.advanceTimersByTime(5000);
    expect(proc.exit).not.toHaveBeenCalled();
    parentAlive = false; // the engine was killed
    vi.advanceTimersByTime(1000);
    expect(proc.exit).toHaveBeenCalledWith(0);
    stop();
  });

  it.each([
    [["node", "/x/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js"], true],
    [["node", "C:\\\\x\\\\@pulumi\\\\pulumi\\\\cmd\\\\dynamic-provider"], true],
    [["node", "/x/node_modules/vitest/vitest.mjs"], false],
    [["node"], false],
  ])("%j is the dynamic-provider process: %s", (argv, expected) => {
    expect(isDynamicProviderProcess(argv)).toBe(expected);
  });
});

const BUILT = join(__dirname, "../../dist/provider/orphan.js");

describe.skipIf(!existsSync(BUILT))("a real provider process whose parent is killed", () => {
  it("exits by itself, and the watch alone never keeps a process alive", async () => {
    // The grandchild shares the parent's stdout: the test sees its end when both are gone.
    // It says "ready" once its watch runs (before that, its parent is not yet the one it watches).
    const grandchild = `require(${JSON.stringify(BUILT)}).exitWithParent(process, 50); process.stdout.write("ready"); setInterval(() => {}, 1000);`;
    const parent = `require("node:child_process").spawn(process.execPath, ["-e", ${JSON.stringify(grandchild)}], { stdio: "inherit" }); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ["-e", parent], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    const ended = new Promise<void>((resolve) => child.stdout.on("end", resolve));
    await new Promise<void>((resolve) =>
      child.stdout.on("data", (d: Buffer) => ((out += d.toString()), out.includes("ready") && resolve())),
    );
    child.kill("SIGKILL");
    await ended; // would hang (and time out) if the grandchild stayed behind
    const alone = spawn(process.execPath, ["-e", `require(${JSON.stringify(BUILT)}).exitWithParent()`]);
    expect(await new Promise((resolve) => alone.on("exit", resolve))).toBe(0);
  }, 20_000);
});
