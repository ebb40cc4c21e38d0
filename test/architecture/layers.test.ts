/**
 * The house rules of the source tree, checked rather than hoped for: each layer imports only the
 * layers below it, no source file grows past 400 lines, the provider keeps no module-level state,
 * and the public surface names what it exports.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const SOURCE_DIRS = ["core", "api", "hub", "provider", "sdk", "cli", "mockhub", "policypack", "scripts", "bench", "examples"];
const MAX_LINES = 400;

/** What each layer may import (besides itself and node/npm packages). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  core: [],
  api: ["core"],
  hub: ["core", "api"],
  provider: ["core", "api", "hub"],
  sdk: ["core", "api", "hub", "provider"],
  cli: ["core", "api", "hub", "provider", "sdk", "mockhub"],
  mockhub: ["core", "api"],
  // The CrossGuard policy pack: the rules offline, nothing that reaches the Hub.
  policypack: ["core"],
};

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

const allFiles = SOURCE_DIRS.flatMap((d) => {
  try {
    return sourceFiles(d);
  } catch {
    return [];
  }
});

describe("the layers of the source tree", () => {
  it("import one way: core ← api ← hub ← provider ← sdk, the mock Hub from core and api only", () => {
    const wrong: string[] = [];
    for (const file of allFiles) {
      const layer = layerOf(file);
      const allowed = ALLOWED[layer];
      if (!allowed) continue;
      for (const spec of relativeImports(readFileSync(file, "utf8"))) {
        const target = layerOf(resolve(file, "..", spec));
        // schema/ holds the JSON Schemas: data every layer may read.
        if (target !== layer && target !== "schema" && !allowed.includes(target)) wrong.push(`${relative(ROOT, file)} imports ${spec} (${target})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("reaches another layer through its index.ts, the folder's named public surface", () => {
    const inside: string[] = [];
    for (const file of allFiles) {
      const layer = layerOf(file);
      for (const spec of relativeImports(readFileSync(file, "utf8"))) {
        const target = resolve(file, "..", spec);
        const targetLayer = layerOf(target);
        if (targetLayer === layer || !["core", "api", "hub", "provider"].includes(targetLayer)) continue;
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

  it("keeps no module-level mutable state in the provider", () => {
    const offenders = allFiles
      .filter((file) => layerOf(file) === "provider")
      .flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .map((line, i) => ({ line, at: `${relative(ROOT, file)}:${i + 1}` }))
          .filter(({ line }) => /^(?:export\s+)?(?:let|var)\s/.test(line))
          .map(({ at, line }) => `${at}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });

  it("names every public export of the package (no export *)", () => {
    const sdk = readFileSync(join(ROOT, "sdk", "index.ts"), "utf8");
    expect(sdk).not.toMatch(/export\s*\*/);
  });
});
