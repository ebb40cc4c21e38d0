import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createProvider as customerAssignmentProvider } from "../../provider/resources/customerAssignment";
import type { CustomerAssignmentOutputs } from "../../provider/resources/customerAssignment";
import { ProviderContext } from "../../provider/context";
import { DEMO_MSP_ORG_ID, demoCustomerOrgId, demoPersonId } from "../../mockhub/seed";
import { codesOf, startHarness, UNKNOWN, type Harness, harnessConfig } from "./harness";

const assignment = customerAssignmentProvider(harnessConfig);
const session = (): ReturnType<ProviderContext["hub"]> => new ProviderContext(harnessConfig).hub();

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.stop());
beforeEach(() => h.as("admin@partner.example"));

/** Demo customer org ids, sorted as the Hub's answers are compared. */
const customers = (...n: number[]): string[] => n.map(demoCustomerOrgId).sort();
const PA = demoPersonId("pa@partner.example");

async function assignedInHub(personId: string): Promise<string[]> {
  return (await h.client("admin@partner.example").listManagedOrgs(personId)).map((m) => m.orgId).sort();
}

describe("CustomerAssignment check", () => {
  it("accepts customers for a partner admin, keeping the ones they manage", async () => {
    expect(
      (await assignment.check({}, { adminEmail: "pa@partner.example", customerOrgIds: customers(1, 2, 3, 4, 5) }))
        .failures,
    ).toEqual([]);
  });

  it("refuses a silent takeover: a create that would unassign customers managed outside it needs adopt", async () => {
    const { failures } = await assignment.check(
      {},
      { adminEmail: "pa@partner.example", customerOrgIds: customers(4, 5) },
    );
    expect(failures.map((f) => f.property)).toEqual(["adopt"]);
    expect(failures[0]?.reason).toMatch(
      /^\[adopt-required\] pa@partner\.example already manages 3 customer\(s\) outside this declaration/,
    );
    for (const orgId of customers(1, 2, 3)) expect(failures[0]?.reason).toContain(orgId);
    expect(
      (await assignment.check({}, { adminEmail: "pa@partner.example", customerOrgIds: customers(4, 5), adopt: true }))
        .failures,
    ).toEqual([]);
    // An update of an existing assignment is no takeover: it was declared before.
    expect(
      (
        await assignment.check(
          { adminEmail: "pa@partner.example", customerOrgIds: customers(1) },
          { adminEmail: "pa@partner.example", customerOrgIds: customers(4) },
        )
      ).failures,
    ).toEqual([]);
  });

  it("judges the roles the program declares for the admin at preview (plannedAdminRoles), not the ones held now", async () => {
    // user2 holds no role yet; the program makes them a help desk admin, who cannot be assigned customers.
    const declared = await assignment.check(
      {},
      { adminEmail: "user2@partner.example", customerOrgIds: customers(4), __plannedAdminRoles: ["helpdesk_basic"] },
    );
    expect(codesOf(declared.failures)).toEqual(["assignment-target-role"]);
    const near = await assignment.check(
      {},
      { adminEmail: "user2@partner.example", customerOrgIds: customers(4), __plannedAdminRoles: ["partner_admin"] },
    );
    expect(near.failures).toEqual([]);
  });

  it.each([
    [
      "a partner read-only admin",
      { adminEmail: "ro@partner.example", customerOrgIds: customers(1) },
      ["assignment-target-role"],
      ["customerOrgIds"],
    ],
    [
      "an org the partner does not manage",
      { adminEmail: "pa@partner.example", customerOrgIds: [DEMO_MSP_ORG_ID] },
      ["customer-not-managed"],
      ["customerOrgIds[0]"],
    ],
    [
      "more than 500 customers",
      {
        adminEmail: "pa@partner.example",
        customerOrgIds: Array.from({ length: 501 }, (_, i) => `${demoCustomerOrgId((i % 20) + 1)}-${i}`),
      },
      ["assignment-limit"],
      ["customerOrgIds"],
    ],
    [
      "an unknown administrator",
      { adminEmail: "ghost@partner.example", customerOrgIds: customers(1) },
      ["unknown-user"],
      ["email"],
    ],
  ])("fails %s", async (_name, inputs, codes, properties) => {
    const { failures } = await assignment.check({}, inputs);
    // A list of 501 made-up ids is also unmanaged; the limit is what this case is about.
    const relevant = failures.filter((f) => codes.some((c) => f.reason.startsWith(`[${c}]`)));
    expect(codesOf(relevant)).toEqual(codes);
    expect(relevant.map((f) => f.property)).toEqual(properties);
  });

  it("checks who changes the customers of a partner admin: partner_full_admin only", async () => {
    h.as("ro@partner.example"); // partner_readonly_admin: sees every customer and assignment, changes none
    expect(
      codesOf(
        (await assignment.check({}, { adminEmail: "pa@partner.example", customerOrgIds: customers(9) })).failures,
      ),
    ).toEqual(["actor-lacks-privilege"]);
    // A full_admin without partner roles may not even list pa's customers: whether the list changes
    // is unknown to that token, so the check says not-checked (a warning), never a guessed error.
    h.as("second@partner.example");
    expect(
      codesOf(
        (await assignment.check({}, { adminEmail: "pa@partner.example", customerOrgIds: customers(9) })).failures,
      ),
    ).toEqual([]);
  });

  it("skips the administrator's live rules while the email is unknown, but not the limit", async () => {
    expect((await assignment.check({}, { adminEmail: UNKNOWN, customerOrgIds: customers(1) })).failures).toEqual([]);
    const many = Array.from({ length: 501 }, (_, i) => `org-${i}`);
    expect(codesOf((await assignment.check({}, { adminEmail: UNKNOWN, customerOrgIds: many })).failures)).toEqual([
      "assignment-limit",
    ]);
  });
});

describe("CustomerAssignment lifecycle", () => {
  let id: string;
  let outs: CustomerAssignmentOutputs;

  it("creates by assigning and unassigning the difference (authoritative)", async () => {
    const created = await assignment.create({
      adminEmail: "pa@partner.example",
      customerOrgIds: customers(2, 3, 4, 5),
    });
    id = created.id;
    outs = created.outs;
    expect(id).toBe(PA);
    expect(await assignedInHub(id)).toEqual(customers(2, 3, 4, 5));
    expect(outs).toMatchObject({ personId: id, count: 4, adminRoles: ["partner_admin"] });
  });

  it("compares as sets against the live Hub, and sees drift", async () => {
    h.fresh();
    expect(
      await assignment.diff(id, outs, { adminEmail: "pa@partner.example", customerOrgIds: customers(5, 4, 3, 2, 2) }),
    ).toEqual({ changes: false });
    await h.client("admin@partner.example").unassignPartnerAdmin(demoCustomerOrgId(4), id);
    h.fresh();
    // Customers by id and name: the check notes the drift and names every declared customer.
    const declared = { adminEmail: "pa@partner.example", customerOrgIds: customers(2, 3, 4, 5) };
    const checked = await assignment.check(declared, declared);
    expect(checked.inputs).toEqual({
      ...declared,
      customers: {
        [demoCustomerOrgId(2)]: "Customer 02",
        [demoCustomerOrgId(3)]: "Customer 03",
        [demoCustomerOrgId(4)]: "Customer 04",
        [demoCustomerOrgId(5)]: "Customer 05",
      },
      drift: {
        customerOrgIds: "the Hub no longer holds Customer 04, removed outside Pulumi: this update restores it",
        customerOrgIdsChangedBy: expect.stringMatching(
          /^pa@partner\.example lost Customer 04 — changed in Control Hub by admin@partner\.example at /,
        ),
      },
    });
    expect(await assignment.diff(id, outs, checked.inputs)).toEqual({
      changes: true,
      detailedDiff: { [`customers["${demoCustomerOrgId(4)}"]`]: { kind: "add" }, drift: { kind: "add" } },
    });
    // A declared removal is a path into the old outputs' names.
    expect(await assignment.diff(id, outs, { ...checked.inputs, customerOrgIds: customers(2, 3) })).toEqual({
      changes: true,
      detailedDiff: { [`customers["${demoCustomerOrgId(5)}"]`]: { kind: "delete" }, drift: { kind: "add" } },
    });
  });

  it("fails a diff that would assign an unmanaged org", async () => {
    h.fresh();
    await expect(
      assignment.diff(id, outs, { adminEmail: "pa@partner.example", customerOrgIds: [DEMO_MSP_ORG_ID] }),
    ).rejects.toThrow(/\[customer-not-managed\]/);
  });

  it("updates and reads", async () => {
    h.fresh();
    outs = (await assignment.update(id, outs, { adminEmail: "pa@partner.example", customerOrgIds: customers(7, 8) }))
      .outs;
    expect(await assignedInHub(id)).toEqual(customers(7, 8));
    h.fresh();
    expect((await assignment.read(id, outs)).inputs).toEqual({
      adminEmail: "pa@partner.example",
      customerOrgIds: customers(7, 8),
    });
  });

  it("deletes by unassigning all", async () => {
    h.fresh();
    await assignment.delete(id, outs);
    expect(await assignedInHub(id)).toEqual([]);
  });

  it("a create that fails part-way carries the id and what the Hub now holds", async () => {
    h.fresh();
    const hub = session();
    const assign = hub.assign.bind(hub);
    hub.assign = async (orgId, personId) => {
      if (orgId === demoCustomerOrgId(6)) throw new Error("the Hub refused Customer 06");
      return assign(orgId, personId);
    };
    const error = (await assignment
      .create({ adminEmail: "pa@partner.example", customerOrgIds: customers(5, 6) })
      .catch((e: unknown) => e)) as {
      id?: string;
      properties?: { customerOrgIds: string[] };
      message: string;
    };
    expect(error.message).toContain("applied only in part");
    expect(error.id).toBe(PA);
    expect(error.properties?.customerOrgIds).toEqual(customers(5));
    expect(await assignedInHub(PA)).toEqual(customers(5));
  });
});
