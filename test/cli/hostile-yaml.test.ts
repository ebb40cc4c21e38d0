/**
 * `webexhub validate` on a generated corpus of hostile files (hostile-yaml-corpus.ts: a fixed
 * seed, over 1,000 files), run in-process through the command's own function: every file gets an
 * answer (exit 0, 1 or 2), never a crash, a stack trace or a hang; every problem names a line or a
 * path; hidden characters never reach the output raw; and where a case knows its answer, it is that.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Io } from "../../cli/io";
import { runValidate } from "../../cli/validate";
import { hostileCorpus, type HostileCase } from "./hostile-yaml-corpus";

/** Generous: the slowest file (4 MB) takes well under a second alone; the machine may be busy. */
const PER_FILE_MS = 10_000;
const NOW = new Date("2026-06-01T00:00:00Z");
/** Hidden characters that must never reach the output raw (tab and line breaks are its layout). */
const RAW_HIDDEN = {
  test(text: string): boolean {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f)) return true;
      if ((c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return true;
    }
    return false;
  },
};
const CRASH = /\n\s+at |Maximum call stack|RangeError|TypeError|ReferenceError|heap out of memory|\[object Object\]/;

interface Outcome {
  readonly exit: number | "threw";
  readonly out: string;
  readonly err: string;
  readonly ms: number;
}

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "webexhub-hostile-yaml-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function validate(path: string, format: "json" | "text"): Promise<Outcome> {
  let out = "";
  let err = "";
  const io: Io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } };
  const started = performance.now();
  try {
    const exit = await runValidate([path, "--format", format], io, { now: NOW });
    return { exit, out, err, ms: performance.now() - started };
  } catch (error) {
    return {
      exit: "threw",
      out,
      err: `${err}${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      ms: performance.now() - started,
    };
  }
}

interface Reported {
  readonly ok: boolean;
  readonly violations: ReadonlyArray<{ code: string; path: string; message: string; line?: number }>;
}

/** What is wrong with the answer to one case, or an empty list. */
function judge(c: HostileCase, json: Outcome, text: Outcome | undefined): string[] {
  const wrong: string[] = [];
  if (json.exit === "threw" || ![0, 1, 2].includes(json.exit))
    return [`exit ${String(json.exit)}: ${json.err.slice(0, 300)}`];
  if (json.ms > PER_FILE_MS) wrong.push(`took ${Math.round(json.ms)} ms`);
  let report: Reported;
  try {
    report = JSON.parse(json.out) as Reported;
  } catch {
    return [`not JSON: ${json.out.slice(0, 200)}`];
  }
  if (report.ok !== (json.exit === 0)) wrong.push(`ok ${String(report.ok)} with exit ${json.exit}`);
  for (const v of report.violations) {
    if (CRASH.test(v.message)) wrong.push(`a crash in the message: ${v.message.slice(0, 200)}`);
    if (v.line === undefined && v.path === "" && !/^.*: the file is [\d,]+ bytes/.test(v.message))
      wrong.push(`names no line or path: ${v.message.slice(0, 200)}`);
    if (v.line !== undefined && !(Number.isInteger(v.line) && v.line >= 1)) wrong.push(`line ${String(v.line)}`);
  }
  if (RAW_HIDDEN.test(json.out)) wrong.push("a hidden character raw in the JSON output");
  if (text !== undefined) {
    if (text.exit !== json.exit) wrong.push(`text exit ${String(text.exit)}, JSON exit ${json.exit}`);
    if (RAW_HIDDEN.test(text.out) || CRASH.test(text.out)) wrong.push(`text output: ${text.out.slice(0, 200)}`);
  }
  const expected = c.expect;
  if (expected !== undefined) {
    if (json.exit !== expected.exit)
      wrong.push(
        `exit ${json.exit}, expected ${expected.exit}: ${report.violations
          .map((v) => v.message)
          .join(" | ")
          .slice(0, 300)}`,
      );
    if (expected.message !== undefined && !report.violations.some((v) => expected.message?.test(v.message) === true)) {
      wrong.push(
        `no message matches ${String(expected.message)}: ${report.violations
          .map((v) => v.message)
          .join(" | ")
          .slice(0, 300)}`,
      );
    }
  }
  return wrong;
}

describe("validate on a hostile YAML corpus", () => {
  const corpus = hostileCorpus();

  it("is over a thousand files, the same on every run", () => {
    expect(corpus.length).toBeGreaterThan(1000);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
    const digest = (cases: readonly HostileCase[]): string =>
      cases.reduce((h, c) => h.update(c.name).update(c.bytes), createHash("sha256")).digest("hex");
    // Another seed gives another corpus: the seed is what fixes it.
    expect(digest(hostileCorpus(1))).not.toBe(digest(corpus));
    expect(digest(hostileCorpus())).toBe(digest(corpus));
  });

  it("answers every file: exit 0, 1 or 2, JSON, a line or path for each problem, no crash, no raw hidden character", async () => {
    const failures: string[] = [];
    const exits = [0, 0, 0];
    for (const [i, c] of corpus.entries()) {
      const path = join(dir, `case-${i}.yaml`);
      writeFileSync(path, c.bytes);
      const json = await validate(path, "json");
      // The text form too, for a share of the files: it prints keys and values as well.
      const text = i % 4 === 0 ? await validate(path, "text") : undefined;
      for (const w of judge(c, json, text)) failures.push(`${c.name}: ${w}`);
      if (typeof json.exit === "number") exits[json.exit] = (exits[json.exit] ?? 0) + 1;
      rmSync(path);
    }
    expect(failures).toEqual([]);
    // The corpus reaches every answer: it is not refused wholesale by one check.
    expect(exits.every((n) => n > 0)).toBe(true);
  }, 600_000);
});
