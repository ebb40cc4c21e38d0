/**
 * Role writes against a Hub whose SCIM role values are not its People role ids (the mock Hub's webex
 * profile, over loopback): the values come from the Hub (a user's SCIM record, remembered for the
 * session), the role table is only a fallback for a role being added, and a value SCIM refuses is
 * written through the GET-then-PUT. Each step is one write in one session; a person is never
 * changed but for the roles.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoleId } from "../../core/rules/catalog";
import { HubSession } from "../../hub/session";
import { demoPersonId } from "../../mockhub/seed";
import type { MockHub } from "../../mockhub/server";
import { startDemoHub, token } from "../mockhub/helpers";
import { testClient } from "./helpers";

const PATCH = "PATCH /identity/scim/{orgId}/v2/Users/{userId}";
const PUT = "PUT /v1/people/{id}";

interface Step {
  name: string;
  email: string;
  roles: RoleId[];
  /** Requests of each kind the write made. */
  patches: number;
  puts: number;
}

const STEPS: Step[] = [
  {
    name: "a role whose table value is the Hub's SCIM value goes through SCIM",
    email: "user1@partner.example",
    roles: ["readonly_admin"],
    patches: 1,
    puts: 0,
  },
  {
    name: "a role removed with the value the Hub showed for it goes through SCIM",
    email: "user1@partner.example",
    roles: [],
    patches: 1,
    puts: 0,
  },
  {
    name: "a role whose table value SCIM refuses (400) is written by the GET-then-PUT",
    email: "user1@partner.example",
    roles: ["partner_admin"],
    patches: 1,
    puts: 1,
  },
  {
    name: "removing it, the Hub shows its value: SCIM",
    email: "user1@partner.example",
    roles: [],
    patches: 1,
    puts: 0,
  },
  {
    name: "adding it to another user takes the value learned from the first: SCIM",
    email: "user2@partner.example",
    roles: ["partner_admin"],
    patches: 1,
    puts: 0,
  },
];

describe("role values learned from a Hub whose SCIM values are not its role ids", () => {
  let hub: MockHub;
  let stop: () => Promise<void>;
  let session: HubSession;
  beforeAll(async () => {
    ({ hub, stop } = await startDemoHub({ profile: "webex" }));
    session = new HubSession(testClient({ endpoint: hub.url, token: token(hub, "admin@partner.example") }).client);
  });
  afterAll(async () => stop());

  const withoutRoles = (email: string) => {
    const { roles: _r, lastModified: _m, ...rest } = hub.snapshot().people.find((p) => p.id === demoPersonId(email))!;
    return rest;
  };

  it.each(STEPS)("$name", async (step) => {
    const before = withoutRoles(step.email);
    hub.resetStats();
    const after = await session.updatePerson(demoPersonId(step.email), () => ({ roles: step.roles }));
    expect(after.roles).toEqual(step.roles);
    expect(hub.snapshot().people.find((p) => p.id === demoPersonId(step.email))?.roles).toEqual(step.roles);
    const routes = hub.stats().byRoute;
    expect({ patches: routes[PATCH] ?? 0, puts: routes[PUT] ?? 0 }).toEqual({
      patches: step.patches,
      puts: step.puts,
    });
    expect(withoutRoles(step.email)).toEqual(before);
  });
});
