/** The CLI commands that talk to a Hub: validate --endpoint, export, access — against the mock Hub. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { resetHubSessions } from "../../hub/sessions";
import { personUpdateFrom } from "../../hub/client";
import type { WirePerson } from "../../api/wire";
import {
  DEMO_PARTNER_ORG_ID as PARTNER,
  DEMO_MSP_ORG_ID as MSP,
  demoCustomerOrgId as cid,
  demoPersonId,
} from "../../mockhub/seed";

let hub: MockHub;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "webexhub-cli-"));
  hub = await startMockHub({ port: 0, seed: "demo", tokensPath: join(dir, "tokens.json") });
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  resetHubSessions(); // each CLI run is its own process
  let out = "";
  let err = "";
  const code = await main(argv, {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
  });
  return { code, out, err };
}

const token = (email: string): string => hub.tokens[email] ?? "";
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("webexhub validate with a Hub", () => {
  it("fires the live rules the file alone cannot decide, with paths into the file", async () => {
    const path = file(
      "live.yaml",
      `apiVersion: webexhub/v1
partner:
  orgId: ${PARTNER}
  wholesale: true
admins:
  - email: admin@partner.example
    roles: [full_admin, partner_full_admin]
  - email: second@partner.example
    roles: [full_admin]
  - email: pa@partner.example
    roles: [partner_admin]
    customers: [${cid(1)}, ${MSP}]
  - email: nobody@partner.example
    roles: [partner_admin]
`,
    );
    const offline = await run("validate", path, "--format", "json");
    expect(offline.code).toBe(0);
    const live = await run(
      "validate",
      path,
      "--format",
      "json",
      "--endpoint",
      hub.url,
      "--token",
      token("admin@partner.example"),
    );
    expect(live.code).toBe(1);
    const report = JSON.parse(live.out) as { ok: boolean; violations: Array<{ code: string; path: string }> };
    expect(report.ok).toBe(false);
    expect(report.violations.map((v) => [v.code, v.path]).sort()).toEqual([
      ["customer-not-managed", "admins[2].customers[1]"],
      ["unknown-user", "admins[3].email"],
    ]);
  });

  it("goes live with WEBEXHUB_ENDPOINT and WEBEXHUB_TOKEN alone, says so, and --offline keeps it offline", async () => {
    const path = file(
      "env.yaml",
      `apiVersion: webexhub/v1\npartner: {orgId: ${PARTNER}, wholesale: true}\nadmins:\n  - {email: admin@partner.example, roles: [full_admin, partner_full_admin]}\n  - {email: nobody@partner.example, roles: [partner_admin]}\n`,
    );
    const saved = { endpoint: process.env.WEBEXHUB_ENDPOINT, token: process.env.WEBEXHUB_TOKEN };
    process.env.WEBEXHUB_ENDPOINT = hub.url;
    process.env.WEBEXHUB_TOKEN = token("admin@partner.example");
    try {
      const live = await run("validate", path);
      expect(live.code).toBe(1);
      expect(live.err).toBe(`against the Hub at ${hub.url}\n`);
      expect(live.out).toContain("unknown-user at admins[1].email");
      const offline = await run("validate", path, "--offline");
      expect(offline.code).toBe(0);
      expect(offline.err).toMatch(/^offline: /);
    } finally {
      for (const [key, value] of [
        ["WEBEXHUB_ENDPOINT", saved.endpoint],
        ["WEBEXHUB_TOKEN", saved.token],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it("checks the actor: a read-only partner admin's token cannot apply the file", async () => {
    const path = file(
      "actor.yaml",
      `apiVersion: webexhub/v1
partner: {orgId: ${PARTNER}, wholesale: true}
admins:
  - {email: admin@partner.example, roles: [full_admin, partner_full_admin]}
  - {email: second@partner.example, roles: [full_admin]}
  - {email: user1@partner.example, roles: [helpdesk_basic]}
`,
    );
    const { code, out } = await run("validate", path, "--endpoint", hub.url, "--token", token("ro@partner.example"));
    expect(code).toBe(1);
    expect(out).toContain("actor-lacks-privilege at admins[2].roles");
  });

  it("reads the token from WEBEXHUB_TOKEN and names the missing one", async () => {
    const path = file(
      "ok.yaml",
      `apiVersion: webexhub/v1\ncustomer: {orgId: ${cid(3)}}\nadmins:\n  - {email: admin@customer03.example, roles: [full_admin]}\n`,
    );
    delete process.env.WEBEXHUB_TOKEN;
    const missing = await run("validate", path, "--endpoint", hub.url);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("a Hub endpoint is set but no token");
    process.env.WEBEXHUB_TOKEN = token("admin@customer03.example");
    try {
      const { code, out } = await run("validate", path, "--endpoint", hub.url);
      expect(code).toBe(0);
      expect(out).toContain("warning single-full-admin");
      expect(out).not.toContain(token("admin@customer03.example"));
    } finally {
      delete process.env.WEBEXHUB_TOKEN;
    }
  });

  it("reports a bad token as a clear error, without the token", async () => {
    const path = file("ok2.yaml", `apiVersion: webexhub/v1\ncustomer: {orgId: ${cid(3)}}\nadmins: []\n`);
    const { code, err } = await run("validate", path, "--endpoint", hub.url, "--token", "wrong-token-123");
    expect(code).toBe(2);
    expect(err).toMatch(/401/);
    expect(err).not.toContain("wrong-token-123");
  });
});

describe("webexhub export", () => {
  it("writes the live partner admins as a partner file that validates against the same Hub", async () => {
    const { code, out } = await run("export", "--endpoint", hub.url, "--token", token("admin@partner.example"));
    expect(code).toBe(0);
    expect(out).toContain(`orgId: ${PARTNER}`);
    expect(out).toContain("pa@partner.example");
    // Opaque ids come with the org's name, for whoever reviews the file.
    expect(out).toContain(`- ${cid(1)} # Customer 01\n`);
    expect(out).toContain(`orgId: ${PARTNER} # Demo Partner\n`);
    expect(out.split("\n")[0]).toBe(
      "# yaml-language-server: $schema=./node_modules/pulumi-webexhub/schema/partner-file.schema.json",
    );
    const path = file("exported.yaml", out);
    const check = await run(
      "validate",
      path,
      "--format",
      "json",
      "--endpoint",
      hub.url,
      "--token",
      token("admin@partner.example"),
    );
    expect(JSON.parse(check.out)).toMatchObject({ ok: true });
  });

  it("writes a partner-org member's Webex site roles as sites:, in a file that validates against the same Hub", async () => {
    const headers = { authorization: `Bearer ${token("admin@partner.example")}`, "content-type": "application/json" };
    const setSites = async (siteRoles: Record<string, string>): Promise<void> => {
      const list = (await (await fetch(`${hub.url}/v1/people?email=user2%40partner.example`, { headers })).json()) as {
        items: WirePerson[];
      };
      const person = list.items[0] as WirePerson;
      const put = await fetch(`${hub.url}/v1/people/${person.id}`, {
        method: "PUT",
        headers,
        body: JSON.stringify({ ...personUpdateFrom(person), siteRoles }),
      });
      expect(put.status).toBe(200);
    };
    await setSites({ "partner.webex.com": "site_user_admin" });
    try {
      const { code, out } = await run("export", "--endpoint", hub.url, "--token", token("admin@partner.example"));
      expect(code).toBe(0);
      expect(out).toMatch(
        /- email: user2@partner\.example\n {4}roles:.*\n(?: {6}- .*\n)* {4}sites:\n {6}partner\.webex\.com: site_user_admin\n/,
      );
      const check = await run(
        "validate",
        file("exported-sites.yaml", out),
        "--format",
        "json",
        "--endpoint",
        hub.url,
        "--token",
        token("admin@partner.example"),
      );
      expect(JSON.parse(check.out)).toMatchObject({ ok: true });
    } finally {
      await setSites({});
    }
  });

  it("writes a customer org as a customer file, and the administrators CSV", async () => {
    const yaml = await run(
      "export",
      "--org",
      cid(5),
      "--endpoint",
      hub.url,
      "--token",
      token("admin@customer05.example"),
    );
    expect(yaml.out).toContain(`customer:\n  orgId: ${cid(5)}`);
    // Editors pick the schema of the right kind from the first line.
    expect(yaml.out.split("\n")[0]).toBe(
      "# yaml-language-server: $schema=./node_modules/pulumi-webexhub/schema/customer-file.schema.json",
    );
    const csv = await run(
      "export",
      "--format",
      "csv",
      "--endpoint",
      hub.url,
      "--token",
      token("admin@partner.example"),
    );
    const lines = csv.out.trim().split("\r\n");
    expect(lines[0]).toBe("First Name,Last Name,Display Name,User ID/Email,Admin Role");
    expect(lines).toContain("Pat,Partner,Pat Partner,pa@partner.example,Partner administrator");
  });

  it("refuses a bad format and an unknown org, naming the flag", async () => {
    expect(
      (await run("export", "--format", "xml", "--endpoint", hub.url, "--token", token("admin@partner.example"))).err,
    ).toContain("--format must be yaml or csv");
    expect(
      (await run("export", "--org", "org-nope", "--endpoint", hub.url, "--token", token("admin@partner.example"))).err,
    ).toContain("--org org-nope");
  });
});

describe("webexhub validate of a customer file with a partner administrator's token", () => {
  const customerFile = (n: string): string =>
    file(
      `customer${n}.yaml`,
      `apiVersion: webexhub/v1
customer:
  orgId: ${cid(Number(n))}
admins:
  - email: admin@customer${n}.example
    roles: [full_admin, compliance_officer]
`,
    );

  it("lets a partner admin assign roles in a customer assigned to them, and refuses it elsewhere", async () => {
    const assigned = await run(
      "validate",
      customerFile("01"),
      "--format",
      "json",
      "--endpoint",
      hub.url,
      "--token",
      token("pa@partner.example"),
    );
    expect(JSON.parse(assigned.out).violations.filter((v: { severity: string }) => v.severity === "error")).toEqual([]);
    const other = await run(
      "validate",
      customerFile("04"),
      "--format",
      "json",
      "--endpoint",
      hub.url,
      "--token",
      token("pa@partner.example"),
    );
    expect(other.code).toBe(1);
    expect(
      JSON.parse(other.out).violations.map((v: { code: string; path: string }) => [v.code, v.path]),
    ).toContainEqual(["actor-lacks-privilege", "admins[0].roles"]);
  });
});

describe("webexhub access", () => {
  it("prints a partner admin's effective access: assigned customers, no user management (2023)", async () => {
    const { code, out } = await run(
      "access",
      "pa@partner.example",
      "--format",
      "json",
      "--endpoint",
      hub.url,
      "--token",
      token("admin@partner.example"),
    );
    expect(code).toBe(0);
    const access = JSON.parse(out) as {
      customers: { list: string; assigned: string[]; privileges: Record<string, string> };
    };
    expect(access.customers.list).toBe("assigned");
    expect(access.customers.assigned).toEqual([cid(1), cid(2), cid(3)]);
    expect(access.customers.privileges.add_delete_users_licenses).toBeUndefined();
    expect(access.customers.privileges.troubleshooting).toBe("full");
  });

  it("shows what Restricted Administrator Mode withholds from a customer admin", async () => {
    const { out } = await run(
      "access",
      "admin@customer07.example",
      "--endpoint",
      hub.url,
      "--token",
      token("admin@partner.example"),
    );
    expect(out).toContain("withheld by Restricted Administrator Mode");
    expect(out).toMatch(/add_delete_users_licenses\s+read \(Restricted Administrator Mode\)/);
  });

  it("shows the Contact Center access an external admin's grant gives, with the Contact Center Service Administrator role", async () => {
    const { HubClient } = await import("../../hub/client");
    const customer = new HubClient({ endpoint: hub.url, token: token("admin@customer08.example") });
    await customer.putExternalAdmin(cid(8), demoPersonId("helper@msp.example"), {
      role: "external_readonly_admin",
      contactCenterServiceAdmin: true,
    });
    const json = await run(
      "access",
      "helper@msp.example",
      "--format",
      "json",
      "--org",
      cid(8),
      "--endpoint",
      hub.url,
      "--token",
      token("admin@customer08.example"),
    );
    const access = JSON.parse(json.out) as {
      external: Array<{ orgId: string; contactCenterServiceAdmin: boolean; privileges: Record<string, string> }>;
    };
    expect(access.external).toHaveLength(1);
    expect(access.external[0]).toMatchObject({ orgId: cid(8), contactCenterServiceAdmin: true });
    expect(access.external[0]?.privileges.contact_center).toMatch(
      /^full \(all administrative activities of a customer full administrator, except adding or revoking/,
    );
    expect(access.external[0]?.privileges.user_management).toBe("read");
    const text = await run(
      "access",
      "helper@msp.example",
      "--org",
      cid(8),
      "--endpoint",
      hub.url,
      "--token",
      token("admin@customer08.example"),
    );
    expect(text.out).toContain(
      `As external_readonly_admin and Contact Center Service Administrator in Customer 08 (${cid(8)}):`,
    );
    await customer.putExternalAdmin(cid(8), demoPersonId("helper@msp.example"), {
      role: "external_readonly_admin",
      contactCenterServiceAdmin: false,
    });
    const without = JSON.parse(
      (
        await run(
          "access",
          "helper@msp.example",
          "--format",
          "json",
          "--org",
          cid(8),
          "--endpoint",
          hub.url,
          "--token",
          token("admin@customer08.example"),
        )
      ).out,
    ) as typeof access;
    expect(without.external[0]?.privileges.contact_center).toMatch(/^read/);
  });

  it("exits 1 for an unknown person", async () => {
    expect(
      (await run("access", "ghost@nowhere.example", "--endpoint", hub.url, "--token", token("admin@partner.example")))
        .code,
    ).toBe(1);
  });
});
