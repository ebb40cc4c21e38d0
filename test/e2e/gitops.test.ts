/**
 * examples/gitops through the real engine: the partner file is applied, and — the file being
 * authoritative — an admin held in the Hub but absent from the file loses their roles; a partner
 * admin's Webex site roles (`sites:`) are applied and their drift shows in the preview.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes, E2eStack, REPO_ROOT, startHermetic, type Hermetic, type HubApi, type Program } from "./harness";
import { demoCustomerOrgId as cid } from "../../mockhub/seed";

const nodeRequire = createRequire(__filename);
const PROGRAM = join(REPO_ROOT, "dist/examples/gitops/index.js");

const program: Program = async () => {
  delete nodeRequire.cache[nodeRequire.resolve(PROGRAM)];
  const run = nodeRequire(PROGRAM) as () => Promise<Record<string, unknown>>;
  return run();
};

describe("examples/gitops through the Pulumi engine", () => {
  let h: Hermetic;
  let api: HubApi;
  let stack: E2eStack;

  beforeAll(async () => {
    h = await startHermetic();
    api = h.api();
    stack = await E2eStack.create(h, {
      stackName: "gitops",
      projectName: "webexhub-gitops",
      asEmail: "admin@partner.example",
      program,
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("applies partner.yaml and removes the roles of an admin the file leaves out", async () => {
    // Someone granted user5 a role by hand; the file does not list user5.
    await api.setRoles("user5@partner.example", ["helpdesk_basic"]);
    const before = (await api.auditEvents()).length;

    const preview = await stack.preview();
    expect(preview.ok, preview.output).toBe(true);
    expect(preview.output).toContain("admin-user5-partner-example");
    expect((await api.auditEvents()).length).toBe(before);

    const up = await stack.up();
    expect(up.ok, up.output).toBe(true);
    expect(await api.roles("user5@partner.example")).toEqual([]);
    expect(await api.roles("second@partner.example")).toEqual([
      "advanced_troubleshooting",
      "full_admin",
      "partner_full_admin",
    ]);
    expect(await api.roles("pa@partner.example")).toEqual(["partner_admin", "wholesale_admin"]);
    expect(await api.customers("user4@partner.example")).toEqual([cid(4), cid(5)]);
    expect(await api.restrictedMode(cid(1))).toBe(false);

    const again = await stack.preview();
    expect(again.ok, again.output).toBe(true);
    expect(changes(again.changeSummary), again.output).toBe(0);
  });

  it("applies a partner file admin's Webex site role, and shows it drifting when changed in the Hub", async () => {
    const file = join(h.dir, "sites.yaml");
    const base = readFileSync(join(REPO_ROOT, "examples/gitops/partner.yaml"), "utf8");
    const user2 = "  - email: user2@partner.example\n    roles: [helpdesk_basic]\n";
    expect(base).toContain(user2);
    process.env.WEBEXHUB_GITOPS_FILE = file;
    try {
      writeFileSync(file, base.replace(user2, `${user2}    sites: {Partner.webex.com: site_user_admin}\n`));
      const up = await stack.up();
      expect(up.ok, up.output).toBe(true);
      expect(await api.siteRoles("user2@partner.example")).toEqual({ "partner.webex.com": "site_user_admin" });
      expect(await api.roles("user2@partner.example")).toEqual(["helpdesk_basic"]);

      await api.setSiteRoles("user2@partner.example", { "partner.webex.com": "site_admin" });
      const drift = await stack.preview();
      expect(drift.ok, drift.output).toBe(true);
      expect(changes(drift.changeSummary), drift.output).toBe(1);
      expect(drift.output).toContain(
        "sites [partner.webex.com=site_admin] → [partner.webex.com=site_user_admin] (drift: the Hub holds [helpdesk_basic] and sites [partner.webex.com=site_admin]",
      );

      const repaired = await stack.up();
      expect(repaired.ok, repaired.output).toBe(true);
      expect(await api.siteRoles("user2@partner.example")).toEqual({ "partner.webex.com": "site_user_admin" });
      const again = await stack.preview();
      expect(changes(again.changeSummary), again.output).toBe(0);
    } finally {
      delete process.env.WEBEXHUB_GITOPS_FILE;
    }
  });

  it("a listed admin who holds roles the file does not list is a takeover: refused at preview unless the entry says adopt: true", async () => {
    // A new stack over the same Hub: every admin is a create; ro@ holds partner_readonly_admin.
    const file = join(h.dir, "takeover.yaml");
    const base = readFileSync(join(REPO_ROOT, "examples/gitops/partner.yaml"), "utf8");
    const ro = "  - email: ro@partner.example\n    roles: [partner_readonly_admin]\n";
    expect(base).toContain(ro);
    const fresh = await E2eStack.create(h, {
      stackName: "gitops-takeover",
      projectName: "webexhub-gitops",
      asEmail: "admin@partner.example",
      program,
    });
    process.env.WEBEXHUB_GITOPS_FILE = file;
    try {
      writeFileSync(file, base.replace(ro, "  - email: ro@partner.example\n    roles: [partner_admin]\n"));
      const refused = await fresh.preview();
      expect(refused.ok).toBe(false);
      expect(refused.output).toContain("[adopt-required] ro@partner.example already holds partner_readonly_admin");

      writeFileSync(
        file,
        base.replace(ro, "  - email: ro@partner.example\n    roles: [partner_admin]\n    adopt: true\n"),
      );
      const adopted = await fresh.preview();
      expect(adopted.ok, adopted.output).toBe(true);
      expect(adopted.output).toMatch(
        /PartnerAdmin (?:[^<\n]+ <)?ro@partner\.example>?: create \[partner_readonly_admin\] → \[partner_admin\]; TAKEOVER \(adopt\)/,
      );
      expect(adopted.output).toMatch(
        /ro@partner\.example[^\n]*TAKEOVER[^\n]*; \d+ privilege changes?: [^\n]*(loses|gains) /,
      );
    } finally {
      delete process.env.WEBEXHUB_GITOPS_FILE;
    }
  });
});
