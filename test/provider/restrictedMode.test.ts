import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createProvider as restrictedModeProvider } from "../../provider/resources/restrictedMode";
import { RESTRICTED_MODE_SETTINGS } from "../../core/rules/privileges";
import { DEMO_MSP_ORG_ID, demoCustomerOrgId } from "../../mockhub/seed";
import { codesOf, startHarness, type Harness, harnessConfig } from "./harness";

const restricted = restrictedModeProvider(harnessConfig);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.stop());
beforeEach(() => h.as("admin@partner.example"));

const liveMode = async (orgId: string): Promise<boolean> =>
  (await h.client("admin@partner.example").getRestrictedMode(orgId)).enabled;

describe("RestrictedMode", () => {
  it("defaults enabled to true at check, as the Hub does", async () => {
    expect(await restricted.check({}, { orgId: demoCustomerOrgId(2) })).toEqual({
      inputs: { orgId: demoCustomerOrgId(2), enabled: true },
      failures: [],
    });
  });

  it.each([
    ["an org the partner does not manage", "admin@partner.example", DEMO_MSP_ORG_ID, ["customer-not-managed"]],
    // Webex shows a partner admin only the customers assigned to them: whether another org is a
    // customer is unknown to the token (not-checked, a warning), but it is not theirs to change.
    [
      "a partner admin for a customer they do not manage",
      "pa@partner.example",
      demoCustomerOrgId(10),
      ["restricted-mode-actor"],
    ],
    ["a customer's own full admin", "admin@customer02.example", demoCustomerOrgId(2), ["restricted-mode-actor"]],
  ])("fails %s", async (_name, actor, orgId, codes) => {
    h.as(actor);
    expect(codesOf((await restricted.check({}, { orgId, enabled: false })).failures)).toEqual(codes);
  });

  it("lets a partner admin change a customer they manage", async () => {
    h.as("pa@partner.example");
    expect((await restricted.check({}, { orgId: demoCustomerOrgId(1), enabled: false })).failures).toEqual([]);
  });

  it("creates, sees drift, updates, reads and returns to the default on delete", async () => {
    const created = await restricted.create({ orgId: demoCustomerOrgId(2), enabled: false });
    expect(created).toEqual({
      id: demoCustomerOrgId(2),
      outs: { orgId: demoCustomerOrgId(2), enabled: false, withheld: [] },
    });
    expect(await liveMode(demoCustomerOrgId(2))).toBe(false);

    h.fresh();
    expect(
      await restricted.diff(demoCustomerOrgId(2), created.outs, { orgId: demoCustomerOrgId(2), enabled: false }),
    ).toEqual({ changes: false });
    await h.client("admin@partner.example").putRestrictedMode(demoCustomerOrgId(2), true);
    h.fresh();
    const declared = { orgId: demoCustomerOrgId(2), enabled: false };
    const checked = await restricted.check(declared, declared);
    expect(checked).toEqual({
      inputs: {
        ...declared,
        drift: { enabled: "the Hub holds on, changed outside Pulumi from off: this update sets off" },
      },
      failures: [],
    });
    expect(await restricted.diff(demoCustomerOrgId(2), created.outs, checked.inputs)).toEqual({
      changes: true,
      detailedDiff: { drift: { kind: "add" } },
    });

    const updated = await restricted.update(demoCustomerOrgId(2), created.outs, {
      orgId: demoCustomerOrgId(2),
      enabled: true,
    });
    expect(updated.outs.withheld).toHaveLength(RESTRICTED_MODE_SETTINGS.length);
    expect(updated.outs.withheld[0]).toContain("Manually Add or Modify Users");

    const off = await restricted.update(demoCustomerOrgId(2), updated.outs, {
      orgId: demoCustomerOrgId(2),
      enabled: false,
    });
    h.fresh();
    expect((await restricted.read(demoCustomerOrgId(2), off.outs)).inputs).toEqual({
      orgId: demoCustomerOrgId(2),
      enabled: false,
    });
    await restricted.delete(demoCustomerOrgId(2), off.outs);
    expect(await liveMode(demoCustomerOrgId(2))).toBe(true);
    expect(await restricted.read("org-gone", { ...off.outs, orgId: "org-gone" })).toEqual({ id: "" });
  });
});
