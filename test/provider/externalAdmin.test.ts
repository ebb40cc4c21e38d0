import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createProvider as externalAdminProvider } from "../../provider/resources/externalAdmin";
import type { ExternalAdminInputs, ExternalAdminOutputs } from "../../provider/resources/externalAdmin";
import { DEMO_MSP_ORG_ID, demoCustomerOrgId, demoPersonId } from "../../mockhub/seed";
import { codesOf, startHarness, UNKNOWN, type Harness, harnessConfig } from "./harness";

const external = externalAdminProvider(harnessConfig);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.stop());
beforeEach(() => h.as("admin@customer01.example"));

const nextYear = new Date(Date.now() + 365 * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
const helper: ExternalAdminInputs = {
  orgId: demoCustomerOrgId(1),
  email: "helper@msp.example",
  role: "external_readonly_admin",
  expiresAt: nextYear,
};

describe("ExternalAdmin check", () => {
  it("accepts a customer full admin letting in an MSP read-only admin with an expiry", async () => {
    expect((await external.check({}, helper)).failures).toEqual([]);
  });

  it("refuses a partner token: external admins cannot add external admins", async () => {
    h.as("admin@partner.example");
    expect(codesOf((await external.check({}, helper)).failures)).toEqual(["external-admin-chain"]);
  });

  it("refuses a partner granting its own user external full admin", async () => {
    h.as("admin@partner.example");
    const { failures } = await external.check(
      {},
      { orgId: demoCustomerOrgId(1), email: "pa@partner.example", role: "external_full_admin" },
    );
    expect(codesOf(failures)).toEqual(["partner-self-external-full"]);
  });

  it("lets the customer's own full admin promote the partner admin", async () => {
    expect(
      (
        await external.check(
          {},
          { orgId: demoCustomerOrgId(1), email: "pa@partner.example", role: "external_full_admin" },
        )
      ).failures,
    ).toEqual([]);
  });

  it.each([
    [
      "an expiry on a full admin",
      { ...helper, role: "external_full_admin" as const },
      "expiry-readonly-only",
      "expiresAt",
    ],
    ["an expiry in the past", { ...helper, expiresAt: "2020-01-01T00:00:00Z" }, "expiry-in-past", "expiresAt"],
    [
      "a derived role",
      { ...helper, role: "provisioning_admin" as unknown as "external_full_admin", expiresAt: undefined },
      "derived-role",
      "role",
    ],
    [
      "a member of the org itself",
      { ...helper, email: "admin@customer01.example", expiresAt: undefined },
      "unknown-user",
      "email",
    ],
  ])("fails %s", async (_name, inputs, code, property) => {
    const { failures } = await external.check({}, inputs);
    expect(codesOf(failures)).toEqual([code]);
    expect(failures[0]?.property).toBe(property);
  });

  it("does not throw on unknown values", async () => {
    await expect(external.check({}, { ...helper, email: UNKNOWN })).resolves.toMatchObject({ failures: [] });
  });
});

describe("ExternalAdmin lifecycle", () => {
  let id: string;
  let outs: ExternalAdminOutputs;

  it("creates, diffs, updates, reads and deletes", async () => {
    const created = await external.create(helper);
    id = created.id;
    outs = created.outs;
    expect(id).toBe(`${demoCustomerOrgId(1)}/${demoPersonId("helper@msp.example")}`);
    expect(outs).toMatchObject({ homeOrgId: DEMO_MSP_ORG_ID, contactCenterServiceAdmin: false });
    expect(outs).not.toHaveProperty("access");

    h.fresh();
    expect(await external.diff(id, outs, helper)).toEqual({ changes: false });
    expect(await external.diff(id, outs, { ...helper, orgId: demoCustomerOrgId(2) })).toEqual({
      changes: true,
      replaces: ["orgId"],
      detailedDiff: { orgId: { kind: "update-replace" } },
    });
    expect(await external.diff(id, outs, { ...helper, contactCenterServiceAdmin: true })).toEqual({
      changes: true,
      detailedDiff: { contactCenterServiceAdmin: { kind: "update" } },
    });

    const updated = await external.update(id, outs, { ...helper, contactCenterServiceAdmin: true });
    expect(updated.outs.contactCenterServiceAdmin).toBe(true);

    h.fresh();
    expect((await external.read(id, updated.outs)).inputs).toMatchObject({
      role: "external_readonly_admin",
      contactCenterServiceAdmin: true,
    });

    h.fresh();
    await external.delete(id, updated.outs);
    h.fresh();
    expect(await external.read(id, updated.outs)).toEqual({ id: "" });
  });

  it("shows a grant revoked behind Pulumi's back as drift, and refresh drops it", async () => {
    h.fresh();
    const created = await external.create(helper);
    await h
      .client("admin@customer01.example")
      .deleteExternalAdmin(demoCustomerOrgId(1), demoPersonId("helper@msp.example"));
    h.fresh();
    const checked = await external.check(helper, helper);
    expect(checked.inputs.drift).toEqual({
      role: "the Hub no longer holds this access (revoked or expired outside Pulumi): this update grants external_readonly_admin again",
    });
    expect(await external.diff(created.id, created.outs, checked.inputs)).toEqual({
      changes: true,
      detailedDiff: { drift: { kind: "add" } },
    });
    expect(await external.read(created.id, created.outs)).toEqual({ id: "" });
  });

  it("a partner token cannot remove a customer's external admin", async () => {
    h.fresh();
    const created = await external.create(helper);
    h.as("admin@partner.example");
    await expect(external.delete(created.id, created.outs)).rejects.toThrow(/external-admin-chain|hub-forbidden/);
  });
});
