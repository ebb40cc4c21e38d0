/**
 * The CLI against the mock Hub's webex profile (only what the Webex Admin API documents): `export`
 * writes what the Hub has and says in a comment what it cannot read, the exported files validate and
 * plan with no change, `access` works, and a file that needs an extension stops with one line.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main";
import { resetHubSessions } from "../../hub/sessions";
import { demoCustomerOrgId } from "../../mockhub/seed";
import type { MockHub } from "../../mockhub/server";
import { startDemoHub, token } from "../mockhub/helpers";

let hub: MockHub;
let stop: () => Promise<void>;
let dir = "";
beforeAll(async () => {
  ({ hub, stop, dir } = await startDemoHub({ profile: "webex" }));
});
afterAll(async () => {
  resetHubSessions();
  await stop();
});

async function run(args: string[], as = "admin@partner.example"): Promise<{ code: number; out: string; err: string }> {
  resetHubSessions();
  let out = "";
  let err = "";
  const code = await main([...args, "--endpoint", hub.url, "--token", token(hub, as)], {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
  });
  return { code, out, err };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("webexhub against the webex profile", () => {
  it("exports a partner org: admins, roles and assigned customers, and a comment for Restricted Administrator Mode", async () => {
    const { code, out, err } = await run(["export"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain(
      "# customers: not exported: this Hub does not offer Restricted Administrator Mode (Webex has no public API for it)",
    );
    expect(out).not.toMatch(/^customers:/m);
    expect(out).toMatch(/- email: admin@partner\.example\n\s+roles:\n\s+- full_admin\n\s+- partner_full_admin/);
    expect(out).toMatch(/- email: pa@partner\.example\n\s+roles:\n\s+- partner_admin\n\s+customers:/);
    const exported = file("partner.yaml", out);
    const validate = await run(["validate", exported]);
    expect(validate.code, validate.out + validate.err).toBe(0);
    const plan = await run(["plan", exported, "--format", "json"]);
    expect(plan.code, plan.out + plan.err).toBe(0);
    const report = JSON.parse(plan.out) as { live: boolean; people: unknown[]; summary: Record<string, number> };
    expect(report).toMatchObject({
      live: true,
      people: [],
      summary: { changes: 0, takeovers: 0, errors: 0, warnings: 0 },
    });
  });

  it("exports a customer org with a comment for its external administrators, and the file validates", async () => {
    const org = demoCustomerOrgId(1);
    const { code, out, err } = await run(["export", "--org", org]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain(
      "# externalAdmins: not exported: this Hub does not offer external administrators (Webex has no public API for it)",
    );
    expect(out).toContain("- email: admin@customer01.example");
    const validate = await run(["validate", file("customer.yaml", out)]);
    expect(validate.code, validate.out + validate.err).toBe(0);
  });

  it("access shows a partner administrator's roles and assigned customers", async () => {
    const { code, out } = await run(["access", "pa@partner.example", "--format", "json"]);
    expect(code).toBe(0);
    const access = JSON.parse(out) as { roles: string[]; unknownRoles: string[] };
    expect(access.roles).toEqual(["partner_admin"]);
    expect(access.unknownRoles).toEqual([]);
  });

  it("a customer file that declares external administrators stops with one line naming the missing API", async () => {
    const path = file(
      "external.yaml",
      `apiVersion: webexhub/v1
customer:
  orgId: ${demoCustomerOrgId(2)}
admins:
  - email: admin@customer02.example
    roles: [full_admin]
externalAdmins:
  - email: second@partner.example
    role: external_full_admin
`,
    );
    const { code, err } = await run(["validate", path]);
    expect(code).toBe(2);
    expect(
      err
        .trim()
        .split("\n")
        .filter((l) => l.includes("external administrators")),
    ).toHaveLength(1);
    expect(err).toContain("Webex has no public API for it");
  });
});
