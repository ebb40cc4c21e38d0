/**
 * Nothing of a person is lost by managing their roles: a demo user with licenses, phone numbers, an
 * extension, a location, site URLs, a title, a manager and an address goes through create, update
 * and delete of every resource, through the providers against the mock Hub, and comes out as it
 * went in; along the way only the roles ever differ. Run over both role-write routes: SCIM deltas
 * (the mock serves them) and the GET-then-PUT a Hub without SCIM gets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WirePerson } from "../../api/wire";
import { HubClient } from "../../hub/client";
import { HubNotFoundError } from "../../hub/errors";
import { demoCustomerOrgId, demoPersonId } from "../../mockhub/seed";
import { createProvider as customerAssignmentProvider } from "../../provider/resources/customerAssignment";
import { createProvider as externalAdminProvider } from "../../provider/resources/externalAdmin";
import { createProvider as partnerAdminProvider } from "../../provider/resources/partnerAdmin";
import { createProvider as restrictedModeProvider } from "../../provider/resources/restrictedMode";
import { startHarness, type Harness, harnessConfig, rolesInHub } from "./harness";

const partnerAdmin = partnerAdminProvider(harnessConfig);
const assignment = customerAssignmentProvider(harnessConfig);
const external = externalAdminProvider(harnessConfig);
const restricted = restrictedModeProvider(harnessConfig);

const EMAIL = "user4@partner.example";
const ID = demoPersonId(EMAIL);
const CUSTOMER = demoCustomerOrgId(1);

/** The person as the Hub holds them, Webex Calling fields included; the change stamp left out. */
async function snapshot(h: Harness): Promise<Omit<WirePerson, "lastModified">> {
  const { lastModified, ...rest } = await h.client("admin@partner.example").getPerson(ID, { callingData: true });
  void lastModified;
  return rest;
}

const withoutRoles = (p: Partial<WirePerson>): Partial<WirePerson> => ({ ...p, roles: undefined });

describe.each([
  ["SCIM role deltas", true],
  ["GET-then-PUT (a Hub without SCIM)", false],
])("a person with licenses and phone numbers through every resource: %s", (_name, scim) => {
  let h: Harness;
  const requests: string[] = [];
  let restore: () => void = () => undefined;

  beforeAll(async () => {
    h = await startHarness();
    h.as("admin@partner.example");
    if (!scim) {
      // What a Hub without SCIM answers there: 404, as for any path it does not have.
      const get = HubClient.prototype.getScimUser;
      const patch = HubClient.prototype.patchScimUser;
      const missing = (method: string, endpoint: string) =>
        new HubNotFoundError({
          method,
          url: `${endpoint}/identity/scim`,
          status: 404,
          hubMessage: "The requested resource could not be found.",
        });
      HubClient.prototype.getScimUser = function (this: HubClient): ReturnType<typeof get> {
        requests.push("GET scim");
        return Promise.reject(missing("GET", this.endpoint));
      };
      HubClient.prototype.patchScimUser = function (this: HubClient): ReturnType<typeof patch> {
        requests.push("PATCH scim");
        return Promise.reject(missing("PATCH", this.endpoint));
      };
      restore = () => {
        HubClient.prototype.getScimUser = get;
        HubClient.prototype.patchScimUser = patch;
      };
    }
  });
  afterAll(async () => {
    restore();
    await h.stop();
  });

  it("comes out identical, and only the roles ever change along the way", async () => {
    h.hub.resetStats();
    const before = await snapshot(h);
    expect(before.licenses?.length).toBeGreaterThan(0);
    expect(before.phoneNumbers?.length).toBeGreaterThan(0);
    expect(before).toMatchObject({
      extension: expect.any(String),
      locationId: expect.any(String),
      title: expect.any(String),
      manager: expect.any(String),
    });
    const unchanged = async (): Promise<void> => {
      h.fresh();
      expect(withoutRoles(await snapshot(h))).toEqual(withoutRoles(before));
    };

    // PartnerAdmin: create, update, and (at the end) delete.
    h.as("admin@partner.example");
    const pa = await partnerAdmin.create({ email: EMAIL, roles: ["partner_admin"] });
    expect(await rolesInHub(h, EMAIL)).toEqual(["partner_admin"]);
    await unchanged();
    h.fresh();
    const paUpdated = await partnerAdmin.update(pa.id, pa.outs, {
      email: EMAIL,
      roles: ["partner_admin", "support_admin"],
    });
    expect(await rolesInHub(h, EMAIL)).toEqual(["partner_admin", "support_admin"]);
    await unchanged();

    // CustomerAssignment: create, update, delete.
    h.fresh();
    const ca = await assignment.create({
      adminEmail: EMAIL,
      customerOrgIds: [demoCustomerOrgId(1), demoCustomerOrgId(2)],
    });
    await unchanged();
    h.fresh();
    const caUpdated = await assignment.update(ca.id, ca.outs, {
      adminEmail: EMAIL,
      customerOrgIds: [demoCustomerOrgId(3)],
    });
    await unchanged();
    h.fresh();
    await assignment.delete(ca.id, caUpdated.outs);
    await unchanged();

    // ExternalAdmin (the person as an external read-only admin of a customer): create, update, delete.
    h.as("admin@customer01.example");
    const inAYear = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, "Z");
    const inputs = { orgId: CUSTOMER, email: EMAIL, role: "external_readonly_admin" as const, expiresAt: inAYear };
    const ea = await external.create(inputs);
    await unchanged();
    h.fresh();
    const eaUpdated = await external.update(ea.id, ea.outs, { ...inputs, expiresAt: undefined as unknown as string });
    await unchanged();
    h.fresh();
    await external.delete(ea.id, eaUpdated.outs);
    await unchanged();

    // RestrictedMode of the customer the person was assigned: create, update, delete.
    h.as("admin@partner.example");
    const rm = await restricted.create({ orgId: CUSTOMER, enabled: false });
    h.fresh();
    const rmUpdated = await restricted.update(rm.id, rm.outs, { orgId: CUSTOMER, enabled: true });
    h.fresh();
    await restricted.delete(rm.id, rmUpdated.outs);
    await unchanged();

    h.fresh();
    await partnerAdmin.delete(pa.id, paUpdated.outs);
    h.fresh();
    expect(await snapshot(h)).toEqual(before);
    // The route really taken: role changes as SCIM deltas, or as full PUTs.
    const routes = h.hub.stats().byRoute;
    const scimPatches =
      (routes["PATCH /identity/scim/{orgId}/v2/Users/{userId}"] ?? 0) +
      (routes["PATCH /v1/identity/scim/{orgId}/v2/Users/{userId}"] ?? 0);
    const puts = routes["PUT /v1/people/{id}"] ?? 0;
    if (scim) expect([scimPatches > 0, puts]).toEqual([true, 0]);
    else expect([scimPatches, puts > 0, requests.length > 0]).toEqual([0, true, true]);
  });
});
