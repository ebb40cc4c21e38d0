/**
 * Regression: the handover that half-applied. One program, applied with admin@partner.example's
 * token: pa@ gets full_admin; admin@ keeps only partner_full_admin; second@ loses full_admin. The
 * Plan answers the order the applier can follow; the PartnerAdmins applied in that order all pass
 * (applied in the old order, admin@'s own demotion came first and second@'s update was refused).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlanDigest } from "../../core/plan";
import type { RoleId } from "../../core/rules/catalog";
import { createProvider as planProvider } from "../../provider/resources/plan";
import { createProvider as partnerAdminProvider } from "../../provider/resources/partnerAdmin";
import { harnessConfig, rolesInHub, startHarness, type Harness } from "./harness";

const plan = planProvider(harnessConfig);
const partnerAdmin = partnerAdminProvider(harnessConfig);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.stop());

const DECLARED: Record<string, RoleId[]> = {
  "admin@partner.example": ["partner_full_admin"],
  "second@partner.example": [],
  "pa@partner.example": ["full_admin", "partner_admin"],
};
const digest: PlanDigest = {
  partnerAdmins: Object.entries(DECLARED).map(([email, roles]) => ({
    name: email.split("@")[0] as string,
    email,
    roles,
  })),
  customerAssignments: [],
  externalAdmins: [],
  customerAdmins: [],
  restrictedModes: [],
};

describe("the handover of the issue, applied with admin@'s token", () => {
  it("the preview passes, the Plan orders admin@'s own loss last, and every write in that order passes", async () => {
    h.as("admin@partner.example");
    expect((await plan.check({}, { plan: digest })).failures).toEqual([]);
    h.fresh();
    const { outs } = await plan.create({ plan: digest });
    expect(outs.order).toEqual(['PartnerAdmin "pa"', 'PartnerAdmin "second"', 'PartnerAdmin "admin"']);
    for (const key of outs.order) {
      const email = `${/"(\w+)"/.exec(key)?.[1] ?? ""}@partner.example`;
      h.fresh(); // each write in its own process, as Pulumi runs them
      await partnerAdmin.create({ email, roles: DECLARED[email] as RoleId[], adopt: true, __planned: true });
    }
    expect(await rolesInHub(h, "pa@partner.example")).toEqual(["full_admin", "partner_admin"]);
    expect(await rolesInHub(h, "second@partner.example")).toEqual([]);
    expect(await rolesInHub(h, "admin@partner.example")).toEqual(["partner_full_admin"]);
  });

  it("the old order (admin@'s demotion before second@'s loss) is the one that fails: the walk is what saves it", async () => {
    // Now pa@ is the only full admin; put the roles back through pa@'s token to replay the old order.
    h.as("pa@partner.example");
    await partnerAdmin.create({
      email: "admin@partner.example",
      roles: ["full_admin", "partner_full_admin"],
      __planned: true,
    });
    h.fresh();
    await partnerAdmin.create({ email: "second@partner.example", roles: ["full_admin"], __planned: true });
    h.as("admin@partner.example");
    await partnerAdmin.create({
      email: "admin@partner.example",
      roles: ["partner_full_admin"],
      adopt: true,
      __planned: true,
    });
    h.fresh();
    await expect(
      partnerAdmin.create({ email: "second@partner.example", roles: [], adopt: true, __planned: true }),
    ).rejects.toThrow(/actor-lacks-privilege/);
  });
});
