/**
 * `webexhub validate FILE [--format text|json] [--endpoint URL --token T]`: in-process
 * through runValidate and main with a capturing io, and once as a real process.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageError, type Io } from "../../cli/io";
import { main } from "../../cli/main";
import { runValidate, type LiveContext, type ValidateOptions } from "../../cli/validate";
import type { World } from "../../core/rules/types";

const ROOT = join(__dirname, "..", "..");
const PARTNER_EXAMPLE = join(ROOT, "examples", "gitops", "partner.yaml");
const CUSTOMER_EXAMPLE = join(ROOT, "examples", "gitops", "customer-acme.yaml");
const NOW = new Date("2026-06-01T00:00:00Z");
const DIST_MAIN = join(ROOT, "dist", "cli", "main.js");
const BUILT = existsSync(DIST_MAIN);
const SKIP_BUILD =
  "dist/cli/main.js is missing; run `npx tsc -p tsconfig.json` first (npm test builds before vitest runs)";

interface Captured extends Io {
  out(): string;
  err(): string;
}

function capture(): Captured {
  let out = "";
  let err = "";
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    out: () => out,
    err: () => err,
  };
}

interface JsonReport {
  ok: boolean;
  violations: Array<{ code: string; severity: string; path: string; message: string; line?: number }>;
}

async function validate(
  argv: string[],
  options: ValidateOptions = { now: NOW },
): Promise<{ code: number; io: Captured; json?: JsonReport }> {
  const io = capture();
  const code = await runValidate(argv, io, options);
  const json =
    argv.includes("json") || argv.includes("--format=json") ? (JSON.parse(io.out()) as JsonReport) : undefined;
  return { code, io, json };
}

let dir = "";
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "webexhub-validate-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const PARTNER_HEAD = `apiVersion: webexhub/v1
partner:
  orgId: partner-1
admins:
  - email: alice@partner.example
    roles: [full_admin, partner_full_admin]
`;

describe("the example files", () => {
  it.each([PARTNER_EXAMPLE, CUSTOMER_EXAMPLE])("%s validates clean (exit 0)", async (path) => {
    const text = await validate([path]);
    expect(text.code).toBe(0);
    expect(text.io.out()).toBe(`${path}: 0 errors, 0 warnings\n`);
    expect(text.io.err()).toMatch(
      /^offline: the rules that need the live Hub .* were not run; pass --endpoint URL or set WEBEXHUB_ENDPOINT for them\n$/,
    );
    const json = await validate([path, "--format", "json"]);
    expect(json.code).toBe(0);
    expect(json.json).toEqual({ ok: true, violations: [] });
  });
});

describe("rule violations", () => {
  it("a broken rule exits 1 and prints {ok: false, violations} with file paths and lines", async () => {
    const path = file(
      "exclusive.yaml",
      `${PARTNER_HEAD}  - email: bob@partner.example
    roles: [partner_admin, partner_readonly_admin]
  - email: carl@partner.example
    roles: [full_admin]
`,
    );
    const { code, json } = await validate([path, "--format=json"]);
    expect(code).toBe(1);
    expect(json).toEqual({
      ok: false,
      violations: [
        {
          code: "exclusive-roles",
          severity: "error",
          path: "admins[1].roles",
          line: 8,
          message:
            "bob@partner.example holds partner_admin and partner_readonly_admin, which are levels of one kind of access (customer-tier); keep only one of them.",
        },
      ],
    });
  });

  it("reports every violation of a file (an external full administrator counts as a second administrator: no single-full-admin)", async () => {
    const path = file(
      "several.yaml",
      `apiVersion: webexhub/v1
customer:
  orgId: cust-a
admins:
  - email: ann@acme.example
    roles: [full_admin]
  - email: cus@acme.example
    roles: [device_admin, advanced_troubleshooting]
externalAdmins:
  - email: carol@msp.example
    role: external_full_admin
    expiresAt: "2026-01-01T00:00:00Z"
`,
    );
    const { code, json } = await validate([path, "--format", "json"]);
    expect(code).toBe(1);
    expect(json?.ok).toBe(false);
    expect(json?.violations.map((v) => [v.code, v.severity, v.path, v.line]).sort()).toEqual([
      ["ata-requires-base-role", "error", "admins[1].roles[1]", 8],
      ["expiry-in-past", "error", "externalAdmins[0].expiresAt", 12],
      ["expiry-readonly-only", "error", "externalAdmins[0].expiresAt", 12],
    ]);
  });

  it("warnings only exit 0 with ok true", async () => {
    const path = file("warning.yaml", `${PARTNER_HEAD}  - email: bob@partner.example\n    roles: [partner_admin]\n`);
    const { code, json } = await validate([path, "--format", "json"]);
    expect(code).toBe(0);
    expect(json?.ok).toBe(true);
    expect(json?.violations).toEqual([
      {
        code: "single-full-admin",
        severity: "warning",
        path: "admins[0].roles",
        line: 6,
        message:
          "Only alice@partner.example is a full_admin of partner-1; always have more than one administrator so the org can be administered when one is away.",
      },
    ]);
  });

  it("the text format names the file, the line, the code and the path", async () => {
    const path = file(
      "text.yaml",
      `${PARTNER_HEAD}  - email: bob@partner.example\n    roles: [full_admin, provisioning_admin]\n`,
    );
    const { code, io } = await validate([path]);
    expect(code).toBe(1);
    expect(io.out().split("\n")).toEqual([
      `${path}:8: error derived-role at admins[1].roles[1]: provisioning_admin is derived: the Hub grants it when a partner or sales administrator provisions services for an existing customer. Remove it from the roles of bob@partner.example. (see docs/rules.md#derived-role)`,
      `${path}: 1 error, 0 warnings`,
      "",
    ]);
  });

  it("uses the clock it is given for expiry rules", async () => {
    const path = file(
      "expiry.yaml",
      `apiVersion: webexhub/v1
customer: {orgId: cust-a}
admins:
  - {email: ann@acme.example, roles: [full_admin]}
  - {email: amy@acme.example, roles: [full_admin]}
externalAdmins:
  - {email: carol@msp.example, role: external_readonly_admin, expiresAt: "2026-07-01T00:00:00Z"}
`,
    );
    expect((await validate([path], { now: NOW })).code).toBe(0);
    expect((await validate([path], { now: new Date("2026-08-01T00:00:00Z") })).code).toBe(1);
  });
});

describe("files that cannot be used exit 2", () => {
  it("a missing file", async () => {
    const path = join(dir, "nope.yaml");
    const { code, json } = await validate([path, "--format", "json"]);
    expect(code).toBe(2);
    expect(json).toEqual({
      ok: false,
      violations: [{ code: "file", severity: "error", path: "", message: `${path}: file not found` }],
    });
    const text = await validate([path]);
    expect(text.code).toBe(2);
    expect(text.io.out()).toContain("file not found");
  });

  it("a directory", async () => {
    const sub = join(dir, "a-directory");
    mkdirSync(sub, { recursive: true });
    const { code, io } = await validate([sub]);
    expect(code).toBe(2);
    expect(io.out()).toContain("is a directory");
  });

  it("a file that is not YAML", async () => {
    const path = file("broken.yaml", "apiVersion: webexhub/v1\npartner:\n  orgId: p\nadmins:\n\t- email: a@b.c\n");
    const { code, json } = await validate([path, "--format", "json"]);
    expect(code).toBe(2);
    expect(json?.ok).toBe(false);
    expect(json?.violations[0]).toMatchObject({
      code: "schema",
      severity: "error",
      message: "not valid YAML: Tabs are not allowed as indentation",
    });
  });

  // BUG (provider/gitops/file.ts): YAML syntax errors have no line (prettyErrors: false leaves
  // error.linePos unset), so neither format names the line of the tab on line 5.
  it("a file that is not YAML names the line", async () => {
    const path = file("broken-line.yaml", "apiVersion: webexhub/v1\npartner:\n  orgId: p\nadmins:\n\t- email: a@b.c\n");
    const { json } = await validate([path, "--format", "json"]);
    expect(json?.violations[0]?.line).toBe(5);
  });

  it("a YAML file that is not a GitOps file names line 1", async () => {
    const path = file("list.yaml", "- just\n- a list\n");
    const { code, io } = await validate([path]);
    expect(code).toBe(2);
    expect(io.out()).toContain(`${path}:1: error schema at (file): the file must be a YAML mapping`);
  });

  it("a schema failure: path, allowed values and line", async () => {
    const path = file(
      "schema.yaml",
      `${PARTNER_HEAD}  - email: bob@partner.example\n    roles: [partner_boss]\n    team: red\n`,
    );
    const { code, json } = await validate([path, "--format", "json"]);
    expect(code).toBe(2);
    expect(json?.ok).toBe(false);
    expect(json?.violations.map((v) => [v.code, v.path, v.line]).sort()).toEqual([
      ["schema", "admins[1].roles[0]", 8],
      ["schema", "admins[1].team", 9],
    ]);
    expect(json?.violations.find((v) => v.path === "admins[1].roles[0]")?.message).toMatch(
      /^"partner_boss" is not allowed here\. It must be one of: full_admin, readonly_admin, /,
    );
  });
});

describe("flags", () => {
  it("--format xml is a usage error naming the flag (exit 2 through main)", async () => {
    await expect(runValidate([PARTNER_EXAMPLE, "--format", "xml"], capture())).rejects.toThrow(UsageError);
    const io = capture();
    expect(await main(["validate", PARTNER_EXAMPLE, "--format", "xml"], io)).toBe(2);
    expect(io.err()).toBe(
      'webexhub validate: --format must be text or json, not "xml"\n' +
        "usage: webexhub validate FILE [--format text|json] [--policy POLICY] [--applier EMAIL] [--endpoint URL --token T | --offline]\n",
    );
    expect(io.out()).toBe("");
  });

  it("an unknown flag is a usage error naming the flag", async () => {
    const io = capture();
    expect(await main(["validate", PARTNER_EXAMPLE, "--verbose"], io)).toBe(2);
    expect(io.err()).toContain("unknown flag --verbose");
  });

  it("a flag without its value, no file, two files", async () => {
    for (const argv of [
      ["validate", PARTNER_EXAMPLE, "--format"],
      ["validate"],
      ["validate", PARTNER_EXAMPLE, CUSTOMER_EXAMPLE],
    ]) {
      const io = capture();
      expect(await main(argv, io), argv.join(" ")).toBe(2);
      expect(io.err()).toMatch(/^webexhub validate: /);
    }
  });

  it("--endpoint needs a token and --token needs --endpoint", async () => {
    const saved = process.env.WEBEXHUB_TOKEN;
    delete process.env.WEBEXHUB_TOKEN;
    try {
      await expect(runValidate([PARTNER_EXAMPLE, "--endpoint", "http://127.0.0.1:1"], capture())).rejects.toThrow(
        /a Hub endpoint is set but no token: pass --token T or set WEBEXHUB_TOKEN/,
      );
      await expect(runValidate([PARTNER_EXAMPLE, "--token", "t"], capture())).rejects.toThrow(
        /--token needs a Hub endpoint: pass --endpoint URL or set WEBEXHUB_ENDPOINT/,
      );
    } finally {
      if (saved !== undefined) process.env.WEBEXHUB_TOKEN = saved;
    }
  });
});

describe("with a Hub (loadLive injected): the live rules run too", () => {
  const world = JSON.parse(
    readFileSync(join(ROOT, "test", "fixtures", "rules", "worlds", "hub.json"), "utf8"),
  ) as World;
  const live =
    (email: string) =>
    async (endpoint: string, token: string): Promise<LiveContext> => {
      expect([endpoint, token]).toEqual(["http://hub.test", "secret-token"]);
      const actor = world.people.find((p) => p.email === email);
      if (!actor) throw new Error(email);
      return { world, actor };
    };

  it("reports customer-not-managed and unknown-user that the offline run cannot see", async () => {
    const path = join(ROOT, "test", "fixtures", "rules", "customer-not-managed", "trigger.yaml");
    const offline = await validate([path, "--format", "json"]);
    expect(offline.code).toBe(0);
    const online = await validate(
      [path, "--format", "json", "--endpoint", "http://hub.test", "--token", "secret-token"],
      { now: NOW, loadLive: live("alice@partner.example") },
    );
    expect(online.code).toBe(1);
    expect(online.json?.violations.map((v) => [v.code, v.path])).toEqual([
      ["customer-not-managed", "admins[2].customers[1]"],
    ]);
    expect(online.io.out()).not.toContain("secret-token");
  });

  it("takes the token from WEBEXHUB_TOKEN", async () => {
    const saved = process.env.WEBEXHUB_TOKEN;
    process.env.WEBEXHUB_TOKEN = "secret-token";
    try {
      const path = join(ROOT, "test", "fixtures", "rules", "restricted-mode-actor", "trigger.yaml");
      const { code, json } = await validate([path, "--format", "json", "--endpoint", "http://hub.test"], {
        now: NOW,
        loadLive: live("sam@partner.example"),
      });
      expect(code).toBe(1);
      expect(json?.violations.map((v) => v.code)).toEqual(["restricted-mode-actor"]);
    } finally {
      if (saved === undefined) delete process.env.WEBEXHUB_TOKEN;
      else process.env.WEBEXHUB_TOKEN = saved;
    }
  });
});

describe("main", () => {
  it("validates through the command table", async () => {
    const io = capture();
    expect(await main(["validate", PARTNER_EXAMPLE, "--format", "json"], io)).toBe(0);
    expect(JSON.parse(io.out())).toEqual({ ok: true, violations: [] });
  });

  it("no command prints usage and exits 2; help exits 0; an unknown command exits 2 ", async () => {
    const none = capture();
    expect(await main([], none)).toBe(2);
    expect(none.err()).toMatch(/^usage: webexhub/);
    const help = capture();
    expect(await main(["--help"], help)).toBe(0);
    expect(help.out()).toContain("Run `webexhub <command> --help`");
    const unknown = capture();
    expect(await main(["valdiate"], unknown)).toBe(2);
    expect(unknown.err()).toContain('unknown command "valdiate". Did you mean "validate"?');
  });

  it.each(["validate", "plan", "export", "access", "mock-hub"])(
    "%s answers --help and -h with its usage and flags, exit 0",
    async (command) => {
      for (const flag of ["--help", "-h"]) {
        const io = capture();
        expect(await main([command, flag], io)).toBe(0);
        expect(io.out()).toMatch(new RegExp(`^usage: webexhub ${command} `));
        expect(io.err()).toBe("");
      }
    },
  );

  it("--version prints the package's version", async () => {
    const io = capture();
    expect(await main(["--version"], io)).toBe(0);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(io.out()).toBe(`webexhub ${pkg.version}\n`);
  });

  it("names an unknown flag, the nearest one and the command's flags", async () => {
    const io = capture();
    expect(await main(["validate", "examples/gitops/partner.yaml", "--fromat", "json"], io)).toBe(2);
    expect(io.err()).toContain(
      'unknown flag --fromat. Did you mean "--format"? This command takes --format, --endpoint, --token, --policy, --offline, --applier.',
    );
  });
});

if (!BUILT) console.warn(`bin/webexhub.js as a real process: skipped: ${SKIP_BUILD}`);

describe.skipIf(!BUILT)("bin/webexhub.js as a real process", () => {
  it("validate examples/gitops/partner.yaml exits 0", () => {
    const result = spawnSync(
      process.execPath,
      ["bin/webexhub.js", "validate", "examples/gitops/partner.yaml", "--format", "json"],
      { cwd: ROOT, encoding: "utf8", timeout: 30_000 },
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ ok: true, violations: [] });
  });

  it("a broken rule exits 1 as a process too", () => {
    const path = join(ROOT, "test", "fixtures", "rules", "exclusive-roles", "trigger.yaml");
    const result = spawnSync(process.execPath, ["bin/webexhub.js", "validate", path], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("error exclusive-roles at admins[2].roles");
  });
});
