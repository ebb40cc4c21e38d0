/**
 * A customer org's platform team through the real Pulumi engine: its own administrators declared
 * as CustomerAdmins (organization roles, Contact Center Service Administrator, Webex site roles),
 * previewed, applied, drift detected after a change on the Hub, a split lockout refused at preview,
 * and `webexhub export` round-tripped through a customer GitOps file that changes nothing.
 *
 * The stacks act as admin@customer01.example (the customer's own full admin), who is not managed
 * by the first stack, so its destroy never strips the token's own privileges.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main";
import type { RoleId, SiteRoleId } from "../../core/rules/catalog";
import { resetHubSessions } from "../../hub/sessions";
import { demoCustomerOrgId, demoPersonId } from "../../mockhub/seed";
import {
  changes,
  E2eStack,
  sdk,
  startHermetic,
  type Hermetic,
  type HubApi,
  type OpResult,
  type Program,
} from "./harness";

const ORG = demoCustomerOrgId(1);
const SITE = "customer01.webex.com";
const TRAINING = "training01.webex.com";
const ME = "admin@customer01.example";
const member = (local: string, roles: RoleId[], siteRoles?: Record<string, SiteRoleId>) => ({
  emails: [`${local}@customer01.example`],
  firstName: local[0]?.toUpperCase() + local.slice(1),
  lastName: "Customer 01",
  orgId: ORG,
  roles,
  ...(siteRoles ? { siteRoles } : {}),
});

interface Admin {
  roles: RoleId[];
  sites?: Record<string, SiteRoleId>;
  adopt?: boolean;
}

function program(admins: Record<string, Admin>): Program {
  return async () => {
    const out: Record<string, unknown> = {};
    for (const [local, a] of Object.entries(admins)) {
      out[local] = new sdk.CustomerAdmin(local, {
        orgId: ORG,
        email: `${local}@customer01.example`,
        roles: a.roles,
        ...(a.sites ? { sites: a.sites } : {}),
        ...(a.adopt ? { adopt: true } : {}),
      }).access;
    }
    return out;
  };
}

const V1: Record<string, Admin> = {
  fia: { roles: ["full_admin"] },
  cara: { roles: ["support_admin", "contact_center_service_admin"], sites: { [SITE]: "site_user_admin" } },
  dan: { roles: ["device_admin"], sites: { [TRAINING]: "site_readonly_admin" } },
  sid: { roles: [], sites: { [SITE]: "site_admin" } },
};

describe("a customer stack through the Pulumi engine", () => {
  let h: Hermetic;
  let stack: E2eStack;
  let api: HubApi;
  const log = (step: string, r: OpResult): void => {
    console.log(
      `e2e customer ${step}: ${r.ok ? "ok" : "failed"} in ${r.seconds.toFixed(1)} s ${JSON.stringify(r.changeSummary)}`,
    );
    if (process.env.E2E_VERBOSE) console.log(r.output);
  };

  beforeAll(async () => {
    h = await startHermetic([
      member("fia", ["full_admin"]),
      member("cara", []),
      member("dan", []),
      member("sid", [], { [SITE]: "site_admin" }),
    ]);
    api = h.api(ME);
    stack = await E2eStack.create(h, { stackName: "customer", asEmail: ME, program: program(V1) });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("previews the customer's admins: creates with their privileges per site, and changes nothing", async () => {
    const r = await stack.preview();
    log("preview (fresh)", r);
    expect(r.ok, r.output).toBe(true);
    // 4 CustomerAdmins, the program's plan, its destroy guard and the stack.
    expect(r.changeSummary.create).toBe(7);
    expect(r.output).toContain(
      `cara@customer01.example> in Customer 01 (${ORG}): create [] → [support_admin, contact_center_service_admin]; sites [] → [${SITE}=site_user_admin]`,
    );
    // The privilege delta as a count and the changes that matter most, on one line.
    expect(r.output).toMatch(/cara@customer01\.example[^\n]*; \d+ privilege changes: gains [^\n]*: none → full/);
    expect(r.output).toMatch(
      new RegExp(
        `dan@customer01\\.example[^\\n]*sites \\[\\] → \\[${TRAINING.replace(/\./g, "\\.")}=site_readonly_admin\\]; \\d+ privilege changes: gains `,
      ),
    );
    expect(await api.auditEvents()).toEqual([]);
  });

  it("up makes the Hub hold the roles and the site roles, applied by the customer's own full admin", async () => {
    const r = await stack.up();
    log("up", r);
    expect(r.ok, r.output).toBe(true);
    expect(await api.roles("cara@customer01.example")).toEqual(["contact_center_service_admin", "support_admin"]);
    expect(await api.siteRoles("cara@customer01.example")).toEqual({ [SITE]: "site_user_admin" });
    expect(await api.roles("dan@customer01.example")).toEqual(["device_admin"]);
    expect(await api.siteRoles("dan@customer01.example")).toEqual({ [TRAINING]: "site_readonly_admin" });
    expect(await api.siteRoles("sid@customer01.example")).toEqual({ [SITE]: "site_admin" });
    const events = await api.auditEvents();
    // fia and sid already held what is declared: nothing written for them.
    expect([...new Set(events.map((e) => e.data.targetId))].sort()).toEqual(
      [demoPersonId("cara@customer01.example"), demoPersonId("dan@customer01.example")].sort(),
    );
    expect(events.every((e) => e.data.actorEmail === ME)).toBe(true);
    const again = await stack.preview();
    expect(again.ok, again.output).toBe(true);
    expect(changes(again.changeSummary), again.output).toBe(0);
  });

  it("webexhub access shows what was applied: Contact Center privileges and the privileges on each Webex site", async () => {
    resetHubSessions();
    let out = "";
    const code = await main(
      ["access", "cara@customer01.example", "--format", "json", "--endpoint", h.hub.url, "--token", stack.token],
      { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => undefined } },
    );
    expect(code).toBe(0);
    const access = JSON.parse(out) as {
      organization: Record<string, string>;
      sites: Record<string, Record<string, string>>;
    };
    expect(access.organization.contact_center).toMatch(/^full/);
    expect(Object.keys(access.sites)).toEqual([SITE]);
    expect(access.sites[SITE]?.site_user_management).toMatch(/^full \(user settings\)/);
    expect(access.sites[SITE]?.site_licenses).toBeUndefined();
  });

  it("detects drift made on the Hub: preview shows it, refresh records it, up restores the declaration", async () => {
    await api.setSiteRoles("cara@customer01.example", { [SITE]: "site_admin" });
    await api.setRoles("dan@customer01.example", ["device_admin", "compliance_officer"]);
    const preview = await stack.preview();
    log("preview (drift)", preview);
    expect(preview.ok, preview.output).toBe(true);
    expect(preview.changeSummary.update).toBe(2);
    expect(preview.output).toMatch(
      /\(drift: the Hub holds \[support_admin, contact_center_service_admin\] and sites \[customer01\.webex\.com=site_admin\], not the last applied \[[a-z_, ]+\]\)/,
    );

    const refresh = await stack.refresh();
    log("refresh", refresh);
    expect(refresh.ok, refresh.output).toBe(true);
    expect(refresh.changeSummary.update).toBe(2);
    const state = JSON.stringify((await stack.exportDecrypted()).deployment);
    expect(state).toContain('"site_admin"');

    const up = await stack.up();
    log("up (restore)", up);
    expect(up.ok, up.output).toBe(true);
    expect(await api.siteRoles("cara@customer01.example")).toEqual({ [SITE]: "site_user_admin" });
    expect(await api.roles("dan@customer01.example")).toEqual(["device_admin"]);
  });

  it("refuses at preview a lockout split across two CustomerAdmins, and writes nothing", async () => {
    const before = (await api.auditEvents()).length;
    stack.setProgram(program({ ...V1, fia: { roles: [] }, admin: { roles: ["support_admin"], adopt: true } }));
    const r = await stack.preview();
    log("preview (split lockout)", r);
    expect(r.ok).toBe(false);
    expect(r.output).toContain("[last-full-admin]");
    expect((await api.auditEvents()).length).toBe(before);
    stack.setProgram(program(V1));
  });

  it("export round trip: the exported customer file, applied by a new stack, changes nothing in the Hub", async () => {
    resetHubSessions();
    let yaml = "";
    const code = await main(["export", "--org", ORG, "--endpoint", h.hub.url, "--token", stack.token], {
      stdout: { write: (t: string) => (yaml += t) },
      stderr: { write: () => undefined },
    });
    expect(code).toBe(0);
    expect(yaml).toContain(`${SITE}: site_user_admin`);
    expect(yaml).toContain(`${TRAINING}: site_readonly_admin`);
    expect(yaml).toContain("contact_center_service_admin");
    const file = join(h.dir, "customer.yaml");
    writeFileSync(file, yaml);

    const gitops = await E2eStack.create(h, {
      stackName: "customer-gitops",
      asEmail: ME,
      program: async () => {
        const declared = sdk.declareGitOpsFile(file, { live: await sdk.loadHubWorld(h.hub.url, stack.token) });
        return { admins: declared.customerAdmins.map((a) => a.email) };
      },
    });
    const before = (await api.auditEvents()).length;
    const preview = await gitops.preview();
    log("preview (exported file)", preview);
    expect(preview.ok, preview.output).toBe(true);
    // Every admin of the org (the token's own person included), the plan, its destroy guard and the stack.
    expect(preview.changeSummary.create).toBe(8);
    expect(preview.output).not.toContain("TAKEOVER");
    const up = await gitops.up();
    log("up (exported file)", up);
    expect(up.ok, up.output).toBe(true);
    expect((await api.auditEvents()).length).toBe(before);
    const again = await gitops.preview();
    expect(changes(again.changeSummary), again.output).toBe(0);
  });

  it("destroy removes the declared roles and site roles, refusing nothing while a full admin remains", async () => {
    const r = await stack.destroy();
    log("destroy", r);
    expect(r.ok, r.output).toBe(true);
    expect(await api.roles("cara@customer01.example")).toEqual([]);
    expect(await api.siteRoles("cara@customer01.example")).toEqual({});
    expect(await api.roles("fia@customer01.example")).toEqual([]);
    expect(await api.roles(ME)).toEqual(["full_admin"]);
  });
});
