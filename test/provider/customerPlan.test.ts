/**
 * The program's plan with CustomerAdmins: a customer org's lockout judged on what the whole program
 * leaves (split across resources, or by dropping a resource), a handover, duplicates across
 * resources, and the guard before the first write.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EMPTY_PLAN, type PlanDigest, type PlannedCustomerAdmin } from "../../core/plan";
import { createProvider as planProvider } from "../../provider/resources/plan";
import type { RoleId } from "../../core/rules/catalog";
import { demoCustomerOrgId } from "../../mockhub/seed";
import { codesOf, startHarness, type Harness, harnessConfig } from "./harness";

const plan = planProvider(harnessConfig);
const ORG = demoCustomerOrgId(1);

let h: Harness;
beforeAll(async () => {
  h = await startHarness([
    { emails: ["fia@customer01.example"], firstName: "Fia", lastName: "Full", orgId: ORG, roles: ["full_admin"] },
    { emails: ["cara@customer01.example"], firstName: "Cara", lastName: "Care", orgId: ORG, roles: [] },
    { emails: ["rob@customer01.example"], firstName: "Rob", lastName: "Reader", orgId: ORG, roles: ["readonly_admin"] },
  ]);
});
afterAll(async () => h.stop());
beforeEach(() => h.as("admin@customer01.example"));

const admin = (email: string, roles: RoleId[] | null, orgId: string | null = ORG): PlannedCustomerAdmin => ({
  name: email.split("@")[0] as string,
  orgId,
  email,
  roles,
  sites: {},
});
const digest = (customerAdmins: PlannedCustomerAdmin[], extra: Partial<PlanDigest> = {}): PlanDigest => ({
  ...EMPTY_PLAN,
  customerAdmins,
  ...extra,
});

describe("Plan check with CustomerAdmins", () => {
  it("fails a customer lockout split across two resources, each harmless alone", async () => {
    const { failures } = await plan.check(
      {},
      { plan: digest([admin("admin@customer01.example", []), admin("fia@customer01.example", [])]) },
    );
    expect(codesOf(failures)).toEqual(["last-full-admin"]);
    expect(failures[0]?.property).toMatch(/^CustomerAdmin "(admin|fia)".roles$/);
  });

  it("accepts a handover inside the customer org in one program", async () => {
    const handover = digest([
      admin("admin@customer01.example", []),
      admin("fia@customer01.example", []),
      admin("cara@customer01.example", ["full_admin"]),
    ]);
    expect((await plan.check({}, { plan: handover })).failures).toEqual([]);
  });

  it("sees the CustomerAdmins the program no longer declares (their deletes remove the declared roles)", async () => {
    const before = digest([
      admin("admin@customer01.example", ["full_admin"]),
      admin("fia@customer01.example", ["full_admin"]),
    ]);
    const { failures } = await plan.check({ plan: before }, { plan: digest([]) });
    expect(codesOf(failures)).toEqual(["last-full-admin"]);
    expect(failures[0]?.property).toContain("removed from the program");
    expect(
      (await plan.check({ plan: before }, { plan: digest([admin("fia@customer01.example", ["full_admin"])]) }))
        .failures,
    ).toEqual([]);
  });

  it("waits for values unknown at preview: an unknown org or email could be anyone", async () => {
    const unknownOrg = digest([
      admin("admin@customer01.example", []),
      admin("fia@customer01.example", []),
      admin("cara@customer01.example", ["full_admin"], null),
    ]);
    expect((await plan.check({}, { plan: unknownOrg })).failures).toEqual([]);
  });

  it("finds duplicates across resources: one person declared twice in one customer, one customer's restricted mode twice", async () => {
    const twice = digest([
      admin("cara@customer01.example", ["support_admin"]),
      { ...admin("CARA@customer01.example", ["device_admin"]), name: "cara2" },
    ]);
    const dup = await plan.check({}, { plan: twice });
    expect(codesOf(dup.failures)).toEqual(["duplicate-admin"]);
    expect(dup.failures[0]?.property).toBe('CustomerAdmin "cara2".email');
    const modes = digest([], {
      restrictedModes: [
        { name: "r1", orgId: ORG },
        { name: "r2", orgId: ORG },
        { name: "r3", orgId: demoCustomerOrgId(2) },
      ],
    });
    const mode = await plan.check({}, { plan: modes });
    expect(codesOf(mode.failures)).toEqual(["duplicate-customer"]);
    expect(mode.failures[0]?.property).toBe('RestrictedMode "r2".orgId');
  });
});

describe("Plan create with CustomerAdmins: the guard before the first write", () => {
  it("refuses a plan whose CustomerAdmin the token may not apply, before anything is written", async () => {
    h.as("rob@customer01.example");
    await expect(plan.create({ plan: digest([admin("cara@customer01.example", ["support_admin"])]) })).rejects.toThrow(
      /actor-lacks-privilege/,
    );
    h.as("admin@customer01.example");
    await expect(
      plan.create({ plan: digest([admin("cara@customer01.example", ["support_admin"])]) }),
    ).resolves.toMatchObject({ id: "webexhub-plan" });
  });
});
