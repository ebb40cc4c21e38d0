/**
 * `webexhub history EMAIL` against the real mock Hub over HTTP: a person's admin-role changes made
 * by two admins, newest first with who and when; a bad --since or an unknown email is a clear
 * error; a token that may not read the audit trail is told so and exits non-zero.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSince } from "../../cli/history";
import { UsageError } from "../../cli/io";
import { main } from "../../cli/main";
import { utcMinute } from "../../hub";
import { hubSession, resetHubSessions } from "../../hub/sessions";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { DEMO_PARTNER_ORG_ID, demoPersonId } from "../../mockhub/seed";

let hub: MockHub;
const USER3 = demoPersonId("user3@partner.example");

interface History {
  email: string;
  orgId: string;
  changes: Array<{ at: string; by: { email?: string }; what: string; orgId: string }>;
}

beforeAll(async () => {
  // Each event a minute after the last, two hours ago: the order is the Hub's, not the test's.
  let t = Date.now() - 2 * 3_600_000;
  hub = await startMockHub({ port: 0, seed: "demo", now: () => new Date((t += 60_000)) });
  const as = (email: string) => hubSession({ endpoint: hub.url, token: hub.tokens[email] ?? "" });
  await as("second@partner.example").updatePerson(USER3, (p) => ({ roles: [...p.roles, "full_admin"] }));
  await as("admin@partner.example").updatePerson(USER3, (p) => ({ roles: p.roles.filter((r) => r !== "full_admin") }));
  resetHubSessions();
});
afterAll(async () => {
  await hub.close();
});

async function history(token: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  resetHubSessions();
  let out = "";
  let err = "";
  const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } };
  const code = await main(["history", ...argv, "--endpoint", hub.url, "--token", token], io);
  return { code, out, err };
}

const admin = (): string => hub.tokens["admin@partner.example"] ?? "";

describe("webexhub history", () => {
  it("lists the person's role changes newest first: when, who, what, in which org", async () => {
    const { code, out } = await history(admin(), "user3@partner.example", "--format", "json");
    expect(code).toBe(0);
    const h = JSON.parse(out) as History;
    expect(h.orgId).toBe(DEMO_PARTNER_ORG_ID);
    expect(h.changes.map((c) => [c.by.email, c.what.replace(/^.*\(roles /, "(roles ")])).toEqual([
      ["admin@partner.example", "(roles -full_admin)"],
      ["second@partner.example", "(roles +full_admin)"],
    ]);
    expect(Date.parse(h.changes[0]?.at ?? "")).toBeGreaterThan(Date.parse(h.changes[1]?.at ?? ""));
  });

  it("text: one line per change with the time in UTC", async () => {
    const { out } = await history(admin(), "USER3@partner.example");
    const events = hub.snapshot().audit.filter((a) => a.event.data.targetId === USER3);
    const lines = out.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${utcMinute(events[0]?.event.created ?? "")}  second@partner.example  `);
    expect(lines[1]).toMatch(/\(in Demo Partner\)$/);
  });

  it("a --since after the changes lists none", async () => {
    const later = await history(admin(), "user3@partner.example", "--since", "1h");
    expect(later.code).toBe(0);
    expect(later.out).toMatch(/^no admin-role changes of user3@partner.example since /);
  });

  it("a bad --since exits 2 naming the flag and what it takes", async () => {
    const { code, out, err } = await history(admin(), "user3@partner.example", "--since", "last week");
    expect([code, out]).toEqual([2, ""]);
    expect(err).toContain('--since "last week" is neither a date');
  });

  it("an unknown email exits 1 naming it", async () => {
    const { code, err } = await history(admin(), "nobody@partner.example");
    expect(code).toBe(1);
    expect(err).toContain("no user nobody@partner.example in the Hub");
  });

  it("an --org not in the token's sight exits 1 with the Hub's answer", async () => {
    const { code, err } = await history(
      admin(),
      "user3@partner.example",
      "--org",
      "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9ub3Blbm9wZQ",
    );
    expect(code).toBe(1);
    expect(err).toMatch(
      /cannot read the admin audit events of Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9ub3Blbm9wZQ: the Hub answered 404: /,
    );
  });

  it("a token that may not read the audit trail is told so and exits 1", async () => {
    const { code, err } = await history(hub.tokens["user1@partner.example"] ?? "", "user1@partner.example");
    expect(code).toBe(1);
    expect(err).toMatch(/cannot read the admin audit events of .*403/);
  });
});

describe("--since", () => {
  const now = new Date("2026-12-07T03:00:00Z");
  it.each([
    ["12h", "2026-12-06T15:00:00.000Z"],
    ["30d", "2026-11-07T03:00:00.000Z"],
    ["2w", "2026-11-23T03:00:00.000Z"],
    ["2026-11-01", "2026-11-01T00:00:00.000Z"],
    ["2026-11-01T08:30:00Z", "2026-11-01T08:30:00.000Z"],
    ["2026-11-01T08:30:00+01:00", "2026-11-01T07:30:00.000Z"],
  ])("%s → %s", (text, iso) => {
    expect(parseSince(text, now).toISOString()).toBe(iso);
  });

  it.each([
    ["yesterday", /neither a date .* nor a duration/],
    ["30x", /neither a date/],
    ["2026-13-45", /neither a date/],
    ["2027-01-01", /not in the past/],
    ["2025-01-01", /more than a year ago/],
  ])("%s is refused", (text, message) => {
    expect(() => parseSince(text, now)).toThrow(UsageError);
    expect(() => parseSince(text, now)).toThrow(message);
  });
});
