/**
 * The "who may change what" table of docs/roles.md, generated: each actor kind of the matrix world
 * against one representative change of each kind, judged by the rules over the Hub's full state
 * (the matrix's reference judge). test/docs/who-may.test.ts keeps the doc in step with it.
 */
import { desiredOfFile, evaluate, parseGitOpsFile } from "../../core";
import { demoCustomerOrgId, DEMO_PARTNER_ORG_ID } from "../../mockhub/seed";
import type { HubState, StoredPerson } from "../../mockhub/state";
import { toWorld } from "../../mockhub/server";
import { toPerson } from "../../mockhub/views";
import { fileOf, type Change } from "./cases";
import { ACTORS, C01, NOW, matrixState, type ActorKind } from "./world";

/** The columns: a change of each kind, named as the doc shows it. */
export const COLUMNS: ReadonlyArray<{ readonly title: string; readonly change: Change }> = [
  {
    title: "partner org: grant `readonly_admin`",
    change: { kind: "partner-role", target: "user2@partner.example", role: "readonly_admin" },
  },
  {
    title: "partner org: remove `full_admin` (of another)",
    change: { kind: "partner-role", target: "second@partner.example", role: "full_admin" },
  },
  {
    title: "grant `partner_admin`",
    change: { kind: "partner-role", target: "user2@partner.example", role: "partner_admin" },
  },
  {
    title: "grant `helpdesk_basic`",
    change: { kind: "partner-role", target: "user2@partner.example", role: "helpdesk_basic" },
  },
  {
    title: "grant `sales_admin`",
    change: { kind: "partner-role", target: "user2@partner.example", role: "sales_admin" },
  },
  {
    title: "assign a customer to a partner admin",
    change: { kind: "assignment", target: "pa@partner.example", customer: demoCustomerOrgId(5) },
  },
  {
    title: "assign a customer to a sales admin",
    change: { kind: "assignment", target: "sales@partner.example", customer: demoCustomerOrgId(5) },
  },
  {
    title: "partner site role, partner site",
    change: {
      kind: "site-role",
      orgId: DEMO_PARTNER_ORG_ID,
      target: "user2@partner.example",
      site: "partner.webex.com",
      role: "site_user_admin",
    },
  },
  {
    title: "Customer 01: grant `support_admin`",
    change: { kind: "customer-role", orgId: C01, target: "user@customer01.example", role: "support_admin" },
  },
  {
    title: "Customer 01: grant `advanced_troubleshooting`",
    change: { kind: "customer-role", orgId: C01, target: "ro@customer01.example", role: "advanced_troubleshooting" },
  },
  {
    title: "Customer 01: site role, its own site",
    change: {
      kind: "site-role",
      orgId: C01,
      target: "user@customer01.example",
      site: "customer01.webex.com",
      role: "site_user_admin",
    },
  },
  {
    title: "Customer 01: site role, another org's site",
    change: {
      kind: "site-role",
      orgId: C01,
      target: "user@customer01.example",
      site: "partner.webex.com",
      role: "site_user_admin",
    },
  },
  {
    title: "external read-only admin, with expiry",
    change: {
      kind: "external",
      orgId: C01,
      email: "stranger@msp.example",
      role: "external_readonly_admin",
      expires: true,
    },
  },
  {
    title: "external full admin, no expiry",
    change: {
      kind: "external",
      orgId: C01,
      email: "stranger@msp.example",
      role: "external_full_admin",
      expires: false,
    },
  },
  {
    title: "remove an external admin",
    change: { kind: "external", orgId: C01, email: "reader@msp.example", role: null, expires: false },
  },
  { title: "Restricted Administrator Mode off", change: { kind: "restricted-mode", orgId: C01, enabled: false } },
];

/** The rules' verdict: allowed, or the first error's code. */
export function verdictOf(state: HubState, actorEmail: string, change: Change): string {
  const parsed = parseGitOpsFile(fileOf(state, change));
  if (!parsed.ok)
    throw new Error(`the matrix made a file that does not parse: ${parsed.problems.map((p) => p.message).join("; ")}`);
  const actor = state.people.find((p) => p.emails[0] === actorEmail) as StoredPerson;
  const errors = evaluate({
    desired: desiredOfFile(parsed.parsed),
    world: toWorld(state, NOW),
    actor: toPerson(actor),
    now: NOW,
  }).filter((v) => v.severity === "error");
  return errors.length === 0 ? "yes" : "no";
}

/**
 * The table, as markdown: the changes numbered (a legend above the table keeps its lines short), a
 * row per actor kind, ✓ where the rules let that actor make the change.
 */
export function whoMayTable(): string {
  const state = matrixState();
  const legend = COLUMNS.map((c, i) => `${i + 1}. ${c.title}`);
  const header = `| actor | ${COLUMNS.map((_, i) => i + 1).join(" | ")} |`;
  const rule = `| --- | ${COLUMNS.map(() => "---").join(" | ")} |`;
  const rows = (Object.keys(ACTORS) as ActorKind[]).map(
    (kind) =>
      `| ${kind} | ${COLUMNS.map((c) => (verdictOf(state, ACTORS[kind], c.change) === "yes" ? "✓" : "–")).join(" | ")} |`,
  );
  return [...legend, "", header, rule, ...rows].join("\n");
}
