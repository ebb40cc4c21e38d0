/**
 * The Hub's own guard closes the privilege holes a provider could otherwise slip through: it runs
 * the same rules engine, with the token's person as the actor. Each case has its near miss.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WirePerson } from "../../api/wire";
import type { MockHub } from "../../mockhub/server";
import { call, errorOf, startDemoHub, token, type Answer, pid, rids, cid } from "./helpers";

function refused(answer: Answer, code: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(403);
  expect(errorOf(answer).errors.map((e) => e.code)).toContain(code);
}

describe("privilege holes, refused by the mock Hub", () => {
  let hub: MockHub;
  let stop: () => Promise<void>;
  let t: (email: string) => string;
  const person = async (id: string): Promise<WirePerson> =>
    (await call<WirePerson>(hub, t("admin@partner.example"), "GET", `/people/${id}`)).body;
  const put = (as: string, id: string, body: Record<string, unknown>): Promise<Answer> =>
    call(hub, t(as), "PUT", `/people/${id}`, body);

  beforeAll(async () => {
    ({ hub, stop } = await startDemoHub());
    t = (email) => token(hub, email);
    // ro becomes a partner full admin who is not a full admin (granted by a full admin: allowed).
    const granted = await put("admin@partner.example", pid("ro@partner.example"), {
      emails: ["ro@partner.example"],
      displayName: "Rory Reader",
      roles: rids("partner_full_admin"),
    });
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
  });
  afterAll(async () => stop());

  it("a partner_full_admin may not give themselves full_admin", async () => {
    refused(
      await put("ro@partner.example", pid("ro@partner.example"), {
        emails: ["ro@partner.example"],
        displayName: "Rory Reader",
        roles: rids("full_admin", "partner_full_admin"),
      }),
      "actor-lacks-privilege",
    );
    expect((await person(pid("ro@partner.example"))).roles ?? []).toEqual(rids("partner_full_admin"));
  });

  it("nor take full_admin from another full admin; a customer-management role is theirs to give", async () => {
    refused(
      await put("ro@partner.example", pid("second@partner.example"), {
        emails: ["second@partner.example"],
        displayName: "Sam Second",
        roles: rids(),
      }),
      "actor-lacks-privilege",
    );
    expect((await person(pid("second@partner.example"))).roles ?? []).toEqual(rids("full_admin"));
    const near = await put("ro@partner.example", pid("user4@partner.example"), {
      emails: ["user4@partner.example"],
      displayName: "User Four",
      roles: rids("partner_readonly_admin"),
    });
    expect(near.status, JSON.stringify(near.body)).toBe(200);
  });

  it("a token with no admin role may not change anyone's Webex site roles; the org's full admin may", async () => {
    const body = {
      emails: ["admin@customer02.example"],
      displayName: "Admin Customer 02",
      roles: rids("full_admin"),
      siteRoles: { "c02.webex.com": "site_admin" },
    };
    refused(await put("user1@partner.example", pid("admin@customer02.example"), body), "actor-lacks-privilege");
    refused(
      await put("user1@partner.example", pid("user2@partner.example"), {
        emails: ["user2@partner.example"],
        displayName: "User Two",
        siteRoles: { "p.webex.com": "site_admin" },
      }),
      "actor-lacks-privilege",
    );
    expect((await person(pid("admin@customer02.example"))).siteRoles ?? {}).toEqual({});
    const near = await put("admin@partner.example", pid("user2@partner.example"), {
      emails: ["user2@partner.example"],
      displayName: "User Two",
      siteRoles: { "p.webex.com": "site_admin" },
    });
    expect(near.status, JSON.stringify(near.body)).toBe(200);
  });

  it("a partner admin's rights in a customer org follow what the customer left the partner", async () => {
    const change = {
      emails: ["admin@customer07.example"],
      displayName: "Admin Customer 07",
      roles: rids("full_admin", "compliance_officer"),
    };
    // Near miss first: nothing recorded, the partner full admin manages the customer.
    expect((await put("admin@partner.example", pid("admin@customer07.example"), change)).status).toBe(200);
    // The customer leaves the partner read-only access: the same kind of change is now refused.
    const demoted = await call(
      hub,
      t("admin@customer07.example"),
      "PUT",
      `/organizations/${cid(7)}/externalAdmins/${pid("admin@partner.example")}`,
      { role: "external_readonly_admin" },
    );
    expect(demoted.status, JSON.stringify(demoted.body)).toBe(200);
    refused(
      await put("admin@partner.example", pid("admin@customer07.example"), { ...change, roles: rids("full_admin") }),
      "actor-lacks-privilege",
    );
    expect((await person(pid("admin@customer07.example"))).roles ?? []).toEqual(
      rids("full_admin", "compliance_officer"),
    );
  });

  it("a customer org whose only full administrator is the partner's external full admin is not locked out", async () => {
    const c8 = t("admin@customer08.example");
    expect(
      (
        await call(hub, c8, "PUT", `/organizations/${cid(8)}/externalAdmins/${pid("second@partner.example")}`, {
          role: "external_full_admin",
        })
      ).status,
    ).toBe(200);
    // The customer's own admin gives up full_admin (the one change a person may make to themselves).
    const answer = await call(hub, c8, "PUT", `/people/${pid("admin@customer08.example")}`, {
      emails: ["admin@customer08.example"],
      displayName: "Admin Customer 08",
      roles: rids("readonly_admin"),
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  });
});
