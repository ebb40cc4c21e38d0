/**
 * A role change loses nothing of the person: it goes as a SCIM delta that names only the roles, or,
 * on a Hub without SCIM, as a GET-then-PUT that sends back every field read. Roles are the Hub's
 * opaque ids, joined to the catalog by name; a role the catalog does not know is never removed.
 */
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { idUuid } from "../../api/ids";
import { HubSession } from "../../hub/session";
import { ConfigurationError } from "../../hub/credentials";
import { isHubError } from "../../hub/errors";
import { rejectionOf, testClient } from "./helpers";
import type { WirePerson } from "../../api/wire";
import {
  BILLING_ROLE,
  HUB_ROLES,
  CUSTOMER_ORG,
  KEPT_FIELDS,
  PARTNER_ORG,
  personId,
  richPerson,
  roleOf,
  webexFake,
  type WebexFake,
} from "./webex-fake";

const ME = personId("11111111-1111-4111-8111-111111111111");
const JOHN = personId("22222222-2222-4222-8222-222222222222");

function setup(
  scim: boolean | "forbidden",
  johnRoles = [roleOf("Full Administrator"), BILLING_ROLE.id],
): { fake: WebexFake; session: HubSession } {
  const me = {
    ...richPerson("11111111-1111-4111-8111-111111111111", "me@partner.example", PARTNER_ORG, [
      roleOf("Partner Full Administrator"),
      roleOf("Full Administrator"),
    ]),
  };
  const john = richPerson("22222222-2222-4222-8222-222222222222", "john@partner.example", PARTNER_ORG, johnRoles);
  const fake = webexFake({ meId: ME, people: [me, john], scim });
  return { fake, session: new HubSession(testClient().client) };
}

const writes = (fake: WebexFake): string[] =>
  fake.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);

beforeEach(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("role changes as SCIM deltas", () => {
  it("sends one PATCH naming only the roles gained and lost, and touches nothing else", async () => {
    const { fake, session } = setup(true);
    const before = structuredClone(fake.people.get(JOHN)!);
    const updated = await session.updatePerson(JOHN, () => ({ roles: ["readonly_admin"] }));

    expect(writes(fake)).toEqual([`PATCH /identity/scim/${idUuid(PARTNER_ORG)}/v2/Users/${idUuid(JOHN)}`]);
    expect(fake.requests.find((r) => r.method === "PATCH")!.body).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        {
          op: "add",
          path: "roles",
          value: [{ value: "id_readonly_admin", type: "cirole", display: "Read-only Administrator" }],
        },
        { op: "remove", path: 'roles[value eq "id_full_admin"]' },
      ],
    });
    const after = fake.people.get(JOHN)!;
    expect({ ...after, roles: undefined }).toEqual({ ...before, roles: undefined });
    expect(new Set(after.roles)).toEqual(new Set([roleOf("Read-only Administrator"), BILLING_ROLE.id]));
    expect(updated.roles).toEqual(["readonly_admin"]);
    expect(updated.unknownRoles).toEqual([BILLING_ROLE]);
  });

  it("writes nothing when the catalog roles already match (unknown roles are not a difference)", async () => {
    const { fake, session } = setup(true);
    await session.updatePerson(JOHN, () => ({ roles: ["full_admin"] }));
    expect(writes(fake)).toEqual([]);
  });

  it("does not overwrite a role another writer added between our read and our write", async () => {
    const { fake, session } = setup(true);
    await session.updatePerson(JOHN, (fresh) => {
      // Someone else grants Support Administrator while we decide.
      const p = fake.people.get(JOHN)!;
      fake.people.set(JOHN, { ...p, roles: [...(p.roles ?? []), roleOf("Support Administrator")] });
      return { roles: [...fresh.roles, "compliance_officer"] };
    });
    expect(new Set(fake.people.get(JOHN)!.roles)).toEqual(
      new Set([
        roleOf("Full Administrator"),
        BILLING_ROLE.id,
        roleOf("Support Administrator"),
        roleOf("Compliance Officer"),
      ]),
    );
  });
});

describe("GET-then-PUT where the Hub has no SCIM", () => {
  it("sends back every field it read, with only the roles changed, and keeps the unknown role", async () => {
    const { fake, session } = setup(false);
    const before = structuredClone(fake.people.get(JOHN)!);
    await session.updatePerson(JOHN, () => ({ roles: ["readonly_admin", "support_admin"] }));

    const scim = `/identity/scim/${idUuid(PARTNER_ORG)}/v2/Users/${idUuid(JOHN)}`;
    // The SCIM user is asked for where Webex serves it, then where the webexhub mock Hub does, then the PUT.
    expect(fake.requests.filter((r) => r.path.includes("/identity/scim/")).map((r) => `${r.method} ${r.path}`)).toEqual(
      [`GET ${scim}`, `GET /v1${scim}`],
    );
    expect(writes(fake)).toEqual([`PUT /v1/people/${JOHN}`]);
    const get = fake.requests.find((r) => r.method === "GET" && r.path === `/v1/people/${JOHN}`)!;
    expect(get.query.get("callingData")).toBe("true");
    const body = fake.requests.find((r) => r.method === "PUT")!.body as Record<string, unknown>;
    for (const field of KEPT_FIELDS) expect(body[field], field).toEqual(before[field]);
    expect(body.phoneNumbers).toEqual([{ type: "work", value: "+1 408 526 7209", primary: true }]);
    expect(body.loginEnabled).toBe(true);
    expect(new Set(body.roles as string[])).toEqual(
      new Set([BILLING_ROLE.id, roleOf("Read-only Administrator"), roleOf("Support Administrator")]),
    );

    const after = fake.people.get(JOHN)!;
    expect({ ...after, roles: undefined }).toEqual({ ...before, roles: undefined });
  });

  it("uses the PUT when SCIM refuses the token (a token without the SCIM scope may still update people)", async () => {
    const { fake, session } = setup("forbidden");
    const before = structuredClone(fake.people.get(JOHN)!);
    await session.updatePerson(JOHN, () => ({ roles: ["readonly_admin"] }));
    await session.updatePerson(JOHN, () => ({ roles: ["support_admin"] }));
    const scim = `/identity/scim/${idUuid(PARTNER_ORG)}/v2/Users/${idUuid(JOHN)}`;
    // The SCIM GET is refused (the scope): no PATCH is tried, and the session keeps to the PUT.
    expect(writes(fake)).toEqual([`PUT /v1/people/${JOHN}`, `PUT /v1/people/${JOHN}`]);
    expect(fake.requests.filter((r) => r.path === scim)).toHaveLength(1);
    const after = fake.people.get(JOHN)!;
    expect({ ...after, roles: undefined }).toEqual({ ...before, roles: undefined });
    expect(new Set(after.roles)).toEqual(new Set([roleOf("Support Administrator"), BILLING_ROLE.id]));
  });

  it("learns once per session that SCIM is missing", async () => {
    const { fake, session } = setup(false);
    await session.updatePerson(JOHN, () => ({ roles: ["readonly_admin"] }));
    await session.updatePerson(JOHN, () => ({ roles: ["support_admin"] }));
    // Asked once (at the root, then under /v1), then never again.
    expect(fake.requests.filter((r) => r.path.includes("/identity/scim/"))).toHaveLength(2);
    expect(writes(fake).filter((w) => w.startsWith("PATCH"))).toHaveLength(0);
    expect(writes(fake).filter((w) => w.startsWith("PUT"))).toHaveLength(2);
  });
});

describe("roles by name", () => {
  const renamed = HUB_ROLES.map((r) => (r.name === "Read-only Administrator" ? { ...r, name: "Read Only Admin" } : r));
  const people = (): WirePerson[] => [
    richPerson("11111111-1111-4111-8111-111111111111", "me@partner.example", PARTNER_ORG, [
      roleOf("Partner Full Administrator"),
    ]),
    richPerson("22222222-2222-4222-8222-222222222222", "john@partner.example", PARTNER_ORG, [
      roleOf("Read-only Administrator"),
    ]),
  ];

  it("shows a role whose name it does not know as unknown, and refuses to write one it cannot name", async () => {
    webexFake({ meId: ME, people: people(), roles: renamed });
    const session = new HubSession(testClient().client);
    expect((await session.person(JOHN))?.unknownRoles).toEqual([
      { id: roleOf("Read-only Administrator"), name: "Read Only Admin" },
    ]);
    const error = await rejectionOf(session.updatePerson(JOHN, () => ({ roles: ["readonly_admin"] })));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(
      /no role named like readonly_admin .*"Read Only Admin".*webexhub:roleNames/,
    );
  });

  it("follows the configured name table", async () => {
    const fake = webexFake({ meId: ME, people: people(), roles: renamed });
    const session = new HubSession(testClient().client, { roleNames: { readonly_admin: ["Read Only Admin"] } });
    expect((await session.person(JOHN))?.roles).toEqual(["readonly_admin"]);
    await session.updatePerson(JOHN, () => ({ roles: ["full_admin"] }));
    expect(fake.requests.find((r) => r.method === "PATCH")!.body).toMatchObject({
      Operations: [
        { op: "add", value: [{ value: "id_full_admin", display: "Full Administrator" }] },
        { op: "remove", path: 'roles[value eq "id_readonly_admin"]' },
      ],
    });
  });
});

describe("org kinds and people per org", () => {
  it("classifies from the token's org and its person's roles, and lists another org's people by orgId", async () => {
    const me = richPerson("11111111-1111-4111-8111-111111111111", "me@partner.example", PARTNER_ORG, [
      roleOf("Partner Full Administrator"),
    ]);
    const cust = richPerson("33333333-3333-4333-8333-333333333333", "admin@customer.example", CUSTOMER_ORG, [
      roleOf("Full Administrator"),
    ]);
    const fake = webexFake({
      meId: ME,
      people: [me, cust],
      orgs: [
        { id: PARTNER_ORG, displayName: "Partner", created: "2015-10-18T14:26:16+00:00" },
        { id: CUSTOMER_ORG, displayName: "Customer", created: "2016-10-18T14:26:16+00:00" },
      ],
    });
    const session = new HubSession(testClient().client, { wholesale: true });
    // A customer's people are listed only when asked for: a partner's own preview does not pay for them.
    expect((await session.world()).people.map((p) => p.orgId)).toEqual([PARTNER_ORG]);
    const world = await session.world({ peopleOf: [CUSTOMER_ORG] });
    expect(world.partnerOrgId).toBe(PARTNER_ORG);
    expect(world.orgs).toEqual([
      { id: PARTNER_ORG, displayName: "Partner", kind: "partner", wholesale: true },
      { id: CUSTOMER_ORG, displayName: "Customer", kind: "customer", managedBy: PARTNER_ORG },
    ]);
    expect(world.people.find((p) => p.orgId === CUSTOMER_ORG)?.roles).toEqual(["full_admin"]);
    const lists = fake.requests.filter((r) => r.path === "/v1/people");
    expect(lists.map((r) => r.query.get("orgId"))).toEqual([null, CUSTOMER_ORG]);
  });

  it("a token whose person holds no partner role is a customer org's admin", async () => {
    const me = richPerson("33333333-3333-4333-8333-333333333333", "admin@customer.example", CUSTOMER_ORG, [
      roleOf("Full Administrator"),
    ]);
    webexFake({ meId: me.id, people: [me], orgs: [{ id: CUSTOMER_ORG, displayName: "Customer", created: "x" }] });
    const world = await new HubSession(testClient().client, { partnerOrgId: PARTNER_ORG }).world();
    expect(world.orgs).toEqual([
      { id: CUSTOMER_ORG, displayName: "Customer", kind: "customer", managedBy: PARTNER_ORG },
    ]);
    expect(world.partnerOrgId).toBe(PARTNER_ORG);
  });
});

describe("extensions on a Hub without them", () => {
  it.each([
    [
      "external admins",
      (s: HubSession) => s.externalAdmins(CUSTOMER_ORG),
      "external administrators",
      "/externalAdmins",
    ],
    [
      "restricted mode",
      (s: HubSession) => s.restrictedMode(CUSTOMER_ORG),
      "Restricted Administrator Mode",
      "/restrictedMode",
    ],
  ])("%s answer hub-unsupported with the method, the URL and what to do", async (_name, call, what, path) => {
    const { session } = setup(true);
    const error = await rejectionOf(call(session));
    expect(isHubError(error, "hub-unsupported")).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain(`GET http://hub.test/v1/`);
    expect(message).toContain(path);
    expect(message).toContain(`this Hub does not offer ${what}; it is a webexhub mock extension`);
    expect(message).not.toContain("\n");
  });

  it("site roles are reported unsupported by a Hub that drops them, and nothing is lost finding out", async () => {
    const { fake, session } = setup(true);
    const before = structuredClone(fake.people.get(JOHN)!);
    const error = await rejectionOf(
      session.updatePerson(JOHN, () => ({ siteRoles: { "mysite.webex.com": "site_admin" } })),
    );
    expect(isHubError(error, "hub-unsupported")).toBe(true);
    expect((error as Error).message).toContain("Webex site roles");
    // The PUT that found out sent the person back as read: nothing changed.
    expect(fake.people.get(JOHN)).toEqual(before);
  });
});
