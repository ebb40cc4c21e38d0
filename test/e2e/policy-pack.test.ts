/**
 * The policy pack through the real engine: `pulumi preview --policy-pack` with the pack as a user
 * points at it (`node_modules/pulumi-webexhub/policypack`), run by the analyzer plugin
 * scripts/ensure-pulumi.sh installs, its @pulumi/policy and @pulumi/pulumi resolved from the
 * package's own node_modules (no network).
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoleId } from "../../core/rules/catalog";
import { E2eStack, sdk, startHermetic, type Hermetic, type Program } from "./harness";

const admin = (roles: RoleId[]): Program => async () => {
  new sdk.PartnerAdmin("user1", { email: "user1@partner.example", roles });
};

interface PackRun {
  readonly ok: boolean;
  readonly output: string;
}

/** `pulumi preview --policy-pack <pack>` (with `--policy-pack-config` when given). */
async function previewWithPack(stack: E2eStack, pack: string, config?: string): Promise<PackRun> {
  const lines: string[] = [];
  try {
    await stack.stack.preview({
      onOutput: (out) => lines.push(out),
      color: "never",
      policyPacks: [pack],
      ...(config !== undefined ? { policyPackConfigs: [config] } : {}),
    });
    return { ok: true, output: lines.join("") };
  } catch (error) {
    return { ok: false, output: `${lines.join("")}${error instanceof Error ? error.message : String(error)}` };
  }
}

describe("pulumi preview --policy-pack node_modules/pulumi-webexhub/policypack", () => {
  let h: Hermetic;
  let stack: E2eStack;
  let pack: string;

  beforeAll(async () => {
    h = await startHermetic();
    // Where a user's project finds the pack: the package installed in its node_modules.
    pack = join(h.dir, "node_modules/pulumi-webexhub/policypack");
    stack = await E2eStack.create(h, { stackName: "pack", asEmail: "admin@partner.example", program: admin(["partner_admin"]) });
  });

  afterAll(async () => {
    await h?.close();
  });

  it("passes a stack that breaks no rule, with the pack's policies run", async () => {
    const run = await previewWithPack(stack, pack);
    expect(run.ok, run.output).toBe(true);
    expect(run.output).not.toMatch(/mandatory|advisory/);
    expect(run.output).not.toContain("failed to start");
  });

  it("fails a role conflict with the rule's code and the resource's path, from the pack as well as the provider", async () => {
    stack.setProgram(admin(["full_admin", "readonly_admin"]));
    const run = await previewWithPack(stack, pack);
    expect(run.ok, run.output).toBe(false);
    const lines = run.output.split("\n").filter((l) => l.includes("exclusive-roles at roles") || l.includes("webexhub-resource"));
    expect(lines.join("\n"), run.output).toContain("webexhub-resource");
    expect(run.output).toMatch(/\[mandatory\]\s+webexhub-resource/);
    expect(run.output).toContain('exclusive-roles at PartnerAdmin "user1".roles: user1@partner.example holds full_admin and readonly_admin');
  });
});
