import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  HubBadRequestError,
  HubBadResponseError,
  HubConflictError,
  HubError,
  HubForbiddenError,
  HubLockedError,
  HubNetworkError,
  HubNotFoundError,
  HubRateLimitedError,
  HubServerError,
  HubTimeoutError,
  HubUnauthorizedError,
  type HubErrorCode,
  ENDPOINT_HINT,
} from "../../hub/errors";
import { HubClient, normalizeEndpoint, parseLinkNext, personUpdateFrom } from "../../hub/client";
import type { WirePerson, WirePersonUpdate } from "../../api/wire";
import { BASE, ENDPOINT, TOKEN, errorBody, rejectionOf, testClient } from "./helpers";

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending, "every mocked request was made").toEqual([]);
});
afterAll(() => {
  nock.enableNetConnect();
});

const person = (id: string, extra: Partial<WirePerson> = {}): WirePerson => ({
  id,
  emails: [`${id}@partner.example`],
  displayName: id,
  orgId: "partner-1",
  roles: [],
  created: "2030-01-01T00:00:00Z",
  ...extra,
});

const hub = (): nock.Scope => nock(ENDPOINT, { reqheaders: { authorization: `Bearer ${TOKEN}` } });

describe("HubClient: requests", () => {
  it("sends the bearer token, Accept and User-Agent, under /v1", async () => {
    hub()
      .matchHeader("accept", "application/json")
      .matchHeader("user-agent", "webexhub-test")
      .get("/v1/people/me")
      .reply(200, person("me"));
    const { client, requests } = testClient({ userAgent: "webexhub-test" });
    await expect(client.me()).resolves.toMatchObject({ id: "me" });
    expect(requests).toEqual([{ method: "GET", url: `${BASE}/people/me` }]);
  });

  it("normalizes the endpoint with or without /v1", () => {
    expect(normalizeEndpoint("http://hub.test")).toBe(BASE);
    expect(normalizeEndpoint("http://hub.test/")).toBe(BASE);
    expect(normalizeEndpoint("http://hub.test/v1/")).toBe(BASE);
    expect(normalizeEndpoint("https://webexapis.com/v1")).toBe("https://webexapis.com/v1");
    expect(() => normalizeEndpoint("ftp://hub.test")).toThrow(/http/);
    expect(() => normalizeEndpoint("not a url")).toThrow(/not a URL/);
    expect(() => normalizeEndpoint("")).toThrow(/endpoint is empty/);
    expect(() => normalizeEndpoint("webexapis.com")).toThrow(
      'the Hub endpoint "webexapis.com" is not a URL: write it with its scheme, like https://webexapis.com',
    );
    expect(() => normalizeEndpoint("http://user:pw@hub.test")).toThrow(/credentials/);
  });

  it("refuses a missing token or one that could split a header", () => {
    expect(() => new HubClient({ endpoint: ENDPOINT, token: "" })).toThrow(/token is empty: set webexhub:token/);
    expect(() => new HubClient({ endpoint: ENDPOINT, token: "abc\r\nX-Evil: 1" })).toThrow(/line break/);
  });

  it("encodes ids as path segments", async () => {
    hub().get("/v1/people/a%2F..%2Fb%3Fx").reply(200, person("a/../b?x"));
    const { client } = testClient();
    await expect(client.getPerson("a/../b?x")).resolves.toMatchObject({ id: "a/../b?x" });
  });

  it("PUT /people/{id} sends the whole person", async () => {
    const p = person("p1", {
      firstName: "Pat",
      lastName: "Lee",
      roles: ["full_admin"],
      siteRoles: { "a.webex.com": "site_admin" },
      licenses: ["L1"],
      extension: "133",
      status: "active",
    });
    const body: WirePersonUpdate = { ...personUpdateFrom(p), roles: ["full_admin", "partner_admin"] };
    hub()
      .matchHeader("content-type", "application/json")
      .put("/v1/people/p1", {
        emails: ["p1@partner.example"],
        displayName: "p1",
        firstName: "Pat",
        lastName: "Lee",
        orgId: "partner-1",
        roles: ["full_admin", "partner_admin"],
        licenses: ["L1"],
        extension: "133",
        siteRoles: { "a.webex.com": "site_admin" },
      })
      .reply(200, { ...p, roles: body.roles });
    const { client } = testClient();
    await expect(client.putPerson("p1", body)).resolves.toMatchObject({ roles: ["full_admin", "partner_admin"] });
  });

  it("covers every endpoint with the right method, path and query", async () => {
    const ext = {
      orgId: "c1",
      personId: "x1",
      email: "x@msp",
      homeOrgId: "o9",
      role: "external_readonly_admin",
      contactCenterServiceAdmin: false,
    };
    hub()
      .get("/v1/people")
      .query({ email: "a@b.c", orgId: "partner-1", max: "10" })
      .reply(200, { items: [person("a")] })
      .get("/v1/roles")
      .reply(200, { items: [{ id: "full_admin", name: "Full administrator" }] })
      .get("/v1/roles/full_admin")
      .reply(200, { id: "full_admin", name: "Full administrator" })
      .get("/v1/organizations")
      .reply(200, { items: [{ id: "o1", displayName: "O", created: "x" }] })
      .get("/v1/organizations/o1")
      .reply(200, { id: "o1", displayName: "O", created: "x" })
      .get("/v1/partner/organizations")
      .query({ managedBy: "p1" })
      .reply(200, { items: [{ orgId: "c1", role: "partner_admin" }] })
      .get("/v1/partner/organizations/c1/partnerAdmins")
      .reply(200, { items: [{ id: "p1", email: "p1@x", displayName: "P", roles: ["partner_admin"] }] })
      .post("/v1/partner/organizations/c1/partnerAdmin/p1/assign")
      .reply(204)
      .delete("/v1/partner/organizations/c1/partnerAdmin/p1/unassign")
      .reply(204)
      .delete("/v1/partner/organizations/partnerAdmin/p1")
      .reply(204)
      .get("/v1/adminAudit/events")
      .query({ orgId: "c1", from: "2030-01-01T00:00:00Z", to: "2030-01-02T00:00:00Z", max: "5" })
      .reply(200, {
        items: [
          {
            id: "e1",
            created: "x",
            actorId: "a",
            actorOrgId: "c1",
            data: { actorEmail: "a@x", actionText: "updated", targetId: "p1", targetType: "USER" },
          },
        ],
      })
      .get("/v1/organizations/c1/externalAdmins")
      .reply(200, { items: [ext] })
      .get("/v1/organizations/c1/externalAdmins/x1")
      .reply(200, ext)
      .put("/v1/organizations/c1/externalAdmins/x1", {
        role: "external_readonly_admin",
        expiresAt: "2031-01-01T00:00:00Z",
      })
      .reply(200, { ...ext, expiresAt: "2031-01-01T00:00:00Z" })
      .delete("/v1/organizations/c1/externalAdmins/x1")
      .reply(204)
      .get("/v1/partner/organizations/c1/restrictedMode")
      .reply(200, { orgId: "c1", enabled: true })
      .put("/v1/partner/organizations/c1/restrictedMode", { orgId: "c1", enabled: false })
      .reply(200, { orgId: "c1", enabled: false });

    const { client, requests } = testClient();
    expect(await client.listPeople({ email: "a@b.c", orgId: "partner-1", max: 10 })).toHaveLength(1);
    expect(await client.listRoles()).toEqual([{ id: "full_admin", name: "Full administrator" }]);
    expect((await client.getRole("full_admin")).name).toBe("Full administrator");
    expect(await client.listOrganizations()).toHaveLength(1);
    expect((await client.getOrganization("o1")).id).toBe("o1");
    expect(await client.listManagedOrgs("p1")).toEqual([{ orgId: "c1", role: "partner_admin" }]);
    expect(await client.listPartnerAdmins("c1")).toHaveLength(1);
    await client.assignPartnerAdmin("c1", "p1");
    await client.unassignPartnerAdmin("c1", "p1");
    await client.revokePartnerRoles("p1");
    expect(
      await client.listAuditEvents({ orgId: "c1", from: "2030-01-01T00:00:00Z", to: "2030-01-02T00:00:00Z", max: 5 }),
    ).toHaveLength(1);
    expect(await client.listExternalAdmins("c1")).toEqual([ext]);
    expect(await client.getExternalAdmin("c1", "x1")).toEqual(ext);
    expect(
      (
        await client.putExternalAdmin("c1", "x1", {
          role: "external_readonly_admin",
          expiresAt: "2031-01-01T00:00:00Z",
        })
      ).expiresAt,
    ).toBe("2031-01-01T00:00:00Z");
    await client.deleteExternalAdmin("c1", "x1");
    expect(await client.getRestrictedMode("c1")).toEqual({ orgId: "c1", enabled: true });
    expect(await client.putRestrictedMode("c1", false)).toEqual({ orgId: "c1", enabled: false });
    expect(requests).toHaveLength(17);
  });
});

describe("HubClient: pagination", () => {
  it("follows Link rel=next across 3 pages and stops when it is absent", async () => {
    hub()
      .get("/v1/people")
      .query({ max: "2" })
      .reply(200, { items: [person("a"), person("b")] }, { Link: `<${BASE}/people?max=2&cursor=2>; rel="next"` })
      .get("/v1/people")
      .query({ max: "2", cursor: "2" })
      .reply(
        200,
        { items: [person("c"), person("d")] },
        {
          // Several links, relative target, unquoted rel with a list of relation types.
          Link: `<${BASE}/people?max=2>; rel="first", </v1/people?max=2&cursor=4>; rel=next`,
        },
      )
      .get("/v1/people")
      .query({ max: "2", cursor: "4" })
      .reply(200, { items: [person("e")] }, { Link: `<${BASE}/people?max=2>; rel="first"` });
    const { client, requests } = testClient();
    const people = await client.listPeople({ max: 2 });
    expect(people.map((p) => p.id)).toEqual(["a", "b", "c", "d", "e"]);
    expect(requests.map((r) => r.url)).toEqual([
      `${BASE}/people?max=2`,
      `${BASE}/people?max=2&cursor=2`,
      `${BASE}/people?max=2&cursor=4`,
    ]);
  });

  it("retries a failed page, not the whole list", async () => {
    hub()
      .get("/v1/organizations")
      .reply(200, { items: [{ id: "o1" }] }, { Link: `<${BASE}/organizations?page=2>; rel="next"` })
      .get("/v1/organizations")
      .query({ page: "2" })
      .reply(503, errorBody("busy"))
      .get("/v1/organizations")
      .query({ page: "2" })
      .reply(200, { items: [{ id: "o2" }] });
    const { client, requests } = testClient();
    expect((await client.listOrganizations()).map((o) => o.id)).toEqual(["o1", "o2"]);
    expect(requests).toHaveLength(3);
  });

  it("refuses a next link to another origin: the token goes only to the Hub", async () => {
    hub()
      .get("/v1/people")
      .reply(200, { items: [person("a")] }, { Link: `<https://evil.example/v1/people?page=2>; rel="next"` });
    const { client } = testClient();
    const err = await rejectionOf(client.listPeople());
    expect(err).toBeInstanceOf(HubBadResponseError);
    expect((err as HubError).message).toMatch(/another origin/);
  });

  it("refuses a pagination loop", async () => {
    hub()
      .get("/v1/people")
      .reply(200, { items: [] }, { Link: `<${BASE}/people>; rel="next"` });
    const { client } = testClient();
    expect(await rejectionOf(client.listPeople())).toMatchObject({ code: "hub-bad-response" });
  });

  it.each([
    ['<https://h/x?p=2>; rel="next"', "https://h/x?p=2"],
    ["<https://h/x?p=2>; rel=next", "https://h/x?p=2"],
    ['<https://h/x?p=2>; rel="prev next"', "https://h/x?p=2"],
    ['<https://h/x?p=2>; REL="NEXT"', "https://h/x?p=2"],
    ['<https://h/a>; rel="prev", <https://h/b>; rel="next"', "https://h/b"],
    ['<https://h/a>; title="a, b"; rel="next"', "https://h/a"],
    ['<https://h/a>; rel="prev"', undefined],
    ['<https://h/a>; rel="nextpage"', undefined],
    ["garbage", undefined],
    ["", undefined],
  ])("parseLinkNext(%j) → %j", (header, expected) => {
    expect(parseLinkNext(header)).toBe(expected);
  });
});

describe("HubClient: errors", () => {
  const table: Array<[number, HubErrorCode, new (...args: never[]) => HubError, string | undefined]> = [
    [400, "hub-bad-request", HubBadRequestError, undefined],
    [401, "hub-unauthorized", HubUnauthorizedError, undefined],
    [403, "hub-forbidden", HubForbiddenError, "actor-lacks-privilege"],
    [404, "hub-not-found", HubNotFoundError, undefined],
    [409, "hub-conflict", HubConflictError, "last-full-admin"],
    [422, "hub-bad-request", HubBadRequestError, undefined],
  ];
  it.each(table)("%i → %s", async (status, code, cls, ruleCode) => {
    hub()
      .put("/v1/people/abc")
      .reply(status, errorBody(`refused with ${status}`, ruleCode, "body-tracking"), { Trackingid: "ROUTER_1234" });
    const { client, requests } = testClient();
    const err = await rejectionOf(client.putPerson("abc", { emails: ["a@b.c"], displayName: "A", roles: [] }));
    expect(err).toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(HubError);
    expect(err).toMatchObject({
      code,
      status,
      method: "PUT",
      url: `${BASE}/people/abc`,
      trackingId: "ROUTER_1234", // the header wins over the body
      hubMessage: `refused with ${status}`,
      attempts: 1,
    });
    expect((err as HubError).ruleCode).toBe(ruleCode);
    expect((err as HubError).message).toContain(`PUT ${BASE}/people/abc failed: ${status} `);
    expect((err as HubError).message).toContain(`refused with ${status}`);
    expect((err as HubError).message).toContain("(trackingId ROUTER_1234)");
    expect(requests).toHaveLength(1); // final answers are never retried
  });

  it("formats a conflict the way the brief shows", async () => {
    hub()
      .put("/v1/people/abc")
      .reply(409, errorBody("the org would have no full administrator", "last-full-admin", "T-9"));
    const { client } = testClient();
    const err = (await rejectionOf(client.putPerson("abc", { emails: ["a@b.c"], displayName: "A" }))) as HubError;
    expect(err.message).toBe(
      `PUT ${BASE}/people/abc failed: 409 Conflict — the org would have no full administrator [last-full-admin] (trackingId T-9)`,
    );
  });

  it.each([
    [423, "hub-locked", HubLockedError],
    [429, "hub-rate-limited", HubRateLimitedError],
    [500, "hub-server-error", HubServerError],
    [503, "hub-server-error", HubServerError],
  ] as Array<[number, HubErrorCode, new (...args: never[]) => HubError]>)(
    "%i, still failing after every attempt (or, for 423/429, past the deadline) → %s",
    async (status, code, cls) => {
      hub().get("/v1/people/me").times(3).reply(status, errorBody("later"), { "Retry-After": "1", Trackingid: "T" });
      // 423/429 waits are not attempts: with jitter 0.5 each waits 1.5 s, so a 3.5 s deadline allows two.
      const { client, requests } = testClient({ policy: { maxAttempts: 3, deadlineMs: 3_500 } });
      const err = await rejectionOf(client.me());
      expect(err).toBeInstanceOf(cls);
      expect(err).toMatchObject({ code, status, attempts: 3, retryAfterMs: 1_000, trackingId: "T" });
      expect(requests).toHaveLength(3);
    },
  );

  it("a 401 says which setting holds the token (never the token)", async () => {
    hub().get("/v1/people/me").reply(401, errorBody("The request requires a valid access token"));
    const { client } = testClient();
    const err = (await rejectionOf(client.me())) as HubError;
    expect(err.message).toBe(
      `GET ${BASE}/people/me failed: 401 Unauthorized — The request requires a valid access token (trackingId ROUTER_abc); the token was refused: check webexhub:token (or --token, WEBEXHUB_TOKEN); tokens expire`,
    );
  });

  it("says how many attempts were made when retries ran out", async () => {
    hub().get("/v1/people/me").times(2).reply(503, errorBody("busy"));
    const { client } = testClient({ policy: { maxAttempts: 2 } });
    expect(((await rejectionOf(client.me())) as Error).message).toMatch(
      /503 Service Unavailable — busy \(trackingId ROUTER_abc\) after 2 attempts$/,
    );
  });

  it("copes with an error body that is not JSON", async () => {
    hub().get("/v1/people/me").reply(502, "<html>Bad Gateway</html>");
    const { client } = testClient({ policy: { maxAttempts: 1 } });
    const err = (await rejectionOf(client.me())) as HubError;
    expect(err).toMatchObject({ code: "hub-server-error", status: 502, hubMessage: "<html>Bad Gateway</html>" });
    expect(err.trackingId).toBeUndefined();
  });

  it("takes the description when the message is empty, and the trackingId from the body without a header", async () => {
    hub()
      .get("/v1/people/me")
      .reply(404, { message: "", errors: [{ description: "no such person" }], trackingId: "B-1" });
    const { client } = testClient();
    expect(await rejectionOf(client.me())).toMatchObject({ hubMessage: "no such person", trackingId: "B-1" });
  });

  it.each([
    ["not JSON", "{oops"],
    ["not an object", "[1,2]"],
    ["a person without emails", JSON.stringify({ id: "me", orgId: "o" })],
  ])("a 2xx body that is %s → hub-bad-response", async (_what, body) => {
    hub().get("/v1/people/me").reply(200, body);
    const { client, requests } = testClient();
    expect(await rejectionOf(client.me())).toMatchObject({ code: "hub-bad-response", status: 200 });
    expect(requests).toHaveLength(1);
  });

  it("a list without items → hub-bad-response naming the problem", async () => {
    hub().get("/v1/roles").reply(200, { roles: [] });
    const { client } = testClient();
    expect(((await rejectionOf(client.listRoles())) as Error).message).toMatch(/items/);
  });

  it("a bad list item is named by index", async () => {
    hub()
      .get("/v1/roles")
      .reply(200, { items: [{ id: "a", name: "A" }, { id: 3 }] });
    const { client } = testClient();
    expect(((await rejectionOf(client.listRoles())) as Error).message).toMatch(/items\[1\]: role\.id/);
  });

  it("a person without roles has none (Webex leaves the field out)", async () => {
    hub()
      .get("/v1/people/me")
      .reply(200, { id: "me", emails: ["me@x"], orgId: "o", displayName: "Me", created: "x" });
    const { client } = testClient();
    expect((await client.me()).roles).toEqual([]);
  });

  it("does not follow redirects (they could carry the token elsewhere)", async () => {
    hub().get("/v1/people/me").reply(302, "", { Location: "https://evil.example/steal" });
    const { client, requests } = testClient();
    expect(await rejectionOf(client.me())).toMatchObject({ code: "hub-bad-response", status: 302 });
    expect(requests).toHaveLength(1);
  });
});

describe("HubClient: retries", () => {
  it("429 then success honours Retry-After, for any method", async () => {
    hub()
      .post("/v1/partner/organizations/c1/partnerAdmin/p1/assign")
      .reply(429, errorBody("slow down"), { "Retry-After": "3" })
      .post("/v1/partner/organizations/c1/partnerAdmin/p1/assign")
      .reply(204);
    const { client, clock, requests } = testClient();
    await client.assignPartnerAdmin("c1", "p1");
    // Never less than the Hub asked; the jitter (random 0.5 of as much again) spreads the waiters.
    expect(clock.sleeps).toEqual([4_500]);
    expect(requests).toHaveLength(2);
  });

  it("429 on a non-idempotent request is retried too: the Hub did not perform it", async () => {
    hub()
      .post("/v1/things")
      .reply(429, errorBody("slow down"), { "Retry-After": "2" })
      .post("/v1/things")
      .reply(201, {});
    const { client, clock } = testClient();
    await client.send("POST", "/things", { body: {} });
    expect(clock.sleeps).toEqual([3_000]);
  });

  it("429 with an HTTP-date Retry-After waits until then (by the injected clock)", async () => {
    const { client, clock } = testClient();
    const at = new Date(clock.now() + 7_000).toUTCString();
    hub()
      .get("/v1/people/me")
      .reply(429, errorBody("slow down"), { "Retry-After": at })
      .get("/v1/people/me")
      .reply(200, person("me"));
    await client.me();
    expect(clock.sleeps).toEqual([10_500]);
  });

  it("423 then success honours Retry-After", async () => {
    hub()
      .put("/v1/people/p1")
      .reply(423, errorBody("locked"), { "Retry-After": "5" })
      .put("/v1/people/p1")
      .reply(423, errorBody("locked"), { "Retry-After": "1" })
      .put("/v1/people/p1")
      .reply(200, person("p1"));
    const { client, clock } = testClient();
    await client.putPerson("p1", { emails: ["p1@partner.example"], displayName: "P1" });
    expect(clock.sleeps).toEqual([7_500, 1_500]);
  });

  it("a Retry-After longer than maxRetryAfterMs is not waited out", async () => {
    hub().get("/v1/people/me").reply(429, errorBody("come back tomorrow"), { "Retry-After": "86400" });
    const { client, clock } = testClient({ policy: { maxRetryAfterMs: 60_000 } });
    const err = await rejectionOf(client.me());
    expect(err).toMatchObject({ code: "hub-rate-limited", retryAfterMs: 86_400_000, attempts: 1 });
    expect((err as Error).message).toMatch(/retry after 86400 s/);
    expect(clock.sleeps).toEqual([]);
  });

  it("503 on GET is retried with capped exponential backoff and full jitter", async () => {
    hub().get("/v1/people/me").times(5).reply(503, errorBody("busy")).get("/v1/people/me").reply(200, person("me"));
    const randoms = [0.9, 0.1, 0.5, 0.999, 0];
    let i = 0;
    const { client, clock, requests } = testClient({
      random: () => randoms[i++] ?? 0,
      policy: { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 500, jitter: "full" },
    });
    await expect(client.me()).resolves.toMatchObject({ id: "me" });
    expect(requests).toHaveLength(6);
    // caps: 100, 200, 400, 500, 500 — each delay is floor(random · cap).
    expect(clock.sleeps).toEqual([90, 20, 200, 499, 0]);
    const caps = [100, 200, 400, 500, 500];
    clock.sleeps.forEach((d, n) => {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(caps[n]!);
    });
  });

  it("503 on a non-idempotent request is not retried", async () => {
    hub().post("/v1/things").reply(503, errorBody("busy"));
    const { client, clock, requests } = testClient();
    const err = await rejectionOf(client.send("POST", "/things", { body: { a: 1 } }));
    expect(err).toMatchObject({ code: "hub-server-error", status: 503, attempts: 1 });
    expect(requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("503 on POST …/assign is retried: assigning is idempotent in this API", async () => {
    hub()
      .post("/v1/partner/organizations/c1/partnerAdmin/p1/assign")
      .reply(503, errorBody("busy"))
      .post("/v1/partner/organizations/c1/partnerAdmin/p1/assign")
      .reply(204);
    const { client, requests } = testClient();
    await client.assignPartnerAdmin("c1", "p1");
    expect(requests).toHaveLength(2);
  });

  it("a DELETE repeated after an unknown outcome that finds nothing left has succeeded", async () => {
    hub()
      .delete("/v1/organizations/c1/externalAdmins/x1")
      .reply(502, errorBody("gateway"))
      .delete("/v1/organizations/c1/externalAdmins/x1")
      .reply(404, errorBody("no such external admin"));
    const { client, requests } = testClient();
    await expect(client.deleteExternalAdmin("c1", "x1")).resolves.toBeUndefined();
    expect(requests).toHaveLength(2);
  });

  it("a DELETE that finds nothing on its first attempt is a 404", async () => {
    hub().delete("/v1/organizations/c1/externalAdmins/x1").reply(404, errorBody("no such external admin"));
    const { client } = testClient();
    expect(await rejectionOf(client.deleteExternalAdmin("c1", "x1"))).toBeInstanceOf(HubNotFoundError);
  });

  it("a network error on GET is retried, then surfaces as hub-network with the cause", async () => {
    hub().get("/v1/people/me").times(2).replyWithError("socket hang up");
    const { client, requests } = testClient({ policy: { maxAttempts: 2 } });
    const err = (await rejectionOf(client.me())) as HubError;
    expect(err).toBeInstanceOf(HubNetworkError);
    expect(err.code).toBe("hub-network");
    expect(err.cause).toBeDefined();
    expect(err.message).toContain(`GET ${BASE}/people/me failed: network error`);
    expect(requests).toHaveLength(2);
  });

  it("a network error on a non-idempotent POST is not retried", async () => {
    hub().post("/v1/things").replyWithError("socket hang up");
    const { client, requests } = testClient();
    expect(await rejectionOf(client.send("POST", "/things"))).toMatchObject({ code: "hub-network" });
    expect(requests).toHaveLength(1);
  });
});

describe("HubClient: timeouts", () => {
  it("a slow Hub (nock delay) → hub-timeout", async () => {
    hub().get("/v1/people/me").delay(500).reply(200, person("me"));
    const { client } = testClient({ policy: { timeoutMs: 30, maxAttempts: 1 } });
    const err = (await rejectionOf(client.me())) as HubError;
    expect(err).toBeInstanceOf(HubTimeoutError);
    expect(err).toMatchObject({ code: "hub-timeout", timeoutMs: 30, method: "GET" });
    expect(err.message).toBe(`GET ${BASE}/people/me failed: timed out after 30 ms; ${ENDPOINT_HINT}`);
  });

  it("every attempt has its own timeout; a timed-out GET is retried", async () => {
    let calls = 0;
    const fetchStub = (_url: string, init: RequestInit): Promise<Response> => {
      calls++;
      if (calls === 1) {
        // Hangs until the client aborts it.
        return new Promise((_resolve, reject) => {
          init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
        });
      }
      return Promise.resolve(new Response(JSON.stringify(person("me")), { status: 200 }));
    };
    const { client, clock } = testClient({ fetch: fetchStub, policy: { timeoutMs: 10 } });
    await expect(client.me()).resolves.toMatchObject({ id: "me" });
    expect(calls).toBe(2);
    expect(clock.sleeps).toHaveLength(1);
  });

  it("a timed-out non-idempotent request is not repeated (its outcome is unknown)", async () => {
    let calls = 0;
    const fetchStub = (_url: string, init: RequestInit): Promise<Response> => {
      calls++;
      return new Promise((_resolve, reject) => {
        init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
      });
    };
    const { client } = testClient({ fetch: fetchStub, policy: { timeoutMs: 10 } });
    expect(await rejectionOf(client.send("POST", "/things", { body: {} }))).toMatchObject({ code: "hub-timeout" });
    expect(calls).toBe(1);
  });

  it("the timeout also covers a body that never finishes", async () => {
    const fetchStub = (_url: string, init: RequestInit): Promise<Response> => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"id":'));
          init.signal?.addEventListener("abort", () => controller.error(new DOMException("aborted", "AbortError")));
        },
      });
      return Promise.resolve(new Response(body, { status: 200 }));
    };
    const { client } = testClient({ fetch: fetchStub, policy: { timeoutMs: 10, maxAttempts: 1 } });
    expect(await rejectionOf(client.me())).toMatchObject({ code: "hub-timeout" });
  });
});
