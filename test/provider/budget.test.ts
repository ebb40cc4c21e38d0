/**
 * Reads are bulk and cached, so a preview of N resources costs at most ~1.1·N Hub
 * requests; and read-modify-write of one person never loses an update.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemoState, DEMO_PARTNER_ORG_ID, demoCustomerOrgId, demoPersonId } from "../../mockhub/seed";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { resetHubSessions } from "../../hub/sessions";
import { createProvider as customerAssignmentProvider } from "../../provider/resources/customerAssignment";
import { createProvider as partnerAdminProvider } from "../../provider/resources/partnerAdmin";
import { createProvider as restrictedModeProvider } from "../../provider/resources/restrictedMode";
import { ProviderContext } from "../../provider/context";

const settings = new Map<string, string>();
const config = { get: (key: string) => settings.get(key) };
const partnerAdmin = partnerAdminProvider(config);
const assignment = customerAssignmentProvider(config);
const restricted = restrictedModeProvider(config);
const session = (): ReturnType<ProviderContext["hub"]> => new ProviderContext(config).hub();

const PARTNER_ADMINS = 150;
const bulkId = (i: number): string => demoPersonId(`bulk${i}@partner.example`);
const CUSTOMERS = 80;

let hub: MockHub;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "webexhub-budget-"));
  const state = buildDemoState(new Date(), () => `mock_${Math.random().toString(36).slice(2)}`);
  const created = new Date().toISOString();
  for (let n = 21; n <= CUSTOMERS; n++) {
    state.orgs.push({
      id: demoCustomerOrgId(n),
      displayName: `Customer ${n}`,
      created,
      type: "customer",
      partnerOrgId: DEMO_PARTNER_ORG_ID,
    });
  }
  for (let i = 0; i < PARTNER_ADMINS; i++) {
    const id = bulkId(i);
    state.people.push({
      id,
      emails: [`bulk${i}@partner.example`],
      displayName: `Bulk ${i}`,
      orgId: DEMO_PARTNER_ORG_ID,
      roles: ["partner_admin"],
      created,
      lastModified: created,
      loginEnabled: true,
      licenses: ["L"],
      title: "Admin",
    });
    state.assignments[id] = [demoCustomerOrgId((i % CUSTOMERS) + 1)];
  }
  const statePath = join(dir, "state.json");
  writeFileSync(statePath, JSON.stringify(state));
  hub = await startMockHub({ port: 0, statePath, tokensPath: join(dir, "tokens.json") });
  const token =
    Object.entries(state.tokens).find(([, personId]) => personId === demoPersonId("admin@partner.example"))?.[0] ?? "";
  settings.set("webexhub:endpoint", hub.url);
  settings.set("webexhub:token", token);
  settings.set("webexhub:partnerOrgId", DEMO_PARTNER_ORG_ID);
});

afterAll(async () => {
  settings.clear();
  resetHubSessions();
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("request budget of a preview", () => {
  it("stays under 1.1 requests per resource for a stack of 290 existing resources", async () => {
    resetHubSessions(); // a preview is a fresh provider process
    hub.resetStats();
    const steps: Array<Promise<unknown>> = [];
    // The engine runs check (and diff for existing resources) for every resource, in parallel.
    for (let i = 0; i < PARTNER_ADMINS; i++) {
      const inputs = { email: `bulk${i}@partner.example`, roles: ["partner_admin" as const] };
      const olds = {
        ...inputs,
        personId: bulkId(i),
        orgId: DEMO_PARTNER_ORG_ID,
        displayName: "",
        access: { organization: {}, customers: { list: "assigned" as const, privileges: {} }, withheld: [] },
        unknownRoles: [],
      };
      steps.push(partnerAdmin.check(inputs, inputs).then(() => partnerAdmin.diff(bulkId(i), olds, inputs)));
    }
    for (let i = 0; i < 60; i++) {
      const inputs = {
        adminEmail: `bulk${i}@partner.example`,
        customerOrgIds: [demoCustomerOrgId((i % CUSTOMERS) + 1)],
      };
      const olds = { ...inputs, personId: bulkId(i), adminRoles: ["partner_admin"], count: 1 };
      steps.push(assignment.check(inputs, inputs).then(() => assignment.diff(bulkId(i), olds, inputs)));
    }
    for (let n = 1; n <= CUSTOMERS; n++) {
      const inputs = { orgId: demoCustomerOrgId(n), enabled: true };
      steps.push(
        restricted.check(inputs, inputs).then(() => restricted.diff(inputs.orgId, { ...inputs, withheld: [] }, inputs)),
      );
    }
    const results = await Promise.allSettled(steps);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const resources = PARTNER_ADMINS + 60 + CUSTOMERS;
    const requests = hub.stats().total;
    expect(resources).toBeGreaterThanOrEqual(200);
    expect(requests).toBeLessThanOrEqual(Math.ceil(1.1 * resources));
    // The bulk reads happen once, not once per resource (and no customer's people are listed).
    expect(hub.stats().byRoute["GET /v1/people"]).toBe(1);
    expect(hub.stats().byRoute["GET /v1/roles"]).toBe(1);
    expect(hub.stats().byRoute["GET /v1/people/me"]).toBe(1);
  });
});

describe("concurrent read-modify-write of one person", () => {
  it("applies all of 20 concurrent changes (PUT replaces the whole person)", async () => {
    resetHubSessions();
    const hubSession = session();
    const user5 = demoPersonId("user5@partner.example");
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        hubSession.updatePerson(user5, (fresh) => ({
          siteRoles: { ...fresh.siteRoles, [`site${i}.webex.com`]: "site_readonly_admin" },
        })),
      ),
    );
    const person = await hubSession.client.getPerson(user5);
    expect(Object.keys(person.siteRoles ?? {}).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `site${i}.webex.com`).sort(),
    );
  });
});
