/**
 * Who may read and write what, as the Webex spec states it: only administrators write; a list of
 * people without `orgId` is the token's org; `orgId` of another org needs an admin relationship to it;
 * the partner endpoints require `managedBy` and refuse partner full and read-only admins there; audit
 * events need `orgId`, `from` and `to`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idUuid } from "../../api/ids";
import { personUpdateFrom } from "../../api/decode";
import { SCIM_PATCH_SCHEMA, type WireList, type WireOrganization, type WirePerson } from "../../api/wire";
import type { MockHub } from "../../mockhub/server";
import { DEMO_PARTNER_ORG_ID, demoCustomerOrgId, demoPersonId } from "../../mockhub/seed";
import { call, errorOf, startDemoHub, token } from "../mockhub/helpers";

const C03 = demoCustomerOrgId(3);

describe("authorization as the spec states it", () => {
  let hub: MockHub;
  let stop: () => Promise<void>;
  let t: (email: string) => string;
  const get = async (id: string): Promise<WirePerson> =>
    (await call<WirePerson>(hub, t("admin@partner.example"), "GET", `/people/${id}`)).body;
  beforeAll(async () => {
    ({ hub, stop } = await startDemoHub());
    t = (email) => token(hub, email);
  });
  afterAll(async () => stop());

  it.each([
    ["a person with no admin role", "user1@partner.example", demoPersonId("user2@partner.example")],
    ["a read-only administrator", "ro@partner.example", demoPersonId("user2@partner.example")],
    [
      "a customer's admin, on another org's person",
      "admin@customer01.example",
      demoPersonId("admin@customer02.example"),
    ],
  ])("%s may not change a person (403), even only a title", async (_what, as, id) => {
    const before = await get(id);
    const put = await call(hub, t(as), "PUT", `/people/${id}`, { ...personUpdateFrom(before), title: "Changed" });
    expect(put.status, JSON.stringify(put.body)).toBe(403);
    expect(errorOf(put).errors[0]?.code).toBe("actor-lacks-privilege");
    const orgUuid = idUuid(before.orgId);
    const patch = await call(hub, t(as), "PATCH", `/identity/scim/${orgUuid}/v2/Users/${idUuid(id)}`, {
      schemas: [SCIM_PATCH_SCHEMA],
      Operations: [{ op: "add", path: "roles", value: [{ value: "id_full_admin" }] }],
    });
    expect(patch.status).toBe(403);
    expect(await get(id)).toEqual(before);
  });

  it("the org's own full admin may change the title (the near miss)", async () => {
    const id = demoPersonId("user2@partner.example");
    const put = await call<WirePerson>(hub, t("second@partner.example"), "PUT", `/people/${id}`, {
      ...personUpdateFrom(await get(id)),
      title: "Lead",
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.title).toBe("Lead");
  });

  it("a customer admin lists only its own org's people and sees only its own org", async () => {
    const people = (await call<WireList<WirePerson>>(hub, t("admin@customer03.example"), "GET", "/people")).body.items;
    expect(people.map((p) => p.orgId)).toEqual([C03]);
    const other = await call(hub, t("admin@customer03.example"), "GET", `/people?orgId=${DEMO_PARTNER_ORG_ID}`);
    expect(other.status).toBe(403);
    const orgs = (await call<WireList<WireOrganization>>(hub, t("admin@customer03.example"), "GET", "/organizations"))
      .body.items;
    expect(orgs.map((o) => o.id)).toEqual([C03]);
  });

  it("GET /people without orgId lists the token's org; a partner admin names a customer with orgId", async () => {
    const own = (await call<WireList<WirePerson>>(hub, t("admin@partner.example"), "GET", "/people")).body.items;
    expect(new Set(own.map((p) => p.orgId))).toEqual(new Set([DEMO_PARTNER_ORG_ID]));
    const customer = (await call<WireList<WirePerson>>(hub, t("admin@partner.example"), "GET", `/people?orgId=${C03}`))
      .body.items;
    expect(customer.map((p) => p.emails[0])).toEqual(["admin@customer03.example"]);
    // pa manages customers 01-03 by assignment, not 04.
    expect((await call(hub, t("pa@partner.example"), "GET", `/people?orgId=${C03}`)).status).toBe(200);
    expect((await call(hub, t("pa@partner.example"), "GET", `/people?orgId=${demoCustomerOrgId(4)}`)).status).toBe(403);
  });

  it("a non-admin looks people up by email only, and sees no admin fields of others", async () => {
    expect((await call(hub, t("user1@partner.example"), "GET", "/people")).status).toBe(400);
    const found = await call<WireList<WirePerson>>(
      hub,
      t("user1@partner.example"),
      "GET",
      "/people?email=admin@partner.example",
    );
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0]?.roles).toBeUndefined();
    expect(found.body.items[0]?.licenses).toBeUndefined();
  });

  it("GET /partner/organizations requires managedBy and refuses partner full and read-only admins there", async () => {
    const missing = await call(hub, t("admin@partner.example"), "GET", "/partner/organizations");
    expect(missing.status).toBe(400);
    expect(errorOf(missing).message).toContain("managedBy: is required");
    for (const who of ["admin@partner.example", "ro@partner.example"]) {
      const answer = await call(
        hub,
        t("admin@partner.example"),
        "GET",
        `/partner/organizations?managedBy=${demoPersonId(who)}`,
      );
      expect(answer.status).toBe(400);
      expect(errorOf(answer).message).toContain(
        "already has access to all customers managed by their partner organization",
      );
    }
    const pa = await call<WireList<{ orgId: string }>>(
      hub,
      t("admin@partner.example"),
      "GET",
      `/partner/organizations?managedBy=${demoPersonId("pa@partner.example")}`,
    );
    expect(pa.body.items.map((m) => m.orgId)).toEqual([1, 2, 3].map(demoCustomerOrgId));
  });

  it("partner admins of a customer carry their role in the customer org", async () => {
    const answer = await call<WireList<{ emails: string[]; roleInCustomerOrg: string }>>(
      hub,
      t("admin@partner.example"),
      "GET",
      `/partner/organizations/${C03}/partnerAdmins`,
    );
    const byEmail = Object.fromEntries(answer.body.items.map((a) => [a.emails[0], a.roleInCustomerOrg]));
    expect(byEmail).toEqual({
      "admin@partner.example": "id_full_admin",
      "pa@partner.example": "id_full_admin",
      "ro@partner.example": "id_readonly_admin",
    });
  });

  it("audit events need orgId, from and to, and a reader who administers the org", async () => {
    const missing = await call(
      hub,
      t("admin@partner.example"),
      "GET",
      `/adminAudit/events?orgId=${DEMO_PARTNER_ORG_ID}`,
    );
    expect(missing.status).toBe(400);
    expect(errorOf(missing).errors.map((e) => e.description)).toEqual(["from: is required", "to: is required"]);
    const range = "from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z";
    expect(
      (
        await call(
          hub,
          t("admin@customer01.example"),
          "GET",
          `/adminAudit/events?orgId=${DEMO_PARTNER_ORG_ID}&${range}`,
        )
      ).status,
    ).toBe(403);
    expect(
      (await call(hub, t("admin@partner.example"), "GET", `/adminAudit/events?orgId=${DEMO_PARTNER_ORG_ID}&${range}`))
        .status,
    ).toBe(200);
  });
});
