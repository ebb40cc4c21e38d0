import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createProvider as restrictedModeProvider } from "../../provider/resources/restrictedMode";
import { RESTRICTED_MODE_SETTINGS } from "../../core/rules/privileges";
import { codesOf, startHarness, type Harness, harnessConfig } from "./harness";

const restricted = restrictedModeProvider(harnessConfig);



let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.stop());
beforeEach(() => h.as("admin@partner.example"));

const liveMode = async (orgId: string): Promise<boolean> => (await h.client("admin@partner.example").getRestrictedMode(orgId)).enabled;

describe("RestrictedMode", () => {
  it("defaults enabled to true at check, as the Hub does", async () => {
    expect(await restricted.check({}, { orgId: "org-customer-02" })).toEqual({ inputs: { orgId: "org-customer-02", enabled: true }, failures: [] });
  });

  it.each([
    ["an org the partner does not manage", "admin@partner.example", "org-msp", ["customer-not-managed"]],
    ["a partner admin for a customer they do not manage", "pa@partner.example", "org-customer-10", ["restricted-mode-actor"]],
    ["a customer's own full admin", "admin@customer02.example", "org-customer-02", ["restricted-mode-actor"]],
  ])("fails %s", async (_name, actor, orgId, codes) => {
    h.as(actor);
    expect(codesOf((await restricted.check({}, { orgId, enabled: false })).failures)).toEqual(codes);
  });

  it("lets a partner admin change a customer they manage", async () => {
    h.as("pa@partner.example");
    expect((await restricted.check({}, { orgId: "org-customer-01", enabled: false })).failures).toEqual([]);
  });

  it("creates, sees drift, updates, reads and returns to the default on delete", async () => {
    const created = await restricted.create({ orgId: "org-customer-02", enabled: false });
    expect(created).toEqual({ id: "org-customer-02", outs: { orgId: "org-customer-02", enabled: false, withheld: [] } });
    expect(await liveMode("org-customer-02")).toBe(false);

    h.fresh();
    expect(await restricted.diff("org-customer-02", created.outs, { orgId: "org-customer-02", enabled: false })).toEqual({ changes: false });
    await h.client("admin@partner.example").putRestrictedMode("org-customer-02", true);
    h.fresh();
    expect(await restricted.diff("org-customer-02", created.outs, { orgId: "org-customer-02", enabled: false })).toEqual({ changes: true });

    const updated = await restricted.update("org-customer-02", created.outs, { orgId: "org-customer-02", enabled: true });
    expect(updated.outs.withheld).toHaveLength(RESTRICTED_MODE_SETTINGS.length);
    expect(updated.outs.withheld[0]).toContain("Manually Add or Modify Users");

    const off = await restricted.update("org-customer-02", updated.outs, { orgId: "org-customer-02", enabled: false });
    h.fresh();
    expect((await restricted.read("org-customer-02", off.outs)).inputs).toEqual({ orgId: "org-customer-02", enabled: false });
    await restricted.delete("org-customer-02", off.outs);
    expect(await liveMode("org-customer-02")).toBe(true);
    expect(await restricted.read("org-gone", { ...off.outs, orgId: "org-gone" })).toEqual({ id: "" });
  });
});
