/**
 * The org policy through the real Pulumi engine: a stack naming webexhub:policyFile fails its
 * preview when the program gives a third full admin where the policy allows two, with the code
 * org-policy and the policy's line, and an up of it changes nothing; a handover within the limit
 * applies (the Plan judged the whole program; its grant comes before the removal it makes room for).
 *
 * The stack acts as admin@partner.example; the demo partner has two full admins (admin, second).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoleId } from "../../core/rules/catalog";
import { E2eStack, sdk, startHermetic, type Hermetic, type HubApi, type Program } from "./harness";

const program =
  (admins: Record<string, RoleId[]>): Program =>
  async () => {
    for (const [email, roles] of Object.entries(admins))
      new sdk.PartnerAdmin(email.split("@")[0] as string, { email, roles, adopt: true });
  };

describe("the org policy at pulumi preview", () => {
  let h: Hermetic;
  let api: HubApi;
  let stack: E2eStack;
  let policy: string;

  beforeAll(async () => {
    h = await startHermetic();
    api = h.api();
    policy = join(h.dir, "webexhub-policy.yaml");
    writeFileSync(
      policy,
      "apiVersion: webexhub/v1\nkind: OrgPolicy\nroles:\n  - role: full_admin\n    maxHolders: 2\n",
    );
    stack = await E2eStack.create(h, { stackName: "policy", asEmail: "admin@partner.example", program: program({}) });
    await stack.stack.setConfig("webexhub:policyFile", { value: policy });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("refuses a third full admin with org-policy naming the policy's line; an up changes nothing", async () => {
    stack.setProgram(program({ "second@partner.example": ["full_admin"], "user1@partner.example": ["full_admin"] }));
    const before = (await api.auditEvents()).length;
    const preview = await stack.preview();
    expect(preview.ok).toBe(false);
    expect(preview.output).toContain("[org-policy]");
    expect(preview.output).toContain(`${policy}:5 (maxHolders full_admin: 2): this change leaves`);
    const up = await stack.up();
    expect(up.ok).toBe(false);
    expect(up.output).toContain("[org-policy]");
    expect((await api.auditEvents()).length).toBe(before);
    expect(await api.roles("user1@partner.example")).not.toContain("full_admin");
  });

  it("applies a handover within the limit, though its grant briefly makes three", async () => {
    stack.setProgram(program({ "second@partner.example": [], "user1@partner.example": ["full_admin"] }));
    const preview = await stack.preview();
    expect(preview.ok, preview.output).toBe(true);
    expect(preview.output).not.toContain("[org-policy]");
    const up = await stack.up();
    expect(up.ok, up.output).toBe(true);
    expect(await api.roles("user1@partner.example")).toEqual(["full_admin"]);
    expect(await api.roles("second@partner.example")).toEqual([]);
  });
});
