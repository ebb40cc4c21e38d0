/**
 * The handover in which the applier retires itself, through the real Pulumi engine, in one up:
 * applied with admin@partner.example's token, pa@ gets full_admin, second@ loses full_admin and
 * admin@ keeps only partner_full_admin. The Plan answers the order the applier can follow and the
 * PartnerAdmins wait for it: pa@'s grant, second@'s loss, admin@'s own loss last (the order the
 * program declares them in would demote admin@ before second@'s write, which then fails).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoleId } from "../../core/rules/catalog";
import { changes, E2eStack, sdk, startHermetic, type Hermetic, type HubApi, type Program } from "./harness";
import { demoCustomerOrgId as cid, demoPersonId as pid } from "../../mockhub/seed";

function program(admins: Record<string, RoleId[]>): Program {
  return async () => {
    for (const [email, roles] of Object.entries(admins))
      new sdk.PartnerAdmin(email.split("@")[0] as string, { email, roles, adopt: true });
  };
}

describe("a handover in which the applier retires itself, in one up", () => {
  let h: Hermetic;
  let api: HubApi;
  let stack: E2eStack;

  beforeAll(async () => {
    h = await startHermetic();
    api = h.api();
  });
  afterAll(async () => {
    await h?.close();
  });

  it("applies the grant, then the other's loss, then the applier's own loss, and leaves nothing half-applied", async () => {
    stack = await E2eStack.create(h, {
      stackName: "handover",
      asEmail: "admin@partner.example",
      program: program({
        "admin@partner.example": ["full_admin", "partner_full_admin"],
        "second@partner.example": ["full_admin"],
        "pa@partner.example": ["partner_admin"],
      }),
    });
    const first = await stack.up();
    expect(first.ok, first.output).toBe(true);

    // Declared in the order that used to half-apply: the applier's own demotion before second@'s.
    stack.setProgram(
      program({
        "admin@partner.example": ["partner_full_admin"],
        "second@partner.example": [],
        "pa@partner.example": ["full_admin", "partner_admin"],
      }),
    );
    const preview = await stack.preview();
    expect(preview.ok, preview.output).toBe(true);
    const up = await stack.up();
    expect(up.ok, up.output).toBe(true);
    expect(await api.roles("pa@partner.example")).toEqual(["full_admin", "partner_admin"]);
    expect(await api.roles("second@partner.example")).toEqual([]);
    expect(await api.roles("admin@partner.example")).toEqual(["partner_full_admin"]);
    const order = (await api.auditEvents())
      .filter((e) => e.data.eventDescription === "User updated")
      .slice(-3)
      .map((e) => e.data.targetId);
    expect(order).toEqual([pid("pa@partner.example"), pid("second@partner.example"), pid("admin@partner.example")]);
    const again = await stack.preview();
    expect(changes(again.changeSummary), again.output).toBe(0);
  });

  it("the applier gives its own role up only after the program's other writes that need it", async () => {
    // admin@ now holds only partner_full_admin and gives it up in the same program that assigns a
    // customer to pa@, which takes partner_full_admin: the assignment must be made first.
    stack.setProgram(async () => {
      new sdk.PartnerAdmin("admin", { email: "admin@partner.example", roles: [], adopt: true });
      new sdk.PartnerAdmin("pa", { email: "pa@partner.example", roles: ["full_admin", "partner_admin"] });
      new sdk.CustomerAssignment("pa-customers", {
        adminEmail: "pa@partner.example",
        customerOrgIds: [1, 2, 3, 4].map(cid),
      });
    });
    const up = await stack.up();
    expect(up.ok, up.output).toBe(true);
    // admin@ holds no role now: read the Hub as pa@, its full admin.
    const asPa = h.api("pa@partner.example");
    expect(await asPa.roles("admin@partner.example")).toEqual([]);
    const events = (await asPa.auditEvents()).map((e) => `${e.data.eventDescription} ${e.data.targetId}`);
    const assigned = events.indexOf(`Partner administrator assigned ${pid("pa@partner.example")}`);
    const retired = events.lastIndexOf(`User updated ${pid("admin@partner.example")}`);
    expect(assigned).toBeGreaterThanOrEqual(0);
    expect(retired).toBeGreaterThan(assigned);
  });
});
