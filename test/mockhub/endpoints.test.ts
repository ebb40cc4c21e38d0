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
import {
  call,
  errorOf,
  nextLink,
  readAll,
  startDemoHub,
  token,
  pid,
  cid,
  PARTNER,
  MSP,
  rids,
  auditEvents,
} from "./helpers";

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
    const people: WirePerson[] = [];
    for (const orgId of [PARTNER, ...Array.from({ length: 20 }, (_, i) => cid(i + 1))])
      people.push(...(await readAll<WirePerson>(hub, admin, `/people?orgId=${orgId}`)).items);
    people.push(
      ...(await call<WireList<WirePerson>>(hub, admin, "GET", "/people?email=helper@msp.example")).body.items,
    );
    const byEmail = new Map(people.map((p) => [p.emails[0], p]));
    expect(people).toHaveLength(9 + 20 + 1);
    expect(byEmail.get("admin@partner.example")).toMatchObject({
      id: pid("admin@partner.example"),
      orgId: PARTNER,
      roles: rids("full_admin", "partner_full_admin"),
    });
    expect(byEmail.get("second@partner.example")?.roles ?? []).toEqual(rids("full_admin"));
    expect(byEmail.get("pa@partner.example")?.roles ?? []).toEqual(rids("partner_admin"));
    expect(byEmail.get("ro@partner.example")?.roles ?? []).toEqual(rids("partner_readonly_admin"));
    for (let i = 1; i <= 5; i++) expect(byEmail.get(`user${i}@partner.example`)?.roles ?? []).toEqual(rids());
    expect(byEmail.get("admin@customer20.example")).toMatchObject({
      id: pid("admin@customer20.example"),
      orgId: cid(20),
      roles: rids("full_admin"),
    });
    expect(byEmail.get("helper@msp.example")).toMatchObject({ id: pid("helper@msp.example"), orgId: MSP });
    // Every person carries what a careless write would lose.
    for (const p of people.filter((x) => x.orgId !== MSP)) {
      for (const field of [
        "licenses",
        "phoneNumbers",
        "extension",
        "locationId",
        "siteUrls",
        "title",
        "addresses",
        "department",
      ] as const)
        expect(p[field], `${p.emails[0]} ${field}`).toBeDefined();
    }
    expect(byEmail.get("second@partner.example")).toMatchObject({
      manager: "Alice Admin",
      managerId: pid("admin@partner.example"),
    });
    expect(Object.keys(hub.tokens).sort()).toEqual([...byEmail.keys()].sort());

    const orgs = (await call<WireList<WireOrganization>>(hub, admin, "GET", "/organizations")).body.items;
    // The partner's own org and its 20 customers; the MSP is not visible to it.
    expect(orgs).toHaveLength(21);
    expect(orgs[0]).toEqual({ id: PARTNER, displayName: "Demo Partner", created: orgs[0]?.created });
    expect(orgs.find((o) => o.id === cid(7))).toMatchObject({ displayName: "Customer 07" });
    expect(hub.snapshot().orgs.find((o) => o.id === MSP)).toMatchObject({ displayName: "Example MSP", type: "other" });

    const managed = await call<WireList<WireManagedOrg>>(
      hub,
      admin,
      "GET",
      `/partner/organizations?managedBy=${pid("pa@partner.example")}`,
    );
    expect(managed.body.items).toEqual(
      [cid(1), cid(2), cid(3)].map((orgId) => ({ orgId, role: rids("partner_admin")[0] })),
    );
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
    const answer = await call(hub, "nope", "PUT", `/people/${pid("user1@partner.example")}`, {
      displayName: "Renamed",
      emails: ["user1@partner.example"],
    });
    expect(answer.status).toBe(401);
  });
});

describe("people", () => {
  it("GET /people/me is the token's person", async () => {
    const answer = await call<WirePerson>(hub, customerAdmin, "GET", "/people/me");
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: pid("admin@customer01.example"),
      emails: ["admin@customer01.example"],
      orgId: cid(1),
      roles: rids("full_admin"),
    });
    expect(answer.headers.get("trackingid")).toMatch(/^MOCKHUB_/);
  });

  it("looks emails up case-insensitively and filters by orgId", async () => {
    const byEmail = await call<WireList<WirePerson>>(hub, admin, "GET", "/people?email=PA%40Partner.Example");
    expect(byEmail.body.items.map((p) => p.id)).toEqual([pid("pa@partner.example")]);
    const none = await call<WireList<WirePerson>>(hub, admin, "GET", "/people?email=nobody%40partner.example");
    expect(none.body.items).toEqual([]);
    const { items } = await readAll<WirePerson>(hub, admin, `/people?orgId=${PARTNER}`);
    expect(items).toHaveLength(9);
    expect(items.every((p) => p.orgId === PARTNER)).toBe(true);
  });

  it("pages with max and an absolute Link rel=next across several pages", async () => {
    const first = await call<WireList<WirePerson>>(hub, admin, "GET", "/people?max=7");
    expect(first.body.items).toHaveLength(7);
    const link = nextLink(first);
    expect(link).toMatch(new RegExp(`^${hub.url}/v1/people\\?`));
    const { items, pages } = await readAll<WirePerson>(hub, admin, "/people?max=2");
    expect(pages).toBe(5); // the partner org's 9 people
    expect(new Set(items.map((p) => p.id)).size).toBe(9);
    const all = await call<WireList<WirePerson>>(hub, admin, "GET", "/people");
    expect(all.body.items).toHaveLength(9);
    expect(nextLink(all)).toBeUndefined();
    const capped = await call<WireList<WirePerson>>(hub, admin, "GET", "/people?max=5000");
    expect(capped.status).toBe(200);
  });

  it("answers 400 naming max or cursor when they are malformed", async () => {
    for (const [query, field] of [
      ["max=0", "max"],
      ["max=abc", "max"],
      ["cursor=%21%21", "cursor"],
    ]) {
      const answer = await call(hub, admin, "GET", `/people?${query}`);
      expect(answer.status).toBe(400);
      expect(errorOf(answer).errors[0]?.description).toMatch(new RegExp(`^${field}:`));
    }
  });

  it("GET /people/{id}: the person, or 404", async () => {
    expect(
      (await call<WirePerson>(hub, admin, "GET", `/people/${pid("ro@partner.example")}`)).body.roles ?? [],
    ).toEqual(rids("partner_readonly_admin"));
    const missing = await call(hub, admin, "GET", "/people/p-nobody");
    expect(missing.status).toBe(404);
    expect(errorOf(missing).message).toMatch(/p-nobody/);
  });

  it("PUT replaces the whole person: what the body leaves out is wiped, but for numbers the PUT cannot set", async () => {
    const full = await call<WirePerson>(hub, admin, "PUT", `/people/${pid("user2@partner.example")}`, {
      emails: ["user2@partner.example"],
      displayName: "U2",
      firstName: "Uma",
      lastName: "Two",
      roles: rids("support_admin"),
      siteRoles: { "demo.webex.com": "site_admin" },
    });
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({
      displayName: "U2",
      firstName: "Uma",
      roles: rids("support_admin"),
      siteRoles: { "demo.webex.com": "site_admin" },
    });

    const bare = await call<WirePerson>(hub, admin, "PUT", `/people/${pid("user2@partner.example")}`, {
      displayName: "Renamed",
      emails: ["user2@partner.example"],
    });
    expect(bare.status).toBe(200);
    const after = (await call<WirePerson>(hub, admin, "GET", `/people/${pid("user2@partner.example")}`)).body;
    expect(after).toEqual({
      id: pid("user2@partner.example"),
      emails: ["user2@partner.example"],
      displayName: "Renamed",
      orgId: PARTNER,
      created: full.body.created,
      lastModified: after.lastModified,
      invitePending: "false",
      loginEnabled: "true",
      type: "person",
      siteRoles: {},
      // Webex's PUT takes work numbers only: a mobile number is not the body's to wipe.
      phoneNumbers: [{ type: "mobile", value: "+1 650 555 1005", primary: false }],
    });
  });

  it("PUT of what is already there is accepted and records no audit event", async () => {
    const events = async (): Promise<number> => hub.snapshot().audit.length;
    const answer = await call<WirePerson>(hub, admin, "PUT", `/people/${pid("ro@partner.example")}`, {
      emails: ["ro@partner.example"],
      displayName: "Rory Reader",
      firstName: "Rory",
      lastName: "Reader",
      roles: rids("partner_readonly_admin"),
    });
    expect(answer.status).toBe(200);
    // The first PUT wiped what it left out (a change, audited); sending the same again changes nothing.
    const before = await events();
    const same = (await call<WirePerson>(hub, admin, "GET", `/people/${pid("ro@partner.example")}`)).body;
    expect((await call(hub, admin, "PUT", `/people/${pid("ro@partner.example")}`, same)).status).toBe(200);
    expect(await events()).toBe(before);
  });

  it("PUT answers 400 naming the field for bad bodies", async () => {
    const cases: Array<[unknown, RegExp]> = [
      ["{not json", /^body: malformed JSON/],
      ["", /^body: a JSON object is required/],
      [[], /^body: must be object/],
      [{}, /^displayName: is required/],
      [{ displayName: "Renamed", emails: ["user3@partner.example"], roles: "full_admin" }, /^roles: must be array/],
      [
        { displayName: "Renamed", emails: ["user3@partner.example"], roles: ["full_admin", 7] },
        /^roles\[1\]: must be string/,
      ],
      [
        { displayName: "Renamed", emails: ["user3@partner.example"], roles: ["super_admin"] },
        /^roles\[0\]: "super_admin" is not a role of this Hub/,
      ],
      [{ displayName: "Renamed", emails: ["user3@partner.example"], nickname: "x" }, /^nickname: unknown field/],
      [
        { displayName: "Renamed", phoneNumbers: [{ type: "pager", value: "1" }] },
        /^phoneNumbers\[0\]\.type: must be one of work/,
      ],
      [{ displayName: "Renamed", loginEnabled: "yes" }, /^loginEnabled: must be boolean/],
      [{ displayName: "Renamed", emails: ["not-an-email"] }, /^emails\[0\]: must be a valid email/],
      [
        { displayName: "Renamed", emails: ["user3@partner.example"], siteRoles: { "a.webex.com": "boss" } },
        /^siteRoles\["a.webex.com"\]: must be one of site_admin/,
      ],
      [
        { displayName: "Renamed", emails: ["user3@partner.example"], roles: rids("full_admin", "full_admin") },
        /^roles: items 0 and 1 are duplicates/,
      ],
    ];
    for (const [body, pattern] of cases) {
      const answer = await call(hub, admin, "PUT", `/people/${pid("user3@partner.example")}`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(
        errorOf(answer)
          .errors.map((e) => e.description)
          .join("\n"),
      ).toMatch(pattern);
    }
    expect(
      (await call(hub, admin, "PUT", "/people/p-nobody", { displayName: "Renamed", emails: ["x@partner.example"] }))
        .status,
    ).toBe(404);
  });

  it("PUT refuses an email that belongs to someone else", async () => {
    const answer = await call(hub, admin, "PUT", `/people/${pid("user3@partner.example")}`, {
      displayName: "Renamed",
      emails: ["USER4@partner.example"],
    });
    expect(answer.status).toBe(409);
    expect(errorOf(answer).message).toMatch(/^emails\[0\]/);
  });
});

describe("roles and organizations", () => {
  it("GET /roles lists every role id with its label; GET /roles/{id}", async () => {
    const roles = (await call<WireList<WireRole>>(hub, admin, "GET", "/roles")).body.items;
    expect(roles.map((r) => r.id)).toEqual(rids(...ROLE_IDS));
    expect(roles.find((r) => r.id === rids("partner_admin")[0])?.name).toBe("Partner Administrator");
    const [full] = rids("full_admin");
    expect((await call<WireRole>(hub, admin, "GET", `/roles/${full}`)).body).toEqual({
      id: full,
      name: "Full Administrator",
    });
    expect((await call(hub, admin, "GET", "/roles/full_admin")).status).toBe(404);
    expect((await call(hub, admin, "GET", "/roles/boss")).status).toBe(404);
  });

  it("GET /organizations/{id}, 404 for an unknown id", async () => {
    const org = await call<WireOrganization>(hub, admin, "GET", `/organizations/${cid(3)}`);
    expect(org.body).toMatchObject({ id: cid(3), displayName: "Customer 03" });
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
  it("managedBy is required; partner full and read-only admins are refused, a plain user manages none", async () => {
    // Partner full and read-only admins manage every customer: Webex answers them with an error there.
    for (const who of ["ro@partner.example", "admin@partner.example"]) {
      expect((await call(hub, admin, "GET", `/partner/organizations?managedBy=${pid(who)}`)).status).toBe(400);
    }
    expect((await call(hub, admin, "GET", "/partner/organizations")).status).toBe(400);
    expect(
      (
        await call<WireList<WireManagedOrg>>(
          hub,
          admin,
          "GET",
          `/partner/organizations?managedBy=${pid("user1@partner.example")}`,
        )
      ).body.items,
    ).toEqual([]);
    expect((await call(hub, admin, "GET", "/partner/organizations?managedBy=p-nobody")).status).toBe(404);
  });

  it("partnerAdmins of a customer: everyone with all-customer access, plus assigned partner admins", async () => {
    const assigned = await call<WireList<WirePartnerAdmin>>(
      hub,
      admin,
      "GET",
      `/partner/organizations/${cid(2)}/partnerAdmins`,
    );
    expect(assigned.body.items.map((a) => a.emails[0])).toEqual([
      "admin@partner.example",
      "pa@partner.example",
      "ro@partner.example",
    ]);
    expect(assigned.body.items[1]).toEqual({
      id: pid("pa@partner.example"),
      emails: ["pa@partner.example"],
      displayName: "Pat Partner",
      firstName: "Pat",
      lastName: "Partner",
      roleInCustomerOrg: "id_full_admin",
    });
    const other = await call<WireList<WirePartnerAdmin>>(
      hub,
      admin,
      "GET",
      `/partner/organizations/${cid(9)}/partnerAdmins`,
    );
    expect(other.body.items.map((a) => a.emails[0])).toEqual(["admin@partner.example", "ro@partner.example"]);
    expect((await call(hub, admin, "GET", `/partner/organizations/${MSP}/partnerAdmins`)).status).toBe(404);
  });

  it("assign and unassign a customer, recorded in the audit log", async () => {
    const assign = await call(
      hub,
      admin,
      "POST",
      `/partner/organizations/${cid(10)}/partnerAdmin/${pid("pa@partner.example")}/assign`,
    );
    expect(assign.status).toBe(200);
    let managed = await call<WireList<WireManagedOrg>>(
      hub,
      admin,
      "GET",
      `/partner/organizations?managedBy=${pid("pa@partner.example")}`,
    );
    expect(managed.body.items.map((m) => m.orgId)).toContain(cid(10));
    const again = await call(
      hub,
      admin,
      "POST",
      `/partner/organizations/${cid(10)}/partnerAdmin/${pid("pa@partner.example")}/assign`,
    );
    expect(again.status).toBe(200);

    const unassign = await call(
      hub,
      admin,
      "DELETE",
      `/partner/organizations/${cid(10)}/partnerAdmin/${pid("pa@partner.example")}/unassign`,
    );
    expect(unassign.status).toBe(200);
    managed = await call<WireList<WireManagedOrg>>(
      hub,
      admin,
      "GET",
      `/partner/organizations?managedBy=${pid("pa@partner.example")}`,
    );
    expect(managed.body.items.map((m) => m.orgId)).not.toContain(cid(10));

    const events = await auditEvents(hub, admin, PARTNER);
    const mine = events.filter((e) => e.data.targetId === pid("pa@partner.example"));
    // The repeated assign changed nothing.
    expect(mine.map((e) => e.data.eventDescription)).toEqual([
      "Partner administrator assigned",
      "Partner administrator unassigned",
    ]);
    expect(mine[0]).toMatchObject({
      actorId: pid("admin@partner.example"),
      actorOrgId: PARTNER,
      data: {
        actorEmail: "admin@partner.example",
        eventCategory: "PARTNER_ADMINS",
        targetOrgId: PARTNER,
        targetName: "pa@partner.example",
      },
    });
    expect(mine[0]?.data.actionText).toBe("Alice Admin assigned pa@partner.example to Customer 10");
    expect(
      (
        await call(
          hub,
          admin,
          "POST",
          `/partner/organizations/org-nope/partnerAdmin/${pid("pa@partner.example")}/assign`,
        )
      ).status,
    ).toBe(404);
    expect(
      (await call(hub, admin, "POST", `/partner/organizations/${cid(10)}/partnerAdmin/p-nope/assign`)).status,
    ).toBe(404);
  });

  it("revoking all partner roles keeps org roles and drops the assignments", async () => {
    await call(hub, admin, "PUT", `/people/${pid("user5@partner.example")}`, {
      displayName: "Renamed",
      emails: ["user5@partner.example"],
      roles: rids("readonly_admin", "partner_admin"),
    });
    expect(
      (
        await call(
          hub,
          admin,
          "POST",
          `/partner/organizations/${cid(11)}/partnerAdmin/${pid("user5@partner.example")}/assign`,
        )
      ).status,
    ).toBe(200);
    const revoke = await call(
      hub,
      admin,
      "DELETE",
      `/partner/organizations/partnerAdmin/${pid("user5@partner.example")}`,
    );
    expect(revoke.status).toBe(204);
    expect(
      (await call<WirePerson>(hub, admin, "GET", `/people/${pid("user5@partner.example")}`)).body.roles ?? [],
    ).toEqual(rids("readonly_admin"));
    expect(
      (
        await call<WireList<WireManagedOrg>>(
          hub,
          admin,
          "GET",
          `/partner/organizations?managedBy=${pid("user5@partner.example")}`,
        )
      ).body.items,
    ).toEqual([]);
    expect((await call(hub, admin, "DELETE", "/partner/organizations/partnerAdmin/p-nope")).status).toBe(404);
    // Only the roles changed: the person's other fields are as seeded.
    const after = (await call<WirePerson>(hub, admin, "GET", `/people/${pid("user5@partner.example")}`)).body;
    expect(after.displayName).toBe("Renamed");
  });
});

describe("external admins (mock extension)", () => {
  const path = `/organizations/${cid(4)}/externalAdmins`;

  it("PUT, GET, list and DELETE by the customer's own full admin", async () => {
    const c4 = token(hub, "admin@customer04.example");
    expect((await call<WireList<WireExternalAdmin>>(hub, c4, "GET", path)).body.items).toEqual([]);
    const put = await call<WireExternalAdmin>(hub, c4, "PUT", `${path}/${pid("helper@msp.example")}`, {
      role: "external_readonly_admin",
      expiresAt: "2099-01-31T00:00:00Z",
    });
    expect(put.status).toBe(200);
    const expected: WireExternalAdmin = {
      orgId: cid(4),
      personId: pid("helper@msp.example"),
      email: "helper@msp.example",
      homeOrgId: MSP,
      role: "external_readonly_admin",
      expiresAt: "2099-01-31T00:00:00Z",
      contactCenterServiceAdmin: false,
    };
    expect(put.body).toEqual(expected);
    expect((await call(hub, c4, "GET", `${path}/${pid("helper@msp.example")}`)).body).toEqual(expected);
    expect((await call<WireList<WireExternalAdmin>>(hub, c4, "GET", path)).body.items).toEqual([expected]);

    // PUT replaces the grant too: the expiry left out is gone.
    const full = await call<WireExternalAdmin>(hub, c4, "PUT", `${path}/${pid("helper@msp.example")}`, {
      role: "external_full_admin",
      contactCenterServiceAdmin: true,
    });
    expect(full.body).toEqual({
      ...expected,
      role: "external_full_admin",
      expiresAt: undefined,
      contactCenterServiceAdmin: true,
    });
    expect(full.body.expiresAt).toBeUndefined();

    expect((await call(hub, c4, "DELETE", `${path}/${pid("helper@msp.example")}`)).status).toBe(204);
    expect((await call(hub, c4, "GET", `${path}/${pid("helper@msp.example")}`)).status).toBe(404);
    expect((await call(hub, c4, "DELETE", `${path}/${pid("helper@msp.example")}`)).status).toBe(404);

    const events = await auditEvents(hub, c4, cid(4));
    expect(events.map((e) => e.data.eventDescription)).toEqual([
      "External administrator added",
      "External administrator changed",
      "External administrator removed",
    ]);
    expect(events[0]).toMatchObject({
      actorId: pid("admin@customer04.example"),
      data: { eventCategory: "EXTERNAL_ADMINS", targetId: pid("helper@msp.example"), targetOrgId: cid(4) },
    });
  });

  it("400 naming the field, 404 for unknown orgs and people, 403 for an org the caller does not see, 409 for a member of the org", async () => {
    const c4 = token(hub, "admin@customer04.example");
    const bad = await call(hub, c4, "PUT", `${path}/${pid("helper@msp.example")}`, {
      role: "full_admin",
      contactCenterServiceAdmin: "yes",
    });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).errors.map((e) => e.description)).toEqual([
      "role: must be one of external_full_admin, external_readonly_admin",
      "contactCenterServiceAdmin: must be boolean",
    ]);
    expect((await call(hub, c4, "GET", `/organizations/${MSP}/externalAdmins`)).status).toBe(403);
    expect(
      (await call(hub, token(hub, "admin@partner.example"), "GET", `/organizations/${PARTNER}/externalAdmins`)).status,
    ).toBe(404);
    expect((await call(hub, c4, "GET", "/organizations/org-nope/externalAdmins")).status).toBe(404);
    expect((await call(hub, c4, "PUT", `${path}/p-nope`, { role: "external_readonly_admin" })).status).toBe(404);
    expect(
      (await call(hub, c4, "PUT", `${path}/${pid("admin@customer04.example")}`, { role: "external_readonly_admin" }))
        .status,
    ).toBe(409);
  });

  it("an expired grant is gone: the Hub revokes it by itself", async () => {
    let now = new Date("2030-01-01T00:00:00Z");
    const started = await startDemoHub({ now: () => now });
    try {
      const c = token(started.hub, "admin@customer05.example");
      const url = `/organizations/${cid(5)}/externalAdmins/${pid("helper@msp.example")}`;
      expect(
        (await call(started.hub, c, "PUT", url, { role: "external_readonly_admin", expiresAt: "2030-01-02T00:00:00Z" }))
          .status,
      ).toBe(200);
      expect((await call(started.hub, c, "GET", url)).status).toBe(200);
      now = new Date("2030-01-03T00:00:00Z");
      expect((await call(started.hub, c, "GET", url)).status).toBe(404);
      expect(
        (await call<WireList<WireExternalAdmin>>(started.hub, c, "GET", `/organizations/${cid(5)}/externalAdmins`)).body
          .items,
      ).toEqual([]);
    } finally {
      await started.stop();
    }
  });
});

describe("restricted mode (mock extension)", () => {
  it("is enabled by default; PUT changes it and is audited", async () => {
    const url = `/partner/organizations/${cid(6)}/restrictedMode`;
    expect((await call<WireRestrictedMode>(hub, admin, "GET", url)).body).toEqual({ orgId: cid(6), enabled: true });
    const put = await call<WireRestrictedMode>(hub, admin, "PUT", url, { enabled: false });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ orgId: cid(6), enabled: false });
    expect((await call<WireRestrictedMode>(hub, admin, "GET", url)).body.enabled).toBe(false);
    // The GET body may be sent back as is.
    expect((await call(hub, admin, "PUT", url, { orgId: cid(6), enabled: true })).status).toBe(200);

    const events = await auditEvents(hub, admin, cid(6));
    expect(events.map((e) => [e.data.eventCategory, e.data.targetId, e.data.actionText])).toEqual([
      ["ORG_SETTINGS", cid(6), "Alice Admin turned Restricted Administrator Mode off for Customer 06"],
      ["ORG_SETTINGS", cid(6), "Alice Admin turned Restricted Administrator Mode on for Customer 06"],
    ]);
  });

  it("400 naming the field, 404 for a non-customer org", async () => {
    const url = `/partner/organizations/${cid(6)}/restrictedMode`;
    for (const [body, field] of [
      [{ enabled: "no" }, "enabled"],
      [{}, "enabled"],
      [{ enabled: true, orgId: cid(7) }, "orgId"],
      [{ enabled: true, x: 1 }, "x"],
    ] as const) {
      const answer = await call(hub, admin, "PUT", url, body);
      expect(answer.status).toBe(400);
      expect(errorOf(answer).errors[0]?.description.startsWith(`${field}:`)).toBe(true);
    }
    expect((await call(hub, admin, "GET", `/partner/organizations/${PARTNER}/restrictedMode`)).status).toBe(404);
  });
});

describe("audit events", () => {
  it("filters by orgId and time window, pages, and rejects malformed dates naming the field", async () => {
    const t0 = new Date(Date.now() - 1000).toISOString();
    for (const n of [1, 2, 3, 4, 5]) {
      const answer = await call(hub, admin, "PUT", `/people/${pid("user1@partner.example")}`, {
        emails: ["user1@partner.example"],
        displayName: `User One v${n}`,
      });
      expect(answer.status).toBe(200);
    }
    const far = "2999-01-01T00:00:00Z";
    const { items, pages } = await readAll<WireAuditEvent>(
      hub,
      admin,
      `/adminAudit/events?orgId=${PARTNER}&from=${encodeURIComponent(t0)}&to=${far}&max=2`,
    );
    const renames = items.filter((e) => e.data.targetId === pid("user1@partner.example"));
    expect(renames).toHaveLength(5);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(renames[4]).toMatchObject({
      actorId: pid("admin@partner.example"),
      data: {
        eventCategory: "USERS",
        eventDescription: "User updated",
        targetOrgId: PARTNER,
        targetType: "TargetResourceType.USER",
        targetName: "user1@partner.example",
      },
    });
    const future = await call<WireList<WireAuditEvent>>(
      hub,
      admin,
      "GET",
      `/adminAudit/events?orgId=${PARTNER}&from=${far}&to=3000-01-01T00:00:00Z`,
    );
    expect(future.body.items).toEqual([]);
    // Nothing happened before the Hub was seeded; `to` is exclusive.
    const seeded = hub.snapshot().orgs[0]?.created ?? "";
    const past = await call<WireList<WireAuditEvent>>(
      hub,
      admin,
      "GET",
      `/adminAudit/events?orgId=${PARTNER}&from=2000-01-01T00:00:00Z&to=${encodeURIComponent(seeded)}`,
    );
    expect(past.body.items).toEqual([]);
    const bad = await call(
      hub,
      admin,
      "GET",
      `/adminAudit/events?orgId=${PARTNER}&from=2000-01-01T00:00:00Z&to=yesterday`,
    );
    expect(bad.status).toBe(400);
    expect(errorOf(bad).errors[0]?.description).toMatch(/^to:/);
  });
});
