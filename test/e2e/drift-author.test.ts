/**
 * Drift with its author through the real engine: the stack is up; another admin (second@, a token
 * of the demo seed) changes the roles of two managed people directly on the mock Hub; the next
 * `pulumi preview --diff` says, in the drift marking and in the log, that second@ made each change
 * and when — from one read of the partner org's admin audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoleId } from "../../core/rules/catalog";
import { utcMinute } from "../../hub/auditMatch";
import { E2eStack, sdk, startHermetic, type Hermetic, type Program } from "./harness";

const program =
  (user3: RoleId[], user4: RoleId[]): Program =>
  async () => {
    new sdk.PartnerAdmin("user3", { email: "user3@partner.example", roles: user3 });
    new sdk.PartnerAdmin("user4", { email: "user4@partner.example", roles: user4 });
  };

const linesWith = (output: string, ...parts: string[]): string[] =>
  output.split("\n").filter((line) => parts.every((p) => line.includes(p)));

describe("drift with its author", () => {
  let h: Hermetic;
  let stack: E2eStack;

  beforeAll(async () => {
    h = await startHermetic();
    stack = await E2eStack.create(h, {
      stackName: "author",
      asEmail: "admin@partner.example",
      program: program(["helpdesk_basic"], ["helpdesk_basic"]),
    });
    const up = await stack.up();
    expect(up.ok, up.output).toBe(true);
  });

  afterAll(async () => {
    await h?.close();
  });

  it("pulumi preview --diff names the admin who changed a role in the Hub, and when", async () => {
    const second = h.api("second@partner.example");
    await second.setRoles("user3@partner.example", ["helpdesk_basic", "full_admin"]);
    await second.setRoles("user4@partner.example", []);
    const events = (await h.api().auditEvents()).filter((e) => e.data.actorEmail === "second@partner.example");
    const at = (email: string): string => utcMinute(events.find((e) => e.data.targetName === email)?.created ?? "");

    h.hub.resetStats();
    const preview = await stack.previewDiff();
    expect(preview.ok, preview.output).toBe(true);
    const out = preview.output;
    const by3 = `user3@partner.example gained full_admin — changed in Control Hub by second@partner.example at ${at("user3@partner.example")}`;
    const by4 = `user4@partner.example lost helpdesk_basic — changed in Control Hub by second@partner.example at ${at("user4@partner.example")}`;
    // The drift marking of `--diff`, under `drift`, beside what drifted:
    expect(linesWith(out, "+ roles ", "the Hub holds full_admin, added outside Pulumi"), out).toHaveLength(1);
    expect(linesWith(out, "+ rolesChangedBy: ", by3), out).toHaveLength(1);
    expect(linesWith(out, "+ roles ", "the Hub no longer holds helpdesk_basic"), out).toHaveLength(1);
    expect(linesWith(out, "+ rolesChangedBy: ", by4), out).toHaveLength(1);
    // One audit read for the org, however many resources drifted.
    expect(h.hub.stats().byRoute["GET /v1/adminAudit/events"], out).toBe(1);
  });

  it("the preview log says it once per resource", async () => {
    const preview = await stack.preview();
    expect(preview.ok, preview.output).toBe(true);
    const events = (await h.api().auditEvents()).filter((e) => e.data.actorEmail === "second@partner.example");
    const at = utcMinute(events.find((e) => e.data.targetName === "user3@partner.example")?.created ?? "");
    const by3 = `user3@partner.example gained full_admin — changed in Control Hub by second@partner.example at ${at}`;
    const diagnostics = preview.output.split("Diagnostics:")[1] ?? "";
    expect(
      linesWith(diagnostics, `info: [runtime] PartnerAdmin user3@partner.example: drift: ${by3}`),
      preview.output,
    ).toHaveLength(1);
    const by4 =
      "PartnerAdmin user4@partner.example: drift: user4@partner.example lost helpdesk_basic — changed in Control Hub by second@";
    expect(linesWith(diagnostics, by4), preview.output).toHaveLength(1);
  });

  it("a refresh that records the drift says who made it too", async () => {
    const refresh = await stack.refresh();
    expect(refresh.ok, refresh.output).toBe(true);
    const diagnostics = refresh.output.split("Diagnostics:")[1] ?? "";
    const by3 =
      "PartnerAdmin user3@partner.example: drift: user3@partner.example gained full_admin — changed in Control Hub by second@";
    expect(linesWith(diagnostics, by3), refresh.output).toHaveLength(1);
  });
});
