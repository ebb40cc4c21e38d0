/**
 * examples/gitops through the real engine: the partner file is applied, and — the file being
 * authoritative — an admin held in the Hub but absent from the file loses their roles.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changes, E2eStack, REPO_ROOT, startHermetic, type Hermetic, type HubApi, type Program } from "./harness";

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
    stack = await E2eStack.create(h, { stackName: "gitops", projectName: "webexhub-gitops", asEmail: "admin@partner.example", program });
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
    expect(await api.roles("second@partner.example")).toEqual(["advanced_troubleshooting", "full_admin", "partner_full_admin"]);
    expect(await api.roles("pa@partner.example")).toEqual(["partner_admin", "wholesale_admin"]);
    expect(await api.customers("user4@partner.example")).toEqual(["org-customer-04", "org-customer-05"]);
    expect(await api.restrictedMode("org-customer-01")).toBe(false);

    const again = await stack.preview();
    expect(again.ok, again.output).toBe(true);
    expect(changes(again.changeSummary), again.output).toBe(0);
  });
});
