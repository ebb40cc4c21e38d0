/**
 * The house rules of the source tree, checked rather than hoped for: every folder has its place,
 * each layer imports only the layers below it (others through their index.ts), no source file grows
 * past 400 lines, no layer keeps module-level state but what is allowed with its reason, and the
 * public surface names what it exports.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const MAX_LINES = 400;

/**
 * Every top-level folder of the repository, and for the folders of TypeScript source what they may
 * import (besides themselves, node and npm packages, and schema/'s JSON). A folder missing from this
 * table fails the test: a new folder is placed in the layers on purpose, not by default.
 */
const FOLDERS: Readonly<Record<string, { readonly imports: readonly string[] } | { readonly holds: string }>> = {
  core: { imports: [] },
  api: { imports: ["core"] },
  hub: { imports: ["core", "api"] },
  provider: { imports: ["core", "api", "hub"] },
  sdk: { imports: ["core", "api", "hub", "provider"] },
  cli: { imports: ["core", "api", "hub", "provider", "sdk", "mockhub"] },
  mockhub: { imports: ["core", "api"] },
  // The CrossGuard policy pack: the rules offline, nothing that reaches the Hub.
  policypack: { imports: ["core"] },
  // Example programs use what a user of the package can: its entry points, sdk/ and mockhub/.
  examples: { imports: ["sdk", "mockhub"] },
  // The demo runs the example program against the mock Hub; hermetic.ts installs the package.
  scripts: { imports: ["core", "api", "hub", "provider", "sdk", "mockhub", "examples"] },
  // The benchmarks time the layers, the CLI and the demo's hermetic install.
  bench: { imports: ["core", "api", "hub", "provider", "sdk", "cli", "mockhub", "scripts"] },
  // Go wrapper modules that pin the Pulumi CLI and actionlint; no TypeScript may live there.
  tools: { imports: [] },
  schema: { holds: "the JSON Schemas of the resources and the GitOps file: data every layer may read" },
  docs: { holds: "the documentation" },
  bin: { holds: "the webexhub launcher (JavaScript, calls dist/cli)" },
  test: { holds: "the tests, which may import any folder" },
  ".ci": { holds: "the CI entry script" },
  ".git": { holds: "git's own files (a file in a worktree)" },
  node_modules: { holds: "npm's installs (ignored by git)" },
  dist: { holds: "the build (ignored by git)" },
  coverage: { holds: "test coverage reports (ignored by git)" },
  ".tools": { holds: "the Pulumi CLI and actionlint built by scripts/ensure-*.sh (ignored by git)" },
  ".webexhub": { holds: "the CLI's and the mock Hub's local state (ignored by git)" },
  ".pulumi-e2e": { holds: "the end-to-end tests' Pulumi state (ignored by git)" },
};

const SOURCE_DIRS = Object.entries(FOLDERS)
  .filter(([, row]) => "imports" in row)
  .map(([dir]) => dir);
const allowedOf = (layer: string): readonly string[] | undefined => {
  const row = FOLDERS[layer];
  return row !== undefined && "imports" in row ? row.imports : undefined;
};

/** Layers with a public surface (their index.ts): every other folder imports them through it. */
const WITH_INDEX = ["core", "api", "hub", "provider", "sdk", "mockhub"];

/**
 * Module-level state allowed, by file and name, and why. Everything else at module level is
 * constant: a `let`, a `var`, or a `new Map`/`Set`/`WeakMap`/`WeakSet` not typed read-only is
 * state shared by every caller of the process, and belongs in an object its owner passes around.
 */
const MODULE_STATE_ALLOWED: Readonly<Record<string, string>> = {
  "hub/throttle.ts throttles": "the process-wide throttle registry: every client of a Hub and token keeps one limit",
  "hub/sessions.ts sessions": "the process-wide sessions: sharing what was read across resources is their purpose",
  "core/schema.ts ajv": "the JSON Schema compiler, made on first use: the same for every caller, costly to make",
  "core/schema.ts compiled": "the compiled JSON Schemas, compiled on first use: the same for every caller",
  "core/schema.ts fieldsOf": "a memo of a pure function of the schema object, forgotten with it",
  "core/rules/sites.ts owners": "a memo of a pure function of the world object, forgotten with it",
  "hub/shapes.ts persons": "a memo of a pure function of the session person, forgotten with it",
  "mockhub/views.ts personViews": "a memo of a pure function of the stored person, forgotten with it",
  "mockhub/stateText.ts itemJson": "a memo of a pure function of the stored item, forgotten with it",
};

const MODULE_LET = /^(?:export\s+)?(?:let|var)\s+([A-Za-z_$][\w$]*)/;
const MODULE_COLLECTION =
  /^(?:export\s+)?const\s+([A-Za-z_$][\w$]*)\s*(:\s*[^=]+)?=\s*new\s+(?:Map|Set|WeakMap|WeakSet)\b/;

/** Module-level state of one file: `file name` and the line. */
function moduleState(path: string, text: string): Array<{ key: string; at: string }> {
  const out: Array<{ key: string; at: string }> = [];
  text.split("\n").forEach((line, i) => {
    const at = `${path}:${i + 1}: ${line.trim()}`;
    const name = MODULE_LET.exec(line)?.[1];
    const collection = MODULE_COLLECTION.exec(line);
    // A collection typed ReadonlySet/ReadonlyMap is a constant table: nothing can add to it.
    const constant = collection?.[2] !== undefined && /^:\s*Readonly(?:Set|Map)</.test(collection[2]);
    const found = name ?? (collection && !constant ? collection[1] : undefined);
    if (found !== undefined) out.push({ key: `${path} ${found}`, at });
  });
  return out;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      if (name === "node_modules" || name === "dist") continue;
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(path);
    }
  };
  walk(join(ROOT, dir));
  return out;
}

const layerOf = (file: string): string => relative(ROOT, file).split(sep)[0] ?? "";

function relativeImports(text: string): string[] {
  const specs: string[] = [];
  const re = /(?:from|import|require)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) specs.push(m[1] ?? "");
  return specs;
}

const allFiles = SOURCE_DIRS.flatMap((d) => sourceFiles(d));

describe("the layers of the source tree", () => {
  it("import one way: core ← api ← hub ← provider ← sdk, the mock Hub from core and api only", () => {
    const wrong: string[] = [];
    for (const file of allFiles) {
      const layer = layerOf(file);
      const allowed = allowedOf(layer) ?? [];
      for (const spec of relativeImports(readFileSync(file, "utf8"))) {
        const target = layerOf(resolve(file, "..", spec));
        // schema/ holds the JSON Schemas: data every layer may read.
        if (target !== layer && target !== "schema" && !allowed.includes(target)) {
          wrong.push(`${relative(ROOT, file)} imports ${spec} (${target})`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("reaches another layer (the mock Hub too) through its index.ts, the folder's named public surface", () => {
    const inside: string[] = [];
    for (const file of allFiles) {
      const layer = layerOf(file);
      for (const spec of relativeImports(readFileSync(file, "utf8"))) {
        const target = resolve(file, "..", spec);
        const targetLayer = layerOf(target);
        if (targetLayer === layer || !WITH_INDEX.includes(targetLayer)) continue;
        if (relative(ROOT, target) !== targetLayer) inside.push(`${relative(ROOT, file)} imports ${spec}`);
      }
    }
    expect(inside).toEqual([]);
  });

  it(`keeps every source file at or under ${MAX_LINES} lines`, () => {
    const long = allFiles
      .map((file) => ({ file: relative(ROOT, file), lines: readFileSync(file, "utf8").split("\n").length }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.file}: ${f.lines}`);
    expect(long).toEqual([]);
  });

  it("has a row for every top-level folder: an unknown folder is placed in the layers on purpose", () => {
    const unknown = readdirSync(ROOT, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !(entry.name in FOLDERS))
      .map((entry) => entry.name);
    expect(unknown).toEqual([]);
  });

  it("keeps no TypeScript in tools/ (its modules are Go)", () => {
    expect(allFiles.filter((file) => layerOf(file) === "tools").map((file) => relative(ROOT, file))).toEqual([]);
  });

  it("keeps no module-level mutable state in any layer but the state allowed with its reason", () => {
    const found = allFiles.flatMap((file) => moduleState(relative(ROOT, file), readFileSync(file, "utf8")));
    expect(found.filter(({ key }) => !(key in MODULE_STATE_ALLOWED)).map(({ at }) => at)).toEqual([]);
    // An allowance for state that is gone is removed with it, so the list says what is true.
    const keys = new Set(found.map(({ key }) => key));
    expect(Object.keys(MODULE_STATE_ALLOWED).filter((key) => !keys.has(key))).toEqual([]);
  });

  it.each([
    ["let counter = 0;", true],
    ["export let current: string | undefined;", true],
    ["const cache = new Map<string, number>();", true],
    ["const memo = new WeakMap<object, string>();", true],
    ['const NAMES: ReadonlySet<string> = new Set(["a"]);', false],
    ["const TABLE: ReadonlyMap<string, number> = new Map();", false],
    ["  let local = 0;", false],
    ["const LIMIT = 5;", false],
  ])("reads %j as module state: %s", (line, state) => {
    expect(moduleState("probe.ts", `${line}\n`).length > 0).toBe(state);
  });

  it("names every public export of the package (no export *)", () => {
    const sdk = readFileSync(join(ROOT, "sdk", "index.ts"), "utf8");
    expect(sdk).not.toMatch(/export\s*\*/);
  });
});
