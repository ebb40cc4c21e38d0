/**
 * declareGitOpsFile hands a partner file admin's `sites:` to their PartnerAdmin (and into the
 * program's plan), leaves the site roles of an admin listed without `sites:` unmanaged, and — with
 * the live Hub — takes the site roles away from a partner-org member the file leaves out.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { World } from "../../core";

const registered = new Map<string, { type: string; inputs: Record<string, unknown> }>();
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.set(args.name, { type: args.type, inputs: args.inputs as Record<string, unknown> });
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: () => ({}),
  },
  "webexhub-test",
  "gitops",
  true,
);

const PARTNER = "org-partner";
const FILE = `apiVersion: webexhub/v1
partner:
  orgId: ${PARTNER}
admins:
  - email: admin@partner.example
    roles: [full_admin, partner_full_admin]
    sites: {Partner.webex.com: site_admin}
  - email: second@partner.example
    roles: [full_admin]
`;

const world: World = {
  partnerOrgId: PARTNER,
  orgs: [{ id: PARTNER, kind: "partner", displayName: "Partner" } as World["orgs"][number]],
  people: [
    { id: "p1", email: "admin@partner.example", orgId: PARTNER, roles: ["full_admin", "partner_full_admin"] },
    { id: "p2", email: "second@partner.example", orgId: PARTNER, roles: ["full_admin"] },
    {
      id: "p3",
      email: "sitesonly@partner.example",
      orgId: PARTNER,
      roles: [],
      siteRoles: { "partner.webex.com": "site_readonly_admin" },
    },
  ],
  assignments: {},
  externalAdmins: [],
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "webexhub-gitops-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Lets the mocked engine take every registration (the plan's digest waits a turn of the event loop). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe("declareGitOpsFile: a partner file's site roles", () => {
  it("applies sites: through the PartnerAdmin and the plan, without a warning; an omitted member loses theirs", async () => {
    const { declareGitOpsFile } = await import("../../sdk/gitops");
    const path = join(dir, "partner.yaml");
    writeFileSync(path, FILE);
    const warn = vi.spyOn(pulumi.log, "warn");
    const resources = declareGitOpsFile(path, { live: world });
    await settle();
    expect(resources.partnerAdmins.map((a) => a.urn)).toHaveLength(3);
    expect(warn).not.toHaveBeenCalled();

    expect(registered.get("admin-admin-partner-example")?.inputs).toMatchObject({
      email: "admin@partner.example",
      sites: { "Partner.webex.com": "site_admin" },
    });
    // Listed without sites: the file does not manage their site roles.
    expect(registered.get("admin-second-partner-example")?.inputs).not.toHaveProperty("sites");
    // Held site roles only, and not in the authoritative file: declared with none, adopted.
    expect(registered.get("admin-sitesonly-partner-example")?.inputs).toMatchObject({
      roles: [],
      sites: {},
      adopt: true,
    });

    const plan = registered.get("webexhub-plan")?.inputs.__plan as { partnerAdmins: Array<Record<string, unknown>> };
    expect(plan.partnerAdmins).toEqual([
      {
        name: "admin-admin-partner-example",
        email: "admin@partner.example",
        roles: ["full_admin", "partner_full_admin"],
        sites: { "Partner.webex.com": "site_admin" },
      },
      { name: "admin-second-partner-example", email: "second@partner.example", roles: ["full_admin"] },
      { name: "admin-sitesonly-partner-example", email: "sitesonly@partner.example", roles: [], sites: {} },
    ]);
  });
});
