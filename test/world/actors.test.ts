/**
 * The findings of the "right for every actor" review as regression tests, with the demo seed's own
 * people's tokens: the CLI (validate, plan, export) and the providers read one live world, so they
 * agree, and each actor's own file, exported from the Hub and edited, passes with no false error.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { resetHubSessions } from "../../hub/sessions";
import { HubClient } from "../../hub/client";
import { personUpdateFrom } from "../../api/decode";
import { DEMO_PARTNER_ORG_ID as PARTNER, demoCustomerOrgId as cid, demoPersonId } from "../../mockhub/seed";
import { createProvider as partnerAdminProvider } from "../../provider/resources/partnerAdmin";
import { createProvider as externalAdminProvider } from "../../provider/resources/externalAdmin";
import type { ConfigSource } from "../../hub/credentials";

let hub: MockHub;
let dir: string;
const settings = new Map<string, string>();
// Only the endpoint and the token: nothing configured says which org is the partner.
const config: ConfigSource = { get: (key) => settings.get(key) };
const partnerAdmin = partnerAdminProvider(config);
const externalAdmin = externalAdminProvider(config);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "webexhub-actors-"));
  hub = await startMockHub({ port: 0, seed: "demo", tokensPath: join(dir, "tokens.json") });
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

const token = (email: string): string => hub.tokens[email] ?? "";
/** The providers act as this person from now on, in a fresh process (no session carried over). */
function as(email: string): void {
  resetHubSessions();
  settings.set("webexhub:endpoint", hub.url);
  settings.set("webexhub:token", token(email));
}

interface Reported {
  code: string;
  severity: string;
  path: string;
  message: string;
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  resetHubSessions(); // each CLI run is its own process
  let out = "";
  let err = "";
  const code = await main(argv, {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
  });
  return { code, out, err };
}

const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

async function exported(email: string, org?: string): Promise<string> {
  const run = await cli("export", "--endpoint", hub.url, "--token", token(email), ...(org ? ["--org", org] : []));
  expect(run.code, run.err).toBe(0);
  return run.out;
}

/** `validate --format json` with this person's token: the exit code and every violation. */
async function validate(path: string, email: string): Promise<{ code: number; violations: Reported[] }> {
  const run = await cli("validate", path, "--format", "json", "--endpoint", hub.url, "--token", token(email));
  return { code: run.code, violations: (JSON.parse(run.out) as { violations: Reported[] }).violations };
}

async function plan(path: string, email: string): Promise<{ code: number; errors: number }> {
  const run = await cli("plan", path, "--format", "json", "--endpoint", hub.url, "--token", token(email));
  return { code: run.code, errors: (JSON.parse(run.out) as { summary: { errors: number } }).summary.errors };
}

const codes = (violations: readonly Reported[]): string[] =>
  violations.map((v) => `${v.severity} ${v.code} ${v.path}`).sort();

describe("finding 1: a partner org's second full admin is in the partner org", () => {
  it("validates and plans the partner's own exported file with no error, and says what it cannot see", async () => {
    const path = file("partner.yaml", await exported("admin@partner.example"));
    const result = await validate(path, "second@partner.example");
    // This token sees no customer and may not list pa's assigned ones: said once per rule, not guessed.
    expect({ code: result.code, found: codes(result.violations) }).toEqual({
      code: 0,
      found: ["warning not-checked admins[1].customers", "warning not-checked admins[1].customers[0]"],
    });
    const messages = result.violations.map((v) => v.message.split(":")[0] ?? "");
    expect(messages).toContain("actor-lacks-privilege could not be checked for the customers of pa@partner.example");
    expect(
      messages.filter((m) => m.startsWith("customer-not-managed could not be checked for 20 orgs (")),
    ).toHaveLength(1);
    expect(await plan(path, "second@partner.example")).toEqual({ code: 0, errors: 0 });
  });

  it("exports its own org as a partner file, and a grant it may make validates, plans and applies", async () => {
    const own = await exported("second@partner.example");
    expect(own).toContain(`partner:\n  orgId: ${PARTNER}`);
    const edited = own.replace("admins:\n", "admins:\n  - email: user1@partner.example\n    roles: [readonly_admin]\n");
    const path = file("partner-second.yaml", edited);
    const result = await validate(path, "second@partner.example");
    expect(result.violations.filter((v) => v.severity === "error")).toEqual([]);
    expect(await plan(path, "second@partner.example")).toEqual({ code: 0, errors: 0 });

    as("second@partner.example");
    expect(
      (await partnerAdmin.check({}, { email: "admin@partner.example", roles: ["full_admin", "partner_full_admin"] }))
        .failures,
    ).toEqual([]);
    const inputs = { email: "user1@partner.example", roles: ["readonly_admin" as const] };
    expect((await partnerAdmin.check({}, inputs)).failures).toEqual([]);
    const { outs } = await partnerAdmin.create(inputs);
    expect(outs.orgId).toBe(PARTNER);
  });
});

describe("finding 2: a customer's full admin declares external admins the Hub finds by email", () => {
  it("validates, plans and applies its exported file with helper@msp and pa@partner as external admins", async () => {
    const expires = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const own = await exported("admin@customer01.example");
    const edited = `${own}externalAdmins:\n  - email: helper@msp.example\n    role: external_readonly_admin\n    expiresAt: "${expires}"\n  - email: pa@partner.example\n    role: external_full_admin\n`;
    const path = file("customer01.yaml", edited);
    const result = await validate(path, "admin@customer01.example");
    expect({ code: result.code, found: codes(result.violations) }).toEqual({ code: 0, found: [] });
    expect(await plan(path, "admin@customer01.example")).toEqual({ code: 0, errors: 0 });

    as("admin@customer01.example");
    const helper = {
      orgId: cid(1),
      email: "helper@msp.example",
      role: "external_readonly_admin" as const,
      expiresAt: expires,
    };
    expect((await externalAdmin.check({}, helper)).failures).toEqual([]);
    const { outs } = await externalAdmin.create(helper);
    expect(outs.personId).toBe(demoPersonId("helper@msp.example"));
  });
});

describe("finding 3: a Webex site belongs to its org", () => {
  const withSite = async (site: string): Promise<string> =>
    (await exported("admin@partner.example")).replace(
      "admins:\n",
      `admins:\n  - email: user2@partner.example\n    roles: []\n    sites: {${site}: site_admin}\n`,
    );

  it("refuses a customer's site in the partner file at validate, plan and the provider's check", async () => {
    const path = file("partner-site.yaml", await withSite("customer05.webex.com"));
    const result = await validate(path, "admin@partner.example");
    expect(result.code).toBe(1);
    expect(codes(result.violations)).toEqual(['error site-not-in-org admins[0].sites["customer05.webex.com"]']);
    expect(result.violations[0]?.message).toContain('the Webex site customer05.webex.com belongs to "Customer 05"');
    expect((await plan(path, "admin@partner.example")).code).toBe(1);
    as("admin@partner.example");
    const check = await partnerAdmin.check(
      {},
      { email: "user2@partner.example", roles: [], sites: { "customer05.webex.com": "site_admin" } },
    );
    expect(check.failures.map((f) => f.reason.slice(0, 17))).toEqual(["[site-not-in-org]"]);
  });

  it("accepts the partner's own site (the near miss)", async () => {
    const result = await validate(
      file("partner-own-site.yaml", await withSite("partner.webex.com")),
      "admin@partner.example",
    );
    expect({ code: result.code, found: codes(result.violations) }).toEqual({ code: 0, found: [] });
  });

  it("the mock Hub's guard refuses the write the same way", async () => {
    const client = new HubClient({ endpoint: hub.url, token: token("admin@partner.example") });
    const person = await client.getPerson(demoPersonId("user2@partner.example"));
    const put = await fetch(`${hub.url}/v1/people/${person.id}`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${token("admin@partner.example")}`, "Content-Type": "application/json" },
      body: JSON.stringify({ ...personUpdateFrom(person), siteRoles: { "customer05.webex.com": "site_admin" } }),
    });
    const body = (await put.json()) as { errors?: Array<{ code?: string }> };
    expect({ status: put.status, codes: body.errors?.map((e) => e.code) }).toEqual({
      status: 409,
      codes: ["site-not-in-org"],
    });
  });
});

describe("finding 5: an external full admin's token is refused by the rule, not by a read it cannot make", () => {
  it("check says external-admin-chain for helper@msp, external full admin of Customer 07", async () => {
    const admin = new HubClient({ endpoint: hub.url, token: token("admin@customer07.example") });
    await admin.putExternalAdmin(cid(7), demoPersonId("helper@msp.example"), {
      role: "external_full_admin",
      contactCenterServiceAdmin: false,
    });
    as("helper@msp.example");
    const check = await externalAdmin.check(
      {},
      { orgId: cid(7), email: "ro@partner.example", role: "external_readonly_admin" },
    );
    expect(check.failures.map((f) => /^\[([a-z-]+)\]/.exec(f.reason)?.[1])).toEqual(["external-admin-chain"]);
  });
});

describe("finding 6: what a file alone decides", () => {
  const offline = async (text: string): Promise<Reported[]> => {
    const run = await cli("validate", file("offline.yaml", text), "--format", "json", "--offline");
    return (JSON.parse(run.out) as { violations: Reported[] }).violations;
  };
  const partner = `apiVersion: webexhub/v1\npartner: {orgId: ${PARTNER}}\nadmins:\n  - {email: a@partner.example, roles: [full_admin, partner_full_admin]}\n  - {email: b@partner.example, roles: [full_admin, partner_full_admin]}\n`;

  it("a partner file listing the partner's own org as a customer fails customer-not-managed", async () => {
    const text = `${partner}  - {email: c@partner.example, roles: [partner_admin], customers: [${PARTNER}]}\ncustomers:\n  - {orgId: ${PARTNER}, restrictedMode: false}\n`;
    expect(codes(await offline(text))).toEqual([
      "error customer-not-managed admins[2].customers[0]",
      "error customer-not-managed customers[0].orgId",
    ]);
    const near = `${partner}  - {email: c@partner.example, roles: [partner_admin], customers: [${cid(1)}]}\ncustomers:\n  - {orgId: ${cid(1)}, restrictedMode: false}\n`;
    expect(await offline(near)).toEqual([]);
  });

  it("a customer org whose only full administrator is one external full admin warns single-full-admin", async () => {
    const customer = `apiVersion: webexhub/v1\ncustomer: {orgId: ${cid(3)}}\nadmins:\n  - {email: r@customer03.example, roles: [readonly_admin]}\nexternalAdmins:\n  - {email: pa@partner.example, role: external_full_admin}\n`;
    expect(codes(await offline(customer))).toEqual(["warning single-full-admin externalAdmins[0].role"]);
    const near = customer.replace("roles: [readonly_admin]", "roles: [full_admin]");
    expect(await offline(near)).toEqual([]);
  });
});
