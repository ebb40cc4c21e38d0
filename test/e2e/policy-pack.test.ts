/**
 * The policy pack through the real engine: `pulumi preview --policy-pack` with the pack as a user
 * points at it (`node_modules/pulumi-webexhub/policypack`), run by the analyzer plugin
 * scripts/ensure-pulumi.sh installs, its @pulumi/policy and @pulumi/pulumi resolved from the
 * package's own node_modules (no network).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoleId } from "../../core/rules/catalog";
import { E2eStack, sdk, startHermetic, type Hermetic, type Program } from "./harness";

const admin =
  (roles: RoleId[]): Program =>
  async () => {
    new sdk.PartnerAdmin("user1", { email: "user1@partner.example", roles });
  };

/** The partner's two full admins, and user1 with `user1Roles`. */
const team =
  (user1Roles: RoleId[]): Program =>
  async () => {
    const both: RoleId[] = ["full_admin", "partner_full_admin"];
    new sdk.PartnerAdmin("admin", { email: "admin@partner.example", roles: both, adopt: true });
    new sdk.PartnerAdmin("second", { email: "second@partner.example", roles: ["full_admin"], adopt: true });
    new sdk.PartnerAdmin("user1", { email: "user1@partner.example", roles: user1Roles });
  };

/** The org's guardrails: at most two full admins (line 6). */
const POLICY = [
  "apiVersion: webexhub/v1",
  "kind: OrgPolicy",
  "roles:",
  "  - role: full_admin",
  "    # the break-glass pair only",
  "    maxHolders: 2",
  "",
];

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
    const program = admin(["partner_admin"]);
    stack = await E2eStack.create(h, { stackName: "pack", asEmail: "admin@partner.example", program });
  });

  afterAll(async () => {
    await h?.close();
  });

  it("passes a stack that breaks no rule, with the pack's policies run", async () => {
    const run = await previewWithPack(stack, pack);
    expect(run.ok, run.output).toBe(true);
    expect(run.output).toMatch(/✅ webexhub@v\d+\.\d+\.\d+ \(local: /);
    expect(run.output).not.toMatch(/mandatory|advisory/);
    expect(run.output).not.toContain("failed to start");
  });

  it("fails a role conflict with the rule's code and the resource's path, from the pack too", async () => {
    stack.setProgram(admin(["full_admin", "readonly_admin"]));
    const run = await previewWithPack(stack, pack);
    expect(run.ok, run.output).toBe(false);
    // The provider refuses it at check; the pack's resource policy names the same rule.
    expect(run.output).toMatch(/\[mandatory\]\s+webexhub-resource/);
    const line = 'exclusive-roles at PartnerAdmin "user1".roles: user1@partner.example holds full_admin and readonly';
    expect(run.output).toContain(line);
  });

  describe("with the org's policy file (--policy-pack-config policyFile)", () => {
    let config: string;
    let policyFile: string;

    beforeAll(() => {
      policyFile = join(h.dir, "guardrails.yaml");
      writeFileSync(policyFile, POLICY.join("\n"));
      config = join(h.dir, "pack-config.json");
      writeFileSync(config, JSON.stringify({ "webexhub-stack": { policyFile } }));
    });

    it("passes a stack within the policy", async () => {
      stack.setProgram(team(["partner_admin"]));
      const run = await previewWithPack(stack, pack, config);
      expect(run.ok, run.output).toBe(true);
      expect(run.output).not.toContain("org-policy");
    });

    it("fails a third full admin with org-policy and the policy's line, though the providers let it pass", async () => {
      stack.setProgram(team(["full_admin"]));
      const plain = await stack.preview();
      expect(plain.ok, plain.output).toBe(true);
      const run = await previewWithPack(stack, pack, config);
      expect(run.ok, run.output).toBe(false);
      expect(run.output).toMatch(/\[mandatory\]\s+webexhub-stack/);
      // Without the Hub every declared holder is new to the pack: the message names the last by name.
      const start = `org-policy at PartnerAdmin "user1".roles: ${policyFile}:6 (maxHolders full_admin: 2): this change`;
      expect(run.output).toContain(start);
      const line = run.output.split("\n").find((l) => l.includes("org-policy at")) ?? "";
      expect(line).toMatch(/with 3 holders of full_admin \([^)]*\); at most 2 may hold it/);
      for (const email of ["admin", "second", "user1"]) expect(line).toContain(`${email}@partner.example`);
    });

    it("says the same code and policy line as the providers given the same file", async () => {
      stack.setProgram(team(["full_admin"]));
      const reference = `${policyFile}:6 (maxHolders full_admin: 2): this change leaves`;
      await stack.stack.setConfig("webexhub:policyFile", { value: policyFile });
      try {
        const plain = await stack.preview();
        expect(plain.ok, plain.output).toBe(false);
        expect(plain.output).toContain("[org-policy]");
        expect(plain.output).toContain(reference);
      } finally {
        await stack.stack.removeConfig("webexhub:policyFile");
      }
      const run = await previewWithPack(stack, pack, config);
      expect(run.output).toContain(`org-policy at PartnerAdmin "user1".roles: ${reference}`);
    });

    it("refuses a policy file it cannot read rather than judge without it", async () => {
      stack.setProgram(team(["partner_admin"]));
      const missing = join(h.dir, "pack-config-missing.json");
      writeFileSync(missing, JSON.stringify({ "webexhub-stack": { policyFile: join(h.dir, "nope.yaml") } }));
      const run = await previewWithPack(stack, pack, missing);
      expect(run.ok, run.output).toBe(false);
      const nope = join(h.dir, "nope.yaml");
      expect(run.output).toContain(`policy-file: the policy file ${nope} cannot be read: file not found`);
    });
  });
});
