/**
 * The Hub's own guard closes the privilege holes a provider could otherwise slip through: it runs
 * the same rules engine, with the token's person as the actor. Each case has its near miss.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WirePerson } from "../../api/wire";
import type { MockHub } from "../../mockhub/server";
import { call, errorOf, startDemoHub, token, type Answer } from "./helpers";

function refused(answer: Answer, code: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(403);
  expect(errorOf(answer).errors.map((e) => e.code)).toContain(code);
}

describe("privilege holes, refused by the mock Hub", () => {
  let hub: MockHub;
  let stop: () => Promise<void>;
  let t: (email: string) => string;
  const person = async (id: string): Promise<WirePerson> => (await call<WirePerson>(hub, t("admin@partner.example"), "GET", `/people/${id}`)).body;
  const put = (as: string, id: string, body: Record<string, unknown>): Promise<Answer> => call(hub, t(as), "PUT", `/people/${id}`, body);

  beforeAll(async () => {
    ({ hub, stop } = await startDemoHub());
    t = (email) => token(hub, email);
    // ro becomes a partner full admin who is not a full admin (granted by a full admin: allowed).
    const granted = await put("admin@partner.example", "p-ro-partner", { emails: ["ro@partner.example"], displayName: "Rory Reader", roles: ["partner_full_admin"] });
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
  });
  afterAll(async () => stop());

  it("a partner_full_admin may not give themselves full_admin", async () => {
    refused(await put("ro@partner.example", "p-ro-partner", { emails: ["ro@partner.example"], displayName: "Rory Reader", roles: ["full_admin", "partner_full_admin"] }), "actor-lacks-privilege");
    expect((await person("p-ro-partner")).roles).toEqual(["partner_full_admin"]);
  });

  it("nor take full_admin from another full admin; a customer-management role is theirs to give", async () => {
    refused(await put("ro@partner.example", "p-second-partner", { emails: ["second@partner.example"], displayName: "Sam Second", roles: [] }), "actor-lacks-privilege");
    expect((await person("p-second-partner")).roles).toEqual(["full_admin"]);
    const near = await put("ro@partner.example", "p-user4-partner", { emails: ["user4@partner.example"], displayName: "User Four", roles: ["partner_readonly_admin"] });
    expect(near.status, JSON.stringify(near.body)).toBe(200);
  });

  it("a token with no admin role may not change anyone's Webex site roles; the org's full admin may", async () => {
    const body = { emails: ["admin@customer02.example"], displayName: "Admin Customer 02", roles: ["full_admin"], siteRoles: { "c02.webex.com": "site_admin" } };
    refused(await put("user1@partner.example", "p-admin-customer02", body), "actor-lacks-privilege");
    refused(await put("user1@partner.example", "p-user2-partner", { emails: ["user2@partner.example"], displayName: "User Two", siteRoles: { "p.webex.com": "site_admin" } }), "actor-lacks-privilege");
    expect((await person("p-admin-customer02")).siteRoles ?? {}).toEqual({});
    const near = await put("admin@partner.example", "p-user2-partner", { emails: ["user2@partner.example"], displayName: "User Two", siteRoles: { "p.webex.com": "site_admin" } });
    expect(near.status, JSON.stringify(near.body)).toBe(200);
  });

  it("a partner admin's rights in a customer org follow what the customer left the partner", async () => {
    const change = { emails: ["admin@customer07.example"], displayName: "Admin Customer 07", roles: ["full_admin", "compliance_officer"] };
    // Near miss first: nothing recorded, the partner full admin manages the customer.
    expect((await put("admin@partner.example", "p-admin-customer07", change)).status).toBe(200);
    // The customer leaves the partner read-only access: the same kind of change is now refused.
    const demoted = await call(hub, t("admin@customer07.example"), "PUT", "/organizations/org-customer-07/externalAdmins/p-admin-partner", { role: "external_readonly_admin" });
    expect(demoted.status, JSON.stringify(demoted.body)).toBe(200);
    refused(await put("admin@partner.example", "p-admin-customer07", { ...change, roles: ["full_admin"] }), "actor-lacks-privilege");
    expect((await person("p-admin-customer07")).roles).toEqual(["full_admin", "compliance_officer"]);
  });

  it("a customer org whose only full administrator is the partner's external full admin is not locked out", async () => {
    const c8 = t("admin@customer08.example");
    expect((await call(hub, c8, "PUT", "/organizations/org-customer-08/externalAdmins/p-second-partner", { role: "external_full_admin" })).status).toBe(200);
    // The customer's own admin gives up full_admin (the one change a person may make to themselves).
    const answer = await call(hub, c8, "PUT", "/people/p-admin-customer08", { emails: ["admin@customer08.example"], displayName: "Admin Customer 08", roles: ["readonly_admin"] });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  });
});
