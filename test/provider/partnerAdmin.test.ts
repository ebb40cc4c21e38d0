import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { accessSummary } from "../../core/summary";
import { personUpdateFrom } from "../../hub/client";
import { createProvider as partnerAdminProvider } from "../../provider/resources/partnerAdmin";
import type { PartnerAdminOutputs } from "../../provider/resources/partnerAdmin";
import type { RoleId, SiteRoleId } from "../../core/rules/catalog";
import { DEMO_PARTNER_ORG_ID } from "../../mockhub/seed";
import {
  codesOf,
  startHarness,
  withoutSiteRoles,
  UNKNOWN,
  type Harness,
  harnessConfig,
  hubRoleIds,
  rolesInHub as hubRolesOf,
} from "./harness";

const partnerAdmin = partnerAdminProvider(harnessConfig);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.stop());
beforeEach(() => h.as("admin@partner.example"));

const rolesInHub = (email: string): Promise<RoleId[]> => hubRolesOf(h, email);

describe("PartnerAdmin check", () => {
  it("accepts a valid new admin", async () => {
    const result = await partnerAdmin.check({}, { email: "user1@partner.example", roles: ["partner_admin"] });
    expect(result.failures).toEqual([]);
  });

  it("fails a bad new admin with the rule code and the offending property", async () => {
    const result = await partnerAdmin.check(
      {},
      { email: "user1@partner.example", roles: ["full_admin", "readonly_admin"] },
    );
    expect(codesOf(result.failures)).toEqual(["exclusive-roles"]);
    expect(result.failures[0]?.property).toBe("roles");
  });

  it("reports schema errors with the field and the allowed values", async () => {
    const result = await partnerAdmin.check({}, { email: "not-an-email", roles: ["emperor" as RoleId] });
    expect(result.failures.map((f) => f.property).sort()).toEqual(["email", "roles[0]"]);
    expect(result.failures.find((f) => f.property === "roles[0]")?.reason).toContain("partner_full_admin");
  });

  it("runs the live rules: an unknown user fails before anything is applied", async () => {
    const result = await partnerAdmin.check({}, { email: "nobody@partner.example", roles: ["partner_admin"] });
    expect(codesOf(result.failures)).toEqual(["unknown-user"]);
  });

  it("never throws on unknown values and still runs the static rules on what is known", async () => {
    await expect(partnerAdmin.check({}, { email: UNKNOWN, roles: [UNKNOWN as RoleId] })).resolves.toMatchObject({
      failures: [],
    });
    const known = await partnerAdmin.check({}, { email: UNKNOWN, roles: ["provisioning_admin"] });
    expect(codesOf(known.failures)).toEqual(["derived-role"]);
  });

  it("refuses to take over someone who holds other roles unless adopt is set", async () => {
    const refused = await partnerAdmin.check({}, { email: "ro@partner.example", roles: ["partner_admin"] });
    expect(refused.failures.map((f) => f.property)).toEqual(["adopt"]);
    expect(refused.failures[0]?.reason).toContain("partner_readonly_admin");
    const adopted = await partnerAdmin.check(
      {},
      { email: "ro@partner.example", roles: ["partner_admin"], adopt: true },
    );
    expect(adopted.failures).toEqual([]);
  });

  it("checks the actor: a partner read-only admin may not grant roles", async () => {
    h.as("ro@partner.example");
    const result = await partnerAdmin.check({}, { email: "user2@partner.example", roles: ["partner_admin"] });
    expect(codesOf(result.failures)).toEqual(["actor-lacks-privilege"]);
  });

  it("refuses a self-grant of advanced troubleshooting", async () => {
    const result = await partnerAdmin.check(
      {},
      { email: "admin@partner.example", roles: ["full_admin", "partner_full_admin", "advanced_troubleshooting"] },
    );
    expect(codesOf(result.failures)).toEqual(["ata-self-grant"]);
  });
});

describe("PartnerAdmin lifecycle", () => {
  let outs: PartnerAdminOutputs;
  let id: string;

  it("creates: the Hub holds the roles, outputs carry ids (access is the SDK's, from the roles)", async () => {
    const created = await partnerAdmin.create({
      email: "user3@partner.example",
      roles: ["sales_admin", "partner_admin"],
    });
    id = created.id;
    outs = created.outs;
    expect(await rolesInHub("user3@partner.example")).toEqual(["partner_admin", "sales_admin"]);
    expect(outs).toMatchObject({
      email: "user3@partner.example",
      roles: ["sales_admin", "partner_admin"],
      personId: id,
      orgId: DEMO_PARTNER_ORG_ID,
    });
    // Small outputs: the state is written after every step of an up.
    expect(outs).not.toHaveProperty("access");
    const access = accessSummary(outs.roles, undefined);
    expect(access.customers.list).toBe("assigned");
    // Partner administrators cannot add/delete users and assign licenses (the change of March 2023).
    expect(access.customers.privileges.add_delete_users_licenses).toBeUndefined();
    expect(access.customers.privileges.device_management).toBe("full");
  });

  it("diffs against the live Hub: same set in another order is no change", async () => {
    h.fresh();
    expect(
      await partnerAdmin.diff(id, outs, { email: "USER3@partner.example", roles: ["partner_admin", "sales_admin"] }),
    ).toEqual({ changes: false });
  });

  it("shows drift made behind Pulumi's back", async () => {
    const admin = h.client("admin@partner.example");
    const person = await admin.getPerson(id);
    await admin.putPerson(id, personUpdateFrom(person, await hubRoleIds(h, ["sales_admin"])));
    h.fresh();
    // The preview's check notes the drift in the new inputs, where the engine's display reads it.
    const declared = { email: "user3@partner.example", roles: ["sales_admin", "partner_admin"] as RoleId[] };
    const checked = await partnerAdmin.check(declared, declared);
    expect(checked).toEqual({
      inputs: {
        ...declared,
        drift: {
          roles: "the Hub no longer holds partner_admin, removed outside Pulumi: this update restores it",
          // Who made it, from the partner org's admin audit trail.
          rolesChangedBy: expect.stringMatching(
            /^user3@partner\.example lost partner_admin — changed in Control Hub by admin@partner\.example at \d{4}-\d\d-\d\d \d\d:\d\d UTC$/,
          ),
        },
      },
      failures: [],
    });
    // roles[1] of the new inputs is what the update adds back.
    expect(await partnerAdmin.diff(id, outs, checked.inputs)).toEqual({
      changes: true,
      detailedDiff: { "roles[1]": { kind: "add" }, drift: { kind: "add" } },
    });
  });

  it("diffs a declared change as set additions and removals: added from the new inputs, removed from the old outputs", async () => {
    const admin = h.client("admin@partner.example");
    await admin.putPerson(
      id,
      personUpdateFrom(await admin.getPerson(id), await hubRoleIds(h, ["sales_admin", "partner_admin"])),
    );
    h.fresh();
    // full_admin is news.roles[0]; partner_admin, which goes, is outs.roles[1].
    expect(
      await partnerAdmin.diff(id, outs, { email: "user3@partner.example", roles: ["full_admin", "sales_admin"] }),
    ).toEqual({
      changes: true,
      detailedDiff: { "roles[0]": { kind: "add" }, "roles[1]": { kind: "delete" } },
    });
  });

  it("fails a diff whose change would break a rule, with the rule code", async () => {
    h.fresh();
    await expect(
      partnerAdmin.diff(id, outs, { email: "user3@partner.example", roles: ["sales_admin", "sales_full_admin"] }),
    ).rejects.toThrow(/\[exclusive-roles\]/);
  });

  it("replaces when the email changes, and treats unknown inputs as a change", async () => {
    expect(await partnerAdmin.diff(id, outs, { email: "user4@partner.example", roles: ["sales_admin"] })).toEqual({
      changes: true,
      replaces: ["email"],
      detailedDiff: { email: { kind: "update-replace" } },
    });
    expect(
      await partnerAdmin.diff(id, outs, { email: "user3@partner.example", roles: UNKNOWN as unknown as RoleId[] }),
    ).toEqual({ changes: true });
  });

  it("updates, keeping the rest of the person (PUT replaces the whole person)", async () => {
    h.fresh();
    const before = await h.client("admin@partner.example").getPerson(id);
    const updated = await partnerAdmin.update(id, outs, { email: "user3@partner.example", roles: ["partner_admin"] });
    expect(updated.outs.roles).toEqual(["partner_admin"]);
    const after = await h.client("admin@partner.example").getPerson(id);
    expect(before.firstName).toBe("User");
    // Everything but the roles is as it was: licenses, phone numbers, title, manager, addresses …
    expect({ ...after, roles: undefined, lastModified: undefined }).toEqual({
      ...before,
      roles: undefined,
      lastModified: undefined,
    });
    expect(await rolesInHub("user3@partner.example")).toEqual(["partner_admin"]);
    outs = updated.outs;
  });

  it("reads the live state for refresh", async () => {
    h.fresh();
    const read = await partnerAdmin.read(id, outs);
    expect(read.id).toBe(id);
    expect(read.inputs).toEqual({ email: "user3@partner.example", roles: ["partner_admin"] });
    expect(await partnerAdmin.read("p-nobody", outs)).toEqual({ id: "" });
  });

  it("deletes by removing the declared roles only", async () => {
    const admin = h.client("admin@partner.example");
    const person = await admin.getPerson(id);
    await admin.putPerson(id, personUpdateFrom(person, await hubRoleIds(h, ["partner_admin", "support_admin"])));
    h.fresh();
    await partnerAdmin.delete(id, outs);
    expect(await rolesInHub("user3@partner.example")).toEqual(["support_admin"]);
  });
});

describe("PartnerAdmin lockout guard", () => {
  it("refuses the delete that would leave the partner org without a full admin, before touching the Hub", async () => {
    h.fresh();
    const second = await partnerAdmin.create({ email: "second@partner.example", roles: ["full_admin"] });
    h.fresh();
    const first = await partnerAdmin.create({
      email: "admin@partner.example",
      roles: ["full_admin", "partner_full_admin"],
    });
    h.fresh();
    await partnerAdmin.delete(second.id, second.outs);
    expect(await rolesInHub("second@partner.example")).toEqual([]);
    h.fresh();
    await expect(partnerAdmin.delete(first.id, first.outs)).rejects.toThrow(/\[last-full-admin\]/);
    expect(await rolesInHub("admin@partner.example")).toEqual(["full_admin", "partner_full_admin"]);
    // Restore the second full admin for the other suites.
    h.fresh();
    await partnerAdmin.create({ email: "second@partner.example", roles: ["full_admin"] });
  });
});

describe("PartnerAdmin Webex site roles", () => {
  const SITE = "partner.webex.com";
  const user5 = "user5@partner.example";

  /** The person's site roles as the partner's admin reads them. */
  async function sitesInHub(email: string): Promise<Record<string, string>> {
    const [person] = await h.client("admin@partner.example").listPeople({ email });
    return { ...(person?.siteRoles ?? {}) };
  }
  async function setSites(email: string, siteRoles: Record<string, SiteRoleId>): Promise<void> {
    const admin = h.client("admin@partner.example");
    const [person] = await admin.listPeople({ email });
    if (!person) throw new Error(`no ${email}`);
    await admin.putPerson(person.id, { ...personUpdateFrom(person), siteRoles });
    h.fresh();
  }

  it("creates roles and site roles in one write, updates and sees drift in site roles (URLs compare case-insensitively)", async () => {
    h.fresh();
    const inputs = {
      email: user5,
      roles: ["support_admin"] as RoleId[],
      sites: { [SITE]: "site_user_admin" as const },
    };
    expect((await partnerAdmin.check({}, inputs)).failures).toEqual([]);
    const created = await partnerAdmin.create(inputs);
    expect(await rolesInHub(user5)).toEqual(["support_admin"]);
    expect(await sitesInHub(user5)).toEqual({ [SITE]: "site_user_admin" });
    h.fresh();
    expect(
      await partnerAdmin.diff(created.id, created.outs, {
        ...inputs,
        sites: { [SITE.toUpperCase()]: "site_user_admin" },
      }),
    ).toEqual({ changes: false });

    await setSites(user5, { [SITE]: "site_admin" });
    // Drift in a site role: the last apply set site_user_admin too, so only the note shows it.
    const checked = await partnerAdmin.check(inputs, inputs);
    expect(checked.inputs.drift).toEqual({
      sites: `the Hub holds site_admin of ${SITE}, added outside Pulumi: this update removes it; the Hub no longer holds site_user_admin of ${SITE}, removed outside Pulumi: this update restores it`,
      sitesChangedBy: expect.stringMatching(
        new RegExp(
          `^${user5} gained site_admin of ${SITE} and lost site_user_admin of ${SITE} — changed in Control Hub by admin@partner\\.example at `,
        ),
      ),
    });
    expect(await partnerAdmin.diff(created.id, created.outs, checked.inputs)).toEqual({
      changes: true,
      detailedDiff: { drift: { kind: "add" } },
    });
    expect((await partnerAdmin.read(created.id, created.outs)).inputs).toEqual({
      email: user5,
      roles: ["support_admin"],
      sites: { [SITE]: "site_admin" },
    });

    h.fresh();
    const updated = await partnerAdmin.update(created.id, created.outs, {
      ...inputs,
      sites: { [SITE]: "site_readonly_admin" },
    });
    expect(await sitesInHub(user5)).toEqual({ [SITE]: "site_readonly_admin" });
    expect(await rolesInHub(user5)).toEqual(["support_admin"]);

    // Delete removes the declared site roles and leaves those added outside.
    await setSites(user5, { [SITE]: "site_readonly_admin", "other.webex.com": "site_admin" });
    await partnerAdmin.delete(created.id, updated.outs);
    expect(await sitesInHub(user5)).toEqual({ "other.webex.com": "site_admin" });
    expect(await rolesInHub(user5)).toEqual([]);
    await setSites(user5, {});
  });

  it("without sites, leaves the site roles the person holds alone: no adopt needed, no drift, none written", async () => {
    await setSites(user5, { [SITE]: "site_admin" });
    const inputs = { email: user5, roles: ["support_admin"] as RoleId[] };
    expect((await partnerAdmin.check({}, inputs)).failures).toEqual([]);
    const created = await partnerAdmin.create(inputs);
    h.fresh();
    expect(await partnerAdmin.diff(created.id, created.outs, inputs)).toEqual({ changes: false });
    expect((await partnerAdmin.read(created.id, created.outs)).inputs).toEqual(inputs);
    await partnerAdmin.delete(created.id, created.outs);
    expect(await sitesInHub(user5)).toEqual({ [SITE]: "site_admin" });
    // `{}` is authoritative: the held site role makes it a takeover, and adopt removes it.
    h.fresh();
    const refused = await partnerAdmin.check({}, { ...inputs, sites: {} });
    expect(refused.failures.map((f) => f.property)).toEqual(["adopt"]);
    expect(refused.failures[0]?.reason).toContain(`site_admin of ${SITE}`);
    const adopted = await partnerAdmin.create({ ...inputs, sites: {}, adopt: true });
    expect(await sitesInHub(user5)).toEqual({});
    await partnerAdmin.delete(adopted.id, adopted.outs);
  });

  it("checks the actor: only the partner org's full admin or that site's site admin changes a site role", async () => {
    h.as("pa@partner.example");
    const { failures } = await partnerAdmin.check(
      {},
      { email: user5, roles: [], sites: { [SITE]: "site_readonly_admin" } },
    );
    expect(codesOf(failures)).toContain("actor-lacks-privilege");
    expect(failures.find((f) => f.reason.includes("actor-lacks-privilege") && f.property === "sites")).toBeDefined();
  });

  it("fails at check with hub-unsupported on a Hub without site roles, and still manages roles alone", async () => {
    const proxy = await withoutSiteRoles(h);
    const token = h.hub.tokens["admin@partner.example"] ?? "";
    const viaProxy = partnerAdminProvider({
      get: (key) => (key === "webexhub:endpoint" ? proxy.url : key === "webexhub:token" ? token : undefined),
    });
    try {
      h.fresh();
      const { failures } = await viaProxy.check(
        {},
        { email: user5, roles: ["support_admin"], sites: { [SITE]: "site_readonly_admin" } },
      );
      expect(codesOf(failures)).toEqual(["hub-unsupported"]);
      expect(failures[0]?.property).toBe("sites");
      h.fresh();
      expect((await viaProxy.check({}, { email: user5, roles: ["support_admin"] })).failures).toEqual([]);
    } finally {
      h.fresh();
      await proxy.close();
    }
  });
});
