/**
 * The YAML an editor or a reader copies must be accepted: every example file and every file in
 * docs/gitops.md names its JSON Schema on the first line (`# yaml-language-server: $schema=…`), the
 * schema it names is the one for its kind, a plain JSON Schema validator (as an editor uses)
 * accepts it, and so does `webexhub validate` offline.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { desiredOfFile, parseGitOpsFile } from "../../core/gitops/file";
import { evaluate, hasErrors } from "../../core/rules/engine";

const ROOT = resolve(__dirname, "../..");
const SCHEMA_LINE = /^# yaml-language-server: \$schema=(\S+)\n/;

interface Sample {
  readonly name: string;
  readonly text: string;
  /** The schema file the first line names, resolved as the language server does. */
  readonly schemaPath: string;
}

function sample(name: string, text: string, baseDir: string, mapPath: (p: string) => string = (p) => p): Sample {
  const path = SCHEMA_LINE.exec(text)?.[1];
  if (path === undefined) throw new Error(`${name} does not start with a yaml-language-server $schema line`);
  return { name, text, schemaPath: resolve(baseDir, mapPath(path)) };
}

const examplesDir = join(ROOT, "examples/gitops");
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith(".yaml") && f !== "Pulumi.yaml")
  .map((f) => sample(`examples/gitops/${f}`, readFileSync(join(examplesDir, f), "utf8"), examplesDir));

// In the docs the path points into an installed package; here that is the repository itself.
const docs = [...readFileSync(join(ROOT, "docs/gitops.md"), "utf8").matchAll(/```yaml\n([\s\S]*?)```/g)]
  .map((m) => m[1] ?? "")
  .filter((block) => block.includes("apiVersion:"))
  .map((block, i) =>
    sample(`docs/gitops.md block ${i + 1}`, block, ROOT, (p) => p.replace("./node_modules/pulumi-webexhub/", "./")),
  );

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
const validatorOf = (path: string): ReturnType<typeof ajv.compile> => {
  const known = compiled.get(path) ?? ajv.compile(JSON.parse(readFileSync(path, "utf8")) as object);
  compiled.set(path, known);
  return known;
};

describe("GitOps files offer their schema to editors", () => {
  it("covers both kinds in the examples and in the docs", () => {
    expect(examples.map((s) => s.name).sort()).toEqual([
      "examples/gitops/customer-acme.yaml",
      "examples/gitops/partner.yaml",
    ]);
    expect(docs).toHaveLength(2);
  });

  it.each([...examples, ...docs].map((s) => [s.name, s]))(
    "%s: names the schema of its kind, which accepts it, and validate passes",
    (_name, s) => {
      const value = parse(s.text) as Record<string, unknown>;
      const kind = "partner" in value ? "partner" : "customer";
      expect(existsSync(s.schemaPath)).toBe(true);
      expect(s.schemaPath).toBe(join(ROOT, `schema/${kind}-file.schema.json`));
      const check = validatorOf(s.schemaPath);
      expect(check(value), JSON.stringify(check.errors)).toBe(true);
      const parsed = parseGitOpsFile(s.text);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(
        hasErrors(evaluate({ desired: desiredOfFile(parsed.parsed), now: new Date("2026-06-01T00:00:00Z") })),
      ).toBe(false);
    },
  );
});

describe("docs/gitops.md states the limits the code applies", () => {
  it("names the size, depth and entry limits, and every refused tag the corpus uses", async () => {
    const { GITOPS_FILE_LIMITS } = await import("../../core/gitops/limits");
    const doc = readFileSync(join(ROOT, "docs", "gitops.md"), "utf8");
    expect(doc).toContain(
      `**${GITOPS_FILE_LIMITS.bytes / (1024 * 1024)} MB** (${GITOPS_FILE_LIMITS.bytes.toLocaleString("en-US")} bytes)`,
    );
    expect(doc).toContain(`**${GITOPS_FILE_LIMITS.depth} levels**`);
    expect(doc).toContain(`**${GITOPS_FILE_LIMITS.entries.toLocaleString("en-US")}**`);
    for (const tag of ["!!omap", "!!set", "!!pairs", "!!binary", "!!timestamp", "!foo", "%YAML 1.1"])
      expect(doc).toContain(tag);
  });
});
