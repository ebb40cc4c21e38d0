/**
 * `webexhub access` against a Hub shaped like Webex. A role the Hub holds under a name the catalog
 * does not know grants nothing webexhub can count, but the person does hold it, so the command
 * names it rather than letting "roles: none" read as no access at all. And a Hub without the mock
 * extensions (external admins, Restricted Administrator Mode) still gets what Webex does offer.
 */
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../cli/main";
import { resetHubSessions } from "../../hub/sessions";
import { ENDPOINT, TOKEN } from "../hub/helpers";
import { BILLING_ROLE, CUSTOMER_ORG, PARTNER_ORG, richPerson, roleId, roleOf, webexFake } from "../hub/webex-fake";

const AUDITOR = { id: roleId("atlas-portal.auditor"), name: "Audit Viewer" };
const KNOWN = ["Full Administrator", "Partner Full Administrator", "Support Administrator"].map((name) => ({
  id: roleOf(name),
  name,
}));

beforeEach(() => {
  nock.disableNetConnect();
  resetHubSessions();
});
afterEach(() => {
  nock.cleanAll();
  resetHubSessions();
});

async function access(email: string, ...flags: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(["access", email, "--endpoint", ENDPOINT, "--token", TOKEN, ...flags], {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
  });
  return { code, out, err };
}

function hub(johnRoles: string[]): void {
  const me = richPerson("11111111-1111-4111-8111-111111111111", "me@partner.example", PARTNER_ORG, [
    roleOf("Partner Full Administrator"),
    roleOf("Full Administrator"),
  ]);
  const john = richPerson("22222222-2222-4222-8222-222222222222", "john@partner.example", PARTNER_ORG, johnRoles);
  webexFake({ meId: me.id, people: [me, john], roles: [...KNOWN, BILLING_ROLE, AUDITOR] });
}

describe("webexhub access shows the Hub roles the catalog does not know", () => {
  it.each([
    [
      "unknown roles beside catalog roles",
      [roleOf("Support Administrator"), BILLING_ROLE.id, AUDITOR.id],
      "support_admin",
      ['"Billing Administrator"', '"Audit Viewer"'],
    ],
    ["only unknown roles", [BILLING_ROLE.id], "none", ['"Billing Administrator"']],
  ])("text: %s", async (_name, roles, catalog, named) => {
    hub(roles);
    const { code, out, err } = await access("john@partner.example");
    expect(err).toBe("");
    expect(code).toBe(0);
    const [header, unknown] = out.split("\n");
    expect(header).toContain(`roles: ${catalog}`);
    expect(unknown).toMatch(/^also holds Hub roles webexhub does not know/);
    for (const n of named) expect(unknown).toContain(n);
    expect(unknown).toContain("WEBEXHUB_ROLE_NAMES");
  });

  it("text: says nothing extra for a person whose roles are all known", async () => {
    hub([roleOf("Support Administrator")]);
    const { code, out } = await access("john@partner.example");
    expect(code).toBe(0);
    expect(out).not.toContain("does not know");
  });

  it.each([
    [
      "unknown roles",
      [roleOf("Support Administrator"), BILLING_ROLE.id, AUDITOR.id],
      ["support_admin"],
      ["Billing Administrator", "Audit Viewer"],
    ],
    ["none", [roleOf("Support Administrator")], ["support_admin"], []],
  ])("json: %s by name", async (_name, roles, catalog, unknownRoles) => {
    hub(roles);
    const { code, out } = await access("john@partner.example", "--format", "json");
    expect(code).toBe(0);
    const json = JSON.parse(out) as { roles: string[]; unknownRoles: string[] };
    expect(json.roles).toEqual(catalog);
    expect(json.unknownRoles).toEqual(unknownRoles);
  });
});

describe("webexhub access against a Hub without the mock extensions", () => {
  it("still shows the customers assigned to a partner administrator, and says what it cannot show", async () => {
    // Registered before the fake, so this answer wins for the assignments list.
    nock(ENDPOINT)
      .get("/v1/partner/organizations")
      .query(true)
      .reply(200, { items: [{ orgId: CUSTOMER_ORG, role: roleOf("Partner Administrator") }] });
    const me = richPerson("11111111-1111-4111-8111-111111111111", "me@partner.example", PARTNER_ORG, [
      roleOf("Partner Full Administrator"),
      roleOf("Full Administrator"),
    ]);
    const pa = richPerson("22222222-2222-4222-8222-222222222222", "pa@partner.example", PARTNER_ORG, [
      roleOf("Partner Administrator"),
    ]);
    webexFake({
      meId: me.id,
      people: [me, pa],
      orgs: [
        { id: PARTNER_ORG, displayName: "Partner", created: "x" },
        { id: CUSTOMER_ORG, displayName: "Customer", created: "x" },
      ],
    });
    const { code, out, err } = await access("pa@partner.example");
    expect(code).toBe(0);
    expect(out).toContain(`assigned customers (1): Customer (${CUSTOMER_ORG})`);
    expect(err).toMatch(
      /^webexhub access: not shown: external administrators \(a webexhub mock Hub extension this Hub does not offer\)\n$/,
    );
  });
});
