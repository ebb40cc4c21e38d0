import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ROLE_IDS, type RoleId } from "../../core/rules/catalog";
import { HubClient, type HubClientOptions } from "../../hub/client";
import { KeyedMutex } from "../../hub/mutex";
import { personUpdateFrom } from "../../api/decode";
import { HubSession, type HubPerson, type PersonChange } from "../../hub/session";
import { resetHubSessions } from "../../hub/sessions";
import { classifyOrgs } from "../../hub/shapes";
import type { HubSettings } from "../../hub/settings";
import type { WireOrganization } from "../../api/wire";
import { demoState, fakeHub, person, type FakeHub } from "./fake-hub";
import { ENDPOINT, TOKEN, errorBody, fakeClock, rejectionOf } from "./helpers";

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  resetHubSessions();
});
afterAll(() => nock.enableNetConnect());

function setup(
  opts: { pageSize?: number; token?: string; client?: Partial<HubClientOptions>; settings?: HubSettings } = {},
): {
  hub: FakeHub;
  session: HubSession;
  requests: string[];
} {
  const hub = fakeHub(demoState(), opts.pageSize);
  const requests: string[] = [];
  const client = new HubClient({
    endpoint: ENDPOINT,
    token: opts.token ?? TOKEN,
    clock: fakeClock(),
    onRequest: (method, url) => requests.push(`${method} ${url}`),
    ...opts.client,
  });
  return { hub, session: new HubSession(client, opts.settings ?? { wholesale: true }), requests };
}

describe("HubSession.world", () => {
  it("builds the World in bulk: me, roles, organizations and the token's org's people, all pages", async () => {
    const { session, requests } = setup({ pageSize: 2 });
    const world = await session.world();
    expect(world.partnerOrgId).toBe("partner-1");
    expect(world.orgs.map((o) => [o.id, o.kind, o.managedBy])).toEqual([
      ["partner-1", "partner", undefined],
      ["cust-a", "customer", "partner-1"],
      ["cust-b", "customer", "partner-1"],
      ["cust-c", "customer", "partner-1"],
    ]);
    expect(world.orgs[0]).toMatchObject({ wholesale: true });
    // Restricted mode is lazy: not loaded, so absent (the default, enabled).
    expect(world.orgs.every((o) => o.restrictedMode === undefined)).toBe(true);
    expect(world.people.map((p) => p.id)).toEqual(["alice", "bob", "sam"]);
    expect(world.assignments).toEqual({});
    expect(world.externalAdmins).toEqual([]);
    // me + roles + 2 pages of 4 orgs + 2 pages of 3 people.
    expect(requests).toHaveLength(6);
    expect(requests.filter((r) => r.includes("/people/me"))).toHaveLength(1);
  });

  it("lists another org's people with its orgId when asked, once", async () => {
    const { session, requests } = setup();
    await session.world();
    const n = requests.length;
    const world = await session.world({ peopleOf: ["cust-a"] });
    await session.world({ peopleOf: ["cust-a"] });
    expect(requests.slice(n)).toEqual([`GET ${ENDPOINT}/v1/people?orgId=cust-a&max=1000`]);
    expect(world.people.find((p) => p.id === "ann")).toEqual({
      id: "ann",
      email: "ann@cust-a.example",
      orgId: "cust-a",
      displayName: "ANN",
      firstName: "First",
      lastName: "Last",
      roles: ["full_admin"],
      siteRoles: { "a.webex.com": "site_admin" },
    });
  });

  it("a second call costs no request, and neither do concurrent ones", async () => {
    const { session, requests } = setup();
    await Promise.all(Array.from({ length: 10 }, () => session.world()));
    expect(requests).toHaveLength(4);
    await session.world();
    await session.me();
    await session.actor();
    expect(requests).toHaveLength(4);
  });

  it("hands out one snapshot while nothing changes, and a new one after any write or load", async () => {
    const { session } = setup();
    const first = await session.world();
    expect(await session.world()).toBe(first);
    await session.updatePerson("bob", (p) => ({ roles: [...p.roles, "compliance_officer"] }));
    const afterWrite = await session.world();
    expect(afterWrite).not.toBe(first);
    expect(afterWrite.people.find((p) => p.id === "bob")?.roles).toContain("compliance_officer");
    expect(first.people.find((p) => p.id === "bob")?.roles).not.toContain("compliance_officer");
    const withCustomer = await session.world({ peopleOf: ["cust-a"] });
    expect(withCustomer).not.toBe(afterWrite);
    expect(withCustomer.people.some((p) => p.id === "ann")).toBe(true);
    const withAssignments = await session.world({ assignmentsOf: ["bob"] });
    expect(withAssignments.assignments.bob).not.toContain("cust-b");
    await session.assign("cust-b", "bob");
    expect((await session.world()).assignments.bob).toContain("cust-b");
    expect(await session.personByEmail("ANN@cust-a.example")).toMatchObject({ id: "ann" });
  });

  it("loads lazy parts only when asked, once each, and keeps them in later snapshots", async () => {
    const { session, requests } = setup();
    await session.world();
    const before = requests.length;
    const w = await session.world({
      assignmentsOf: ["bob"],
      externalAdminsOf: ["cust-a"],
      restrictedModeOf: ["cust-a", "cust-b"],
    });
    // assignments, external admins (and with them the org's people), two restricted modes.
    expect(requests.length - before).toBe(5);
    expect(w.assignments).toEqual({ bob: ["cust-a"] });
    expect(w.externalAdmins).toEqual([
      {
        orgId: "cust-a",
        personId: "carol",
        role: "external_readonly_admin",
        expiresAt: "2031-01-01T00:00:00Z",
        contactCenterServiceAdmin: false,
      },
    ]);
    expect(w.orgs.find((o) => o.id === "cust-a")?.restrictedMode).toBe(true);
    expect(w.orgs.find((o) => o.id === "cust-b")?.restrictedMode).toBe(false);
    expect(w.orgs.find((o) => o.id === "cust-c")?.restrictedMode).toBeUndefined();

    const again = await session.world({
      assignmentsOf: ["bob"],
      externalAdminsOf: ["cust-a"],
      restrictedModeOf: ["cust-b"],
    });
    const plain = await session.world();
    expect(requests.length - before).toBe(5);
    expect(again).toEqual(w);
    expect(plain).toEqual(w);
  });

  it("a failed load is not cached: the next call tries again", async () => {
    const { session, requests } = setup({ client: { policy: { maxAttempts: 1 } } });
    nock.cleanAll();
    nock(ENDPOINT).get("/v1/organizations").query(true).reply(503, errorBody("busy"));
    nock(ENDPOINT).get("/v1/people/me").reply(200, person("alice", "partner-1"));
    nock(ENDPOINT).get("/v1/roles").reply(200, { items: [] });
    nock(ENDPOINT).get("/v1/people").query(true).reply(200, { items: [] });
    expect(await rejectionOf(session.world())).toMatchObject({ code: "hub-server-error" });
    fakeHub(demoState());
    await expect(session.world()).resolves.toMatchObject({ partnerOrgId: "partner-1" });
    // me was cached by the first call; orgs and people are asked again.
    expect(requests.filter((r) => r.endsWith("/people/me"))).toHaveLength(1);
  });

  it("a preview of N resources reads assignments in bulk: a few requests whatever N", async () => {
    const { hub, session, requests } = setup();
    const N = 60;
    for (let i = 0; i < N; i++) {
      hub.state.people.set(`pa${i}`, person(`pa${i}`, "partner-1", ["partner_admin"]));
      hub.state.managed.set(`pa${i}`, ["cust-a"]);
    }
    // Each resource's check and diff: world with its person's assignments, the actor, a lookup by email.
    const resource = async (i: number): Promise<void> => {
      const p = await session.personByEmail(`PA${i}@partner-1.example`);
      expect(p?.id).toBe(`pa${i}`);
      await session.world({ assignmentsOf: [`pa${i}`], restrictedModeOf: ["cust-a"] });
      await session.actor();
      await session.world({ assignmentsOf: [`pa${i}`] });
    };
    await Promise.all(Array.from({ length: N }, (_, i) => resource(i)));
    // me, orgs, roles, people; one admin list per customer (3) instead of one read per person (60); restricted mode.
    expect(requests).toHaveLength(4 + 3 + 1);
    expect(requests.filter((r) => r.includes("managedBy"))).toEqual([]);
    const w = await session.world();
    for (let i = 0; i < N; i++) expect(w.assignments[`pa${i}`]).toEqual(["cust-a"]);
  });

  it("after the bulk read, a write to someone's customers is seen, not the bulk answer", async () => {
    const { hub, session, requests } = setup();
    for (let i = 0; i < 14; i++) hub.state.people.set(`pa${i}`, person(`pa${i}`, "partner-1", ["partner_admin"]));
    await session.world({ assignmentsOf: Array.from({ length: 10 }, (_, i) => `pa${i}`) });
    expect(requests.filter((r) => r.includes("/partnerAdmins"))).toHaveLength(3);
    await session.assign("cust-b", "pa12"); // never asked about: not cached, and the bulk view is now stale for pa12
    expect(await session.assignments("pa12")).toEqual(["cust-b"]);
    expect(await session.assignments("pa13")).toEqual([]);
  });

  it("a few people keep their own reads: no bulk read for a small stack", async () => {
    const { session, requests } = setup();
    expect(await session.assignments("bob")).toEqual(["cust-a"]);
    expect(requests.filter((r) => r.includes("/partnerAdmins"))).toEqual([]);
    expect(requests.filter((r) => r.includes("managedBy=bob"))).toHaveLength(1);
  });
});

describe("HubSession lookups", () => {
  it("finds people by email in the bulk list, case-insensitively, without a request", async () => {
    const { session, requests } = setup();
    await session.world({ peopleOf: ["cust-a"] });
    const n = requests.length;
    expect((await session.personByEmail("  Bob@Partner-1.Example "))?.id).toBe("bob");
    expect((await session.person("ann"))?.orgId).toBe("cust-a");
    expect(requests.length).toBe(n);
  });

  it("asks the Hub once for an email the bulk list does not hold, and remembers a miss", async () => {
    const { hub, session, requests } = setup();
    await session.world();
    hub.state.people.set("zed", person("zed", "msp-1")); // appears after the bulk load
    const n = requests.length;
    expect((await session.personByEmail("zed@msp-1.example"))?.id).toBe("zed");
    expect(await session.personByEmail("nobody@nowhere.example")).toBeUndefined();
    expect(await session.personByEmail("NOBODY@nowhere.example")).toBeUndefined();
    expect((await session.personByEmail("zed@msp-1.example"))?.id).toBe("zed");
    expect(requests.length - n).toBe(2);
    expect((await session.world()).people.some((p) => p.id === "zed")).toBe(true);
  });
});

describe("HubSession writes update the cache, never refetch", () => {
  it("updatePerson: GET inside the lock, a PUT of the whole person where SCIM is missing, cache replaced", async () => {
    const { hub, session, requests } = setup();
    await session.world({ peopleOf: ["cust-a"] });
    const n = requests.length;
    const updated = await session.updatePerson("ann", (p) => ({ roles: [...p.roles, "compliance_officer"] }));
    expect(updated.roles).toEqual(["full_admin", "compliance_officer"]);
    // SCIM where Webex serves it, then under /v1: neither is there, so the PUT.
    expect(requests.slice(n).map((r) => r.split(" ")[0])).toEqual(["GET", "PATCH", "PATCH", "PUT"]);
    expect(requests[n]).toContain("callingData=true");
    // Nothing the mutation left out was wiped.
    expect(hub.state.people.get("ann")).toMatchObject({
      firstName: "First",
      lastName: "Last",
      displayName: "ANN",
      emails: ["ann@cust-a.example"],
      licenses: ["lic-ann"],
      title: "Engineer",
      siteRoles: { "a.webex.com": "site_admin" },
    });
    const w = await session.world();
    expect(w.people.find((p) => p.id === "ann")?.roles).toEqual(["full_admin", "compliance_officer"]);
    expect(requests.length - n).toBe(4);
  });

  it("updatePerson of the token's own person updates me too", async () => {
    const { session } = setup();
    await session.me();
    await session.updatePerson("alice", (p) => ({ roles: p.roles.filter((r) => r !== "partner_full_admin") }));
    expect((await session.actor()).roles).toEqual(["full_admin"]);
  });

  it("updatePerson with no change writes nothing", async () => {
    const { session, requests } = setup();
    await session.updatePerson("bob", () => undefined);
    await session.updatePerson("bob", (p) => ({ roles: p.roles, siteRoles: p.siteRoles ?? {} }));
    expect(requests.every((r) => r.startsWith("GET "))).toBe(true);
  });

  it("a site-role change (extension) goes through the PUT with every other field sent back", async () => {
    const { hub, session } = setup();
    await session.updatePerson("ann", () => ({ siteRoles: { "b.webex.com": "site_readonly_admin" } }));
    expect(hub.state.people.get("ann")).toMatchObject({
      siteRoles: { "b.webex.com": "site_readonly_admin" },
      roles: ["full_admin"],
      firstName: "First",
      licenses: ["lic-ann"],
    });
  });

  it("assign and unassign update the person's cached assignments", async () => {
    const { session, requests } = setup();
    await session.world({ assignmentsOf: ["bob"] });
    const n = requests.length;
    await session.assign("cust-b", "bob");
    await session.assign("cust-b", "bob");
    expect((await session.world()).assignments.bob).toEqual(["cust-a", "cust-b"]);
    await session.unassign("cust-a", "bob");
    expect(await session.assignments("bob")).toEqual(["cust-b"]);
    expect((await session.world()).assignments).toEqual({ bob: ["cust-b"] });
    expect(requests.length - n).toBe(3);
  });

  it("assign to someone whose assignments were never loaded loads nothing", async () => {
    const { session, requests } = setup();
    await session.world();
    const n = requests.length;
    await session.assign("cust-b", "sam");
    expect((await session.world()).assignments).toEqual({});
    expect(requests.length - n).toBe(1);
    expect(await session.assignments("sam")).toEqual(["cust-b"]);
  });

  it("a write racing a lazy load in flight still ends in the cache", async () => {
    const { session } = setup();
    const loading = session.assignments("bob");
    await session.assign("cust-c", "bob");
    await loading;
    expect(await session.assignments("bob")).toEqual(["cust-a", "cust-c"]);
  });

  it("revokePartnerRoles re-reads that one person and empties their assignments", async () => {
    const { session, requests } = setup();
    await session.world({ assignmentsOf: ["bob"] });
    const n = requests.length;
    await session.revokePartnerRoles("bob");
    const w = await session.world();
    expect(w.people.find((p) => p.id === "bob")?.roles).toEqual([]);
    expect(w.assignments.bob).toEqual([]);
    expect(requests.slice(n).map((r) => r.split(" ")[0])).toEqual(["DELETE", "GET"]);
  });

  it("external admins: put replaces, delete removes, in the cached org only", async () => {
    const { session, requests } = setup();
    await session.world({ externalAdminsOf: ["cust-a"] });
    const n = requests.length;
    await session.putExternalAdmin("cust-a", "carol", { role: "external_full_admin" });
    await session.putExternalAdmin("cust-a", "bob", {
      role: "external_readonly_admin",
      contactCenterServiceAdmin: true,
    });
    let w = await session.world();
    expect(w.externalAdmins.map((g) => [g.personId, g.role, g.contactCenterServiceAdmin])).toEqual([
      ["carol", "external_full_admin", false],
      ["bob", "external_readonly_admin", true],
    ]);
    await session.deleteExternalAdmin("cust-a", "carol");
    w = await session.world();
    expect(w.externalAdmins.map((g) => g.personId)).toEqual(["bob"]);
    expect(requests.length - n).toBe(3);
  });

  it("restricted mode: the PUT's answer is cached", async () => {
    const { session, requests } = setup();
    await session.world();
    const n = requests.length;
    await session.setRestrictedMode("cust-c", false);
    const w = await session.world({ restrictedModeOf: ["cust-c"] });
    expect(w.orgs.find((o) => o.id === "cust-c")?.restrictedMode).toBe(false);
    expect(requests.length - n).toBe(1);
  });

  it("invalidate forgets everything", async () => {
    const { session, requests } = setup();
    await session.world();
    session.invalidate();
    await session.world();
    expect(requests).toHaveLength(8);
  });
});

describe("concurrent updates of one person", () => {
  // 20 distinct grants: the 19 organization roles and one site role.
  const changes: Array<(p: HubPerson) => PersonChange> = [
    ...ROLE_IDS.map((r: RoleId) => (p: HubPerson) => ({ roles: [...p.roles, r] })),
    (p: HubPerson) => ({ siteRoles: { ...p.siteRoles, "b.webex.com": "site_readonly_admin" as const } }),
  ];

  it("20 concurrent role changes through sessions are all applied", async () => {
    expect(changes).toHaveLength(20);
    const { hub, session } = setup();
    await session.world();
    // A second session with another token on the same Hub shares the per-person lock.
    const other = new HubSession(new HubClient({ endpoint: ENDPOINT, token: "another-token", clock: fakeClock() }));
    await Promise.all(changes.map((change, i) => (i % 2 === 0 ? session : other).updatePerson("carol", change)));
    const carol = hub.state.people.get("carol")!;
    expect([...(carol.roles ?? [])].sort()).toEqual([...ROLE_IDS].sort());
    expect(carol.siteRoles).toEqual({ "b.webex.com": "site_readonly_admin" });
    expect(carol.firstName).toBe("First");
    const cached = (await session.world()).people.find((p) => p.id === "carol")!;
    expect(cached.roles).toHaveLength(ROLE_IDS.length);
  });

  it("control: the same changes without the lock lose updates (the fake really replaces)", async () => {
    const { hub, session } = setup();
    const client = session.client;
    await Promise.all(
      ROLE_IDS.map(async (r) => {
        const fresh = await client.getPerson("carol");
        await client.putPerson("carol", personUpdateFrom(fresh, [...(fresh.roles ?? []), r]));
      }),
    );
    const carol = hub.state.people.get("carol")!;
    expect(carol.roles?.length).toBeLessThan(ROLE_IDS.length);
  });

  it("a failing change does not block the queue", async () => {
    const { hub, session } = setup();
    const results = await Promise.allSettled([
      session.updatePerson("carol", (p) => ({ roles: [...p.roles, "device_admin"] })),
      session.updatePerson("carol", () => {
        throw new Error("bad mutation");
      }),
      session.updatePerson("carol", (p) => ({ roles: [...p.roles, "support_admin"] })),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(hub.state.people.get("carol")?.roles).toEqual(["device_admin", "support_admin"]);
  });
});

describe("KeyedMutex", () => {
  it("runs one key in call order, other keys freely, and cleans up", async () => {
    const m = new KeyedMutex();
    const events: string[] = [];
    let releaseA!: () => void;
    const gate = new Promise<void>((r) => (releaseA = r));
    const a1 = m.run("a", async () => {
      events.push("a1 start");
      await gate;
      events.push("a1 end");
    });
    const a2 = m.run("a", async () => {
      events.push("a2");
    });
    const b = m.run("b", async () => {
      events.push("b");
    });
    await b;
    expect(events).toEqual(["a1 start", "b"]);
    releaseA();
    await Promise.all([a1, a2]);
    expect(events).toEqual(["a1 start", "b", "a1 end", "a2"]);
    expect(m.size).toBe(0);
  });
});

describe("org kinds, from the token's org and configuration", () => {
  const org = (id: string): WireOrganization => ({ id, displayName: id, created: "x" });
  const me = (orgId: string, roles: RoleId[]): HubPerson => ({
    id: "me",
    emails: ["me@x.example"],
    displayName: "Me",
    orgId,
    roles,
    unknownRoles: [],
  });
  const kinds = (
    r: ReturnType<typeof classifyOrgs>,
  ): Array<[string, string, string | undefined, boolean | undefined]> =>
    [...r.orgs.values()].map((o) => [o.id, o.kind, o.managedBy, o.wholesale]);

  it.each([
    [
      "a partner role makes my org the partner, every other org its customer",
      me("p1", ["partner_full_admin"]),
      {},
      "p1",
      [
        ["p1", "partner", undefined, undefined],
        ["c1", "customer", "p1", undefined],
      ],
    ],
    [
      "wholesale is configuration, not a field of the org",
      me("p1", ["partner_admin"]),
      { wholesale: true },
      "p1",
      [
        ["p1", "partner", undefined, true],
        ["c1", "customer", "p1", undefined],
      ],
    ],
    [
      "configuration may name my org the partner",
      me("p1", ["full_admin"]),
      { partnerOrgId: "p1" },
      "p1",
      [
        ["p1", "partner", undefined, undefined],
        ["c1", "customer", "p1", undefined],
      ],
    ],
    [
      "no partner role: my org is a customer, its partner as configured",
      me("c1", ["full_admin"]),
      { partnerOrgId: "p9" },
      "p9",
      [
        ["p1", "other", undefined, undefined],
        ["c1", "customer", "p9", undefined],
      ],
    ],
    [
      "no partner role and none configured: my own org, unmanaged",
      me("c1", ["full_admin"]),
      {},
      "c1",
      [
        ["p1", "other", undefined, undefined],
        ["c1", "customer", undefined, undefined],
      ],
    ],
  ] as Array<[string, HubPerson, HubSettings, string, unknown[]]>)("%s", (_name, m, settings, partner, expected) => {
    const r = classifyOrgs(m, [org("p1"), org("c1")], settings);
    expect(r.partnerOrgId).toBe(partner);
    expect(kinds(r)).toEqual(expected);
  });
});
