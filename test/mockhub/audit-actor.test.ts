/**
 * The mock's audit trail names who made each role, site-role and assignment change, whichever
 * endpoint made it (PUT /people, SCIM PATCH, the site-roles extension, assign and unassign), in
 * both profiles: the acting admin (`actorId`, `data.actorEmail`, `data.actorName`), `created` from
 * the Hub's clock, and the person as the target (`data.targetId`, `data.targetName`).
 */
import { afterEach, describe, expect, it } from "vitest";
import { idUuid, personUpdateFrom, WEBEX_ROLE_TABLE } from "../../api";
import { HubClient } from "../../hub/client";
import { startMockHub, type MockHub, type ProfileName } from "../../mockhub/server";
import { DEMO_PARTNER_ORG_ID, demoCustomerOrgId, demoPersonId } from "../../mockhub/seed";

const AT = new Date("2026-12-06T14:02:31.000Z");
const USER3 = demoPersonId("user3@partner.example");
const PA = demoPersonId("pa@partner.example");
let hub: MockHub | undefined;

afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

type Operation = (client: HubClient) => Promise<unknown>;

/** PUT the whole person back with full_admin added, by the Hub's own role id. */
const putFullAdmin: Operation = async (client) => {
  const roles = await client.listRoles();
  const full = roles.find((r) => WEBEX_ROLE_TABLE[r.name]?.catalogId === "full_admin")?.id ?? "";
  const person = await client.getPerson(USER3, { callingData: true });
  return client.putPerson(USER3, personUpdateFrom(person, [...(person.roles ?? []), full]));
};

const scimFullAdmin: Operation = (client) =>
  client.patchScimUser(idUuid(DEMO_PARTNER_ORG_ID), idUuid(USER3), {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    Operations: [{ op: "add", path: "roles", value: [{ value: "id_full_admin", type: "cirole" }] }],
  });

const SECOND = { email: "second@partner.example", name: "Sam Second" };
// Customers are assigned by a partner full admin.
const ADMIN = { email: "admin@partner.example", name: "Alice Admin" };
const CASES: Array<[string, ProfileName, typeof SECOND, string, Operation]> = [
  ["PUT /people", "default", SECOND, USER3, putFullAdmin],
  ["PUT /people", "webex", SECOND, USER3, putFullAdmin],
  ["SCIM PATCH", "webex", SECOND, USER3, scimFullAdmin],
  ["site roles", "default", SECOND, USER3, (c) => c.putSiteRoles(USER3, { "partner.webex.com": "site_admin" })],
  ["assign", "default", ADMIN, PA, (c) => c.assignPartnerAdmin(demoCustomerOrgId(9), PA)],
  ["assign", "webex", ADMIN, PA, (c) => c.assignPartnerAdmin(demoCustomerOrgId(9), PA)],
  ["unassign", "default", ADMIN, PA, (c) => c.unassignPartnerAdmin(demoCustomerOrgId(3), PA)],
];

describe("the acting admin of every change", () => {
  it.each(CASES)("%s (%s profile)", async (_name, profile, actor, target, operate) => {
    hub = await startMockHub({ port: 0, seed: "demo", profile, now: () => AT });
    const before = hub.snapshot().audit.length;
    const client = new HubClient({ endpoint: hub.url, token: hub.tokens[actor.email] ?? "" });
    await operate(client);
    const events = hub
      .snapshot()
      .audit.slice(before)
      .map((a) => a.event);
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      expect(e).toMatchObject({
        created: AT.toISOString(),
        actorId: demoPersonId(actor.email),
        data: { actorEmail: actor.email, actorName: actor.name, targetId: target },
      });
    }
  });
});
