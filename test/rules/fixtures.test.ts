/**
 * Table-driven over test/fixtures/rules/<code>/: every rule code has a case that triggers it and a
 * near miss that does not, and each case's WHOLE violation list is compared with expected.json.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluate } from "../../core/rules/engine";
import { RULE_CODES, type Violation } from "../../core/rules/types";
import {
  casesOf,
  desiredOfYaml,
  expectedOf,
  FIXTURES_DIR,
  fixtureDirs,
  loadWorld,
  personByEmail,
  runCase,
  sortViolations,
} from "./fixture-cases";

const NOW = new Date("2026-06-01T00:00:00Z");

describe("rule fixtures", () => {
  it("every rule code has a fixture directory, and every directory is a rule code", () => {
    const dirs = fixtureDirs();
    const missing = RULE_CODES.filter((code) => !dirs.includes(code));
    expect(missing, `rule codes without test/fixtures/rules/<code>/`).toEqual([]);
    const unknown = dirs.filter((dir) => !(RULE_CODES as readonly string[]).includes(dir));
    expect(unknown, "fixture directories that are not rule codes").toEqual([]);
  });

  for (const code of RULE_CODES) {
    describe(code, () => {
      const dir = join(FIXTURES_DIR, code);
      const cases = existsSync(dir) ? casesOf(code) : [];

      it("has trigger.yaml, near-miss.yaml and expected.json for every case", () => {
        expect(existsSync(join(dir, "trigger.yaml")), `${code}/trigger.yaml`).toBe(true);
        expect(existsSync(join(dir, "near-miss.yaml")), `${code}/near-miss.yaml`).toBe(true);
        const expected = expectedOf(code);
        expect(Object.keys(expected).sort()).toEqual(cases.map((c) => c.name).sort());
      });

      for (const c of cases) {
        it(`${c.name}${c.options.actor ? ` (actor ${c.options.actor})` : ""}`, () => {
          const expected = expectedOf(code)[c.name];
          expect(expected, `expected.json has no "${c.name}"`).toBeDefined();
          const actual = sortViolations(runCase(c));
          expect(actual).toEqual(sortViolations(expected ?? []));
          const codes = actual.map((v) => v.code);
          if (c.name.startsWith("trigger")) expect(codes).toContain(code);
          else if (c.name.startsWith("near-miss")) expect(codes).not.toContain(code);
          else throw new Error(`case ${c.name} must be named trigger* or near-miss*`);
        });
      }
    });
  }
});

describe("several violations in one file", () => {
  it("are all reported, not just the first", () => {
    const yaml = `apiVersion: webexhub/v1
customer:
  orgId: cust-a
admins:
  - email: ann@acme.example
    roles: [full_admin, readonly_admin]
  - email: amy@acme.example
    roles: [device_admin, advanced_troubleshooting, partner_admin]
  - email: ANN@acme.example
    roles: [external_full_admin]
externalAdmins:
  - email: carol@msp.example
    role: provisioning_admin
    expiresAt: "2026-01-01T00:00:00Z"
`;
    const violations = sortViolations(evaluate({ desired: desiredOfYaml(yaml), now: NOW }));
    const brief = violations.map((v) => [v.code, v.severity, v.path]);
    expect(brief).toEqual([
      ["ata-requires-base-role", "error", "admins[1].roles[1]"],
      ["derived-role", "error", "externalAdmins[0].role"],
      ["duplicate-admin", "error", "admins[2].email"],
      ["exclusive-roles", "error", "admins[0].roles"],
      ["expiry-in-past", "error", "externalAdmins[0].expiresAt"],
      ["expiry-readonly-only", "error", "externalAdmins[0].expiresAt"],
      ["external-only", "error", "admins[2].roles[0]"],
      ["partner-org-only", "error", "admins[1].roles[2]"],
      // The lockout count takes the FIRST entry of a duplicated email (ann: full_admin), so the
      // duplicate does not fake a lockout; one full admin left is a warning.
      ["single-full-admin", "warning", "admins[0].roles"],
    ]);
  });

  it("two breaks of the same rule in one file are both reported", () => {
    const yaml = `apiVersion: webexhub/v1
partner:
  orgId: partner-1
admins:
  - email: alice@partner.example
    roles: [full_admin, partner_full_admin, provisioning_admin]
  - email: bob@partner.example
    roles: [full_admin, partner_full_admin]
  - email: nora@partner.example
    roles: [provisioning_admin]
`;
    const paths = evaluate({ desired: desiredOfYaml(yaml), now: NOW }).map((v) => `${v.code} ${v.path}`);
    expect(paths.sort()).toEqual(["derived-role admins[0].roles[2]", "derived-role admins[2].roles[0]"]);
  });

  it("the live rules add to the offline ones", () => {
    const world = loadWorld("hub");
    const yaml = readFileSync(join(FIXTURES_DIR, "unknown-user", "trigger.yaml"), "utf8").replace(
      "ghost@partner.example",
      "ghost@partner.example\n    customers: [cust-x]",
    );
    const codes = evaluate({
      desired: desiredOfYaml(yaml),
      world,
      actor: personByEmail(world, "alice@partner.example"),
      now: NOW,
    }).map((v) => `${v.code} ${v.path}`);
    expect(codes.sort()).toEqual([
      "assignment-target-role admins[4].customers",
      "customer-not-managed admins[4].customers[0]",
      "unknown-user admins[4].email",
    ]);
  });
});

describe("rules that need the world or the actor do not fire without them", () => {
  it("the live-rule triggers are clean offline (except the rules a file alone decides)", () => {
    const offline = new Set<string>();
    const live = [
      "customer-not-managed",
      "unknown-user",
      "actor-lacks-privilege",
      "external-admin-chain",
      "partner-self-external-full",
      "contact-center-external",
      "restricted-mode-actor",
      "ata-self-grant",
    ];
    for (const code of live) {
      for (const c of casesOf(code).filter((k) => k.kind === "yaml")) {
        const violations: Violation[] = evaluate({ desired: desiredOfYaml(readFileSync(c.file, "utf8")), now: NOW });
        // A warning the file alone decides (one full administrator, say) may come with them.
        for (const v of violations) if (live.includes(v.code) || v.severity === "error") offline.add(v.code);
      }
    }
    expect([...offline]).toEqual([]);
  });
});

/**
 * Known gaps (reported, not fixed here): a GitOps file is authoritative, so leaving a
 * person or an external admin out of it is a change, but the live rules only look at the entries
 * the file names.
 */
describe("authoritative removals", () => {
  const world = loadWorld("hub");
  const run = (yaml: string, actor: string): string[] =>
    evaluate({ desired: desiredOfYaml(yaml), world, actor: personByEmail(world, actor), now: NOW }).map((v) => v.code);
  const partnerWithoutSam = `apiVersion: webexhub/v1
partner: {orgId: partner-1}
admins:
  - {email: alice@partner.example, roles: [full_admin, partner_full_admin]}
  - {email: bob@partner.example, roles: [full_admin, partner_full_admin]}
  - {email: pat@partner.example, roles: [partner_admin], customers: [cust-a]}
`;

  it("naming sam with no roles, applied by partner_admin pat, is refused (control)", () => {
    expect(run(`${partnerWithoutSam}  - {email: sam@partner.example, roles: []}\n`, "pat@partner.example")).toContain(
      "actor-lacks-privilege",
    );
  });

  it("leaving sam out (he loses sales_admin), applied by partner_admin pat, is refused the same way", () => {
    expect(run(partnerWithoutSam, "pat@partner.example")).toContain("actor-lacks-privilege");
  });

  it("leaving carol out of a customer file (her external access is revoked), applied by partner admin pat, is external-admin-chain", () => {
    const yaml = `apiVersion: webexhub/v1
customer: {orgId: cust-a}
admins:
  - {email: ann@acme.example, roles: [full_admin]}
  - {email: amy@acme.example, roles: [full_admin]}
  - {email: cus@acme.example, roles: [support_admin]}
`;
    expect(run(yaml, "pat@partner.example")).toContain("external-admin-chain");
  });
});
