/**
 * The org policy at preview, through the providers against a real mock Hub: the stack's
 * webexhub:policyFile is judged with every rule, as `org-policy` naming the policy's line; a
 * PartnerAdmin of a planned program leaves the org-wide limits to the Plan, which counts the whole
 * program; a policy file that cannot be used is a check failure, never a throw.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PlanDigest } from "../../core/plan";
import type { RoleId } from "../../core/rules/catalog";
import type { ConfigSource } from "../../hub/credentials";
import { demoCustomerOrgId } from "../../mockhub/seed";
import { createProvider as externalAdminProvider } from "../../provider/resources/externalAdmin";
import { createProvider as partnerAdminProvider } from "../../provider/resources/partnerAdmin";
import { createProvider as planProvider } from "../../provider/resources/plan";
import { codesOf, harnessConfig, rolesInHub, startHarness, UNKNOWN, type Harness } from "./harness";

const dir = mkdtempSync(join(tmpdir(), "webexhub-policy-"));
const POLICY = join(dir, "webexhub-policy.yaml");
const BROKEN = join(dir, "broken-policy.yaml");
writeFileSync(
  POLICY,
  `apiVersion: webexhub/v1
kind: OrgPolicy
roles:
  - role: full_admin
    maxHolders: 2
externalAdmins:
  - role: external_readonly_admin
    maxExpiryDays: 90
`,
);
writeFileSync(BROKEN, "apiVersion: webexhub/v1\nkind: OrgPolicy\nroles:\n  - role: full_admin\n    maxHoldrs: 2\n");

let policyFile = POLICY;
const config: ConfigSource = { get: (key) => (key === "webexhub:policyFile" ? policyFile : harnessConfig.get(key)) };
const partnerAdmin = partnerAdminProvider(config);
const plan = planProvider(config);
const externalAdmin = externalAdminProvider(config);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => h.as("admin@partner.example"));

const digest = (admins: Record<string, RoleId[]>): PlanDigest => ({
  partnerAdmins: Object.entries(admins).map(([email, roles]) => ({
    name: email.split("@")[0] as string,
    email,
    roles,
  })),
  customerAssignments: [],
  externalAdmins: [],
  customerAdmins: [],
  restrictedModes: [],
});

describe("org policy at preview", () => {
  it("a PartnerAdmin giving a third full_admin fails check with org-policy naming the policy line", async () => {
    const { failures } = await partnerAdmin.check({}, { email: "user1@partner.example", roles: ["full_admin"] });
    expect(codesOf(failures)).toEqual(["org-policy"]);
    expect(failures[0]?.property).toBe("roles");
    expect(failures[0]?.reason).toContain(`[org-policy] ${POLICY}:5 (maxHolders full_admin: 2): this change leaves`);
    expect(failures[0]?.reason).toContain("with 3 holders of full_admin");
  });

  it("a second full_admin within the limit passes, and so does a PartnerAdmin that keeps the count", async () => {
    const kept = await partnerAdmin.check({}, { email: "second@partner.example", roles: ["full_admin"] });
    expect(kept.failures).toEqual([]);
    const other = await partnerAdmin.check({}, { email: "user1@partner.example", roles: ["partner_admin"] });
    expect(other.failures).toEqual([]);
  });

  it("the Plan counts the whole program: a third full_admin split across resources, or a handover within it", async () => {
    const third = await plan.check({}, { plan: digest({ "user1@partner.example": ["full_admin"] }) });
    expect(codesOf(third.failures)).toEqual(["org-policy"]);
    expect(third.failures[0]?.property).toBe('PartnerAdmin "user1".roles');
    expect(third.failures[0]?.reason).toContain(`${POLICY}:5 (maxHolders full_admin: 2)`);
    const handover = digest({ "user1@partner.example": ["full_admin"], "second@partner.example": [] });
    expect((await plan.check({}, { plan: handover })).failures).toEqual([]);
    // A planned PartnerAdmin leaves the count to the Plan: one half of the handover is not refused alone.
    const half = await partnerAdmin.check(
      {},
      { email: "user1@partner.example", roles: ["full_admin"], __planned: true },
    );
    expect(half.failures).toEqual([]);
  });

  it("never throws on unknown inputs", async () => {
    await expect(partnerAdmin.check({}, { email: UNKNOWN, roles: [UNKNOWN as RoleId] })).resolves.toMatchObject({
      failures: [],
    });
    // An expiry not known until apply is not "never expires": the limit waits for it.
    const grant = {
      orgId: demoCustomerOrgId(1),
      email: "user1@partner.example",
      role: "external_readonly_admin" as const,
    };
    const unknownExpiry = await externalAdmin.check({}, { ...grant, expiresAt: UNKNOWN });
    expect(unknownExpiry.failures).toEqual([]);
  });

  it("an external read-only grant past 90 days, or without expiry, breaks maxExpiryDays", async () => {
    h.as("admin@customer01.example");
    const grant = {
      orgId: demoCustomerOrgId(1),
      email: "user1@partner.example",
      role: "external_readonly_admin" as const,
    };
    for (const expiresAt of [undefined, "2099-01-01T00:00:00Z"]) {
      const { failures } = await externalAdmin.check({}, { ...grant, ...(expiresAt ? { expiresAt } : {}) });
      expect(codesOf(failures), String(expiresAt)).toEqual(["org-policy"]);
      expect(failures[0]?.property).toBe("expiresAt");
      expect(failures[0]?.reason).toContain(`${POLICY}:8 (maxExpiryDays external_readonly_admin: 90)`);
    }
  });

  it("a policy file that cannot be used is a check failure naming its line and the fix", async () => {
    policyFile = BROKEN;
    try {
      const fresh = partnerAdminProvider(config);
      const { failures } = await fresh.check({}, { email: "user1@partner.example", roles: ["partner_admin"] });
      expect(failures).toHaveLength(1);
      expect(failures[0]?.reason).toContain(
        `${BROKEN}:5: roles[0].maxHoldrs: unknown field "maxHoldrs". Did you mean "maxHolders"?`,
      );
    } finally {
      policyFile = POLICY;
    }
  });

  // Last: it writes to the Hub.
  it("at apply, a planned PartnerAdmin's grant is left to the Plan (judged whole before the first write)", async () => {
    const inputs = { email: "user1@partner.example", roles: ["full_admin" as RoleId] };
    await expect(partnerAdmin.create(inputs)).rejects.toThrow(/\[org-policy\] .*:5 \(maxHolders full_admin: 2\)/);
    expect(await rolesInHub(h, "user1@partner.example")).toEqual([]);
    // The grant of a handover: three holders until the Plan's next write takes full_admin from second.
    await partnerAdmin.create({ ...inputs, __planned: true });
    expect(await rolesInHub(h, "user1@partner.example")).toEqual(["full_admin"]);
  });
});
