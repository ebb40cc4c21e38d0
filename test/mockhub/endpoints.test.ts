import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  WireAuditEvent,
  WireExternalAdmin,
  WireList,
  WireManagedOrg,
  WireOrganization,
  WirePartnerAdmin,
  WirePerson,
  WireRestrictedMode,
  WireRole,
} from "../../api/wire";
import { ROLE_IDS } from "../../core/rules/catalog";
import type { MockHub } from "../../mockhub/server";
import { call, errorOf, nextLink, readAll, startDemoHub, token } from "./helpers";

let hub: MockHub;
let stop: () => Promise<void>;
let admin: string; // admin@partner.example: full_admin + partner_full_admin
let customerAdmin: string; // admin@customer01.example

beforeAll(async () => {
  ({ hub, stop } = await startDemoHub());
  admin = token(hub, "admin@partner.example");
  customerAdmin = token(hub, "admin@customer01.example");
});
afterAll(async () => stop());

describe("seed demo", () => {
  it("holds the people, orgs and assignments of issue 3", async () => {
    const { items: people } = await readAll<WirePerson>(hub, admin, "/people?max=1000");
    const byEmail = new Map(people.map((p) => [p.emails[0], p]));
    expect(people).toHaveLength(9 + 20 + 1);
    expect(byEmail.get("admin@partner.example")).toMatchObject({ id: "p-admin-partner", orgId: "org-partner", roles: ["full_admin", "partner_full_admin"] });
    expect(byEmail.get("second@partner.example")?.roles).toEqual(["full_admin"]);
    expect(byEmail.get("pa@partner.example")?.roles).toEqual(["partner_admin"]);
    expect(byEmail.get("ro@partner.example")?.roles).toEqual(["partner_readonly_admin"]);
    for (let i = 1; i <= 5; i++) expect(byEmail.get(`user${i}@partner.example`)?.roles).toEqual([]);
    expect(byEmail.get("admin@customer20.example")).toMatchObject({ id: "p-admin-customer20", orgId: "org-customer-20", roles: ["full_admin"] });
    expect(byEmail.get("helper@msp.example")).toMatchObject({ id: "p-helper-msp", orgId: "org-msp", roles: [] });
    expect(Object.keys(hub.tokens).sort()).toEqual([...byEmail.keys()].sort());

    const orgs = (await call<WireList<WireOrganization>>(hub, admin, "GET", "/organizations")).body.items;
    expect(orgs).toHaveLength(22);
    expect(orgs[0]).toMatchObject({ id: "org-partner", displayName: "Demo Partner", type: "partner", wholesale: true });
    expect(orgs.find((o) => o.id === "org-customer-07")).toMatchObject({ displayName: "Customer 07", type: "customer", partnerOrgId: "org-partner" });
    expect(orgs.find((o) => o.id === "org-msp")).toMatchObject({ displayName: "Example MSP", type: "other" });

    const managed = await call<WireList<WireManagedOrg>>(hub, admin, "GET", "/partner/organizations?managedBy=p-pa-partner");
    expect(managed.body.items).toEqual(["org-customer-01", "org-customer-02", "org-customer-03"].map((orgId) => ({ orgId, role: "partner_admin" })));
  });
});

describe("authentication", () => {
  it.each([
    ["no Authorization header", undefined],
    ["an unknown token", "not-a-token"],
  ])("answers 401 with the Webex error shape for %s", async (_, value) => {
    const answer = await call(hub, value, "GET", "/people/me");
    expect(answer.status).toBe(401);
    expect(errorOf(answer).errors[0]?.description).toMatch(/token/);
  });

  it("refuses a write without a valid token before looking at it", async () => {
    const answer = await call(hub, "nope", "PUT", "/people/p-user1-partner", { emails: ["user1@partner.example"] });
    expect(answer.status).toBe(401);
  });
});

describe("people", () => {
  it("GET /people/me is the token's person", async () => {
    const answer = await call<WirePerson>(hub, customerAdmin, "GET", "/people/me");
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: "p-admin-customer01", emails: ["admin@customer01.example"], orgId: "org-customer-01", roles: ["full_admin"] });
    expect(answer.headers.get("trackingid")).toMatch(/^MOCKHUB_/);
  });

  it("looks emails up case-insensitively and filters by orgId", async () => {
    const byEmail = await call<WireList<WirePerson>>(hub, admin, "GET", "/people?email=PA%40Partner.Example");
    expect(byEmail.body.items.map((p) => p.id)).toEqual(["p-pa-partner"]);
    const none = await call<WireList<WirePerson>>(hub, admin, "GET", "/people?email=nobody%40partner.example");
    expect(none.body.items).toEqual([]);
    const { items } = await readAll<WirePerson>(hub, admin, "/people?orgId=org-partner");
    expect(items).toHaveLength(9);
    expect(items.every((p) => p.orgId === "org-partner")).toBe(true);
  });

  it("pages with max and an absolute Link rel=next across several pages", async () => {
    const first = await call<WireList<WirePerson>>(hub, admin, "GET", "/people?max=7");
    expect(first.body.items).toHaveLength(7);
    const link = nextLink(first);
    expect(link).toMatch(new RegExp(`^${hub.url}/v1/people\\?`));
    const { items, pages } = await readAll<WirePerson>(hub, admin, "/people?max=7");
    expect(pages).toBe(5); // 30 people
    expect(new Set(items.map((p) => p.id)).size).toBe(30);
    const all = await call<WireList<WirePerson>>(hub, admin, "GET", "/people");
    expect(all.body.items).toHaveLength(30);
    expect(nextLink(all)).toBeUndefined();
    const capped = await call<WireList<WirePerson>>(hub, admin, "GET", "/people?max=5000");
    expect(capped.status).toBe(200);
  });

  it("answers 400 naming max or cursor when they are malformed", async () => {
    for (const [query, field] of [["max=0", "max"], ["max=abc", "max"], ["cursor=%21%21", "cursor"]]) {
      const answer = await call(hub, admin, "GET", `/people?${query}`);
      expect(answer.status).toBe(400);
      expect(errorOf(answer).errors[0]?.description).toMatch(new RegExp(`^${field}:`));
    }
  });

  it("GET /people/{id}: the person, or 404", async () => {
    expect((await call<WirePerson>(hub, admin, "GET", "/people/p-ro-partner")).body.roles).toEqual(["partner_readonly_admin"]);
    const missing = await call(hub, admin, "GET", "/people/p-nobody");
    expect(missing.status).toBe(404);
    expect(errorOf(missing).message).toMatch(/p-nobody/);
  });

  it("PUT replaces the whole person: what the body leaves out is wiped", async () => {
    const full = await call<WirePerson>(hub, admin, "PUT", "/people/p-user2-partner", {
      emails: ["user2@partner.example"],
      displayName: "U2",
      firstName: "Uma",
      lastName: "Two",
      roles: ["support_admin"],
      siteRoles: { "demo.webex.com": "site_admin" },
    });
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({ displayName: "U2", firstName: "Uma", roles: ["support_admin"], siteRoles: { "demo.webex.com": "site_admin" } });

    const bare = await call<WirePerson>(hub, admin, "PUT", "/people/p-user2-partner", { emails: ["user2@partner.example"] });
    expect(bare.status).toBe(200);
    const after = (await call<WirePerson>(hub, admin, "GET", "/people/p-user2-partner")).body;
    expect(after).toEqual({
      id: "p-user2-partner",
      emails: ["user2@partner.example"],
      displayName: "",
      orgId: "org-partner",
      roles: [],
      siteRoles: {},
      created: full.body.created,
    });
  });

  it("PUT of what is already there is accepted and records no audit event", async () => {
    const events = async (): Promise<number> =>
      (await call<WireList<WireAuditEvent>>(hub, admin, "GET", "/adminAudit/events?max=1000")).body.items.length;
    const before = await events();
    const answer = await call<WirePerson>(hub, admin, "PUT", "/people/p-ro-partner", {
      emails: ["ro@partner.example"],
      displayName: "Rory Reader",
      firstName: "Rory",
      lastName: "Reader",
      roles: ["partner_readonly_admin"],
    });
    expect(answer.status).toBe(200);
    expect(await events()).toBe(before);
  });

  it("PUT answers 400 naming the field for bad bodies", async () => {
    const cases: Array<[unknown, RegExp]> = [
      ["{not json", /^body: malformed JSON/],
      ["", /^body: a JSON object is required/],
      [[], /^body: must be object/],
      [{}, /^emails: is required/],
      [{ emails: ["user3@partner.example"], roles: "full_admin" }, /^roles: must be array/],
      [{ emails: ["user3@partner.example"], roles: ["full_admin", 7] }, /^roles\[1\]: must be string/],
      [{ emails: ["user3@partner.example"], roles: ["super_admin"] }, /^roles\[0\]: must be one of full_admin, /],
      [{ emails: ["user3@partner.example"], nickname: "x" }, /^nickname: unknown field/],
      [{ emails: ["not-an-email"] }, /^emails\[0\]: must be a valid email/],
      [{ emails: ["user3@partner.example"], siteRoles: { "a.webex.com": "boss" } }, /^siteRoles\["a.webex.com"\]: must be one of site_admin/],
      [{ emails: ["user3@partner.example"], roles: ["full_admin", "full_admin"] }, /^roles: items 0 and 1 are duplicates/],
    ];
    for (const [body, pattern] of cases) {
      const answer = await call(hub, admin, "PUT", "/people/p-user3-partner", body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(answer).errors.map((e) => e.description).join("\n")).toMatch(pattern);
    }
    expect((await call(hub, admin, "PUT", "/people/p-nobody", { emails: ["x@partner.example"] })).status).toBe(404);
  });

  it("PUT refuses an email that belongs to someone else", async () => {
    const answer = await call(hub, admin, "PUT", "/people/p-user3-partner", { emails: ["USER4@partner.example"] });
    expect(answer.status).toBe(409);
    expect(errorOf(answer).message).toMatch(/^emails\[0\]/);
  });
});

describe("roles and organizations", () => {
  it("GET /roles lists every role id with its label; GET /roles/{id}", async () => {
    const roles = (await call<WireList<WireRole>>(hub, admin, "GET", "/roles")).body.items;
    expect(roles.map((r) => r.id)).toEqual([...ROLE_IDS]);
    expect(roles.find((r) => r.id === "partner_admin")?.name).toBe("Partner administrator");
    expect((await call<WireRole>(hub, admin, "GET", "/roles/full_admin")).body).toEqual({ id: "full_admin", name: "Full administrator" });
    expect((await call(hub, admin, "GET", "/roles/boss")).status).toBe(404);
  });

  it("GET /organizations/{id}, 404 for an unknown id", async () => {
    const org = await call<WireOrganization>(hub, admin, "GET", "/organizations/org-customer-03");
    expect(org.body).toMatchObject({ id: "org-customer-03", displayName: "Customer 03" });
    expect(typeof org.body.created).toBe("string");
    expect((await call(hub, admin, "GET", "/organizations/org-nope")).status).toBe(404);
  });

  it("unknown paths are 404 and wrong methods 405, both with the error shape", async () => {
    errorOf(await call(hub, admin, "GET", "/nothing-here"));
    expect((await call(hub, admin, "GET", "/nothing-here")).status).toBe(404);
    const wrong = await call(hub, admin, "DELETE", "/roles");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET");
  });
});

describe("partner organizations", () => {
  it("managedBy: all customers for full and read-only partner admins, none for a plain user; default is the token's person", async () => {
    const ro = await readAll<WireManagedOrg>(hub, admin, "/partner/organizations?managedBy=p-ro-partner");
    expect(ro.items).toHaveLength(20);
    expect(ro.items.every((m) => m.role === "partner_readonly_admin")).toBe(true);
    const mine = await readAll<WireManagedOrg>(hub, admin, "/partner/organizations");
    expect(mine.items.map((m) => m.role)).toEqual(Array(20).fill("partner_full_admin"));
    expect((await call<WireList<WireManagedOrg>>(hub, admin, "GET", "/partner/organizations?managedBy=p-user1-partner")).body.items).toEqual([]);
    expect((await call(hub, admin, "GET", "/partner/organizations?managedBy=p-nobody")).status).toBe(404);
  });

  it("partnerAdmins of a customer: everyone with all-customer access, plus assigned partner admins", async () => {
    const assigned = await call<WireList<WirePartnerAdmin>>(hub, admin, "GET", "/partner/organizations/org-customer-02/partnerAdmins");
    expect(assigned.body.items.map((a) => a.email)).toEqual(["admin@partner.example", "pa@partner.example", "ro@partner.example"]);
    expect(assigned.body.items[1]).toEqual({ id: "p-pa-partner", email: "pa@partner.example", displayName: "Pat Partner", roles: ["partner_admin"] });
    const other = await call<WireList<WirePartnerAdmin>>(hub, admin, "GET", "/partner/organizations/org-customer-09/partnerAdmins");
    expect(other.body.items.map((a) => a.email)).toEqual(["admin@partner.example", "ro@partner.example"]);
    expect((await call(hub, admin, "GET", "/partner/organizations/org-msp/partnerAdmins")).status).toBe(404);
  });

  it("assign and unassign a customer, recorded in the audit log", async () => {
    const assign = await call(hub, admin, "POST", "/partner/organizations/org-customer-10/partnerAdmin/p-pa-partner/assign");
    expect(assign.status).toBe(204);
    let managed = await call<WireList<WireManagedOrg>>(hub, admin, "GET", "/partner/organizations?managedBy=p-pa-partner");
    expect(managed.body.items.map((m) => m.orgId)).toContain("org-customer-10");
    const again = await call(hub, admin, "POST", "/partner/organizations/org-customer-10/partnerAdmin/p-pa-partner/assign");
    expect(again.status).toBe(204);

    const unassign = await call(hub, admin, "DELETE", "/partner/organizations/org-customer-10/partnerAdmin/p-pa-partner/unassign");
    expect(unassign.status).toBe(204);
    managed = await call<WireList<WireManagedOrg>>(hub, admin, "GET", "/partner/organizations?managedBy=p-pa-partner");
    expect(managed.body.items.map((m) => m.orgId)).not.toContain("org-customer-10");

    const events = (await call<WireList<WireAuditEvent>>(hub, admin, "GET", "/adminAudit/events?orgId=org-partner")).body.items;
    const mine = events.filter((e) => e.targetId === "p-pa-partner");
    expect(mine.map((e) => e.action)).toEqual(["partnerAdmin.assign", "partnerAdmin.unassign"]); // the repeated assign changed nothing
    expect(mine[0]).toMatchObject({
      actorId: "p-admin-partner",
      actorEmail: "admin@partner.example",
      targetType: "assignment",
      before: { personId: "p-pa-partner", customers: ["org-customer-01", "org-customer-02", "org-customer-03"] },
      after: { personId: "p-pa-partner", customers: ["org-customer-01", "org-customer-02", "org-customer-03", "org-customer-10"] },
    });
    expect((await call(hub, admin, "POST", "/partner/organizations/org-nope/partnerAdmin/p-pa-partner/assign")).status).toBe(404);
    expect((await call(hub, admin, "POST", "/partner/organizations/org-customer-10/partnerAdmin/p-nope/assign")).status).toBe(404);
  });

  it("revoking all partner roles keeps org roles and drops the assignments", async () => {
    await call(hub, admin, "PUT", "/people/p-user5-partner", { emails: ["user5@partner.example"], roles: ["readonly_admin", "partner_admin"] });
    expect((await call(hub, admin, "POST", "/partner/organizations/org-customer-11/partnerAdmin/p-user5-partner/assign")).status).toBe(204);
    const revoke = await call(hub, admin, "DELETE", "/partner/organizations/partnerAdmin/p-user5-partner");
    expect(revoke.status).toBe(204);
    expect((await call<WirePerson>(hub, admin, "GET", "/people/p-user5-partner")).body.roles).toEqual(["readonly_admin"]);
    expect((await call<WireList<WireManagedOrg>>(hub, admin, "GET", "/partner/organizations?managedBy=p-user5-partner")).body.items).toEqual([]);
    expect((await call(hub, admin, "DELETE", "/partner/organizations/partnerAdmin/p-nope")).status).toBe(404);
  });
});

describe("external admins (mock extension)", () => {
  const path = "/organizations/org-customer-04/externalAdmins";

  it("PUT, GET, list and DELETE by the customer's own full admin", async () => {
    const c4 = token(hub, "admin@customer04.example");
    expect((await call<WireList<WireExternalAdmin>>(hub, c4, "GET", path)).body.items).toEqual([]);
    const put = await call<WireExternalAdmin>(hub, c4, "PUT", `${path}/p-helper-msp`, {
      role: "external_readonly_admin",
      expiresAt: "2099-01-31T00:00:00Z",
    });
    expect(put.status).toBe(200);
    const expected: WireExternalAdmin = {
      orgId: "org-customer-04",
      personId: "p-helper-msp",
      email: "helper@msp.example",
      homeOrgId: "org-msp",
      role: "external_readonly_admin",
      expiresAt: "2099-01-31T00:00:00Z",
      contactCenterServiceAdmin: false,
    };
    expect(put.body).toEqual(expected);
    expect((await call(hub, c4, "GET", `${path}/p-helper-msp`)).body).toEqual(expected);
    expect((await call<WireList<WireExternalAdmin>>(hub, c4, "GET", path)).body.items).toEqual([expected]);

    // PUT replaces the grant too: the expiry left out is gone.
    const full = await call<WireExternalAdmin>(hub, c4, "PUT", `${path}/p-helper-msp`, { role: "external_full_admin", contactCenterServiceAdmin: true });
    expect(full.body).toEqual({ ...expected, role: "external_full_admin", expiresAt: undefined, contactCenterServiceAdmin: true });
    expect(full.body.expiresAt).toBeUndefined();

    expect((await call(hub, c4, "DELETE", `${path}/p-helper-msp`)).status).toBe(204);
    expect((await call(hub, c4, "GET", `${path}/p-helper-msp`)).status).toBe(404);
    expect((await call(hub, c4, "DELETE", `${path}/p-helper-msp`)).status).toBe(404);

    const events = (await call<WireList<WireAuditEvent>>(hub, c4, "GET", "/adminAudit/events?orgId=org-customer-04")).body.items;
    expect(events.map((e) => e.action)).toEqual(["externalAdmin.put", "externalAdmin.put", "externalAdmin.delete"]);
    expect(events[0]).toMatchObject({ actorId: "p-admin-customer04", targetType: "externalAdmin", before: null, after: expected });
    expect(events[2]?.after).toBeNull();
  });

  it("400 naming the field, 404 for unknown or non-customer orgs and people, 409 for a member of the org", async () => {
    const c4 = token(hub, "admin@customer04.example");
    const bad = await call(hub, c4, "PUT", `${path}/p-helper-msp`, { role: "full_admin", contactCenterServiceAdmin: "yes" });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).errors.map((e) => e.description)).toEqual([
      "role: must be one of external_full_admin, external_readonly_admin",
      "contactCenterServiceAdmin: must be boolean",
    ]);
    expect((await call(hub, c4, "GET", "/organizations/org-msp/externalAdmins")).status).toBe(404);
    expect((await call(hub, c4, "GET", "/organizations/org-nope/externalAdmins")).status).toBe(404);
    expect((await call(hub, c4, "PUT", `${path}/p-nope`, { role: "external_readonly_admin" })).status).toBe(404);
    expect((await call(hub, c4, "PUT", `${path}/p-admin-customer04`, { role: "external_readonly_admin" })).status).toBe(409);
  });

  it("an expired grant is gone: the Hub revokes it by itself", async () => {
    let now = new Date("2030-01-01T00:00:00Z");
    const started = await startDemoHub({ now: () => now });
    try {
      const c = token(started.hub, "admin@customer05.example");
      const url = "/organizations/org-customer-05/externalAdmins/p-helper-msp";
      expect((await call(started.hub, c, "PUT", url, { role: "external_readonly_admin", expiresAt: "2030-01-02T00:00:00Z" })).status).toBe(200);
      expect((await call(started.hub, c, "GET", url)).status).toBe(200);
      now = new Date("2030-01-03T00:00:00Z");
      expect((await call(started.hub, c, "GET", url)).status).toBe(404);
      expect((await call<WireList<WireExternalAdmin>>(started.hub, c, "GET", "/organizations/org-customer-05/externalAdmins")).body.items).toEqual([]);
    } finally {
      await started.stop();
    }
  });
});

describe("restricted mode (mock extension)", () => {
  it("is enabled by default; PUT changes it and is audited", async () => {
    const url = "/partner/organizations/org-customer-06/restrictedMode";
    expect((await call<WireRestrictedMode>(hub, admin, "GET", url)).body).toEqual({ orgId: "org-customer-06", enabled: true });
    const put = await call<WireRestrictedMode>(hub, admin, "PUT", url, { enabled: false });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ orgId: "org-customer-06", enabled: false });
    expect((await call<WireRestrictedMode>(hub, admin, "GET", url)).body.enabled).toBe(false);
    // The GET body may be sent back as is.
    expect((await call(hub, admin, "PUT", url, { orgId: "org-customer-06", enabled: true })).status).toBe(200);

    const events = (await call<WireList<WireAuditEvent>>(hub, admin, "GET", "/adminAudit/events?orgId=org-customer-06")).body.items;
    expect(events.map((e) => [e.action, e.before, e.after])).toEqual([
      ["restrictedMode.put", { orgId: "org-customer-06", enabled: true }, { orgId: "org-customer-06", enabled: false }],
      ["restrictedMode.put", { orgId: "org-customer-06", enabled: false }, { orgId: "org-customer-06", enabled: true }],
    ]);
  });

  it("400 naming the field, 404 for a non-customer org", async () => {
    const url = "/partner/organizations/org-customer-06/restrictedMode";
    for (const [body, field] of [[{ enabled: "no" }, "enabled"], [{}, "enabled"], [{ enabled: true, orgId: "org-customer-07" }, "orgId"], [{ enabled: true, x: 1 }, "x"]] as const) {
      const answer = await call(hub, admin, "PUT", url, body);
      expect(answer.status).toBe(400);
      expect(errorOf(answer).errors[0]?.description.startsWith(`${field}:`)).toBe(true);
    }
    expect((await call(hub, admin, "GET", "/partner/organizations/org-partner/restrictedMode")).status).toBe(404);
  });
});

describe("audit events", () => {
  it("filters by orgId and time window, pages, and rejects malformed dates naming the field", async () => {
    const t0 = new Date(Date.now() - 1000).toISOString();
    for (const n of [1, 2, 3, 4, 5]) {
      const answer = await call(hub, admin, "PUT", "/people/p-user1-partner", { emails: ["user1@partner.example"], displayName: `User One v${n}` });
      expect(answer.status).toBe(200);
    }
    const { items, pages } = await readAll<WireAuditEvent>(hub, admin, `/adminAudit/events?orgId=org-partner&from=${encodeURIComponent(t0)}&max=2`);
    const renames = items.filter((e) => e.targetId === "p-user1-partner");
    expect(renames).toHaveLength(5);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(renames[4]).toMatchObject({
      action: "person.update",
      orgId: "org-partner",
      targetType: "person",
      before: { displayName: "User One v4" },
      after: { displayName: "User One v5" },
    });
    const future = await call<WireList<WireAuditEvent>>(hub, admin, "GET", "/adminAudit/events?from=2999-01-01T00:00:00Z");
    expect(future.body.items).toEqual([]);
    const past = await call<WireList<WireAuditEvent>>(hub, admin, "GET", `/adminAudit/events?to=${encodeURIComponent(t0)}`);
    expect(past.body.items).toEqual([]);
    const bad = await call(hub, admin, "GET", "/adminAudit/events?to=yesterday");
    expect(bad.status).toBe(400);
    expect(errorOf(bad).errors[0]?.description).toMatch(/^to:/);
  });
});
