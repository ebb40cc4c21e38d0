/**
 * The site-role extension of the mock Hub: a Webex site administrator administers their own site,
 * through the person's PUT, and nothing else.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WirePerson } from "../../api/wire";
import { personUpdateFrom } from "../../api/decode";
import { demoCustomerOrgId, demoPersonId } from "../../mockhub/seed";
import { writeDemoStateWith } from "../helpers/demoWorld";
import { call, errorOf, startDemoHub, tempDir, token } from "./helpers";

const ORG = demoCustomerOrgId(1);
const SITE = "customer01.webex.com";
let hub: Awaited<ReturnType<typeof startDemoHub>>;
const state = tempDir();

beforeAll(async () => {
  const statePath = join(state.dir, "state.json");
  writeDemoStateWith(statePath, [
    {
      emails: ["sid@customer01.example"],
      firstName: "Sid",
      lastName: "Site",
      orgId: ORG,
      roles: [],
      siteRoles: { [SITE]: "site_admin" },
    },
    { emails: ["dan@customer01.example"], firstName: "Dan", lastName: "Doe", orgId: ORG, roles: [] },
  ]);
  hub = await startDemoHub({ statePath });
});
afterAll(async () => {
  await hub.stop();
  state.cleanup();
});

const DAN = demoPersonId("dan@customer01.example");
const sid = (): string => token(hub.hub, "sid@customer01.example");
const dan = async (): Promise<WirePerson> => (await call<WirePerson>(hub.hub, sid(), "GET", `/people/${DAN}`)).body;

describe("a Webex site administrator", () => {
  it("reads their org like an administrator: the person's siteRoles ({} for none) and the Hub's roles", async () => {
    expect((await dan()).siteRoles).toEqual({});
    expect((await call(hub.hub, sid(), "GET", "/roles")).status).toBe(200);
  });

  it("gives a role on their own site through the person's PUT, and not on another site", async () => {
    const person = await dan();
    const own = await call<WirePerson>(hub.hub, sid(), "PUT", `/people/${DAN}`, {
      ...personUpdateFrom(person),
      siteRoles: { [SITE]: "site_readonly_admin" },
    });
    expect(own.status).toBe(200);
    expect((await dan()).siteRoles).toEqual({ [SITE]: "site_readonly_admin" });
    const other = await call(hub.hub, sid(), "PUT", `/people/${DAN}`, {
      ...personUpdateFrom(person),
      siteRoles: { "other.webex.com": "site_readonly_admin" },
    });
    expect(other.status).toBe(403);
    expect(errorOf(other).errors.map((e) => e.code)).toContain("actor-lacks-privilege");
  });

  it("may not change anything else of a person", async () => {
    const person = await dan();
    const renamed = await call(hub.hub, sid(), "PUT", `/people/${DAN}`, {
      ...personUpdateFrom(person),
      displayName: "Daniel",
    });
    expect(renamed.status).toBe(403);
    expect((await dan()).displayName).toBe("Dan Doe");
  });
});
