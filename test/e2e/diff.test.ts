/**
 * `pulumi preview --diff` through the real engine, after a change made behind Pulumi's back: the
 * printed lines name the property and the values (roles as set additions and removals, customers
 * by id and name, drift marked as drift), without `--refresh`, and no input the SDK sets for
 * itself shows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoleId } from "../../core/rules/catalog";
import { demoCustomerOrgId as cid } from "../../mockhub/seed";
import { E2eStack, sdk, startHermetic, type Hermetic, type Program } from "./harness";

const program =
  (roles: RoleId[], customers: string[]): Program =>
  async () => {
    const user1 = new sdk.PartnerAdmin("user1", { email: "user1@partner.example", roles });
    new sdk.CustomerAssignment("user1-customers", { admin: user1, customerOrgIds: customers });
  };

/** The printed lines that hold every one of `parts`. */
const linesWith = (output: string, ...parts: string[]): string[] =>
  output.split("\n").filter((line) => parts.every((p) => line.includes(p)));

describe("pulumi preview --diff", () => {
  let h: Hermetic;
  let stack: E2eStack;

  beforeAll(async () => {
    h = await startHermetic();
    stack = await E2eStack.create(h, {
      stackName: "diff",
      asEmail: "admin@partner.example",
      program: program(["partner_admin"], [cid(4), cid(5)]),
    });
    const up = await stack.up();
    expect(up.ok, up.output).toBe(true);
  });

  afterAll(async () => {
    await h?.close();
  });

  it("shows a declared change by value and drift in the Hub as drift, without --refresh", async () => {
    // Behind Pulumi's back: user1 gains full_admin and loses Customer 05.
    await h.api().setRoles("user1@partner.example", ["partner_admin", "full_admin"]);
    await h.api().unassign(cid(5), "user1@partner.example");
    // And the program now declares sales_admin too, and Customer 06 instead of Customer 04.
    stack.setProgram(program(["partner_admin", "sales_admin"], [cid(5), cid(6)]));
    const preview = await stack.previewDiff();
    expect(preview.ok, preview.output).toBe(true);
    const out = preview.output;
    // Roles: the declared addition, by value.
    expect(linesWith(out, "+ [1]:", '"sales_admin"'), out).toHaveLength(1);
    // Customers: the added one by id and name, the removed one by id and name from the last apply.
    expect(linesWith(out, "+", cid(6), '"Customer 06"'), out).toHaveLength(1);
    expect(linesWith(out, "-", cid(4), '"Customer 04"'), out).toHaveLength(1);
    // Drift: the role gained in the Hub and the customer it lost, named, under `drift`.
    expect(
      out.split("\n").filter((line) => /\+ drift\s*: \{/.test(line)),
      out,
    ).toHaveLength(2);
    // (Keys are padded to the longest in the map: the author beside each, `<property>ChangedBy`.)
    expect(
      linesWith(out, "+ roles ", "the Hub holds full_admin, added outside Pulumi: this update removes it"),
      out,
    ).toHaveLength(1);
    expect(
      linesWith(
        out,
        "+ customerOrgIds ",
        "the Hub no longer holds Customer 05, removed outside Pulumi: this update restores it",
      ),
      out,
    ).toHaveLength(1);
    expect(
      linesWith(
        out,
        "+ rolesChangedBy: ",
        "user1@partner.example gained full_admin — changed in Control Hub by admin@partner.example at ",
      ),
      out,
    ).toHaveLength(1);
    expect(
      linesWith(
        out,
        "+ customerOrgIdsChangedBy: ",
        "user1@partner.example lost Customer 05 — changed in Control Hub by admin@",
      ),
      out,
    ).toHaveLength(1);
    // The webexhub-plan resource the SDK adds shows no digest.
    expect(out).not.toContain("partnerAdmins");
    // Nothing the SDK sets for the provider.
    expect(out).not.toMatch(/planned/i);
  });

  it("refuses a destroy that would lock the partner org out before any delete runs, with a fix a destroy can follow", async () => {
    // The stack now also manages every full admin of the partner org.
    stack.setProgram(async () => {
      new sdk.PartnerAdmin("admin", {
        email: "admin@partner.example",
        roles: ["full_admin", "partner_full_admin"],
        adopt: true,
      });
      new sdk.PartnerAdmin("second", { email: "second@partner.example", roles: ["full_admin"], adopt: true });
      await program(["partner_admin"], [cid(4)])();
    });
    const up = await stack.up();
    expect(up.ok, up.output).toBe(true);
    const api = h.api();
    const before = {
      events: (await api.auditEvents()).length,
      user1: await api.roles("user1@partner.example"),
      customers: await api.customers("user1@partner.example"),
    };

    const destroy = await stack.destroy();
    expect(destroy.ok, destroy.output).toBe(false);
    expect(destroy.output).toContain(
      "Destroying this stack refused before any delete ran (nothing was removed): [last-full-admin]",
    );
    expect(destroy.output).toContain("A destroy cannot hand a role over");
    expect(destroy.output).not.toContain("in the same plan");
    // Nothing reached the Hub: not even the resources a lockout does not concern.
    expect((await api.auditEvents()).length).toBe(before.events);
    expect(await api.roles("user1@partner.example")).toEqual(before.user1);
    expect(await api.customers("user1@partner.example")).toEqual(before.customers);
    expect(await api.roles("second@partner.example")).toEqual(["full_admin"]);
  });
});
