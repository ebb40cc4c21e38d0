/**
 * End-to-end harness: the real Pulumi CLI (Automation API, inline programs), a hermetic workspace
 * and a mock Hub started in this process.
 *
 * Why inline programs: the Node.js language host cannot be built here, so the test process itself
 * serves the language runtime (`pulumi … --client`). The programs must declare resources with the
 * BUILT SDK (dist/), because the serialized providers load their implementation by package name
 * (`pulumi-webexhub/host`, that is dist/provider/host.js) inside the dynamic-provider process;
 * `npm run test:e2e` builds first.
 *
 * Hermetic: a temporary folder holds the file backend, PULUMI_HOME, the workspace and the Hub's
 * state; secrets use a fixed passphrase; no update check, no plugin download, and every proxy
 * variable points at a closed loopback port (only 127.0.0.1 / localhost bypass it), so the CLI
 * cannot reach the network by accident.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import type * as automationTypes from "@pulumi/pulumi/automation";
import type * as pulumiTypes from "@pulumi/pulumi";
import type * as sdkTypes from "../../sdk";
import type { WireAuditEvent, WireList, WirePerson } from "../../api/wire";
import type { RoleId } from "../../core/rules/catalog";
import { personUpdateFrom } from "../../api/decode";
import { WEBEX_ROLE_TABLE } from "../../api/roles";
import { DEMO_PARTNER_ORG_ID } from "../../mockhub/seed";
import { startMockHub, type MockHub, type ProfileName } from "../../mockhub/server";
import { hermeticEnv, installPackageFor } from "../../scripts/hermetic";
import { writeDemoStateWith, type ExtraPerson } from "../helpers/demoWorld";

export const REPO_ROOT = resolve(__dirname, "../..");

// One module instance of @pulumi/pulumi for the Automation API, the program and the SDK: load them
// all with Node's own require (the SDK from dist/, see above).
const nodeRequire = createRequire(join(REPO_ROOT, "package.json"));

function loadSdk(): typeof sdkTypes {
  const built = join(REPO_ROOT, "dist/sdk/index.js");
  if (!existsSync(built))
    throw new Error(`${built} is missing: run \`npm run build\` (npm run test:e2e does) before the e2e suite`);
  return nodeRequire(built) as typeof sdkTypes;
}

export const sdk: typeof sdkTypes = loadSdk();
export const pulumi: typeof pulumiTypes = nodeRequire("@pulumi/pulumi") as typeof pulumiTypes;
export const automation: typeof automationTypes = nodeRequire("@pulumi/pulumi/automation") as typeof automationTypes;

let pulumiBinDir: string | undefined;

/** Runs scripts/ensure-pulumi.sh once per process; returns the folder to put first on PATH. */
export function ensurePulumi(): string {
  if (pulumiBinDir !== undefined) return pulumiBinDir;
  const out = execFileSync("bash", [join(REPO_ROOT, "scripts/ensure-pulumi.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 15 * 60_000,
  });
  const lines = out.trim().split("\n");
  const dir = lines[lines.length - 1]?.trim();
  if (!dir || !existsSync(join(dir, "pulumi")))
    throw new Error(`scripts/ensure-pulumi.sh did not name a folder holding pulumi (it printed: ${out.trim()})`);
  pulumiBinDir = dir;
  return dir;
}

// ---------------------------------------------------------------------------------------------
// The Hub, over HTTP: audit events and changes behind Pulumi's back.

export class HubApi {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T; next?: string }> {
    const response = await fetch(path.startsWith("http") ? path : `${this.url}/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1];
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, ...(next ? { next } : {}) };
  }

  private async ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request<T>(method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Every page of a list. */
  async list<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    while (next !== undefined) {
      const res: { status: number; body: WireList<T>; next?: string } = await this.request<WireList<T>>("GET", next);
      if (res.status !== 200) throw new Error(`GET ${next}: ${res.status} ${JSON.stringify(res.body)}`);
      items.push(...res.body.items);
      next = res.next;
    }
    return items;
  }

  /** The audit events of every org this person administers, oldest first (Webex keeps them per org). */
  async auditEvents(): Promise<WireAuditEvent[]> {
    const orgs = await this.list<{ id: string }>("/organizations");
    const range = "from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&max=200";
    const perOrg = await Promise.all(
      orgs.map((o) => this.list<WireAuditEvent>(`/adminAudit/events?orgId=${encodeURIComponent(o.id)}&${range}`)),
    );
    return perOrg.flat().sort((a, b) => a.created.localeCompare(b.created));
  }

  /** Hub role id → catalog id, through the Hub's role names and the Webex role table. */
  private async roleMap(): Promise<Map<string, RoleId>> {
    const roles = await this.list<{ id: string; name: string }>("/roles");
    const out = new Map<string, RoleId>();
    for (const r of roles) {
      const entry = WEBEX_ROLE_TABLE[r.name];
      if (entry) out.set(r.id, entry.catalogId);
    }
    return out;
  }

  async person(email: string): Promise<WirePerson> {
    const [found] = await this.list<WirePerson>(`/people?email=${encodeURIComponent(email)}`);
    if (!found) throw new Error(`no person ${email} in the Hub`);
    return found;
  }

  async roles(email: string): Promise<RoleId[]> {
    const map = await this.roleMap();
    return ((await this.person(email)).roles ?? []).map((id) => map.get(id) ?? (id as RoleId)).sort();
  }

  /** PUT replaces the whole person: GET it, change the roles, send it back whole (the documented way). */
  async setRoles(email: string, roles: RoleId[]): Promise<void> {
    const person = await this.person(email);
    const ids = new Map([...(await this.roleMap())].map(([id, role]) => [role, id]));
    await this.ok(
      "PUT",
      `/people/${person.id}`,
      personUpdateFrom(
        person,
        roles.map((r) => ids.get(r) ?? r),
      ),
    );
  }

  /** Webex site roles (a mock Hub extension), site URL → role. */
  async siteRoles(email: string): Promise<Record<string, string>> {
    return { ...((await this.person(email)).siteRoles ?? {}) };
  }

  /** Through the person's PUT (the extension is a field of the mock's person), sending it back whole. */
  async setSiteRoles(email: string, sites: Record<string, string>): Promise<void> {
    const person = await this.person(email);
    await this.ok("PUT", `/people/${person.id}`, { ...personUpdateFrom(person, person.roles ?? []), siteRoles: sites });
  }

  async customers(email: string): Promise<string[]> {
    const person = await this.person(email);
    // In the Hub's order (Customer 01, 02 …): the opaque ids do not sort by number.
    return (await this.list<{ orgId: string }>(`/partner/organizations?managedBy=${person.id}`)).map((m) => m.orgId);
  }

  async unassign(orgId: string, email: string): Promise<void> {
    const person = await this.person(email);
    await this.ok("DELETE", `/partner/organizations/${orgId}/partnerAdmin/${person.id}/unassign`);
  }

  async restrictedMode(orgId: string): Promise<boolean> {
    return (await this.ok<{ enabled: boolean }>("GET", `/partner/organizations/${orgId}/restrictedMode`)).enabled;
  }

  async setRestrictedMode(orgId: string, enabled: boolean): Promise<void> {
    await this.ok("PUT", `/partner/organizations/${orgId}/restrictedMode`, { enabled });
  }

  async externalAdmins(orgId: string): Promise<{ email: string; role: string; expiresAt?: string }[]> {
    return this.list(`/organizations/${orgId}/externalAdmins`);
  }
}

// ---------------------------------------------------------------------------------------------
// The workspace: one temporary folder, one mock Hub, any number of stacks.

/** The CLI in `binDir` for the Automation API (which otherwise looks only at this process's PATH). */
export async function pulumiCommand(binDir: string): Promise<automationTypes.PulumiCommand> {
  if (basename(binDir) === "bin")
    return automation.PulumiCommand.get({ root: dirname(binDir), skipVersionCheck: true });
  process.env.PATH = `${binDir}:${process.env.PATH ?? ""}`;
  return automation.PulumiCommand.get({ skipVersionCheck: true });
}

export interface Hermetic {
  readonly dir: string;
  readonly binDir: string;
  readonly command: automationTypes.PulumiCommand;
  readonly hub: MockHub;
  readonly env: Record<string, string>;
  /** The Hub as a given person (default admin@partner.example) sees it. */
  api(email?: string): HubApi;
  close(): Promise<void>;
}

/** `extra`: people added to the demo world (e.g. more members of a customer org); `profile`: the mock Hub's. */
export async function startHermetic(
  extra: readonly ExtraPerson[] = [],
  options: { profile?: ProfileName } = {},
): Promise<Hermetic> {
  const binDir = ensurePulumi();
  const dir = await mkdtemp(join(tmpdir(), "webexhub-e2e-"));
  await Promise.all(["backend", "home", "hub", "work"].map((d) => mkdir(join(dir, d), { recursive: true })));
  if (extra.length > 0) writeDemoStateWith(join(dir, "hub/state.json"), extra);
  installPackageFor(dir, REPO_ROOT);
  const hub = await startMockHub({
    port: 0,
    seed: "demo",
    statePath: join(dir, "hub/state.json"),
    tokensPath: join(dir, "hub/tokens.json"),
    ...options,
  });
  const token = (email: string): string => {
    const t = hub.tokens[email];
    if (!t) throw new Error(`the mock Hub has no token for ${email}`);
    return t;
  };
  return {
    dir,
    binDir,
    command: await pulumiCommand(binDir),
    hub,
    env: hermeticEnv(dir, binDir, "e2e-passphrase"),
    api: (email = "admin@partner.example") => new HubApi(hub.url, token(email)),
    close: async () => {
      await hub.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type Program = () => Promise<Record<string, unknown> | void>;

/**
 * A compiled Pulumi program module (top-level resources, exports as outputs) as an inline program:
 * loaded afresh for every operation, since its top-level code is what declares the resources.
 */
export function programOfModule(builtPath: string): Program {
  const path = join(REPO_ROOT, builtPath);
  return async () => {
    delete nodeRequire.cache[nodeRequire.resolve(path)];
    return { ...(nodeRequire(path) as Record<string, unknown>) };
  };
}

export interface OpResult {
  readonly ok: boolean;
  /** Everything the CLI printed (stdout and stderr), and the error's message on failure. */
  readonly output: string;
  readonly changeSummary: Record<string, number>;
  readonly seconds: number;
}

type Op = "preview" | "preview-diff" | "up" | "refresh" | "destroy";

export class E2eStack {
  private constructor(
    readonly stack: automationTypes.Stack,
    readonly token: string,
    /** Every line the CLI printed for this stack, for the "no token in logs" check. */
    readonly transcript: string[],
    private readonly h: Hermetic,
    private readonly workDir: string,
  ) {}

  /** A stack whose config holds the Hub endpoint and, as a secret, the token of `asEmail`. */
  static async create(
    h: Hermetic,
    options: { stackName: string; projectName?: string; asEmail: string; program: Program },
  ): Promise<E2eStack> {
    const token = h.hub.tokens[options.asEmail];
    if (!token) throw new Error(`the mock Hub has no token for ${options.asEmail}`);
    const projectName = options.projectName ?? "webexhub-e2e";
    const workDir = join(h.dir, "work", options.stackName);
    await mkdir(workDir, { recursive: true });
    const stack = await automation.LocalWorkspace.createOrSelectStack(
      { stackName: options.stackName, projectName, program: options.program },
      { workDir, envVars: h.env, pulumiCommand: h.command, projectSettings: { name: projectName, runtime: "nodejs" } },
    );
    await stack.setConfig("webexhub:endpoint", { value: h.hub.url });
    await stack.setConfig("webexhub:token", { value: token, secret: true });
    // What no Webex API says: that the demo partner sells wholesale, and (for a customer's token) which partner manages it.
    await stack.setConfig("webexhub:wholesale", { value: "true" });
    await stack.setConfig("webexhub:partnerOrgId", { value: DEMO_PARTNER_ORG_ID });
    return new E2eStack(stack, token, [], h, workDir);
  }

  /** The program the next operation runs. */
  setProgram(program: Program): void {
    this.stack.workspace.program = program;
  }

  preview(): Promise<OpResult> {
    return this.run("preview");
  }

  /** `pulumi preview --diff`: each resource's properties as the engine renders their changes. */
  previewDiff(): Promise<OpResult> {
    return this.run("preview-diff");
  }

  up(): Promise<OpResult> {
    return this.run("up");
  }

  refresh(): Promise<OpResult> {
    return this.run("refresh");
  }

  destroy(): Promise<OpResult> {
    return this.run("destroy");
  }

  /**
   * The state as `pulumi stack export` prints it: secrets stay encrypted. (The Automation API's
   * `exportStack()` runs `stack export --show-secrets`, so it shows them decrypted: see
   * `exportDecrypted`.)
   */
  exportState(): string {
    return execFileSync(
      join(this.h.binDir, "pulumi"),
      ["stack", "export", "--stack", this.stack.name, "--non-interactive"],
      {
        cwd: this.workDir,
        env: { ...process.env, ...this.h.env },
        encoding: "utf8",
      },
    );
  }

  /** The Automation API's export, secrets decrypted. */
  async exportDecrypted(): Promise<automationTypes.Deployment> {
    return this.stack.exportStack();
  }

  private async run(op: Op): Promise<OpResult> {
    const lines: string[] = [];
    const onOutput = (out: string): void => {
      lines.push(out);
    };
    const common = { onOutput, color: "never" as const };
    const started = Date.now();
    let changeSummary: Record<string, number> = {};
    let ok = true;
    try {
      switch (op) {
        case "preview":
          // Not --diff: that display leaves out the diagnostics, where the providers say what
          // changes (old → new roles, privileges gained and lost, drift).
          changeSummary = { ...(await this.stack.preview(common)).changeSummary };
          break;
        case "preview-diff":
          changeSummary = { ...(await this.stack.preview({ ...common, diff: true })).changeSummary };
          break;
        case "up":
          changeSummary = { ...((await this.stack.up(common)).summary.resourceChanges ?? {}) };
          break;
        case "refresh":
          changeSummary = { ...((await this.stack.refresh(common)).summary.resourceChanges ?? {}) };
          break;
        case "destroy":
          changeSummary = { ...((await this.stack.destroy(common)).summary.resourceChanges ?? {}) };
          break;
      }
    } catch (error) {
      ok = false;
      lines.push(error instanceof Error ? error.message : String(error));
    }
    const output = lines.join("");
    this.transcript.push(output);
    return { ok, output, changeSummary, seconds: (Date.now() - started) / 1000 };
  }
}

/** The number of resources an operation would change (everything but "same"). */
export function changes(summary: Record<string, number>): number {
  return Object.entries(summary)
    .filter(([kind]) => kind !== "same")
    .reduce((n, [, count]) => n + count, 0);
}
