/**
 * The pathological files of the attack run, each validated by the built CLI in a child process of
 * its own, whose time and peak memory (the process's own maxRSS) are measured: 10 MB of `[` took
 * 66 s and 4.5 GB before, 10 MB of `- ` 23 s and 2.9 GB, and 1,000 levels of nesting overflowed
 * the stack. Each must now end with exit 2 and the limit it broke, in under 5 s and 300 MB. The
 * bounds are the issue's, generous for a refusal that takes milliseconds.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const DIST_MAIN = join(ROOT, "dist", "cli", "main.js");
const MB = 1024 * 1024;
const MAX_MS = 5_000;
const MAX_RSS_MB = 300;

/** Runs `validate FILE --format json` in a fresh Node process and reports its answer and its peak memory. */
const CHILD = `
const { main } = require(process.argv[1]);
let out = "";
main(["validate", process.argv[2], "--format", "json"], { stdout: { write: (t) => { out += t; } }, stderr: { write: () => {} } })
  .then((code) => process.stdout.write(JSON.stringify({ code, report: JSON.parse(out), maxRssKb: process.resourceUsage().maxRSS })));
`;

interface ChildResult {
  readonly code: number;
  readonly report: { ok: boolean; violations: Array<{ message: string; line?: number }> };
  readonly maxRssKb: number;
}

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "webexhub-limits-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!existsSync(DIST_MAIN))(
  "validate on pathological files, in a child process (needs dist/: npm test builds it)",
  () => {
    const deep = `${Array.from({ length: 1000 }, (_, i) => `${" ".repeat(i)}k:`).join("\n")} x\n`;
    it.each([
      [
        "10 MB of [",
        () => "[".repeat(10 * MB),
        /the file is 10,485,760 bytes \(10\.0 MB\); webexhub reads GitOps files of at most 5\.0 MB/,
      ],
      ["10 MB of - ", () => "- ".repeat(5 * MB), /the file is 10,485,760 bytes \(10\.0 MB\)/],
      ["4.9 MB of [", () => "[".repeat(4.9 * MB), /more than 64 levels deep/],
      ["4.9 MB of - ", () => "- ".repeat(2.45 * MB), /more than 64 levels deep/],
      ["4.9 MB of -\\n", () => "-\n".repeat(2.45 * MB), /more than 250,000 list items and keys/],
      ["1,000 levels of flow nesting", () => `a: ${"[".repeat(1000)}${"]".repeat(1000)}\n`, /more than 64 levels deep/],
      ["1,000 levels of indentation", () => deep, /more than 64 levels deep/],
    ])(
      "%s: exit 2 with the limit, in under 5 s and 300 MB",
      (name, text, message) => {
        const path = join(dir, `${name.replace(/\W+/g, "-")}.yaml`);
        writeFileSync(path, text());
        const started = performance.now();
        const child = spawnSync(process.execPath, ["-e", CHILD, DIST_MAIN, path], {
          encoding: "utf8",
          timeout: 60_000,
        });
        const ms = performance.now() - started;
        expect(child.stderr).toBe("");
        const result = JSON.parse(child.stdout) as ChildResult;
        expect(result.code).toBe(2);
        expect(result.report.violations.map((v) => v.message)).toEqual([expect.stringMatching(message)]);
        expect(result.report.violations[0]?.message).not.toMatch(/Maximum call stack/);
        expect(ms).toBeLessThan(MAX_MS);
        expect(result.maxRssKb / 1024).toBeLessThan(MAX_RSS_MB);
      },
      90_000,
    );

    it("the largest file the limits let through to the slower reader (just under 250,000 empty items) stays under 300 MB", () => {
      // js-yaml reads empty items but cannot give their lines, so this file goes to the `yaml`
      // library, which keeps the most per item: the entry limit is what bounds its memory.
      const path = join(dir, "empty-items.yaml");
      writeFileSync(path, "-\n".repeat(249_990));
      const child = spawnSync(process.execPath, ["-e", CHILD, DIST_MAIN, path], { encoding: "utf8", timeout: 120_000 });
      const result = JSON.parse(child.stdout) as ChildResult;
      expect(result.code).toBe(2);
      expect(result.report.violations.map((v) => v.message)).toEqual([expect.stringMatching(/must be a YAML mapping/)]);
      expect(result.maxRssKb / 1024).toBeLessThan(MAX_RSS_MB);
    }, 150_000);
  },
);
