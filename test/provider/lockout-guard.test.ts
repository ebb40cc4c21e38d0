/**
 * The lockout guard of a write that takes full administration from someone, against a Hub whose
 * own rule guard is off: the fresh read before the write refuses when a concurrent change already
 * left nobody else; a concurrent change that lands between that read and the write is seen after
 * it, and the write is undone. Writes that remove no full administration read
 * nothing more (the request budget).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { demoCustomerOrgId, demoPersonId } from "../../mockhub/seed";
import { HubClient, type FetchLike } from "../../hub/client";
import { HubSession } from "../../hub/session";
import type { RoleId } from "../../core/rules/catalog";
import { LockoutError, updatePersonSafely } from "../../provider/lockoutGuard";
import { writeDemoStateWith } from "../helpers/demoWorld";

const ORG = demoCustomerOrgId(1);
const FIRST = "admin@customer01.example";
const SECOND = "second@customer01.example";
const PARTNER = "admin@partner.example"; // a partner_full_admin: administers the customer, keeps its rights

let hub: MockHub;
let dir: string;

beforeAll(async () => {
  vi.spyOn(pulumi.log, "warn").mockResolvedValue();
  dir = mkdtempSync(join(tmpdir(), "webexhub-guard-"));
  const statePath = join(dir, "state.json");
  writeDemoStateWith(statePath, [
    { emails: [SECOND], firstName: "Second", lastName: "Admin", orgId: ORG, roles: ["full_admin"] },
  ]);
  hub = await startMockHub({ port: 0, statePath, ruleGuard: false, tokensPath: join(dir, "tokens.json") });
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

const rolesOf = (email: string): readonly RoleId[] =>
  hub.snapshot().people.find((p) => p.id === demoPersonId(email))?.roles ?? [];

/** A session of the partner's token; `fetch` may act behind its back. */
function session(fetch?: FetchLike, requests?: string[]): HubSession {
  return new HubSession(
    new HubClient({
      endpoint: hub.url,
      token: hub.tokens[PARTNER] ?? "",
      ...(fetch ? { fetch } : {}),
      onRequest: (method, url) =>
        requests?.push(`${method} ${decodeURIComponent(new URL(url).pathname + new URL(url).search)}`),
    }),
  );
}

/** Sets a person's roles behind the session's back. */
async function setRoles(email: string, roles: RoleId[]): Promise<void> {
  await session().updatePerson(demoPersonId(email), () => ({ roles }));
}

async function live(s: HubSession) {
  return { hub: s, world: await s.world({ externalAdminsOf: [ORG] }) };
}

const stepDown = (w: Awaited<ReturnType<typeof live>>) =>
  updatePersonSafely(
    w,
    { id: ORG, customer: true },
    demoPersonId(FIRST),
    () => ({ roles: ["readonly_admin"] }),
    true,
    `Changing the roles of ${FIRST}`,
  );

beforeEach(async () => {
  await setRoles(FIRST, ["full_admin"]);
  await setRoles(SECOND, ["full_admin"]);
});

describe("a write that takes full_admin from someone", () => {
  it("refuses before writing when a change since the run read the Hub left nobody else, naming it", async () => {
    const s = session();
    const w = await live(s);
    await setRoles(SECOND, ["readonly_admin"]); // another stack, after this run's preview
    const error = await stepDown(w).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockoutError);
    expect((error as LockoutError).code).toBe("last-full-admin");
    expect((error as LockoutError).unchanged).toBe(true);
    expect((error as Error).message).toContain(`${SECOND} (full_admin) lost that role since this run read the Hub`);
    expect((error as Error).message).toContain("Nothing was written");
    expect(rolesOf(FIRST)).toEqual(["full_admin"]);
  });

  it("when a concurrent change lands between its check and its write, undoes itself and names the change", async () => {
    let raced = false;
    const racing: FetchLike = async (url, init) => {
      // The other stack's removal reaches the Hub just before this write does.
      if (!raced && init.method === "PATCH") {
        raced = true;
        await setRoles(SECOND, ["readonly_admin"]);
      }
      return fetch(url, init);
    };
    const s = session(racing);
    const error = await stepDown(await live(s)).catch((e: unknown) => e);
    expect(raced).toBe(true);
    expect(error).toBeInstanceOf(LockoutError);
    expect((error as Error).message).toContain(
      `${FIRST} lost full_admin, ${SECOND} (full_admin) lost full administration too`,
    );
    expect((error as Error).message).toContain(`This write was undone: ${FIRST} holds full_admin again`);
    expect((error as LockoutError).unchanged).toBe(true);
    expect(rolesOf(FIRST)).toEqual(["full_admin"]);
    expect(rolesOf(SECOND)).toEqual(["readonly_admin"]);
  });

  it("goes through when someone else still administers the org, with one fresh read before and one after", async () => {
    const requests: string[] = [];
    const s = session(undefined, requests);
    const w = await live(s);
    requests.length = 0;
    await stepDown(w);
    expect(rolesOf(FIRST)).toEqual(["readonly_admin"]);
    const reads = requests.filter((r) => r.startsWith("GET /v1/people?") || r.includes("/externalAdmins"));
    expect(reads).toHaveLength(4); // full admins and external admins, before and after
  });

  // Webex has no list of a customer's external administrators: the guard cannot count them there.
  const notFound = { status: 404, headers: { "content-type": "application/json" } };
  const noExternalsList: FetchLike = async (url, init) =>
    new URL(url).pathname.endsWith("/externalAdmins")
      ? new Response(JSON.stringify({ message: "Not Found" }), notFound)
      : fetch(url, init);

  it.each([
    { hub: "lists the external administrators", fetch: undefined, refused: true },
    { hub: "does not list the external administrators", fetch: noExternalsList, refused: false },
  ])("with nobody else in sight, when the Hub $hub: refused only when that is all there is", async (c) => {
    await setRoles(SECOND, ["readonly_admin"]); // before the run reads the Hub: no concurrent change
    const warn = vi.mocked(pulumi.log.warn);
    warn.mockClear();
    const requests: string[] = [];
    const s = session(c.fetch, requests);
    // As the provider reads a customer org: its external administrators where the Hub lists them.
    const w = { hub: s, world: await s.world({ externalAdminsIfOffered: [ORG] }) };
    requests.length = 0;
    const result = await stepDown(w).catch((e: unknown) => e);
    // A Hub that already answered it has no such list is not asked again before (or after) the write.
    const externalReads = requests.filter((r) => r.includes("/externalAdmins"));
    expect(externalReads).toHaveLength(c.refused ? 1 : 0);
    if (c.refused) {
      expect(result).toBeInstanceOf(LockoutError);
      expect((result as Error).message).toContain("nobody else holds full administration there now");
      expect(rolesOf(FIRST)).toEqual(["full_admin"]);
      return;
    }
    // An external full administrator it cannot see may administer the org: no lockout guessed, and said.
    expect(result).not.toBeInstanceOf(Error);
    expect(rolesOf(FIRST)).toEqual(["readonly_admin"]);
    const warned = warn.mock.calls.map(([message]) => String(message));
    expect(warned).toEqual([expect.stringContaining(`this Hub does not list the external administrators of ${ORG}`)]);
    expect(warned[0]).toContain("not refused on a guess");
  });

  it("where external administrators are not listed, a concurrent removal is said, not undone on a guess", async () => {
    let raced = false;
    const racing: FetchLike = async (url, init) => {
      if (!raced && init.method === "PATCH") {
        raced = true;
        await setRoles(SECOND, ["readonly_admin"]);
      }
      return noExternalsList(url, init);
    };
    const warn = vi.mocked(pulumi.log.warn);
    warn.mockClear();
    const s = session(racing);
    await stepDown({ hub: s, world: await s.world({ externalAdminsIfOffered: [ORG] }) });
    expect(raced).toBe(true);
    expect(rolesOf(FIRST)).toEqual(["readonly_admin"]);
    const warned = warn.mock.calls.map(([message]) => String(message));
    expect(warned).toEqual([expect.stringContaining(`${SECOND} (full_admin) lost full administration`)]);
    expect(warned[0]).toContain(`this Hub does not list the external administrators of ${ORG}`);
  });

  it("a write that removes no full administration reads nothing more", async () => {
    const requests: string[] = [];
    const s = session(undefined, requests);
    const w = await live(s);
    requests.length = 0;
    await updatePersonSafely(
      w,
      { id: ORG, customer: true },
      demoPersonId(FIRST),
      () => ({ roles: ["full_admin", "compliance_officer"] }),
      false,
      "grant",
    );
    expect(requests.map((r) => r.split("?")[0])).toEqual([
      `GET /v1/people/${demoPersonId(FIRST)}`,
      expect.stringMatching(/^PATCH /),
    ]);
  });
});
