/**
 * What happens to a stack after its up, through the real engine:
 * - the project directory (with the package installed in its node_modules) moves: refresh and
 *   destroy still work, because the state names the package, not a path;
 * - the Hub token is rotated: refresh and destroy work with the new token in WEBEXHUB_TOKEN, or in
 *   the stack's configuration with `--run-program`, though the state holds the provider
 *   configuration of the last up (the old token).
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as automationTypes from "@pulumi/pulumi/automation";
import type * as sdkTypes from "../../sdk";
import { demoCustomerOrgId } from "../../mockhub/seed";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { automation, REPO_ROOT, startHermetic, type Hermetic } from "./harness";

const ORG = demoCustomerOrgId(5);
const ROTATED_ORG = demoCustomerOrgId(6);

/** A project directory with the package installed as npm would: a copy, beside links to its dependencies. */
function projectWithPackage(dir: string): void {
  const modules = join(dir, "node_modules");
  mkdirSync(modules, { recursive: true });
  const pkg = join(modules, "pulumi-webexhub");
  mkdirSync(pkg);
  cpSync(join(REPO_ROOT, "dist"), join(pkg, "dist"), { recursive: true });
  cpSync(join(REPO_ROOT, "package.json"), join(pkg, "package.json"));
  cpSync(join(REPO_ROOT, "schema"), join(pkg, "schema"), { recursive: true });
  for (const entry of readdirSync(join(REPO_ROOT, "node_modules"))) {
    if (entry.startsWith(".")) continue;
    symlinkSync(join(REPO_ROOT, "node_modules", entry), join(modules, entry), "dir");
  }
}

async function run(
  stack: automationTypes.Stack,
  op: "up" | "refresh" | "destroy",
  options: { runProgram?: boolean } = {},
): Promise<{ ok: boolean; output: string }> {
  let output = "";
  const common = { onOutput: (s: string) => (output += s), color: "never" as const, ...options };
  try {
    if (op === "up") await stack.up(common);
    else if (op === "refresh") await stack.refresh(common);
    else await stack.destroy(common);
    return { ok: true, output };
  } catch (e) {
    return { ok: false, output: `${output}\n${e instanceof Error ? e.message : String(e)}` };
  }
}

describe("a stack after its up", () => {
  let h: Hermetic;

  beforeAll(async () => {
    h = await startHermetic();
  });

  afterAll(async () => {
    // The rotation test stopped the harness's Hub to restart it with the new token.
    await h?.close().catch(() => rmSync(h.dir, { recursive: true, force: true }));
  });

  it("refreshes and destroys after its project directory (and the package in it) moved", async () => {
    const before = join(h.dir, "checkout-a");
    const after = join(h.dir, "checkout-b");
    projectWithPackage(before);
    // The program declares with the package of that directory, as `import "pulumi-webexhub"` would.
    const sdk = require(join(before, "node_modules/pulumi-webexhub/dist/sdk/index.js")) as typeof sdkTypes;
    const program = async (): Promise<void> => {
      new sdk.RestrictedMode("moved", { orgId: ORG, enabled: false });
    };
    const settings = {
      projectSettings: { name: "webexhub-moved", runtime: "nodejs" as const },
      envVars: h.env,
      pulumiCommand: h.command,
    };
    const stack = await automation.LocalWorkspace.createOrSelectStack(
      { stackName: "moved", projectName: "webexhub-moved", program },
      { workDir: before, ...settings },
    );
    await stack.setConfig("webexhub:endpoint", { value: h.hub.url });
    await stack.setConfig("webexhub:token", { value: h.hub.tokens["admin@partner.example"]!, secret: true });
    const up = await run(stack, "up");
    expect(up.ok, up.output).toBe(true);
    expect(await h.api().restrictedMode(ORG)).toBe(false);
    const state = JSON.stringify((await stack.exportStack()).deployment);
    expect(state).not.toContain(`${before}/node_modules`);
    expect(state).not.toContain(join(REPO_ROOT, "dist"));

    renameSync(before, after);
    const moved = await automation.LocalWorkspace.selectStack(
      { stackName: "moved", projectName: "webexhub-moved", program },
      { workDir: after, ...settings },
    );
    await h.api().setRestrictedMode(ORG, true); // a change behind Pulumi's back, for the refresh to see
    const refresh = await run(moved, "refresh");
    expect(refresh.ok, refresh.output).toBe(true);
    expect(refresh.output).toMatch(/updated|~/);
    await h.api().setRestrictedMode(ORG, false);
    const destroy = await run(moved, "destroy");
    expect(destroy.ok, destroy.output).toBe(true);
    expect(await h.api().restrictedMode(ORG)).toBe(true);
  });

  it("refreshes and destroys after the Hub token was rotated", async () => {
    const program = async (): Promise<void> => {
      const sdk = require(join(REPO_ROOT, "dist/sdk/index.js")) as typeof sdkTypes;
      new sdk.RestrictedMode("rotated", { orgId: ROTATED_ORG, enabled: false });
    };
    const workDir = join(h.dir, "work", "rotated");
    mkdirSync(workDir, { recursive: true });
    const settings = {
      projectSettings: { name: "webexhub-rotated", runtime: "nodejs" as const },
      envVars: { ...h.env },
      pulumiCommand: h.command,
    };
    const stack = await automation.LocalWorkspace.createOrSelectStack(
      { stackName: "rotated", projectName: "webexhub-rotated", program },
      { workDir, ...settings },
    );
    const oldToken = h.hub.tokens["admin@partner.example"]!;
    await stack.setConfig("webexhub:endpoint", { value: h.hub.url });
    await stack.setConfig("webexhub:token", { value: oldToken, secret: true });
    const up = await run(stack, "up");
    expect(up.ok, up.output).toBe(true);

    // Rotate: the Hub forgets the old token and knows a new one (same Hub, same address).
    const statePath = join(h.dir, "hub/state.json");
    const port = h.hub.port;
    await h.hub.close();
    const newToken = "mock_rotated-0123456789abcdefghijklmnopqrstuv";
    writeFileSync(statePath, readFileSync(statePath, "utf8").split(oldToken).join(newToken));
    const hub: MockHub = await startMockHub({ port, statePath, tokensPath: join(h.dir, "hub/tokens-rotated.json") });
    try {
      const me = await fetch(`${hub.url}/v1/people/me`, { headers: { Authorization: `Bearer ${newToken}` } });
      expect(me.status).toBe(200);
      const refused = await run(stack, "refresh");
      expect(refused.ok).toBe(false);
      expect(refused.output).toMatch(/401/);

      // The new token in the environment: refresh and destroy read and delete with it.
      const env = (stack.workspace as automationTypes.LocalWorkspace).envVars;
      env.WEBEXHUB_TOKEN = newToken;
      const refresh = await run(stack, "refresh");
      expect(refresh.ok, `env refresh: ${refresh.output}`).toBe(true);

      // Or the new token in the stack's configuration, with the program run for the refresh.
      env.WEBEXHUB_TOKEN = "";
      await stack.setConfig("webexhub:token", { value: newToken, secret: true });
      const viaConfig = await run(stack, "refresh", { runProgram: true });
      expect(viaConfig.ok, `config refresh: ${viaConfig.output}`).toBe(true);

      env.WEBEXHUB_TOKEN = newToken;
      const destroy = await run(stack, "destroy");
      expect(destroy.ok, destroy.output).toBe(true);
      const mode = await fetch(`${hub.url}/v1/partner/organizations/${ROTATED_ORG}/restrictedMode`, {
        headers: { Authorization: `Bearer ${newToken}` },
      });
      expect(((await mode.json()) as { enabled: boolean }).enabled).toBe(true);
      expect(refused.output + refresh.output + viaConfig.output + destroy.output).not.toContain(newToken);
    } finally {
      await hub.close().catch(() => undefined);
    }
  });
});
