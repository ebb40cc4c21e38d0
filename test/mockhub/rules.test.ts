/**
 * The Hub's own guard: every write is checked by the rules engine with the token's person as actor.
 * The first block runs the real engine; the second injects a recording stub to pin down what the
 * Hub asks the engine and how it maps the answer to HTTP.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { WirePerson } from "../../api/wire";
import type { RoleId } from "../../core/rules/catalog";
import type { RuleContext, Violation } from "../../core/rules/types";
import type { MockHub } from "../../mockhub/server";
import { call, errorOf, startDemoHub, token, type Answer, pid, cid, PARTNER, rids, MSP } from "./helpers";

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

  const auditCount = async (): Promise<number> => hub.snapshot().audit.length;

  it("409 last-full-admin when the last full admin of a customer org would lose the role; nothing changes", async () => {
    const before = await auditCount();
    const answer = await call(hub, t("admin@partner.example"), "PUT", `/people/${pid("admin@customer01.example")}`, {
      emails: ["admin@customer01.example"],
      displayName: "Admin Customer 01",
      roles: rids("readonly_admin"),
    });
    refusedWith(answer, 409, "last-full-admin");
    const person = (
      await call<WirePerson>(hub, t("admin@partner.example"), "GET", `/people/${pid("admin@customer01.example")}`)
    ).body;
    expect(person.roles ?? []).toEqual(rids("full_admin"));
    expect(person.displayName).toBe("Admin Customer 01"); // the refused PUT wiped nothing either
    expect(await auditCount()).toBe(before);
  });

  it("403 external-admin-chain when a partner admin PUTs an external admin of a customer", async () => {
    const answer = await call(
      hub,
      t("admin@partner.example"),
      "PUT",
      `/organizations/${cid(2)}/externalAdmins/${pid("helper@msp.example")}`,
      {
        role: "external_readonly_admin",
      },
    );
    refusedWith(answer, 403, "external-admin-chain");
    expect(
      (
        await call(
          hub,
          t("admin@customer02.example"),
          "GET",
          `/organizations/${cid(2)}/externalAdmins/${pid("helper@msp.example")}`,
        )
      ).status,
    ).toBe(404);
  });

  it("403 external-admin-chain on DELETE by an outsider too", async () => {
    const c3 = t("admin@customer03.example");
    expect(
      (
        await call(hub, c3, "PUT", `/organizations/${cid(3)}/externalAdmins/${pid("helper@msp.example")}`, {
          role: "external_readonly_admin",
        })
      ).status,
    ).toBe(200);
    refusedWith(
      await call(
        hub,
        t("admin@partner.example"),
        "DELETE",
        `/organizations/${cid(3)}/externalAdmins/${pid("helper@msp.example")}`,
      ),
      403,
      "external-admin-chain",
    );
  });

  it("403 actor-lacks-privilege when a partner admin changes partner-org roles", async () => {
    const answer = await call(hub, t("pa@partner.example"), "PUT", `/people/${pid("user1@partner.example")}`, {
      displayName: "Renamed",
      emails: ["user1@partner.example"],
      roles: rids("partner_full_admin"),
    });
    refusedWith(answer, 403, "actor-lacks-privilege");
  });

  it("409 derived-role for provisioning_admin, 409 exclusive-roles for two tiers", async () => {
    const admin = t("admin@partner.example");
    refusedWith(
      await call(hub, admin, "PUT", `/people/${pid("user1@partner.example")}`, {
        displayName: "Renamed",
        emails: ["user1@partner.example"],
        roles: rids("provisioning_admin"),
      }),
      409,
      "derived-role",
    );
    refusedWith(
      await call(hub, admin, "PUT", `/people/${pid("user1@partner.example")}`, {
        displayName: "Renamed",
        emails: ["user1@partner.example"],
        roles: rids("full_admin", "readonly_admin"),
      }),
      409,
      "exclusive-roles",
    );
  });

  it("assignments: only partner_full_admin may assign, and only to partner or sales admins", async () => {
    refusedWith(
      await call(
        hub,
        t("pa@partner.example"),
        "POST",
        `/partner/organizations/${cid(9)}/partnerAdmin/${pid("pa@partner.example")}/assign`,
      ),
      403,
      "actor-lacks-privilege",
    );
    refusedWith(
      await call(
        hub,
        t("admin@partner.example"),
        "POST",
        `/partner/organizations/${cid(9)}/partnerAdmin/${pid("ro@partner.example")}/assign`,
      ),
      409,
      "assignment-target-role",
    );
    refusedWith(
      await call(
        hub,
        t("admin@partner.example"),
        "POST",
        `/partner/organizations/${MSP}/partnerAdmin/${pid("pa@partner.example")}/assign`,
      ),
      409,
      "customer-not-managed",
    );
  });

  it("restricted mode: a partner admin for an assigned customer only; read-only partner admins never", async () => {
    const url = (n: string): string => `/partner/organizations/${cid(Number(n))}/restrictedMode`;
    expect((await call(hub, t("pa@partner.example"), "PUT", url("01"), { enabled: false })).status).toBe(200);
    refusedWith(
      await call(hub, t("pa@partner.example"), "PUT", url("12"), { enabled: false }),
      403,
      "restricted-mode-actor",
    );
    refusedWith(
      await call(hub, t("ro@partner.example"), "PUT", url("12"), { enabled: false }),
      403,
      "restricted-mode-actor",
    );
  });

  it("warnings never block: leaving a single full admin in the partner org is accepted", async () => {
    const answer = await call<WirePerson>(
      hub,
      t("admin@partner.example"),
      "PUT",
      `/people/${pid("second@partner.example")}`,
      {
        emails: ["second@partner.example"],
        displayName: "Sam Second",
        roles: rids(),
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.roles ?? []).toEqual(rids());
  });

  it("a customer's own full admin may add an external admin, but the partner may not make its own user external full admin", async () => {
    const c5 = t("admin@customer05.example");
    expect(
      (
        await call(hub, c5, "PUT", `/organizations/${cid(5)}/externalAdmins/${pid("pa@partner.example")}`, {
          role: "external_full_admin",
        })
      ).status,
    ).toBe(200);
    refusedWith(
      await call(
        hub,
        t("admin@partner.example"),
        "PUT",
        `/organizations/${cid(6)}/externalAdmins/${pid("user3@partner.example")}`,
        { role: "external_full_admin" },
      ),
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
    await call(hub, admin(), "PUT", `/people/${pid("user1@partner.example")}`, {
      emails: ["user1@partner.example"],
      displayName: "User One",
      roles: rids("support_admin"),
      siteRoles: { "s.webex.com": "site_admin" },
    });
    expect(seen).toHaveLength(1);
    const ctx = seen[0] as RuleContext;
    expect(ctx.desired).toEqual({
      org: { kind: "partner", orgId: PARTNER, wholesale: true },
      authoritative: false,
      members: [
        {
          email: "user1@partner.example",
          roles: ["support_admin"],
          sites: { "s.webex.com": "site_admin" },
          path: "",
          rolesPath: "roles",
        },
      ],
      externalAdmins: [],
      restrictedMode: [],
    });
    expect(ctx.actor).toMatchObject({
      id: pid("admin@partner.example"),
      email: "admin@partner.example",
      roles: ["full_admin", "partner_full_admin"],
    });
    expect(ctx.world?.partnerOrgId).toBe(PARTNER);
    expect(ctx.world?.people).toHaveLength(30);
    expect(ctx.world?.assignments[pid("pa@partner.example")]).toEqual([cid(1), cid(2), cid(3)]);
    expect(ctx.now).toBeInstanceOf(Date);
  });

  it("a PUT that changes no role (a rename) is still checked, with the roles unchanged", async () => {
    // A shortcut on "nothing changed" once let a list that repeated a role skip the guard.
    await call(hub, admin(), "PUT", `/people/${pid("user1@partner.example")}`, {
      emails: ["user1@partner.example"],
      displayName: "Renamed",
      roles: rids("support_admin"),
      siteRoles: { "s.webex.com": "site_admin" },
    });
    expect(seen.map((c) => c.desired.members)).toEqual([
      [
        {
          email: "user1@partner.example",
          roles: ["support_admin"],
          sites: { "s.webex.com": "site_admin" },
          path: "",
          rolesPath: "roles",
        },
      ],
    ]);
  });

  it("a person of a customer org is checked against that org", async () => {
    await call(hub, admin(), "PUT", `/people/${pid("admin@customer02.example")}`, {
      displayName: "Renamed",
      emails: ["admin@customer02.example"],
      roles: rids(),
    });
    expect(seen[0]?.desired.org).toEqual({ kind: "customer", orgId: cid(2) });
  });

  it("assign and unassign: the new full list, customers only", async () => {
    await call(
      hub,
      admin(),
      "POST",
      `/partner/organizations/${cid(4)}/partnerAdmin/${pid("pa@partner.example")}/assign`,
    );
    await call(
      hub,
      admin(),
      "DELETE",
      `/partner/organizations/${cid(1)}/partnerAdmin/${pid("pa@partner.example")}/unassign`,
    );
    expect(seen.map((c) => c.desired.members)).toEqual([
      [
        {
          email: "pa@partner.example",
          roles: ["partner_admin"],
          path: "",
          rolesPath: "roles",
          customers: [cid(1), cid(2), cid(3), cid(4)],
          customersOnly: true,
          customersPath: "customers",
        },
      ],
      [
        {
          email: "pa@partner.example",
          roles: ["partner_admin"],
          path: "",
          rolesPath: "roles",
          customers: [cid(2), cid(3), cid(4)],
          customersOnly: true,
          customersPath: "customers",
        },
      ],
    ]);
  });

  it("revoke all partner roles: partner roles removed and no customers", async () => {
    await call(hub, admin(), "PUT", `/people/${pid("user4@partner.example")}`, {
      displayName: "Renamed",
      emails: ["user4@partner.example"],
      roles: rids("full_admin", "sales_admin"),
    });
    seen.length = 0;
    await call(hub, admin(), "DELETE", `/partner/organizations/partnerAdmin/${pid("user4@partner.example")}`);
    expect(seen[0]?.desired.members).toEqual([
      {
        email: "user4@partner.example",
        roles: ["full_admin"],
        customers: [],
        path: "",
        rolesPath: "roles",
        customersPath: "customers",
      },
    ]);
  });

  it("external admins: the customer org, one entry; removal is marked", async () => {
    const c = token(hub, "admin@customer07.example");
    await call(hub, c, "PUT", `/organizations/${cid(7)}/externalAdmins/${pid("helper@msp.example")}`, {
      role: "external_readonly_admin",
      expiresAt: "2099-01-01T00:00:00Z",
    });
    await call(hub, c, "DELETE", `/organizations/${cid(7)}/externalAdmins/${pid("helper@msp.example")}`);
    expect(seen.map((s) => [s.desired.org, s.desired.externalAdmins])).toEqual([
      [
        { kind: "customer", orgId: cid(7) },
        [
          {
            email: "helper@msp.example",
            role: "external_readonly_admin",
            expiresAt: "2099-01-01T00:00:00Z",
            contactCenterServiceAdmin: false,
            path: "",
          },
        ],
      ],
      [{ kind: "customer", orgId: cid(7) }, [{ email: "helper@msp.example", role: undefined, remove: true, path: "" }]],
    ]);
    expect(seen[0]?.actor?.id).toBe(pid("admin@customer07.example"));
  });

  it("restricted mode: the partner org, one entry", async () => {
    await call(hub, admin(), "PUT", `/partner/organizations/${cid(8)}/restrictedMode`, { enabled: false });
    expect(seen[0]?.desired).toMatchObject({
      org: { kind: "partner", orgId: PARTNER },
      restrictedMode: [{ orgId: cid(8), enabled: false, path: "enabled" }],
    });
  });

  it("maps errors to 403 (a privilege code) or 409, with every error in the body; warnings pass", async () => {
    const warn: Violation = {
      code: "single-full-admin",
      severity: "warning",
      path: "",
      message: "Only one full admin remains, keep two.",
    };
    const rule: Violation = {
      code: "exclusive-roles",
      severity: "error",
      path: "roles",
      message: "Two roles of one tier were declared together.",
    };
    const privilege: Violation = {
      code: "actor-lacks-privilege",
      severity: "error",
      path: "roles",
      message: "The actor may not change these roles at all.",
    };
    const body = (roles: RoleId[]) => ({
      displayName: "Renamed",
      emails: ["user2@partner.example"],
      roles: rids(...roles),
    });

    answer = [warn];
    expect(
      (await call(hub, admin(), "PUT", `/people/${pid("user2@partner.example")}`, body(["device_admin"]))).status,
    ).toBe(200);

    answer = [warn, rule];
    const conflict = await call(
      hub,
      admin(),
      "PUT",
      `/people/${pid("user2@partner.example")}`,
      body(["support_admin"]),
    );
    expect(conflict.status).toBe(409);
    expect(errorOf(conflict).errors).toEqual([{ code: "exclusive-roles", description: rule.message }]);

    answer = [rule, privilege];
    const forbidden = await call(
      hub,
      admin(),
      "PUT",
      `/people/${pid("user2@partner.example")}`,
      body(["support_admin"]),
    );
    expect(forbidden.status).toBe(403);
    expect(errorOf(forbidden).errors.map((e) => e.code)).toEqual(["exclusive-roles", "actor-lacks-privilege"]);
    expect(
      (await call<WirePerson>(hub, admin(), "GET", `/people/${pid("user2@partner.example")}`)).body.roles ?? [],
    ).toEqual(rids("device_admin"));
  });
});
