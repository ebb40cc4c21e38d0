/**
 * `--profile webex`: the same server, serving only what the Webex Admin API reference documents and
 * as strictly as Webex. Each row is one request answered by both profiles, so a row shows what the
 * default profile's extensions and leniencies are, and that the webex profile has none of them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idUuid, parseWebexId } from "../../api/ids";
import { personUpdateFrom } from "../../api/decode";
import type { WireList, WirePerson, WireRole, WireScimUser } from "../../api/wire";
import { SCIM_PATCH_SCHEMA } from "../../api/wire";
import type { MockHub } from "../../mockhub/server";
import { call, cid, errorOf, PARTNER, pid, startDemoHub, token } from "./helpers";

const ADMIN = "admin@partner.example";
const scimPath = (email: string, orgId = PARTNER): string =>
  `/identity/scim/${idUuid(orgId)}/v2/Users/${idUuid(pid(email))}`;

interface Row {
  name: string;
  method: string;
  /** Under /v1, or (starting with `/identity`) at the host root. */
  path: () => string;
  as?: string;
  body?: (hub: MockHub) => Promise<unknown>;
  default: number;
  webex: number;
  /** A SCIM path asked under /v1 rather than at the host root. */
  v1?: true;
}

const put =
  (email: string, change: (body: Record<string, unknown>) => Record<string, unknown>) => async (hub: MockHub) => {
    const person = (await call<WirePerson>(hub, token(hub, ADMIN), "GET", `/people/${pid(email)}`)).body;
    return change({ ...personUpdateFrom(person) });
  };

const ROWS: Row[] = [
  {
    name: "external administrators (an extension)",
    method: "GET",
    path: () => `/organizations/${cid(1)}/externalAdmins`,
    default: 200,
    webex: 404,
  },
  {
    name: "Restricted Administrator Mode (an extension)",
    method: "GET",
    path: () => `/partner/organizations/${cid(1)}/restrictedMode`,
    default: 200,
    webex: 404,
  },
  {
    name: "a person by the plain UUID inside their id",
    method: "GET",
    path: () => `/people/${idUuid(pid("user1@partner.example"))}`,
    default: 200,
    webex: 404,
  },
  {
    name: "an org by the plain UUID inside its id",
    method: "GET",
    path: () => `/organizations/${idUuid(cid(1))}`,
    default: 200,
    webex: 404,
  },
  {
    name: "SCIM under /v1",
    method: "GET",
    path: () => scimPath("user1@partner.example"),
    default: 200,
    webex: 404,
    v1: true,
  },
  {
    name: "SCIM at the host root",
    method: "GET",
    path: () => scimPath("user1@partner.example"),
    default: 200,
    webex: 200,
  },
  {
    name: "SCIM with opaque ids in the path",
    method: "GET",
    path: () => `/identity/scim/${PARTNER}/v2/Users/${pid("user1@partner.example")}`,
    default: 200,
    webex: 404,
  },
  {
    name: "a PUT with a mobile number (the update schema takes work numbers only)",
    method: "PUT",
    path: () => `/people/${pid("user2@partner.example")}`,
    body: put("user2@partner.example", (b) => ({
      ...b,
      phoneNumbers: [{ type: "mobile", value: "+1 650 555 0100" }],
    })),
    default: 200,
    webex: 400,
  },
  {
    name: "a PUT with a field the update schema does not name (refused by the default profile only)",
    method: "PUT",
    path: () => `/people/${pid("user2@partner.example")}`,
    body: put("user2@partner.example", (b) => ({ ...b, timezoneName: "Europe/Paris" })),
    default: 400,
    webex: 200,
  },
  {
    name: "SCIM PATCH of another attribute than roles",
    method: "PATCH",
    path: () => scimPath("user3@partner.example"),
    body: () =>
      Promise.resolve({
        schemas: [SCIM_PATCH_SCHEMA],
        Operations: [{ op: "replace", path: "title", value: "Lead Engineer" }],
      }),
    default: 200,
    webex: 200,
  },
  {
    name: "SCIM PATCH replace without a path (RFC 7644)",
    method: "PATCH",
    path: () => scimPath("user3@partner.example"),
    body: () =>
      Promise.resolve({
        schemas: [SCIM_PATCH_SCHEMA],
        Operations: [{ op: "replace", value: { nickName: "Three", name: { givenName: "Tri" } } }],
      }),
    default: 200,
    webex: 200,
  },
  {
    name: "SCIM PATCH of an attribute the Hub does not have",
    method: "PATCH",
    path: () => scimPath("user3@partner.example"),
    body: () =>
      Promise.resolve({
        schemas: [SCIM_PATCH_SCHEMA],
        Operations: [{ op: "replace", path: "favouriteColour", value: "blue" }],
      }),
    default: 400,
    webex: 400,
  },
];

const url = (hub: MockHub, row: Row): string => {
  const path = row.path();
  return path.startsWith("/identity") && row.v1 !== true ? `${hub.url}${path}` : path;
};

describe.each(["default", "webex"] as const)("the %s profile", (profile) => {
  let hub: MockHub;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ hub, stop } = await startDemoHub({ profile }));
  });
  afterAll(async () => stop());

  it.each(ROWS)("$name", async (row) => {
    const body = row.body ? await row.body(hub) : undefined;
    const answer = await call(hub, token(hub, row.as ?? ADMIN), row.method, url(hub, row), body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(row[profile]);
    if (answer.status >= 400) expect(errorOf(answer).message).not.toBe("");
  });
});

describe("the webex profile's roles and people", () => {
  let hub: MockHub;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ hub, stop } = await startDemoHub({ profile: "webex" }));
  });
  afterAll(async () => stop());

  it("role ids take the forms the reference shows, and SCIM values differ from them, shown with a display name", async () => {
    const t = token(hub, ADMIN);
    const roles = (await call<WireList<WireRole>>(hub, t, "GET", "/roles")).body.items;
    const tails = roles.map((r) => parseWebexId(r.id)?.tail ?? "");
    for (const tail of tails)
      expect(tail).toMatch(
        /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|atlas-portal\.partner\.[a-z_]+)$/,
      );
    expect(roles.find((r) => r.name === "Full Administrator")?.id).toBe(
      "Y2lzY29zcGFyazovL3VzL1JPTEUvOTZhYmMyYWEtM2RjYy0xMWU1LWExNTItZmUzNDgxOWNkYzlh",
    );
    expect(tails).toContain("atlas-portal.partner.salesadmin");
    const scim = (await call<WireScimUser>(hub, t, "GET", `${hub.url}${scimPath(ADMIN)}`)).body;
    expect(scim.roles).toEqual([
      { value: "id_full_admin", type: "cirole", display: "Full administrator" },
      { value: "id_partner_full_admin", type: "cirole", display: "Partner full administrator" },
    ]);
    for (const r of scim.roles ?? []) expect(tails).not.toContain(r.value);
  });

  it("a SCIM role value that is a People role id's tail is refused by name, and nothing changes", async () => {
    const t = token(hub, ADMIN);
    const before = (await call<WirePerson>(hub, t, "GET", `/people/${pid("user4@partner.example")}`)).body;
    const patch = {
      schemas: [SCIM_PATCH_SCHEMA],
      Operations: [{ op: "add", path: "roles", value: [{ value: "atlas-portal.partner.admin" }] }],
    };
    const answer = await call(hub, t, "PATCH", `${hub.url}${scimPath("user4@partner.example")}`, patch);
    expect(answer.status).toBe(400);
    expect(errorOf(answer).message).toContain('"atlas-portal.partner.admin" is not a role value of this Hub');
    expect((await call<WirePerson>(hub, t, "GET", `/people/${pid("user4@partner.example")}`)).body).toEqual(before);
  });

  it("finds by email only people of the orgs the token administers", async () => {
    const asCustomer = token(hub, "admin@customer01.example");
    const other = await call<WireList<WirePerson>>(hub, asCustomer, "GET", "/people?email=user1@partner.example");
    expect(other.body.items).toEqual([]);
    const own = await call<WireList<WirePerson>>(
      hub,
      token(hub, ADMIN),
      "GET",
      "/people?email=admin@customer01.example",
    );
    expect(own.body.items.map((p) => p.emails[0])).toEqual(["admin@customer01.example"]);
  });

  it("a PUT of work numbers keeps the numbers it cannot set, and a person has no siteRoles field", async () => {
    const t = token(hub, ADMIN);
    const id = pid("user5@partner.example");
    const before = (await call<WirePerson>(hub, t, "GET", `/people/${id}`)).body;
    expect(before).not.toHaveProperty("siteRoles");
    const answer = await call(hub, t, "PUT", `/people/${id}`, {
      ...personUpdateFrom(before),
      siteRoles: { "x.webex.com": "site_admin" },
    });
    expect(answer.status).toBe(200);
    const { lastModified: _a, ...after } = (await call<WirePerson>(hub, t, "GET", `/people/${id}`)).body;
    const { lastModified: _b, ...was } = before;
    expect(after).toEqual(was);
  });
});
