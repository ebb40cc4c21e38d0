/**
 * The CLI's own errors read like a person wrote them: a missing file is "nope.yaml: file not found",
 * a missing FILE prints the usage once, and `mock-hub --help` points only at what the package ships.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Io } from "../../cli/io";
import { main } from "../../cli/main";

const ROOT = join(__dirname, "..", "..");

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: Io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } };
  const code = await main(argv, io);
  return { code, out, err };
}

describe("CLI errors", () => {
  it.each([
    ["validate", "nope.yaml: file not found\n"],
    ["plan", "nope.yaml: file not found\n"],
  ])("%s: a missing file names the file and the reason, nothing else", async (command, expected) => {
    const { code, out, err } = await run([command, "nope.yaml", "--offline"]);
    expect(code).toBe(2);
    // validate reports on stdout (like its rule violations), plan on stderr (stdout is the plan).
    expect(command === "validate" ? out : err.replace(/^offline: .*\n/, "")).toBe(expected);
    expect(`${out}${err}`).not.toMatch(/error file at|\(file\)/);
  });

  it.each([
    [["validate"], "webexhub validate: missing FILE: name the GitOps file to check\n"],
    [["plan", "--offline"], "webexhub plan: missing FILE: name the GitOps file to check\n"],
    [["validate", "a.yaml", "b.yaml"], "webexhub validate: one FILE only, not 2: a.yaml b.yaml\n"],
  ])("%j prints what is missing and the usage once (exit 2)", async (argv, first) => {
    const { code, out, err } = await run(argv);
    expect(code).toBe(2);
    expect(out).toBe("");
    const usage = err.split("\n").filter((line) => line.startsWith("usage:"));
    expect(usage).toEqual([`usage: webexhub ${argv[0]} FILE ${usage[0]?.split(" FILE ")[1] ?? ""}`]);
    expect(err).toBe(`${first}${usage[0]}\n`);
  });

  it("mock-hub --help lists the mock's flags and points only at files the package ships", async () => {
    const { code, out } = await run(["mock-hub", "--help"]);
    expect(code).toBe(0);
    expect(out).toContain("--state FILE");
    expect(out).toContain("--seed demo");
    expect(out).not.toMatch(/README/);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { files: string[] };
    const pointed = [...out.matchAll(/\b([a-z]+\/[\w./-]+\.md)\b/g)].map((m) => m[1] as string);
    expect(pointed).toEqual(["docs/hub-api.md"]);
    for (const path of pointed) expect(pkg.files.some((entry) => path.startsWith(`${entry}/`))).toBe(true);
  });
});
