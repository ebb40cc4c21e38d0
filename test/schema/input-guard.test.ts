/**
 * What a GitOps file may be before its YAML is read (core/gitops/bytes.ts, nesting.ts) and which
 * YAML it may use (tags.ts): a file that would be read wrong, or that would take a parser down, is
 * refused at once with the limit or the construct it broke, its line and the fix.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeFile, firstInvalidUtf8, MAX_FILE_BYTES } from "../../core/gitops/bytes";
import { parseGitOpsFile, readYaml } from "../../core/gitops/file";
import { readWithJsYaml } from "../../core/gitops/jsYamlRead";
import { MAX_DEPTH, MAX_ENTRIES, structureProblem } from "../../core/gitops/nesting";
import { readWithYamlLibrary } from "../../core/gitops/yamlLibraryRead";
import type { FileProblem } from "../../core/gitops/yamlRead";

const problemsOf = (input: string | Uint8Array): FileProblem[] => {
  const result = parseGitOpsFile(input);
  return result.ok ? [] : result.problems;
};
const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

const SITES_FILE = (sites: string): string =>
  "apiVersion: webexhub/v1\ncustomer: {orgId: org-c}\nadmins:\n  - email: a@c.example\n    roles: [full_admin]\n" +
  `    sites: ${sites}\n`;

describe("YAML tags outside the YAML 1.2 core schema", () => {
  it("refuses !!omap where it once read as an empty mapping (an apply would have removed the site roles)", () => {
    expect(problemsOf(SITES_FILE("!!omap [partner.webex.com: site_admin]"))).toEqual([
      {
        path: "admins[0].sites",
        line: 6,
        message: expect.stringMatching(/^the YAML tag !!omap is not read by webexhub.*remove the tag/),
      },
    ]);
  });

  it.each([
    ["!!omap", "a: !!omap [b: 1]\n", "a", 1],
    ["!!set", "a:\n  b: !!set {x: null}\n", "a.b", 2],
    ["!!binary", "a: !!binary aGVsbG8=\n", "a", 1],
    ["!!timestamp", "a: !!timestamp 2027-01-31\n", "a", 1],
    ["!!pairs", "a: !!pairs [b: 1]\n", "a", 1],
    ["!foo", "l:\n  - x\n  - !foo y\n", "l[1]", 3],
    ["!!python/object:os.system", "a: !!python/object:os.system x\n", "a", 1],
    // Named as the type it stands for, whatever handle the file gave it.
    ["!!omap", "%TAG !e! tag:yaml.org,2002:\n---\na: !e!omap [b: 1]\n", "a", 3],
    ["!!set", "? !!set {a: null}\n: b\n", "", 1],
  ])("%s is refused at its path and line, by both readers alike", (tag, text, path, line) => {
    expect(readWithJsYaml(text)).toBeUndefined();
    const read = readYaml(text);
    expect(read.reader).toBe("yaml");
    expect(read).toEqual({ ...readWithYamlLibrary(text), reader: "yaml" });
    expect(!read.ok && read.problems.map((p) => [p.path, p.line, p.message.split(" is not")[0]])).toEqual([
      [path, line, `the YAML tag ${tag}`],
    ]);
  });

  it.each([
    ["!!str", "a: !!str 12\n", { a: "12" }],
    ["!!int", "a: !!int 12\n", { a: 12 }],
    ["!!map and !!seq", "a: !!map {b: !!seq [x]}\n", { a: { b: ["x"] } }],
    ["the non-specific tag !", "a: ! 12\n", { a: "12" }],
    ["a verbatim core tag", "a: !<tag:yaml.org,2002:str> x\n", { a: "x" }],
  ])("keeps %s, read the same by both readers", (_name, text, value) => {
    const fast = readWithJsYaml(text);
    const slow = readWithYamlLibrary(text);
    expect(fast?.ok && fast.value).toEqual(value);
    expect(slow.ok && slow.value).toEqual(value);
  });

  it("refuses a %YAML 1.1 directive (yes, on and 0755 mean other things there), keeps %YAML 1.2", () => {
    const old = readYaml("# old\n%YAML 1.1\n---\na: yes\n");
    expect(!old.ok && old.problems).toEqual([
      { path: "", line: 2, message: expect.stringMatching(/^the file asks for YAML 1\.1 .*remove the %YAML line/) },
    ]);
    const current = readYaml("%YAML 1.2\n---\na: yes\n");
    expect(current.ok && current.value).toEqual({ a: "yes" });
  });
});

describe("bytes that are not UTF-8", () => {
  it.each([
    ["a byte that starts nothing", bytes("apiVersion: x\norgId: p", [0xff], "q\n"), 2, 9, "0xFF"],
    ["a continuation byte alone", bytes("a: ", [0x80], "\n"), 1, 4, "0x80"],
    ["an overlong form of /", bytes("a: b\nc: d\ne: ", [0xc0, 0xaf], "\n"), 3, 4, "0xC0"],
    ["an encoded surrogate", bytes("é: ", [0xed, 0xa0, 0x80], "\n"), 1, 4, "0xED"],
    ["a sequence cut off at the end", bytes("a: é", [0xe2, 0x82]), 1, 5, "0xE2"],
    ["past U+10FFFF", bytes("a: ", [0xf4, 0x90, 0x80, 0x80], "\n"), 1, 4, "0xF4"],
  ])("%s: refused with its line and column, never replaced by U+FFFD", (_name, input, line, column, byte) => {
    expect(problemsOf(input)).toEqual([
      {
        path: "",
        line,
        message: `not valid UTF-8: the byte ${byte} at line ${line}, column ${column} is not part of any character; save the file as UTF-8 (ids and emails are plain text)`,
      },
    ]);
  });

  it("reads UTF-8 with a byte order mark and characters of every length", () => {
    const text =
      "apiVersion: webexhub/v1\npartner: {orgId: p}\nadmins:\n  - {email: a@p.example, roles: []}\n# é € 𝄞\n";
    expect(decodeFile(bytes([0xef, 0xbb, 0xbf], text))).toEqual({ ok: true, text });
    expect(parseGitOpsFile(bytes([0xef, 0xbb, 0xbf], text)).ok).toBe(true);
  });

  it("finds the first bad byte exactly where the standard decoder fails", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (input) => {
        let valid = true;
        try {
          new TextDecoder("utf-8", { fatal: true }).decode(input);
        } catch {
          valid = false;
        }
        const at = firstInvalidUtf8(input);
        expect(at === -1).toBe(valid);
        if (!valid) expect(() => new TextDecoder("utf-8", { fatal: true }).decode(input.subarray(0, at))).not.toThrow();
      }),
      { numRuns: 3000, seed: 20261207 },
    );
  });
});

describe("limits checked before a parser sees the text", () => {
  it("refuses a file over 5 MB from its size, as bytes or as text", () => {
    const big = `# ${"x".repeat(MAX_FILE_BYTES)}\n`;
    const message = `the file is 5,242,883 bytes (5.0 MB); webexhub reads GitOps files of at most 5.0 MB (5,242,880 bytes): check that this is the file you meant`;
    expect(problemsOf(big)).toEqual([{ path: "", message: expect.stringContaining(message) }]);
    expect(problemsOf(Buffer.from(big))).toEqual([{ path: "", message: expect.stringContaining(message) }]);
    // Counted in bytes: 2 million "é" are 2 million characters and 4 million bytes.
    expect(problemsOf(`# ${"é".repeat(2_700_000)}\n`)[0]?.message).toMatch(/^the file is 5,400,003 bytes/);
  });

  const deepProblem = (line: number): FileProblem => ({
    path: "",
    line,
    message: expect.stringMatching(
      new RegExp(`^the file nests lists and mappings more than ${MAX_DEPTH} levels deep`),
    ) as never,
  });

  it.each([
    ["[ nested 1,000 times", `a: ${"[".repeat(1000)}${"]".repeat(1000)}\n`, 1],
    ["{ nested 1,000 times", `a: ${"{a: ".repeat(1000)}x${"}".repeat(1000)}\n`, 1],
    ["- - - … 1,000 times on one line", `a:\n  ${"- ".repeat(1000)}x\n`, 2],
    [
      "mappings indented 1,000 levels",
      `${Array.from({ length: 1000 }, (_, i) => `${" ".repeat(i)}k:`).join("\n")} x\n`,
      65,
    ],
    [
      "lists indented 1,000 levels",
      `${Array.from({ length: 1000 }, (_, i) => `${" ".repeat(i)}-`).join("\n")} x\n`,
      64,
    ],
    ["4 MB of [", "[".repeat(4 * 1024 * 1024), 1],
  ])("%s: the depth limit at its line, not a stack overflow", (_name, text, line) => {
    expect(problemsOf(text)).toEqual([deepProblem(line)]);
  });

  it(`counts the levels: ${MAX_DEPTH} are read, one more is refused`, () => {
    // The top-level mapping is one level, each [ another.
    const nested = (n: number): string => `a: ${"[".repeat(n)}${"]".repeat(n)}\n`;
    expect(structureProblem(nested(MAX_DEPTH - 1))).toBeUndefined();
    expect(readYaml(nested(MAX_DEPTH - 1)).ok).toBe(true);
    expect(structureProblem(nested(MAX_DEPTH))).toEqual(deepProblem(1));
  });

  it.each([
    ["in a double-quoted scalar", `a: "${"[{".repeat(200)}"\n`],
    ["in a single-quoted scalar over lines", `a: '${"[\n  ".repeat(200)}'\n`],
    ["in a comment", `a: x # ${"[".repeat(200)}\n`],
    ["in a plain scalar", `a: x${"[".repeat(200)}\n`],
    ["in a block scalar", `a: |\n${Array.from({ length: 200 }, (_, i) => ` ${" ".repeat(i)}[`).join("\n")}\nb: c\n`],
  ])("does not count brackets or indentation %s", (_name, text) => {
    expect(structureProblem(text)).toBeUndefined();
    expect(readYaml(text).ok).toBe(true);
  });

  it(`refuses more than ${MAX_ENTRIES.toLocaleString("en-US")} list items and keys at the line where the count passes it`, () => {
    expect(problemsOf("-\n".repeat(MAX_ENTRIES + 5))).toEqual([
      {
        path: "",
        line: MAX_ENTRIES + 1,
        message: expect.stringMatching(/^the file has more than 250,000 list items and keys/),
      },
    ]);
    expect(problemsOf(`a: [${"x,".repeat(MAX_ENTRIES)}x]\n`)[0]?.message).toMatch(/more than 250,000 list items/);
    expect(structureProblem("-\n".repeat(MAX_ENTRIES - 1))).toBeUndefined();
  });

  it("refuses aliases that nest the value deeper than the text, at the path where it passes the limit", () => {
    const chain = Array.from({ length: 70 }, (_, i) => `k${i + 1}: &k${i + 1} [*k${i}]`).join("\n");
    const text = `k0: &k0 [x]\n${chain}\n`;
    expect(structureProblem(text)).toBeUndefined();
    const read = readYaml(text);
    expect(!read.ok && read.problems.map((p) => [p.path.split("[")[0], p.line])).toEqual([["k70", 71]]);
  });

  it("refuses an alias inside its own anchor in the `yaml` library's reading too", () => {
    const read = readWithYamlLibrary("x:\n  y: &a [1, *a]\n");
    // The library builds a cycle; the depth check stops it rather than walking it for ever.
    expect(read.ok).toBe(true);
    expect(problemsOf("apiVersion: webexhub/v1\nx:\n  y: &a [1, *a]\n")[0]?.message).toMatch(
      /stands for a node that contains it|more than 64 levels/,
    );
  });
});
