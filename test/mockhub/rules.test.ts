/**
 * The Hub's own guard: every write is checked by the rules engine with the token's person as actor.
 * The first block runs the real engine; the second injects a recording stub to pin down what the
 * Hub asks the engine and how it maps the answer to HTTP.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { WireAuditEvent, WireList, WirePerson } from "../../api/wire";
import type { RuleContext, Violation } from "../../core/rules/types";
import type { MockHub } from "../../mockhub/server";
import { call, errorOf, startDemoHub, token, type Answer } from "./helpers";

function refusedWith(answer: Answer, status: number, code: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  const error = errorOf(answer);
  expect(error.errors.map((e) => e.code)).toContain(code);
  expect(error.errors.every((e) => e.description.length > 20)).toBe(true);
}

describe("with the real rules engine", () => {
  let hub: MockHub;
  let stop: () => Promise<void>;
  let t: (email: string) => string;

  beforeAll(async () => {
    ({ hub, stop } = await startDemoHub());
    t = (email) => token(hub, email);
  });
  afterAll(async () => stop());

  const auditCount = async (): Promise<number> =>
    (await call<WireList<WireAuditEvent>>(hub, t("admin@partner.example"), "GET", "/adminAudit/events?max=1000")).body.items.length;

  it("409 last-full-admin when the last full admin of a customer org would lose the role; nothing changes", async () => {
    const before = await auditCount();
    const answer = await call(hub, t("admin@partner.example"), "PUT", "/people/p-admin-customer01", {
      emails: ["admin@customer01.example"],
      displayName: "Admin Customer 01",
      roles: ["readonly_admin"],
    });
    refusedWith(answer, 409, "last-full-admin");
    const person = (await call<WirePerson>(hub, t("admin@partner.example"), "GET", "/people/p-admin-customer01")).body;
    expect(person.roles).toEqual(["full_admin"]);
    expect(person.displayName).toBe("Admin Customer 01"); // the refused PUT wiped nothing either
    expect(await auditCount()).toBe(before);
  });

  it("403 external-admin-chain when a partner admin PUTs an external admin of a customer", async () => {
    const answer = await call(hub, t("admin@partner.example"), "PUT", "/organizations/org-customer-02/externalAdmins/p-helper-msp", {
      role: "external_readonly_admin",
    });
    refusedWith(answer, 403, "external-admin-chain");
    expect((await call(hub, t("admin@customer02.example"), "GET", "/organizations/org-customer-02/externalAdmins/p-helper-msp")).status).toBe(404);
  });

  it("403 external-admin-chain on DELETE by an outsider too", async () => {
    const c3 = t("admin@customer03.example");
    expect((await call(hub, c3, "PUT", "/organizations/org-customer-03/externalAdmins/p-helper-msp", { role: "external_readonly_admin" })).status).toBe(200);
    refusedWith(await call(hub, t("admin@partner.example"), "DELETE", "/organizations/org-customer-03/externalAdmins/p-helper-msp"), 403, "external-admin-chain");
  });

  it("403 actor-lacks-privilege when a partner admin changes partner-org roles", async () => {
    const answer = await call(hub, t("pa@partner.example"), "PUT", "/people/p-user1-partner", {
      emails: ["user1@partner.example"],
      roles: ["partner_full_admin"],
    });
    refusedWith(answer, 403, "actor-lacks-privilege");
  });

  it("409 derived-role for provisioning_admin, 409 exclusive-roles for two tiers", async () => {
    const admin = t("admin@partner.example");
    refusedWith(await call(hub, admin, "PUT", "/people/p-user1-partner", { emails: ["user1@partner.example"], roles: ["provisioning_admin"] }), 409, "derived-role");
    refusedWith(await call(hub, admin, "PUT", "/people/p-user1-partner", { emails: ["user1@partner.example"], roles: ["full_admin", "readonly_admin"] }), 409, "exclusive-roles");
  });

  it("assignments: only partner_full_admin may assign, and only to partner or sales admins", async () => {
    refusedWith(await call(hub, t("pa@partner.example"), "POST", "/partner/organizations/org-customer-09/partnerAdmin/p-pa-partner/assign"), 403, "actor-lacks-privilege");
    refusedWith(await call(hub, t("admin@partner.example"), "POST", "/partner/organizations/org-customer-09/partnerAdmin/p-ro-partner/assign"), 409, "assignment-target-role");
    refusedWith(await call(hub, t("admin@partner.example"), "POST", "/partner/organizations/org-msp/partnerAdmin/p-pa-partner/assign"), 409, "customer-not-managed");
  });

  it("restricted mode: a partner admin for an assigned customer only; read-only partner admins never", async () => {
    const url = (n: string): string => `/partner/organizations/org-customer-${n}/restrictedMode`;
    expect((await call(hub, t("pa@partner.example"), "PUT", url("01"), { enabled: false })).status).toBe(200);
    refusedWith(await call(hub, t("pa@partner.example"), "PUT", url("12"), { enabled: false }), 403, "restricted-mode-actor");
    refusedWith(await call(hub, t("ro@partner.example"), "PUT", url("12"), { enabled: false }), 403, "restricted-mode-actor");
  });

  it("warnings never block: leaving a single full admin in the partner org is accepted", async () => {
    const answer = await call<WirePerson>(hub, t("admin@partner.example"), "PUT", "/people/p-second-partner", {
      emails: ["second@partner.example"],
      displayName: "Sam Second",
      roles: [],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.roles).toEqual([]);
  });

  it("a customer's own full admin may add an external admin, but the partner may not make its own user external full admin", async () => {
    const c5 = t("admin@customer05.example");
    expect((await call(hub, c5, "PUT", "/organizations/org-customer-05/externalAdmins/p-pa-partner", { role: "external_full_admin" })).status).toBe(200);
    refusedWith(
      await call(hub, t("admin@partner.example"), "PUT", "/organizations/org-customer-06/externalAdmins/p-user3-partner", { role: "external_full_admin" }),
      403,
      "partner-self-external-full",
    );
  });
});

describe("what the Hub asks the engine (recording stub)", () => {
  let hub: MockHub;
  let stop: () => Promise<void>;
  const seen: RuleContext[] = [];
  let answer: Violation[] = [];

  beforeAll(async () => {
    ({ hub, stop } = await startDemoHub({
      evaluate: (ctx) => {
        seen.push(ctx);
        return answer;
      },
    }));
  });
  afterAll(async () => stop());
  afterEach(() => {
    seen.length = 0;
    answer = [];
  });

  const admin = (): string => token(hub, "admin@partner.example");

  it("PUT /people/{id} with changed roles: one non-authoritative member, the actor and the world", async () => {
    await call(hub, admin(), "PUT", "/people/p-user1-partner", {
      emails: ["user1@partner.example"],
      roles: ["support_admin"],
      siteRoles: { "s.webex.com": "site_admin" },
    });
    expect(seen).toHaveLength(1);
    const ctx = seen[0] as RuleContext;
    expect(ctx.desired).toEqual({
      org: { kind: "partner", orgId: "org-partner", wholesale: true },
      authoritative: false,
      members: [{ email: "user1@partner.example", roles: ["support_admin"], sites: { "s.webex.com": "site_admin" }, path: "", rolesPath: "roles" }],
      externalAdmins: [],
      restrictedMode: [],
    });
    expect(ctx.actor).toMatchObject({ id: "p-admin-partner", email: "admin@partner.example", roles: ["full_admin", "partner_full_admin"] });
    expect(ctx.world?.partnerOrgId).toBe("org-partner");
    expect(ctx.world?.people).toHaveLength(30);
    expect(ctx.world?.assignments["p-pa-partner"]).toEqual(["org-customer-01", "org-customer-02", "org-customer-03"]);
    expect(ctx.now).toBeInstanceOf(Date);
  });

  it("a PUT that changes no role (a rename) is not a rule matter", async () => {
    await call(hub, admin(), "PUT", "/people/p-user1-partner", {
      emails: ["user1@partner.example"],
      displayName: "Renamed",
      roles: ["support_admin"],
      siteRoles: { "s.webex.com": "site_admin" },
    });
    expect(seen).toHaveLength(0);
  });

  it("a person of a customer org is checked against that org", async () => {
    await call(hub, admin(), "PUT", "/people/p-admin-customer02", { emails: ["admin@customer02.example"], roles: [] });
    expect(seen[0]?.desired.org).toEqual({ kind: "customer", orgId: "org-customer-02" });
  });

  it("assign and unassign: the new full list, customers only", async () => {
    await call(hub, admin(), "POST", "/partner/organizations/org-customer-04/partnerAdmin/p-pa-partner/assign");
    await call(hub, admin(), "DELETE", "/partner/organizations/org-customer-01/partnerAdmin/p-pa-partner/unassign");
    expect(seen.map((c) => c.desired.members)).toEqual([
      [{ email: "pa@partner.example", roles: ["partner_admin"], path: "", rolesPath: "roles", customers: ["org-customer-01", "org-customer-02", "org-customer-03", "org-customer-04"], customersOnly: true, customersPath: "customers" }],
      [{ email: "pa@partner.example", roles: ["partner_admin"], path: "", rolesPath: "roles", customers: ["org-customer-02", "org-customer-03", "org-customer-04"], customersOnly: true, customersPath: "customers" }],
    ]);
  });

  it("revoke all partner roles: partner roles removed and no customers", async () => {
    await call(hub, admin(), "PUT", "/people/p-user4-partner", { emails: ["user4@partner.example"], roles: ["full_admin", "sales_admin"] });
    seen.length = 0;
    await call(hub, admin(), "DELETE", "/partner/organizations/partnerAdmin/p-user4-partner");
    expect(seen[0]?.desired.members).toEqual([{ email: "user4@partner.example", roles: ["full_admin"], customers: [], path: "", rolesPath: "roles", customersPath: "customers" }]);
  });

  it("external admins: the customer org, one entry; removal is marked", async () => {
    const c = token(hub, "admin@customer07.example");
    await call(hub, c, "PUT", "/organizations/org-customer-07/externalAdmins/p-helper-msp", { role: "external_readonly_admin", expiresAt: "2099-01-01T00:00:00Z" });
    await call(hub, c, "DELETE", "/organizations/org-customer-07/externalAdmins/p-helper-msp");
    expect(seen.map((s) => [s.desired.org, s.desired.externalAdmins])).toEqual([
      [{ kind: "customer", orgId: "org-customer-07" }, [{ email: "helper@msp.example", role: "external_readonly_admin", expiresAt: "2099-01-01T00:00:00Z", contactCenterServiceAdmin: false, path: "" }]],
      [{ kind: "customer", orgId: "org-customer-07" }, [{ email: "helper@msp.example", role: undefined, remove: true, path: "" }]],
    ]);
    expect(seen[0]?.actor?.id).toBe("p-admin-customer07");
  });

  it("restricted mode: the partner org, one entry", async () => {
    await call(hub, admin(), "PUT", "/partner/organizations/org-customer-08/restrictedMode", { enabled: false });
    expect(seen[0]?.desired).toMatchObject({
      org: { kind: "partner", orgId: "org-partner" },
      restrictedMode: [{ orgId: "org-customer-08", enabled: false, path: "enabled" }],
    });
  });

  it("maps errors to 403 (a privilege code) or 409, with every error in the body; warnings pass", async () => {
    const warn: Violation = { code: "single-full-admin", severity: "warning", path: "", message: "Only one full admin remains, keep two." };
    const rule: Violation = { code: "exclusive-roles", severity: "error", path: "roles", message: "Two roles of one tier were declared together." };
    const privilege: Violation = { code: "actor-lacks-privilege", severity: "error", path: "roles", message: "The actor may not change these roles at all." };
    const body = (roles: string[]) => ({ emails: ["user2@partner.example"], roles });

    answer = [warn];
    expect((await call(hub, admin(), "PUT", "/people/p-user2-partner", body(["device_admin"]))).status).toBe(200);

    answer = [warn, rule];
    const conflict = await call(hub, admin(), "PUT", "/people/p-user2-partner", body(["support_admin"]));
    expect(conflict.status).toBe(409);
    expect(errorOf(conflict).errors).toEqual([{ code: "exclusive-roles", description: rule.message }]);

    answer = [rule, privilege];
    const forbidden = await call(hub, admin(), "PUT", "/people/p-user2-partner", body(["support_admin"]));
    expect(forbidden.status).toBe(403);
    expect(errorOf(forbidden).errors.map((e) => e.code)).toEqual(["exclusive-roles", "actor-lacks-privilege"]);
    expect((await call<WirePerson>(hub, admin(), "GET", "/people/p-user2-partner")).body.roles).toEqual(["device_admin"]);
  });
});
