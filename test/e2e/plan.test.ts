/**
 * The whole program is judged, through the real Pulumi engine: a lockout split across two resources
 * fails at preview and an up of it changes nothing; a handover of the last full admin works in one
 * up; a rule the preview can know (the declared roles of an assignment's admin) fails the preview,
 * not the apply; nobody raises their own privileges.
 *
 * The stack acts as admin@partner.example (full_admin + partner_full_admin), like the demo.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoleId } from "../../core/rules/catalog";
import { changes, E2eStack, sdk, startHermetic, type Hermetic, type HubApi, type Program } from "./harness";
import { demoCustomerOrgId as cid, demoPersonId as pid } from "../../mockhub/seed";

type Admins = Record<string, RoleId[]>;

function program(admins: Admins, extra?: () => void): Program {
  return async () => {
    for (const [email, roles] of Object.entries(admins))
      new sdk.PartnerAdmin(email.split("@")[0] as string, { email, roles });
    extra?.();
  };
}

describe("plan-wide rules through the Pulumi engine", () => {
  let h: Hermetic;
  let api: HubApi;
  let stack: E2eStack;
  const events = async (): Promise<number> => (await api.auditEvents()).length;

  beforeAll(async () => {
    h = await startHermetic();
    api = h.api();
    stack = await E2eStack.create(h, {
      stackName: "plan",
      asEmail: "admin@partner.example",
      program: program({
        "admin@partner.example": ["full_admin", "partner_full_admin"],
        "second@partner.example": ["full_admin"],
      }),
    });
    const up = await stack.up();
    expect(up.ok, up.output).toBe(true);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("a lockout split across two resources fails at preview, and an up of it changes nothing", async () => {
    // Each resource alone leaves the other full admin; together they leave nobody.
    stack.setProgram(program({ "admin@partner.example": ["partner_full_admin"], "second@partner.example": [] }));
    const before = await events();
    const preview = await stack.preview();
    expect(preview.ok).toBe(false);
    expect(preview.output).toContain("[last-full-admin]");
    const up = await stack.up();
    expect(up.ok).toBe(false);
    expect(up.output).toContain("[last-full-admin]");
    expect(await events()).toBe(before);
    expect(await api.roles("admin@partner.example")).toEqual(["full_admin", "partner_full_admin"]);
    expect(await api.roles("second@partner.example")).toEqual(["full_admin"]);
  });

  it("deleting the resources of both full admins fails at preview too (Pulumi plans deletes without the provider)", async () => {
    stack.setProgram(program({}, () => new sdk.RestrictedMode("r", { orgId: cid(9), enabled: true })));
    const before = await events();
    const preview = await stack.preview();
    expect(preview.ok).toBe(false);
    expect(preview.output).toContain("[last-full-admin]");
    expect(preview.output).toContain("removed from the program");
    expect(await events()).toBe(before);
  });

  it("hands the last full admin over in one up: the grant is applied before the removal", async () => {
    // second@ steps down first, so admin@ is the last full admin.
    stack.setProgram(
      program({ "admin@partner.example": ["full_admin", "partner_full_admin"], "second@partner.example": [] }),
    );
    const prepare = await stack.up();
    expect(prepare.ok, prepare.output).toBe(true);

    // One resource alone would lock the org out; the plan leaves user1 as its full admin.
    stack.setProgram(
      program({
        "admin@partner.example": ["partner_full_admin"],
        "second@partner.example": [],
        "user1@partner.example": ["full_admin"],
      }),
    );
    const preview = await stack.preview();
    expect(preview.ok, preview.output).toBe(true);
    const up = await stack.up();
    expect(up.ok, up.output).toBe(true);
    expect(await api.roles("user1@partner.example")).toEqual(["full_admin"]);
    expect(await api.roles("admin@partner.example")).toEqual(["partner_full_admin"]);
    const order = (await api.auditEvents())
      .filter((e) => e.data.eventDescription === "User updated")
      .slice(-2)
      .map((e) => e.data.targetId);
    expect(order).toEqual([pid("user1@partner.example"), pid("admin@partner.example")]);
    const again = await stack.preview();
    expect(changes(again.changeSummary), again.output).toBe(0);
  });

  it("an assignment's admin is judged on the roles the program declares, at preview, before anything is created", async () => {
    // user1 is now the only full admin; this program runs with user1's token.
    const asUser1 = await E2eStack.create(h, {
      stackName: "plan-user1",
      asEmail: "user1@partner.example",
      program: program({}),
    });
    asUser1.setProgram(async () => {
      const bob = new sdk.PartnerAdmin("bob", { email: "user2@partner.example", roles: ["helpdesk_basic"] });
      new sdk.CustomerAssignment("bob-customers", { admin: bob, customerOrgIds: [cid(10)] });
    });
    const before = await events();
    const preview = await asUser1.preview();
    expect(preview.ok).toBe(false);
    expect(preview.output).toContain("[assignment-target-role]");
    const up = await asUser1.up();
    expect(up.ok).toBe(false);
    expect(await events()).toBe(before);
    expect(await api.roles("user2@partner.example")).toEqual([]);
  });

  it("nobody raises their own privileges: a partner full admin giving themselves full_admin fails at preview", async () => {
    const self = await E2eStack.create(h, {
      stackName: "plan-self",
      asEmail: "admin@partner.example",
      program: program({ "admin@partner.example": ["full_admin", "partner_full_admin"] }),
    });
    const before = await events();
    const preview = await self.preview();
    expect(preview.ok).toBe(false);
    expect(preview.output).toContain("[actor-lacks-privilege]");
    expect(preview.output).toContain("nobody raises their own privileges");
    expect(await events()).toBe(before);
  });

  it("a Plan whose registration fails fails the preview at once, naming the cause, instead of hanging", async () => {
    // A plain-JS program can hand over a value Pulumi cannot serialize; it reaches the Plan's digest,
    // so the Plan cannot register. Every other resource waits for the Plan, and Pulumi never settles a
    // dependency whose registration failed before the engine saw it: without the fix this preview
    // never returns. The guard is only there to turn that hang into a failure.
    const unreadable = {
      get value(): string {
        throw new Error("the org id is not readable");
      },
    };
    stack.setProgram(async () => {
      new sdk.PartnerAdmin("admin", { email: "admin@partner.example", roles: ["full_admin", "partner_full_admin"] });
      new sdk.RestrictedMode("r", { orgId: unreadable as never, enabled: true });
    });
    const before = await events();
    const hang = new Promise<"hung">((resolve) => {
      const timer = setTimeout(() => resolve("hung"), 120_000);
      timer.unref();
    });
    const preview = await Promise.race([stack.preview(), hang]);
    expect(preview, "the preview hung").not.toBe("hung");
    if (preview === "hung") return;
    expect(preview.ok).toBe(false);
    // One line naming the resource and the cause, no stack trace.
    expect(preview.output).toMatch(
      /error: webexhub-plan: resource "r" cannot be judged[^\n]*: the org id is not readable\n/,
    );
    expect(preview.output).not.toMatch(/\n\s+at /);
    expect(await events()).toBe(before);
  });

  it("a resource declared after an await is named in a warning, and a plan refused without it changes nothing", async () => {
    // After the handover above: user1 is the only full admin. Declared late, user1 is not in the
    // plan, which then counts user1's full_admin as leaving: refused, and nothing is written.
    stack.setProgram(async () => {
      new sdk.PartnerAdmin("admin", { email: "admin@partner.example", roles: ["partner_full_admin"] });
      new sdk.PartnerAdmin("second", { email: "second@partner.example", roles: [] });
      await new Promise((resolve) => setTimeout(resolve, 20)); // I/O between declarations
      new sdk.PartnerAdmin("user1", { email: "user1@partner.example", roles: ["full_admin", "helpdesk_basic"] });
    });
    const before = await events();
    const up = await stack.up();
    expect(up.ok).toBe(false);
    expect(up.output).toContain('PartnerAdmin "user1" is declared after an await');
    expect(up.output).toContain("[last-full-admin]");
    expect(await events()).toBe(before);
    expect(await api.roles("user1@partner.example")).toEqual(["full_admin"]);
  });
});
