/**
 * The provider's drift author: a readable trail adds `<property>ChangedBy` beside each drifted
 * property and logs it; a trail the token may not read (403) or a Hub without the API leaves the
 * drift as it was, with ONE warning for the whole run, however many resources drifted.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { WireAuditEvent } from "../../api";
import type { HubSession } from "../../hub";
import { AuditMemo } from "../../hub/audit";
import { HubForbiddenError, HubNotFoundError } from "../../hub/errors";
import { withAuthors } from "../../provider/driftAuthor";

const log = vi.hoisted(() => ({ warn: [] as string[], info: [] as string[] }));
vi.mock("../../provider/log", () => ({
  logWarn: (m: string) => log.warn.push(m),
  logInfo: (m: string) => log.info.push(m),
  logDebug: () => undefined,
}));

beforeEach(() => {
  log.warn.length = 0;
  log.info.length = 0;
});

const EVENT: WireAuditEvent = {
  id: "e1",
  created: "2026-12-06T14:02:31.000Z",
  actorId: "second-id",
  actorOrgId: "org",
  data: {
    actorEmail: "second@partner.example",
    targetId: "u3",
    targetName: "user3@partner.example",
    eventCategory: "USERS",
  },
};

/** A session whose audit read answers `page` (or fails with it), counting the reads. */
function session(page: () => Promise<{ events: WireAuditEvent[]; more: boolean }>): {
  hub: HubSession;
  reads: () => number;
} {
  let reads = 0;
  const client = { auditEventsPage: () => (reads++, page()) };
  return { hub: { client, audit: new AuditMemo() } as unknown as HubSession, reads: () => reads };
}

const note = { drift: { roles: "the Hub holds full_admin, added outside Pulumi: this update removes it" } };
const facts = { roles: { kind: "roles" as const, gained: ["full_admin"], lost: [] } };
const subject = (email: string, personId: string) => ({
  label: `PartnerAdmin ${email}`,
  email,
  personId,
  orgId: "org",
});

describe("withAuthors", () => {
  it("adds who and when beside the drifted property, and says it in the log", async () => {
    const { hub } = session(() => Promise.resolve({ events: [EVENT], more: false }));
    const authored = await withAuthors(hub, subject("user3@partner.example", "u3"), note, facts);
    const by =
      "user3@partner.example gained full_admin — changed in Control Hub by second@partner.example at 2026-12-06 14:02 UTC";
    expect(authored).toEqual({ drift: { ...note.drift, rolesChangedBy: by } });
    expect(log.info).toEqual([`PartnerAdmin user3@partner.example: drift: ${by}`]);
  });

  it.each([
    ["403", new HubForbiddenError({ method: "GET", url: "/adminAudit/events", status: 403 }), /403/],
    [
      "404",
      new HubNotFoundError({ method: "GET", url: "/adminAudit/events", status: 404 }),
      /does not offer GET \/adminAudit\/events/,
    ],
  ])(
    "a trail that answers %s: the drift without an author, one warning for every resource",
    async (_s, error, reason) => {
      const { hub, reads } = session(() => Promise.reject(error));
      const results = await Promise.all(
        ["user3", "user4", "user5"].map((u) => withAuthors(hub, subject(`${u}@partner.example`, u), note, facts)),
      );
      expect(results).toEqual([note, note, note]);
      expect(log.warn).toHaveLength(1);
      expect(log.warn[0]).toMatch(reason);
      expect(log.info).toEqual([]);
      expect(reads()).toBe(1);
    },
  );

  it("no drift: no audit read at all", async () => {
    const { hub, reads } = session(() => Promise.resolve({ events: [], more: false }));
    expect(await withAuthors(hub, subject("user3@partner.example", "u3"), {}, facts)).toEqual({});
    expect(reads()).toBe(0);
  });
});
