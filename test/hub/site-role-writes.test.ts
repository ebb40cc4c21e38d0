/**
 * Site roles (a mock Hub extension) are written without the whole-person PUT: another tool's change
 * to the person made while webexhub writes them (a title, here) survives. On a Hub without the
 * extension's own endpoint, the PUT is built from a read made just before it, so a change made
 * since the person was first read survives there too.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { demoPersonId } from "../../mockhub/seed";
import { HubClient, type FetchLike } from "../../hub/client";
import { HubSession } from "../../hub/session";
import { personUpdateFrom } from "../../api";

const ADMIN = "admin@partner.example";
const TARGET = demoPersonId("user1@partner.example");
const SITE = "partner.webex.com";

let hub: MockHub;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "webexhub-sites-"));
  hub = await startMockHub({ port: 0, seed: "demo", tokensPath: join(dir, "tokens.json") });
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

const client = (fetch?: FetchLike): HubClient =>
  new HubClient({ endpoint: hub.url, token: hub.tokens[ADMIN] ?? "", ...(fetch ? { fetch } : {}) });

/** Another tool renames the person with a GET-then-PUT of its own. */
async function otherToolSetsTitle(title: string): Promise<void> {
  const other = client();
  const person = await other.getPerson(TARGET, { callingData: true });
  await other.putPerson(TARGET, { ...personUpdateFrom(person), title });
}

const held = () => hub.snapshot().people.find((p) => p.id === TARGET);

describe.each([
  { hub: "with the site-roles endpoint", narrow: true },
  { hub: "without it (the person's PUT)", narrow: false },
])("site roles written $hub", ({ narrow }) => {
  it.each([
    ["site_admin", { [SITE]: "site_admin" }],
    ["none", {}],
  ] as const)("another tool's title change made during the write survives (sites: %s)", async (_name, sites) => {
    const title = `Title ${Math.random().toString(36).slice(2)}`;
    const sent: string[] = [];
    let raced = false;
    const racing: FetchLike = async (url, init) => {
      const path = new URL(url).pathname;
      sent.push(`${init.method} ${path.replace(TARGET, "{id}")}`);
      if (path.endsWith("/siteRoles")) {
        if (!raced) {
          raced = true;
          await otherToolSetsTitle(title); // after webexhub read the person, before its write lands
        }
        if (!narrow) return new Response(JSON.stringify({ message: "not found", errors: [] }), { status: 404 });
      }
      return fetch(url, init);
    };
    const session = new HubSession(client(racing));
    await session.updatePerson(TARGET, () => ({ siteRoles: { ...sites } }));
    expect(raced).toBe(true);
    expect(held()?.title).toBe(title);
    expect(held()?.siteRoles ?? {}).toEqual(sites);
    expect(sent.filter((s) => s.startsWith("PUT"))).toEqual(
      narrow ? ["PUT /v1/people/{id}/siteRoles"] : ["PUT /v1/people/{id}/siteRoles", "PUT /v1/people/{id}"],
    );
  });
});
