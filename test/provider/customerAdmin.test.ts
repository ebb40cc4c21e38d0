import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { personUpdateFrom } from "../../hub/client";
import { createProvider as customerAdminProvider } from "../../provider/resources/customerAdmin";
import { createProvider as externalAdminProvider } from "../../provider/resources/externalAdmin";
import type { CustomerAdminInputs, CustomerAdminOutputs } from "../../provider/resources/customerAdmin";
import type { RoleId, SiteRoleId } from "../../core/rules/catalog";
import { demoCustomerOrgId, demoPersonId } from "../../mockhub/seed";
import { HubSession } from "../../hub/session";
import {
  codesOf,
  startHarness,
  withoutSiteRoles,
  UNKNOWN,
  type ExtraPerson,
  type Harness,
  harnessConfig,
  hubRoleIds,
} from "./harness";

const customerAdmin = customerAdminProvider(harnessConfig);
const externalAdmin = externalAdminProvider(harnessConfig);

const ORG = demoCustomerOrgId(1);
const SITE = "customer01.webex.com";
const member = (local: string, roles: RoleId[], siteRoles?: Record<string, SiteRoleId>): ExtraPerson => ({
  emails: [`${local}@customer01.example`],
  firstName: local,
  lastName: "Customer 01",
  orgId: ORG,
  roles,
  ...(siteRoles ? { siteRoles } : {}),
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness([
    member("cara", []),
    member("dan", []),
    member("sid", [], { [SITE]: "site_admin" }),
    member("rob", ["readonly_admin"]),
  ]);
});
afterAll(async () => h.stop());
beforeEach(() => h.as("admin@customer01.example"));

/** A person's roles (as catalog ids: the Hub holds opaque ids) and site roles, as the customer's admin reads them. */
async function inHub(email: string): Promise<{ roles: string[]; sites: Record<string, string> }> {
  const client = h.client("admin@customer01.example");
  const [person] = await client.listPeople({ email });
  const directory = await new HubSession(client).roleDirectory();
  return { roles: directory.split(person?.roles ?? []).roles.sort(), sites: { ...(person?.siteRoles ?? {}) } };
}

const cara: CustomerAdminInputs = {
  orgId: ORG,
  email: "cara@customer01.example",
  roles: ["support_admin", "contact_center_service_admin"],
  sites: { [SITE]: "site_user_admin" },
};

describe("CustomerAdmin check", () => {
  it("accepts organization, Contact Center and site roles for a member, applied by the org's full admin", async () => {
    expect((await customerAdmin.check({}, cara)).failures).toEqual([]);
  });

  it.each([
    [
      "two roles of one tier",
      { ...cara, roles: ["full_admin", "readonly_admin"] as RoleId[] },
      "exclusive-roles",
      "roles",
    ],
    ["a partner-only role", { ...cara, roles: ["partner_admin"] as RoleId[] }, "partner-org-only", "roles[0]"],
    [
      "an external role as a member's",
      { ...cara, roles: ["external_full_admin"] as RoleId[] },
      "external-only",
      "roles[0]",
    ],
    [
      "two roles for one site",
      {
        ...cara,
        sites: { [SITE]: "site_admin", [SITE.toUpperCase()]: "site_readonly_admin" } as Record<string, SiteRoleId>,
      },
      "duplicate-site-role",
      `sites["${SITE.toUpperCase()}"]`,
    ],
    [
      "a member of another org",
      { ...cara, email: "pa@partner.example", roles: ["support_admin"] as RoleId[], sites: {} },
      "unknown-user",
      "email",
    ],
  ])("fails %s with the rule code and the property", async (_name, inputs, code, property) => {
    const { failures } = await customerAdmin.check({}, inputs);
    expect(codesOf(failures)).toContain(code);
    expect(codesOf(failures).filter((c) => c !== "unknown-user")).toEqual(code === "unknown-user" ? [] : [code]);
    expect(failures.find((f) => codesOf([f])[0] === code)?.property).toBe(property);
  });

  it.each([
    [
      "CustomerAdmin, with the customer's token",
      "admin@customer01.example",
      () => customerAdmin.check({}, { ...cara, orgId: "cust-acme" }),
    ],
    [
      "CustomerAdmin, with a partner's token",
      "admin@partner.example",
      () => customerAdmin.check({}, { ...cara, orgId: "cust-acme" }),
    ],
    [
      "ExternalAdmin",
      "admin@customer01.example",
      () =>
        externalAdmin.check({}, { orgId: "cust-acme", email: "helper@msp.example", role: "external_readonly_admin" }),
    ],
  ])(
    "%s: an org id the Hub does not know fails at check as not found, naming the field and the id",
    async (_name, token, check) => {
      h.as(token);
      const { failures } = await check();
      expect(failures).toEqual([
        {
          property: "orgId",
          reason: expect.stringMatching(
            /^\[org-not-found\] orgId: organization "cust-acme" is not one this token can see: it does not exist, or .* \(the Hub shows this token \d+: /,
          ),
        },
      ]);
      expect(failures[0]?.reason).toContain("webexhub export");
    },
  );

  it("reports schema errors with the field and the allowed values", async () => {
    const { failures } = await customerAdmin.check({}, { ...cara, sites: { [SITE]: "site_owner" as SiteRoleId } });
    expect(failures.map((f) => f.property)).toEqual([`sites.${SITE}`]);
    expect(failures[0]?.reason).toContain("site_readonly_admin");
  });

  it("never throws on unknown values and still runs the static rules on what is known", async () => {
    await expect(
      customerAdmin.check({}, { ...cara, email: UNKNOWN, sites: UNKNOWN as unknown as Record<string, SiteRoleId> }),
    ).resolves.toMatchObject({ failures: [] });
    await expect(customerAdmin.check({}, { ...cara, orgId: UNKNOWN })).resolves.toMatchObject({ failures: [] });
    const known = await customerAdmin.check({}, { ...cara, email: UNKNOWN, roles: ["provisioning_admin"] });
    expect(codesOf(known.failures)).toEqual(["derived-role"]);
  });

  it("refuses to take over a site admin's site role unless adopt is set", async () => {
    const sid: CustomerAdminInputs = { orgId: ORG, email: "sid@customer01.example", roles: ["support_admin"] };
    const refused = await customerAdmin.check({}, sid);
    expect(refused.failures.map((f) => f.property)).toEqual(["adopt"]);
    expect(refused.failures[0]?.reason).toContain(`site_admin of ${SITE}`);
    expect((await customerAdmin.check({}, { ...sid, adopt: true })).failures).toEqual([]);
  });

  it("checks the actor: the org's read-only admin may not assign roles", async () => {
    h.as("rob@customer01.example");
    const { failures } = await customerAdmin.check({}, cara);
    expect(failures.map((f) => [codesOf([f])[0], f.property])).toEqual([
      ["actor-lacks-privilege", "roles"],
      ["actor-lacks-privilege", "sites"],
    ]);
  });

  it("a site's site admin may give roles on that site only, and no organization role", async () => {
    h.as("sid@customer01.example");
    const dan: CustomerAdminInputs = {
      orgId: ORG,
      email: "dan@customer01.example",
      roles: [],
      sites: { [SITE]: "site_readonly_admin" },
    };
    expect((await customerAdmin.check({}, dan)).failures).toEqual([]);
    const other = await customerAdmin.check({}, { ...dan, sites: { "other.webex.com": "site_readonly_admin" } });
    expect(codesOf(other.failures)).toEqual(["actor-lacks-privilege"]);
    expect(other.failures[0]?.property).toBe("sites");
    expect(codesOf((await customerAdmin.check({}, { ...dan, roles: ["device_admin"] })).failures)).toEqual([
      "actor-lacks-privilege",
    ]);
    // And the Hub agrees: the site admin applies it, and is refused another site.
    const created = await customerAdmin.create(dan);
    expect(await inHub(dan.email)).toEqual({ roles: [], sites: { [SITE]: "site_readonly_admin" } });
    h.fresh();
    await expect(
      customerAdmin.update(created.id, created.outs, { ...dan, sites: { "other.webex.com": "site_readonly_admin" } }),
    ).rejects.toThrow(/actor-lacks-privilege/);
    h.fresh();
    await customerAdmin.delete(created.id, created.outs);
    expect(await inHub(dan.email)).toEqual({ roles: [], sites: {} });
  });

  it("a partner administrator managing the customer may assign its roles while the customer has left it that", async () => {
    h.as("pa@partner.example");
    expect((await customerAdmin.check({}, { ...cara, sites: {} })).failures).toEqual([]);
  });
});

describe("CustomerAdmin lifecycle", () => {
  let outs: CustomerAdminOutputs;
  let id: string;

  it("creates: the Hub holds the roles and site roles, outputs carry the id and the access per site", async () => {
    const created = await customerAdmin.create(cara);
    id = created.id;
    outs = created.outs;
    expect(await inHub(cara.email)).toEqual({
      roles: ["contact_center_service_admin", "support_admin"],
      sites: { [SITE]: "site_user_admin" },
    });
    expect(outs).toMatchObject({ orgId: ORG, email: cara.email, personId: id });
    expect(outs.access.organization.contact_center).toMatch(/^full/);
    expect(outs.access.sites?.[SITE]?.site_user_management).toMatch(/^full \(user settings/i);
  });

  it("diffs against the live Hub: the same roles in another order and a site URL in another case are no change", async () => {
    h.fresh();
    const same = {
      ...cara,
      email: "CARA@customer01.example",
      roles: ["contact_center_service_admin", "support_admin"] as RoleId[],
      sites: { [SITE.toUpperCase()]: "site_user_admin" as const },
    };
    expect(await customerAdmin.diff(id, outs, same)).toEqual({ changes: false });
  });

  it("shows drift made behind Pulumi's back, in roles and in site roles", async () => {
    const admin = h.client("admin@customer01.example");
    const person = await admin.getPerson(id);
    await admin.putPerson(id, { ...personUpdateFrom(person), siteRoles: { [SITE]: "site_readonly_admin" } });
    h.fresh();
    const checked = await customerAdmin.check(cara, cara);
    expect(checked.inputs.drift).toEqual({
      sites: `the Hub holds site_readonly_admin of ${SITE}, added outside Pulumi: this update removes it; the Hub no longer holds site_user_admin of ${SITE}, removed outside Pulumi: this update restores it`,
      sitesChangedBy: expect.stringMatching(
        / — changed in Control Hub by admin@customer01\.example at \d{4}-\d\d-\d\d \d\d:\d\d UTC$/,
      ),
    });
    expect(await customerAdmin.diff(id, outs, checked.inputs)).toEqual({
      changes: true,
      detailedDiff: { drift: { kind: "add" } },
    });
  });

  it("fails a diff whose change would break a rule, with the rule code", async () => {
    h.fresh();
    await expect(
      customerAdmin.diff(id, outs, { ...cara, roles: ["device_admin", "advanced_troubleshooting"] }),
    ).rejects.toThrow(/\[ata-requires-base-role\]/);
  });

  it("replaces when the org or the email changes, and treats unknown inputs as a change", async () => {
    expect(await customerAdmin.diff(id, outs, { ...cara, email: "dan@customer01.example" })).toEqual({
      changes: true,
      replaces: ["email"],
      detailedDiff: { email: { kind: "update-replace" } },
    });
    expect(await customerAdmin.diff(id, outs, { ...cara, orgId: demoCustomerOrgId(2) })).toEqual({
      changes: true,
      replaces: ["orgId"],
      detailedDiff: { orgId: { kind: "update-replace" } },
    });
    expect(await customerAdmin.diff(id, outs, { ...cara, roles: UNKNOWN as unknown as RoleId[] })).toEqual({
      changes: true,
    });
  });

  it("updates roles and site roles, keeping the rest of the person", async () => {
    h.fresh();
    const before = await h.client("admin@customer01.example").getPerson(id);
    const updated = await customerAdmin.update(id, outs, {
      ...cara,
      roles: ["user_device_admin"],
      sites: { [SITE]: "site_admin", "cara.webex.com": "site_readonly_admin" },
    });
    expect(await inHub(cara.email)).toEqual({
      roles: ["user_device_admin"],
      sites: { [SITE]: "site_admin", "cara.webex.com": "site_readonly_admin" },
    });
    const after = await h.client("admin@customer01.example").getPerson(id);
    expect(after).toMatchObject({
      displayName: before.displayName,
      firstName: before.firstName,
      lastName: before.lastName,
    });
    outs = updated.outs;
  });

  it("reads the live state for refresh, and drops a person who is gone", async () => {
    h.fresh();
    const read = await customerAdmin.read(id, outs);
    expect(read.inputs).toEqual({
      orgId: ORG,
      email: cara.email,
      roles: ["user_device_admin"],
      sites: { "cara.webex.com": "site_readonly_admin", [SITE]: "site_admin" },
    });
    expect(await customerAdmin.read("p-nobody", outs)).toEqual({ id: "" });
  });

  it("deletes by removing the declared roles and site roles only", async () => {
    const admin = h.client("admin@customer01.example");
    const person = await admin.getPerson(id);
    await admin.putPerson(id, {
      ...personUpdateFrom(person, await hubRoleIds(h, ["user_device_admin", "compliance_officer"])),
      siteRoles: { ...person.siteRoles, "extra.webex.com": "site_user_admin" },
    });
    h.fresh();
    await customerAdmin.delete(id, outs);
    expect(await inHub(cara.email)).toEqual({
      roles: ["compliance_officer"],
      sites: { "extra.webex.com": "site_user_admin" },
    });
  });
});

describe("CustomerAdmin lockout guard", () => {
  const admin: CustomerAdminInputs = { orgId: ORG, email: "admin@customer01.example", roles: ["full_admin"] };

  it("refuses at check, and at delete before touching the Hub, to leave the customer without a full admin", async () => {
    expect(codesOf((await customerAdmin.check({}, { ...admin, roles: [], adopt: true })).failures)).toEqual([
      "last-full-admin",
    ]);
    h.fresh();
    const created = await customerAdmin.create(admin);
    h.fresh();
    await expect(customerAdmin.delete(created.id, created.outs)).rejects.toThrow(/\[last-full-admin\]/);
    expect((await inHub(admin.email)).roles).toEqual(["full_admin"]);
  });

  it("counts an external full admin: with the partner's admin promoted, the customer's last member full admin may step down", async () => {
    await h.client("admin@customer01.example").putExternalAdmin(ORG, demoPersonId("pa@partner.example"), {
      role: "external_full_admin",
      contactCenterServiceAdmin: false,
    });
    h.fresh();
    expect(
      (await customerAdmin.check({}, { ...admin, email: "rob@customer01.example", roles: ["full_admin"], adopt: true }))
        .failures,
    ).toEqual([]);
    const rob = await customerAdmin.create({
      ...admin,
      email: "rob@customer01.example",
      roles: ["full_admin"],
      adopt: true,
    });
    h.fresh();
    await customerAdmin.delete(rob.id, rob.outs);
    expect((await inHub("rob@customer01.example")).roles).toEqual([]);
  });
});

describe("CustomerAdmin against a Hub without Webex site roles", () => {
  it("fails at check with hub-unsupported when sites are declared, and still manages roles alone", async () => {
    const proxy = await withoutSiteRoles(h);
    const token = h.hub.tokens["admin@customer01.example"] ?? "";
    const viaProxy = customerAdminProvider({
      get: (key) => (key === "webexhub:endpoint" ? proxy.url : key === "webexhub:token" ? token : undefined),
    });
    try {
      h.fresh();
      const { failures } = await viaProxy.check(
        {},
        {
          orgId: ORG,
          email: "dan@customer01.example",
          roles: ["device_admin"],
          sites: { [SITE]: "site_readonly_admin" },
        },
      );
      expect(codesOf(failures)).toEqual(["hub-unsupported"]);
      expect(failures[0]?.property).toBe("sites");
      expect(failures[0]?.reason).toMatch(/Webex has no public API/);
      h.fresh();
      expect(
        (await viaProxy.check({}, { orgId: ORG, email: "dan@customer01.example", roles: ["device_admin"] })).failures,
      ).toEqual([]);
    } finally {
      h.fresh();
      await proxy.close();
    }
  });
});
