/**
 * The providers through the real Pulumi engine: preview, up, drift and refresh, rule
 * failures, deletes, the lockout guard, destroy, and no token in state or logs. One stack, one
 * mock Hub, steps in order (each builds on the Hub the previous one left).
 *
 * The stack acts as admin@partner.example (full_admin + partner_full_admin) and does not manage
 * that person, so a destroy never strips the token's own privileges half-way.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Deployment } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WireAuditEvent } from "../../api/wire";
import type { RoleId } from "../../core/rules/catalog";
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
import { demoCustomerOrgId as cid } from "../../mockhub/seed";

/** Pulumi's marker of a secret value in a deployment. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** Files under `dir` whose bytes contain `text`. */
function filesContaining(dir: string, text: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => readFileSync(file).includes(text));
}

interface Declared {
  second?: RoleId[];
  user1?: RoleId[];
  user3?: RoleId[];
  /** Customers of user1 (a CustomerAssignment); absent: not declared. */
  user1Customers?: string[];
  restricted04?: boolean;
  /** Extra resources a step adds. */
  extra?: () => void;
}

const V1: Declared = {
  second: ["full_admin"],
  user1: ["partner_admin"],
  user3: ["support_admin"],
  user1Customers: [cid(4), cid(5), cid(6)],
  restricted04: false,
};

function program(d: Declared): Program {
  return async () => {
    const out: Record<string, unknown> = {};
    if (d.second)
      out.second = new sdk.PartnerAdmin("second", { email: "second@partner.example", roles: d.second }).access;
    if (d.user3) new sdk.PartnerAdmin("user3", { email: "user3@partner.example", roles: d.user3 });
    if (d.user1) {
      const user1 = new sdk.PartnerAdmin("user1", { email: "user1@partner.example", roles: d.user1 });
      if (d.user1Customers)
        out.user1Customers = new sdk.CustomerAssignment("user1-customers", {
          admin: user1,
          customerOrgIds: d.user1Customers,
        }).count;
    }
    if (d.restricted04 !== undefined)
      out.restricted04 = new sdk.RestrictedMode("restricted-04", { orgId: cid(4), enabled: d.restricted04 }).withheld;
    d.extra?.();
    return out;
  };
}

describe("the Pulumi engine against the mock Hub", () => {
  let h: Hermetic;
  let stack: E2eStack;
  let api: HubApi;
  /** The state while the stack holds every resource. */
  let stateAfterUp = "";
  let decryptedAfterUp: Deployment | undefined;
  const events = async (): Promise<WireAuditEvent[]> => api.auditEvents();
  // E2E_VERBOSE=1 prints what the CLI printed at each step.
  const log = (step: string, r: OpResult): void => {
    console.log(
      `e2e ${step}: ${r.ok ? "ok" : "failed"} in ${r.seconds.toFixed(1)} s ${JSON.stringify(r.changeSummary)}`,
    );
    if (process.env.E2E_VERBOSE) console.log(r.output);
  };

  beforeAll(async () => {
    h = await startHermetic();
    api = h.api();
    stack = await E2eStack.create(h, { stackName: "e2e", asEmail: "admin@partner.example", program: program(V1) });
  });

  afterAll(async () => {
    await h?.close();
  });

  it("previews a fresh stack: shows the creates and changes nothing in the Hub", async () => {
    const r = await stack.preview();
    log("preview (fresh)", r);
    expect(r.ok, r.output).toBe(true);
    // 5 resources, the program's plan, its destroy guard and the stack itself.
    expect(r.changeSummary.create).toBe(8);
    expect(await events()).toEqual([]);
  });

  it("up makes the Hub match the program", async () => {
    const r = await stack.up();
    log("up", r);
    expect(r.ok, r.output).toBe(true);
    expect(r.changeSummary.create).toBe(8);
    expect(await api.roles("second@partner.example")).toEqual(["full_admin"]);
    expect(await api.roles("user1@partner.example")).toEqual(["partner_admin"]);
    expect(await api.roles("user3@partner.example")).toEqual(["support_admin"]);
    expect(await api.customers("user1@partner.example")).toEqual(V1.user1Customers);
    expect(await api.restrictedMode(cid(4))).toBe(false);
    const actions = (await events()).map((e) => e.data.eventDescription).sort();
    expect(actions).toEqual([
      "Partner administrator assigned",
      "Partner administrator assigned",
      "Partner administrator assigned",
      "Restricted Administrator Mode changed",
      "User updated",
      "User updated",
    ]);
    expect((await events()).every((e) => e.data.actorEmail === "admin@partner.example")).toBe(true);
    stateAfterUp = stack.exportState();
    decryptedAfterUp = await stack.exportDecrypted();
  });

  it("a second preview shows no changes", async () => {
    const r = await stack.preview();
    log("preview (converged)", r);
    expect(r.ok, r.output).toBe(true);
    expect(changes(r.changeSummary)).toBe(0);
  });

  it("shows a change made behind Pulumi's back in preview; refresh then up restores the declared state", async () => {
    await api.setRoles("second@partner.example", ["full_admin", "compliance_officer"]);
    await api.unassign(cid(5), "user1@partner.example");
    await api.setRestrictedMode(cid(4), true);
    const before = (await events()).length;

    const preview = await stack.preview();
    log("preview (drift)", preview);
    expect(preview.ok, preview.output).toBe(true);
    expect(preview.changeSummary.update).toBe(3);
    // The providers say what the Hub holds now and what the update will do.
    // People by name beside their email, orgs by name beside their id.
    expect(preview.output).toMatch(
      /PartnerAdmin (?:[^<\n]+ <)?second@partner\.example>?: \[full_admin, compliance_officer\] → \[full_admin\] \(drift/,
    );
    // Webex org ids are base64url: safe inside a regular expression as they are.
    expect(preview.output).toMatch(
      new RegExp(
        `CustomerAssignment (?:[^<\\n]+ <)?user1@partner\\.example>?: \\+1 customer\\(s\\) \\[Customer 05 \\(${cid(5)}\\)\\]`,
      ),
    );
    expect(preview.output).toMatch(new RegExp(`RestrictedMode Customer 04 \\(${cid(4)}\\): on → off \\(drift`));
    expect(await events()).toHaveLength(before);

    const refresh = await stack.refresh();
    log("refresh", refresh);
    expect(refresh.ok, refresh.output).toBe(true);
    expect(refresh.changeSummary.update).toBe(3);
    expect(await events()).toHaveLength(before);

    const up = await stack.up();
    log("up (restore)", up);
    expect(up.ok, up.output).toBe(true);
    expect(up.changeSummary.update).toBe(3);
    expect(await api.roles("second@partner.example")).toEqual(["full_admin"]);
    expect(await api.customers("user1@partner.example")).toEqual(V1.user1Customers);
    expect(await api.restrictedMode(cid(4))).toBe(false);

    const again = await stack.preview();
    expect(again.ok, again.output).toBe(true);
    expect(changes(again.changeSummary)).toBe(0);
  });

  it("a program that breaks a rule fails preview with the rule code and changes nothing", async () => {
    const before = (await events()).length;

    // A new resource: the engine calls only check.
    stack.setProgram(
      program({
        ...V1,
        extra: () =>
          new sdk.PartnerAdmin("user2", {
            email: "user2@partner.example",
            roles: ["partner_admin", "partner_readonly_admin"],
          }),
      }),
    );
    const create = await stack.preview();
    log("preview (rule, create)", create);
    expect(create.ok).toBe(false);
    expect(create.output).toContain("exclusive-roles");

    // An update of an existing resource: diff against the live Hub.
    stack.setProgram(program({ ...V1, user1: ["partner_admin", "partner_full_admin"] }));
    const update = await stack.preview();
    log("preview (rule, update)", update);
    expect(update.ok).toBe(false);
    expect(update.output).toContain("exclusive-roles");

    // up fails the same way, before anything is applied.
    const up = await stack.up();
    log("up (rule)", up);
    expect(up.ok).toBe(false);
    expect(up.output).toContain("exclusive-roles");

    expect(await events()).toHaveLength(before);
    expect(await api.roles("user1@partner.example")).toEqual(["partner_admin"]);
    expect(await api.roles("user2@partner.example")).toEqual([]);
  });

  it("removing resources from the program and running up applies the deletes", async () => {
    const { user3: _user3, user1Customers: _customers, ...rest } = V1;
    stack.setProgram(program(rest));
    const r = await stack.up();
    log("up (delete)", r);
    expect(r.ok, r.output).toBe(true);
    expect(r.changeSummary.delete).toBe(2);
    expect(await api.roles("user3@partner.example")).toEqual([]);
    expect(await api.customers("user1@partner.example")).toEqual([]);
    // The rest is untouched.
    expect(await api.roles("user1@partner.example")).toEqual(["partner_admin"]);
    expect(await api.roles("second@partner.example")).toEqual(["full_admin"]);
  });

  it("refuses to remove the last full admin, at preview (update) and at apply (delete)", async () => {
    const { user3: _user3, user1Customers: _customers, ...rest } = V1;
    // Behind Pulumi's back the token's owner gives up full_admin (keeping partner_full_admin,
    // enough to manage partner-org roles): second@ is now the org's only full admin.
    await api.setRoles("admin@partner.example", ["partner_full_admin"]);
    const before = (await events()).length;

    stack.setProgram(program({ ...rest, second: ["readonly_admin"] }));
    const preview = await stack.preview();
    log("preview (last full admin)", preview);
    expect(preview.ok).toBe(false);
    expect(preview.output).toContain("last-full-admin");

    // The engine plans a delete without asking the provider: the guard acts at apply.
    const { second: _second, ...withoutSecond } = rest;
    stack.setProgram(program(withoutSecond));
    const up = await stack.up();
    log("up (delete last full admin)", up);
    expect(up.ok).toBe(false);
    expect(up.output).toContain("last-full-admin");

    expect(await events()).toHaveLength(before);
    expect(await api.roles("second@partner.example")).toEqual(["full_admin"]);

    // Another full admin again, so the stack can be destroyed (given by second@: nobody raises
    // their own roles).
    await h.api("second@partner.example").setRoles("admin@partner.example", ["full_admin", "partner_full_admin"]);
  });

  it("destroy removes what the stack declared and leaves the rest", async () => {
    const r = await stack.destroy();
    log("destroy", r);
    expect(r.ok, r.output).toBe(true);
    expect(r.changeSummary.delete).toBe(6);
    expect(await api.roles("second@partner.example")).toEqual([]);
    expect(await api.roles("user1@partner.example")).toEqual([]);
    expect(await api.restrictedMode(cid(4))).toBe(true);
    expect(await api.roles("admin@partner.example")).toEqual(["full_admin", "partner_full_admin"]);
    // Outside the stack: untouched.
    expect(await api.roles("pa@partner.example")).toEqual(["partner_admin"]);
    expect(await api.customers("pa@partner.example")).toEqual([cid(1), cid(2), cid(3)]);
  });

  it("never puts the token in the state or the CLI's output", async () => {
    expect(stateAfterUp).toContain("pulumi-nodejs:dynamic/webexhub:CustomerAssignment");
    expect(stateAfterUp).not.toContain(stack.token);
    expect(stack.exportState()).not.toContain(stack.token);
    // Nor anywhere in the backend, the workspace (Pulumi.<stack>.yaml) or PULUMI_HOME.
    // (h.dir/hub holds the mock Hub's own state and tokens file.)
    expect(["backend", "home", "work"].flatMap((d) => filesContaining(join(h.dir, d), stack.token))).toEqual([]);

    // Decrypted, the token is only the engine's own copy of the stack config, kept as a secret in
    // the default pulumi-nodejs provider: no dynamic resource (inputs, outputs, serialized
    // provider) holds it. Seven: five declared, the plan and its destroy guard.
    const resources =
      (
        decryptedAfterUp?.deployment as
          { resources?: { type: string; urn: string; inputs?: unknown; outputs?: unknown }[] } | undefined
      )?.resources ?? [];
    expect(resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/webexhub:"))).toHaveLength(7);
    const holding = resources.filter((r) => JSON.stringify(r).includes(stack.token)).map((r) => r.type);
    expect(holding).toEqual(["pulumi:providers:pulumi-nodejs"]);
    const provider = resources.find((r) => r.type === "pulumi:providers:pulumi-nodejs");
    expect(JSON.stringify((provider?.inputs as Record<string, unknown>)["webexhub:token"])).toContain(SECRET_SIG);
    expect(stack.transcript.join("\n")).not.toContain(stack.token);
  });
});
