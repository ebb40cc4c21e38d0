/**
 * Drift's author from the admin audit trail: against the real mock Hub (both profiles) a role given
 * by another admin is attributed to them with the time; the trail is read once per org and
 * session; a token that may not read it gets a reason said once; the page bound holds; and the
 * match works on the documented fields alone.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { WireAuditEvent } from "../../api";
import { attribute, auditNoticeOnce, auditTrail, authorOf, readAuditTrail, type HubSession } from "../../hub";
import { hubSession, resetHubSessions } from "../../hub/sessions";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { DEMO_PARTNER_ORG_ID, demoPersonId } from "../../mockhub/seed";

const CHANGED_AT = new Date("2026-12-06T14:02:31Z");
const NOW = new Date("2026-12-07T03:00:00Z");
let hub: MockHub | undefined;

afterEach(async () => {
  await hub?.close();
  hub = undefined;
  resetHubSessions();
});

async function mock(profile: "default" | "webex" = "default"): Promise<MockHub> {
  hub = await startMockHub({ port: 0, seed: "demo", profile, now: () => CHANGED_AT });
  return hub;
}

const session = (h: MockHub, email: string): HubSession =>
  hubSession({ endpoint: h.url, token: h.tokens[email] ?? "" });
const USER3 = { id: demoPersonId("user3@partner.example"), email: "user3@partner.example" };

/** second@ gives user3 full_admin directly on the Hub (PUT /people, or SCIM under the webex profile). */
async function secondGivesFullAdmin(h: MockHub): Promise<void> {
  const second = session(h, "second@partner.example");
  await second.updatePerson(USER3.id, (fresh) => ({ roles: [...fresh.roles, "full_admin"] }));
}

const auditReads = (h: MockHub): number => h.stats().byRoute["GET /v1/adminAudit/events"] ?? 0;

describe("the author of a drifted role", () => {
  it.each(["default", "webex"] as const)("names the admin who made it and when (%s profile)", async (profile) => {
    const h = await mock(profile);
    await secondGivesFullAdmin(h);
    const admin = session(h, "admin@partner.example");
    const trail = await auditTrail(admin, DEMO_PARTNER_ORG_ID, { now: NOW });
    const found = attribute(trail, { kind: "roles", person: USER3, values: ["full_admin"] });
    expect(found.author).toMatchObject({ email: "second@partner.example", at: CHANGED_AT.toISOString() });
    expect(found.text).toBe("changed in Control Hub by second@partner.example at 2026-12-06 14:02 UTC");
  });

  it("reads the trail once per org and session, however many resources ask", async () => {
    const h = await mock();
    await secondGivesFullAdmin(h);
    h.resetStats();
    const admin = session(h, "admin@partner.example");
    await Promise.all([1, 2, 3].map(() => auditTrail(admin, DEMO_PARTNER_ORG_ID, { now: NOW })));
    await auditTrail(admin, DEMO_PARTNER_ORG_ID, { now: NOW });
    expect(auditReads(h)).toBe(1);
  });

  it("says the author is unknown when no event in the window names the change", async () => {
    const h = await mock();
    const trail = await auditTrail(session(h, "admin@partner.example"), DEMO_PARTNER_ORG_ID, { now: NOW, days: 7 });
    const found = attribute(trail, { kind: "roles", person: USER3, values: ["full_admin"] });
    expect(found).toEqual({ text: "author unknown (no audit event in the last 7 days)" });
  });

  it("a token that may not read the trail gets the drift without an author, and the reason once", async () => {
    const h = await mock();
    const user = session(h, "user1@partner.example");
    const trail = await auditTrail(user, DEMO_PARTNER_ORG_ID, { now: NOW });
    expect(trail.ok).toBe(false);
    expect(attribute(trail, { kind: "roles", person: USER3, values: [] }).text).toBe(
      "author unknown (the audit trail could not be read)",
    );
    expect(auditNoticeOnce(user, trail)).toMatch(/^drift is shown without its author: .*403/);
    expect(auditNoticeOnce(user, trail)).toBeUndefined();
  });
});

const event = (id: string, created: string, data: WireAuditEvent["data"]): WireAuditEvent => ({
  id,
  created,
  actorId: `actor-${id}`,
  actorOrgId: "org",
  data: { actorEmail: `${id}@x.example`, ...data },
});

describe("matching an event to the change (documented fields only)", () => {
  const onUser3 = { targetId: USER3.id, eventCategory: "USERS" };
  const roles = (values: string[] = [], person: { id?: string; email: string } = USER3) => ({
    kind: "roles" as const,
    person,
    values,
  });
  const day = (d: number): string => `2026-12-0${d}T00:00:00Z`;
  type Case = [string, WireAuditEvent[], Parameters<typeof authorOf>[1], string | undefined];
  const cases: Case[] = [
    ["the latest event on the person", [event("a", day(1), onUser3), event("b", day(2), onUser3)], roles(), "b"],
    [
      "by targetName when there is no targetId",
      [event("a", day(1), { targetName: "USER3@partner.example", eventCategory: "EventCategory.USERS" })],
      roles([], { email: USER3.email }),
      "a",
    ],
    [
      "an older event naming the value before a later one that does not",
      [
        event("a", day(1), { ...onUser3, actionText: "gave full_admin" }),
        event("b", day(2), { ...onUser3, actionText: "changed the title" }),
      ],
      roles(["full_admin"]),
      "a",
    ],
    ["never a failed operation", [event("a", day(1), { ...onUser3, errorCode: "WXC-1" })], roles(), undefined],
    [
      "never another person",
      [event("a", day(1), { targetId: "someone-else", targetName: "x@y", eventCategory: "USERS" })],
      roles(),
      undefined,
    ],
    [
      "customers from partner-admin events, not user updates",
      [event("a", day(2), onUser3), event("b", day(1), { targetId: USER3.id, eventCategory: "PARTNER_ADMINS" })],
      { kind: "customers", person: USER3, values: [] },
      "b",
    ],
  ];
  it.each(cases)("%s", (_name, events, change, expected) => {
    expect(authorOf(events, change)?.email).toBe(expected && `${expected}@x.example`);
  });
});

describe("the bounded read", () => {
  it("stops at the page bound, narrowing to the recent half of the window once the first half fills", async () => {
    const queries: Array<{ from: string; offset: number }> = [];
    const client = {
      auditEventsPage: (q: { from: string; offset: number; max: number }) => {
        queries.push({ from: q.from, offset: q.offset });
        return Promise.resolve({
          events: Array.from({ length: q.max }, (_, i) => event(`e${i}`, NOW.toISOString(), {})),
          more: true,
        });
      },
    };
    const fake = { client } as unknown as HubSession;
    const window = { from: new Date("2026-11-07T03:00:00Z"), to: NOW };
    const trail = await readAuditTrail(fake, "org", window, 4);
    expect(queries.map((q) => [q.from.slice(0, 10), q.offset])).toEqual([
      ["2026-11-07", 0],
      ["2026-11-07", 200],
      ["2026-11-22", 0],
      ["2026-11-22", 200],
    ]);
    expect(trail).toMatchObject({ ok: true, truncated: true });
  });
});
