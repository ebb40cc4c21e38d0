/**
 * The package as a user gets it: `npm pack`, installed into a fresh Pulumi TypeScript program that
 * pins ANOTHER @pulumi/pulumi than this repository, compiled with that program's own types, then
 * previewed and applied against the mock Hub started from the installed package.
 *
 * Why: with @pulumi/pulumi as a pinned dependency, a program on another SDK version got a second
 * copy, and the engine then rejects the resources the package registers through that copy
 * (`Request message serialization failure`). A peer dependency keeps one copy; this proves it.
 * The program has no `typescript` package of its own (like a JavaScript program or an Automation
 * API driver), so the SDK parses the serialized providers with the TypeScript 3.8 it vendors: the
 * build must emit syntax that parser reads (tsconfig's target).
 *
 * The SDK version defaults to the newest one whose `engines` accept Node.js 20; set
 * WEBEXHUB_CONSUMER_PULUMI to try another (e.g. the lower bound of the peer range). The suite needs
 * the npm registry to install it, and is skipped, saying so, when the registry cannot be reached.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hermeticEnv } from "../../scripts/hermetic";
import { ensurePulumi, REPO_ROOT } from "./harness";
import { demoCustomerOrgId } from "../../mockhub/seed";

const SDK_VERSION = process.env.WEBEXHUB_CONSUMER_PULUMI ?? "3.248.0";
const OWN_SDK_VERSION = JSON.parse(
  execFileSync("node", ["-p", "JSON.stringify(require('@pulumi/pulumi/package.json').version)"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  }),
) as string;

/** Whether the registry answers for the version the consumer pins (a failed install would say less). */
function probeRegistry(): { ok: true } | { ok: false; reason: string } {
  const probe = spawnSync("npm", ["view", `@pulumi/pulumi@${SDK_VERSION}`, "version"], {
    encoding: "utf8",
    timeout: 60_000,
  });
  if (probe.status === 0 && probe.stdout.trim() === SDK_VERSION) return { ok: true };
  const why = (
    probe.error?.message ??
    probe.stderr.split("\n").find((l) => l.trim() !== "") ??
    `exit ${String(probe.status)}`
  ).trim();
  return { ok: false, reason: `the npm registry did not answer for @pulumi/pulumi@${SDK_VERSION}: ${why}` };
}

const registry = probeRegistry();
if (!registry.ok) console.warn(`consumer test skipped: ${registry.reason}`);

// A bound on every step: a program that fails to register a resource can leave the engine waiting.
const run = (cmd: string, args: string[], cwd: string, env?: Record<string, string>): string =>
  execFileSync(cmd, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
    timeout: 240_000,
    killSignal: "SIGKILL",
  });

/** The program a user would write: both resources that the partner's token may apply. */
const PROGRAM_TS = `import * as pulumi from "@pulumi/pulumi";
import { PartnerAdmin, RestrictedMode, RULE_CODES, type RoleId } from "pulumi-webexhub";

const roles: RoleId[] = ["support_admin"];
const user1 = new PartnerAdmin("user1", { email: "user1@partner.example", roles });
new RestrictedMode("customer-01", { orgId: "${demoCustomerOrgId(1)}", enabled: false });

export const user1Id: pulumi.Output<string> = user1.id;
export const ruleCodes = RULE_CODES.length;
`;

/** Drives the stack with the consumer's own Automation API, against the installed mock Hub. */
const RUN_TS = `import * as automation from "@pulumi/pulumi/automation";
import { startMockHub } from "pulumi-webexhub/mockhub";
import { join } from "node:path";

// The module's top level declares the resources: load it afresh for every operation.
const program = async (): Promise<Record<string, unknown>> => {
  delete require.cache[require.resolve("./program")];
  return { ...require("./program") };
};

async function main(): Promise<void> {
  const hub = await startMockHub({ seed: "demo", tokensPath: join(__dirname, "tokens.json") });
  const lines: string[] = [];
  try {
    const token = hub.tokens["admin@partner.example"];
    if (token === undefined) throw new Error("the demo seed has no admin@partner.example");
    const stack = await automation.LocalWorkspace.createOrSelectStack(
      { stackName: "dev", projectName: "consumer", program },
      { workDir: __dirname, projectSettings: { name: "consumer", runtime: "nodejs" } },
    );
    await stack.setConfig("webexhub:endpoint", { value: hub.url });
    await stack.setConfig("webexhub:token", { value: token, secret: true });
    const onOutput = (out: string): void => { lines.push(out); };
    // The policy pack as the README says to run it: from the installed package.
    const policyPacks = [join(__dirname, "node_modules/pulumi-webexhub/policypack")];
    const preview = await stack.preview({ onOutput, color: "never", policyPacks });
    const up = await stack.up({ onOutput, color: "never" });
    const res = await fetch(hub.url + "/v1/people?email=user1@partner.example", { headers: { Authorization: "Bearer " + token } });
    const people = (await res.json()) as { items: { roles: string[] }[] };
    // Role ids are opaque on the wire: GET /roles names them.
    const rolesRes = await fetch(hub.url + "/v1/roles", { headers: { Authorization: "Bearer " + token } });
    const names = new Map(((await rolesRes.json()) as { items: { id: string; name: string }[] }).items.map((r) => [r.id, r.name]));
    const roles = (people.items[0]?.roles ?? []).map((id) => names.get(id) ?? id);
    console.log(JSON.stringify({ ok: true, preview: preview.changeSummary, up: up.summary.resourceChanges, outputs: Object.keys(up.outputs), roles, output: lines.join("") }));
  } catch (error) {
    console.log(JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error), output: lines.join("") }));
  } finally {
    await hub.close();
  }
}

void main();
`;

/** The "Embedding (tests)" snippet of mockhub/README.md, as a user would paste it. */
async function readmeSnippet(): Promise<string> {
  const readme = await readFile(join(REPO_ROOT, "mockhub/README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Embedding"));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (code === undefined) throw new Error("mockhub/README.md has no ```ts block under ## Embedding");
  const lines = code.trimEnd().split("\n");
  const imports = lines.filter((l) => l.startsWith("import "));
  const body = lines.filter((l) => !l.startsWith("import "));
  return `${imports.join("\n")}\n\nasync function main(): Promise<void> {\n${body.join("\n")}\n}\n\nvoid main().then(() => console.log("snippet ok"));\n`;
}

describe.skipIf(!registry.ok)(`the packed package in a fresh Pulumi program on @pulumi/pulumi ${SDK_VERSION}`, () => {
  let dir: string;
  let app: string;
  let tarball: string;

  beforeAll(async () => {
    if (!existsSync(join(REPO_ROOT, "dist/sdk/index.js")))
      throw new Error("dist/ is missing: run `npm run build` (npm run test:e2e does) first");
    dir = await mkdtemp(join(tmpdir(), "webexhub-consumer-"));
    app = join(dir, "app");
    // The build is already there (the suite needs it); packing must not rebuild it under the tests.
    const packed = JSON.parse(
      run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], REPO_ROOT),
    ) as { filename: string }[];
    tarball = join(dir, packed[0]?.filename ?? "");
    execFileSync("mkdir", ["-p", app]);
    await writeFile(
      join(app, "package.json"),
      JSON.stringify(
        {
          name: "consumer",
          version: "1.0.0",
          private: true,
          dependencies: { "@pulumi/pulumi": SDK_VERSION, "pulumi-webexhub": `file:${tarball}` },
        },
        null,
        2,
      ),
    );
    await writeFile(join(app, "Pulumi.yaml"), "name: consumer\nruntime: nodejs\n");
    await writeFile(join(app, "program.ts"), PROGRAM_TS);
    await writeFile(join(app, "run.ts"), RUN_TS);
    await writeFile(join(app, "snippet.ts"), await readmeSnippet());
    // Types of Node.js from this repository: the consumer would have its own @types/node.
    const compilerOptions = {
      target: "ES2022",
      module: "commonjs",
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      typeRoots: [join(REPO_ROOT, "node_modules/@types")],
      types: ["node"],
    };
    await writeFile(
      join(app, "tsconfig.json"),
      JSON.stringify(
        {
          compilerOptions: { ...compilerOptions, moduleResolution: "node" },
          files: ["program.ts", "run.ts", "snippet.ts"],
        },
        null,
        2,
      ),
    );
    await writeFile(
      join(app, "tsconfig.node16.json"),
      JSON.stringify(
        {
          compilerOptions: { ...compilerOptions, module: "node16", moduleResolution: "node16", noEmit: true },
          files: ["program.ts", "run.ts", "snippet.ts"],
        },
        null,
        2,
      ),
    );
    run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts"], app);
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("ships the library, the CLI, the schemas, the docs and the licence, and not the repository's tools", () => {
    const pkg = join(app, "node_modules/pulumi-webexhub");
    expect(readdirSync(pkg).sort()).toEqual([
      "CHANGELOG.md",
      "LICENSE",
      "README.md",
      "bin",
      "dist",
      "docs",
      "package.json",
      "policypack",
      "schema",
    ]);
    expect(readdirSync(join(pkg, "dist")).sort()).toEqual([
      "api",
      "cli",
      "core",
      "hub",
      "mockhub",
      "policypack",
      "provider",
      "schema",
      "sdk",
    ]);
    expect(run("node", [join(pkg, "bin/webexhub.js"), "--version"], app).trim()).toMatch(/^webexhub \d+\.\d+\.\d+/);
    // Rule failures say "see docs/rules.md#<code>": the installed package has it.
    expect(readdirSync(join(pkg, "docs"))).toContain("rules.md");
    // The other entry points of the exports map resolve from the program.
    const entry = (spec: string): string => run("node", ["-p", `require.resolve(${JSON.stringify(spec)})`], app).trim();
    expect(entry("pulumi-webexhub")).toBe(join(pkg, "dist/sdk/index.js"));
    expect(entry("pulumi-webexhub/mockhub")).toBe(join(pkg, "dist/mockhub/index.js"));
    expect(entry("pulumi-webexhub/package.json")).toBe(join(pkg, "package.json"));
    expect(entry("pulumi-webexhub/schema/partner-file.schema.json")).toBe(join(pkg, "schema/partner-file.schema.json"));
  });

  it("installs with the program's one copy of @pulumi/pulumi", () => {
    expect(SDK_VERSION).not.toBe(OWN_SDK_VERSION);
    const tree = JSON.parse(run("npm", ["ls", "@pulumi/pulumi", "--all", "--json"], app)) as {
      dependencies: Record<string, { version: string; dependencies?: Record<string, unknown> }>;
    };
    expect(tree.dependencies["@pulumi/pulumi"]?.version).toBe(SDK_VERSION);
    expect(tree.dependencies["pulumi-webexhub"]?.dependencies?.["@pulumi/pulumi"]).toMatchObject({
      version: SDK_VERSION,
    });
    expect(existsSync(join(app, "node_modules/pulumi-webexhub/node_modules/@pulumi"))).toBe(false);
    const fromPackage = run(
      "node",
      [
        "-p",
        "require.resolve('@pulumi/pulumi', { paths: [require('path').dirname(require.resolve('pulumi-webexhub'))] })",
      ],
      app,
    ).trim();
    expect(fromPackage).toBe(join(app, "node_modules/@pulumi/pulumi/index.js"));
  });

  it("type-checks the program, the Automation API driver and the mock Hub README's snippet, with node and node16 resolution", () => {
    const tsc = join(REPO_ROOT, "node_modules/typescript/bin/tsc");
    run("node", [tsc, "-p", "tsconfig.json"], app);
    run("node", [tsc, "-p", "tsconfig.node16.json"], app);
    expect(run("node", ["snippet.js"], app)).toContain("snippet ok");
  });

  it("previews with the installed policy pack and applies against the mock Hub, with no serialization failure", () => {
    const binDir = ensurePulumi();
    const env = hermeticEnv(join(dir, "pulumi"), binDir, "consumer-passphrase");
    execFileSync("mkdir", ["-p", join(dir, "pulumi/backend"), join(dir, "pulumi/home")]);
    const lines = run("node", ["run.js"], app, env).trim().split("\n");
    const result = JSON.parse(lines[lines.length - 1] ?? "{}") as {
      ok: boolean;
      error?: string;
      output: string;
      preview?: Record<string, number>;
      up?: Record<string, number>;
      outputs?: string[];
      roles?: string[];
    };
    expect(result.output).not.toMatch(/serialization failure/i);
    expect(result.ok, `${result.error ?? ""}\n${result.output}`).toBe(true);
    // The PartnerAdmin, the RestrictedMode, the program's plan, its destroy guard and the stack.
    expect(result.preview).toEqual({ create: 5 });
    // The pack ran from node_modules/pulumi-webexhub/policypack and found nothing to refuse.
    expect(result.output).toMatch(/webexhub@v\d+\.\d+\.\d+ \(local: /);
    expect(result.output).not.toMatch(/mandatory|advisory/);
    expect(result.up).toEqual({ create: 5 });
    expect(result.outputs?.sort()).toEqual(["ruleCodes", "user1Id"]);
    expect(result.roles).toEqual(["Support Administrator"]);
  });
});
