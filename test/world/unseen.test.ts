/**
 * What a token is not shown is never taken for "nothing": the actor matrix's last disagreements as
 * regression tests. A person's roles that Webex shows only to an admin of their org, the people an
 * org's external grants name, the Hub's roles for an external administrator — each judge either
 * sees the fact, says it could not (`not-checked`), or refuses with the rule; none passes silently.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../cli/main";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { resetHubSessions } from "../../hub/sessions";
import { HubClient } from "../../hub/client";
import { HubSession } from "../../hub/session";
import { DEMO_PARTNER_ORG_ID as PARTNER, demoPersonId } from "../../mockhub/seed";
import { changeOf } from "../../provider/personRoles";
import { createProvider as partnerAdminProvider } from "../../provider/resources/partnerAdmin";
import { createProvider as customerAdminProvider } from "../../provider/resources/customerAdmin";
import type { ConfigSource } from "../../hub/credentials";
import type { RoleId } from "../../core";
import { C01, C04, NOW, matrixState, tokenOf } from "../matrix/world";
import { fileOf } from "../matrix/cases";
import type { HubState } from "../../mockhub/state";

let hub: MockHub;
let dir: string;
const heard: string[] = [];
const settings = new Map<string, string>();
const config: ConfigSource = { get: (key) => settings.get(key) };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "webexhub-unseen-"));
  hub = await startMockHub({ state: matrixState(), now: () => NOW });
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  heard.length = 0;
  for (const method of ["log", "warn", "error"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void heard.push(args.map(String).join(" ")));
  }
});

/** The providers act as this person, in a fresh process, with the partner configured. */
function as(email: string): void {
  resetHubSessions();
  settings.set("webexhub:endpoint", hub.url);
  settings.set("webexhub:token", tokenOf(email));
  settings.set("webexhub:partnerOrgId", PARTNER);
}

/** What a check said: its failures' rule codes and the codes of the warnings it logged. */
function said(r: { failures: ReadonlyArray<{ reason: string }> }): { failures: string[]; warnings: string[] } {
  const code = (t: string): string => /\[([a-z-]+)\]/.exec(t)?.[1] ?? t;
  const warned = heard.filter((t) => t.includes("warning:"));
  const warnings = warned.map((t) => code(t.replace(/^.*?warning: \[runtime\] /, "")));
  return { failures: r.failures.map((f) => code(f.reason)), warnings };
}

describe("a person whose roles the token is not shown", () => {
  it("the session marks them hidden; the person's own org's admin and the person themselves see them", async () => {
    const sees = async (viewer: string, email: string): Promise<{ roles: readonly RoleId[]; hidden: boolean }> => {
      const session = new HubSession(new HubClient({ endpoint: hub.url, token: tokenOf(viewer) }));
      const person = await session.personByEmail(email);
      return { roles: person?.roles ?? [], hidden: person?.rolesHidden === true };
    };
    const ro = { roles: ["partner_readonly_admin"], hidden: false };
    expect(await sees("site@customer01.example", "ro@partner.example")).toEqual({ roles: [], hidden: true });
    expect(await sees("admin@partner.example", "ro@partner.example")).toEqual(ro);
    expect(await sees("ro@partner.example", "ro@partner.example")).toEqual(ro);
    // A plain user of one's own org has no roles, and an admin is shown that they have none.
    expect(await sees("admin@customer01.example", "user@customer01.example")).toEqual({ roles: [], hidden: false });
  });

  const cases: ReadonlyArray<{ actor: string; target: string; held: RoleId[] }> = [
    { actor: "site@customer01.example", target: "ro@partner.example", held: ["partner_readonly_admin"] },
    { actor: "ccsa@customer01.example", target: "sales@partner.example", held: ["sales_admin"] },
    { actor: "device@customer01.example", target: "pa@partner.example", held: ["partner_admin"] },
  ];
  it.each(cases)("PartnerAdmin check: $actor taking every role of $target: not-checked, not a pass", async (c) => {
    as(c.actor);
    const olds = { email: c.target, roles: c.held, planned: true };
    const r = await partnerAdminProvider(config).check(olds, { ...olds, roles: [] });
    // The privilege the loss needs, and whether it leaves the partner org without a full admin or a
    // partner full admin (nobody's roles there are shown to this token): each said, none guessed.
    expect(said(r)).toEqual({ failures: [], warnings: ["not-checked", "not-checked", "not-checked"] });
    expect(heard.join("\n")).toContain(`the roles ${c.target} holds`);
    expect(heard.join("\n")).toContain("last-full-admin could not be checked");
    expect(heard.join("\n")).toContain("no-partner-full-admin could not be checked");
  });

  it("PartnerAdmin check: declaring roles with such a token is refused (a change it could not make)", async () => {
    as("site@customer01.example");
    const news = { email: "user1@partner.example", roles: ["partner_readonly_admin" as const], planned: true };
    const r = await partnerAdminProvider(config).check({}, news);
    // Whether it takes full_admin or partner_full_admin from them is unknown too: said, not guessed.
    expect(said(r)).toEqual({ failures: ["actor-lacks-privilege"], warnings: ["not-checked", "not-checked"] });
  });

  const customerCases: ReadonlyArray<{ actor: string; orgId: string; target: string; held: RoleId[] }> = [
    { actor: "psite@partner.example", orgId: C01, target: "ro@customer01.example", held: ["readonly_admin"] },
    { actor: "second@partner.example", orgId: C01, target: "ro@customer01.example", held: ["readonly_admin"] },
    { actor: "device@customer01.example", orgId: C04, target: "admin@customer04.example", held: ["full_admin"] },
  ];
  // These tokens are not shown the customer org at all: whoever may change roles there (its admins,
  // a partner managing it) sees it, so the change is refused as one this token cannot make.
  it.each(customerCases)("CustomerAdmin check: $actor taking every role of $target: org not in sight", async (c) => {
    as(c.actor);
    const olds = { orgId: c.orgId, email: c.target, roles: c.held, sites: {}, planned: true };
    const r = await customerAdminProvider(config).check(olds, { ...olds, roles: [] });
    expect(said(r)).toEqual({ failures: ["org-not-found"], warnings: [] });
  });

  it("the org's own full admin, who is shown the roles, gets no not-checked (a real loss, judged as one)", async () => {
    as("admin@partner.example");
    const olds = { email: "ro@partner.example", roles: ["partner_readonly_admin" as const], planned: true };
    const r = await partnerAdminProvider(config).check(olds, { ...olds, roles: [] });
    expect(said(r)).toEqual({ failures: [], warnings: [] });
  });
});

describe("external administrators the file leaves out", () => {
  async function validate(text: string, email: string): Promise<{ code: number; violations: string[] }> {
    resetHubSessions();
    const path = join(dir, "customer.yaml");
    writeFileSync(path, text);
    let out = "";
    const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (_t: string) => undefined } };
    const argv = ["validate", path, "--format", "json", "--endpoint", hub.url, "--token", tokenOf(email)];
    const code = await main(argv, io);
    const report = JSON.parse(out) as { violations: Array<Record<"code" | "severity" | "path", string>> };
    return { code, violations: report.violations.map((v) => `${v.severity} ${v.code} ${v.path}`) };
  }
  // Customer 01 as the Hub holds it, with helper@msp.example (external full) kept and
  // reader@msp.example (external read-only) left out: the file removes the second.
  const removal = { kind: "external", orgId: C01, email: "reader@msp.example", role: null, expires: false } as const;
  const removesReader = (): string => fileOf(hub.snapshot() as HubState, removal);

  it("a contact center service admin's validate sees the removal and refuses it (it used to pass)", async () => {
    const refused = { code: 1, violations: ["error actor-lacks-privilege externalAdmins.role"] };
    expect(await validate(removesReader(), "ccsa@customer01.example")).toEqual(refused);
  });

  it("the org's full admin may remove it", async () => {
    expect(await validate(removesReader(), "admin@customer01.example")).toEqual({ code: 0, violations: [] });
  });
});

describe("an external full administrator writes a customer's roles by name", () => {
  it("the writer maps role names with that token (GET /roles is open to admin users) and the write lands", async () => {
    const session = new HubSession(new HubClient({ endpoint: hub.url, token: tokenOf("helper@msp.example") }));
    const target = demoPersonId("site@customer01.example");
    try {
      const grant = (p: Parameters<typeof changeOf>[0]) => changeOf(p, [...p.roles, "compliance_officer"], undefined);
      const after = await session.updatePerson(target, grant);
      expect(after.roles).toEqual(["compliance_officer"]);
    } finally {
      await hub.restore(matrixState());
    }
  });
});
