/**
 * The org policy, table-driven: one fixture directory per kind of limit (test/fixtures/policy/),
 * each case's whole answer compared with expected.json; the same violations through the rules
 * engine; and every way a policy file can be unusable, each with its path, line and fix.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readOrgPolicy } from "../../core/policy";
import { evaluate } from "../../core/rules/engine";
import type { Violation } from "../../core/rules/types";
import { sortViolations } from "../rules/fixture-cases";
import { casesOfKind, contextOfCase, policyKinds, policyOf, POLICY_FIXTURES, runPolicyCase } from "./policy-cases";

const KINDS = [
  "email-domains",
  "forbidden",
  "hidden-roles",
  "max-expiry",
  "max-holders",
  "min-holders",
  "privilege-holders",
];

describe("org policy fixtures", () => {
  it("has one directory per kind of limit", () => {
    expect(policyKinds()).toEqual(KINDS);
  });

  for (const kind of KINDS) {
    describe(kind, () => {
      const expected = JSON.parse(readFileSync(join(POLICY_FIXTURES, kind, "expected.json"), "utf8")) as Record<
        string,
        Violation[]
      >;
      const cases = casesOfKind(kind);

      it("has a trigger and a near miss, and an answer for every case", () => {
        expect(cases.some((c) => c.name.startsWith("trigger"))).toBe(true);
        expect(cases.some((c) => c.name.startsWith("near-miss"))).toBe(true);
        expect(Object.keys(expected).sort()).toEqual(cases.map((c) => c.name).sort());
      });

      for (const c of cases) {
        it(c.name, () => {
          const actual = runPolicyCase(c);
          expect(actual).toEqual(expected[c.name]);
          if (c.name.startsWith("trigger")) expect(actual.map((v) => v.code)).toContain("org-policy");
          else if (c.name.startsWith("not-checked")) {
            // What the token cannot see is said once per limit, as a warning, never as an error.
            expect(actual.length).toBeGreaterThan(0);
            expect(actual.every((v) => v.code === "not-checked" && v.severity === "warning")).toBe(true);
          } else expect(actual).toEqual([]);
          // The rules engine reports the same when the context carries the policy.
          const fromPolicy = (v: Violation): boolean => v.message.startsWith("webexhub-policy.yaml");
          const judged = evaluate({ ...contextOfCase(c), policy: policyOf(kind) }).filter(fromPolicy);
          expect(sortViolations(judged)).toEqual(sortViolations(actual));
        });
      }
    });
  }
});

const HEAD = "apiVersion: webexhub/v1\nkind: OrgPolicy\n";

/** [case, policy text, expected problems as [path, line, message]]. */
const BAD: ReadonlyArray<readonly [string, string, ReadonlyArray<readonly [string, number | undefined, string]>]> = [
  [
    "a misspelt limit",
    `${HEAD}roles:\n  - role: full_admin\n    maxHoldrs: 4\n`,
    [["roles[0].maxHoldrs", 5, 'unknown field "maxHoldrs". Did you mean "maxHolders"?']],
  ],
  [
    "a misspelt role",
    `${HEAD}roles:\n  - role: full_admn\n    maxHolders: 4\n`,
    [
      [
        "roles[0].role",
        4,
        expect.stringMatching(
          /^"full_admn" is not allowed here\. Did you mean "full_admin"\? It must be one of: full_admin, /,
        ),
      ],
    ],
  ],
  [
    "a misspelt privilege scope",
    `${HEAD}privileges:\n  - privilege: customer.*\n    level: full\n    holders: [a@p.example]\n`,
    [
      [
        "privileges[0].privilege",
        4,
        expect.stringMatching(/^"customer\.\*" is not allowed here\. Did you mean "customers\.\*"\?/),
      ],
    ],
  ],
  [
    "a level that is no level",
    `${HEAD}privileges:\n  - privilege: customers.*\n    level: write\n    forbidden: true\n`,
    [["privileges[0].level", 5, '"write" is not allowed here. It must be one of: read, temporary, full']],
  ],
  [
    "an entry that limits nothing",
    `${HEAD}roles:\n  - role: full_admin\n    severity: warning\n`,
    [
      [
        "roles[0]",
        4,
        "the entry for full_admin sets no limit: add one of maxHolders, minHolders, emailDomains, holders, forbidden",
      ],
    ],
  ],
  [
    "a minimum above the maximum",
    `${HEAD}roles:\n  - role: full_admin\n    maxHolders: 2\n    minHolders: 3\n`,
    [
      [
        "roles[0].minHolders",
        6,
        "minHolders 3 is above maxHolders 2: no organization could meet both; lower minHolders or raise maxHolders",
      ],
    ],
  ],
  [
    "a GitOps file given as the policy",
    "apiVersion: webexhub/v1\npartner:\n  orgId: p\nadmins: []\n",
    [
      [
        "",
        1,
        expect.stringMatching(
          /^policy\.yaml is a GitOps file \(it declares partner: or customer:\), not a policy file: /,
        ),
      ],
    ],
  ],
  ["no kind", "apiVersion: webexhub/v1\nroles: []\n", [["kind", 1, '"kind" is required']]],
  [
    "a key twice",
    `${HEAD}roles: []\nroles: []\n`,
    [["", 4, 'not valid YAML: the key "roles" appears twice in one mapping; keep one']],
  ],
  [
    "a list, not a mapping",
    "- role: full_admin\n",
    [["", 1, expect.stringMatching(/^a policy file is a YAML mapping/)]],
  ],
];

describe("a policy file that cannot be used", () => {
  it.each(BAD)("%s", (_name, text, expected) => {
    const read = readOrgPolicy(text, "policy.yaml");
    expect(read.policy).toBeUndefined();
    expect(read.problems.map((p) => [p.path, p.line, p.message])).toEqual(expected);
  });

  it("is read from bytes as a GitOps file is: not UTF-8 is refused, not replaced", () => {
    const read = readOrgPolicy(Uint8Array.from([...Buffer.from(HEAD), 0xff, 0x0a]), "policy.yaml");
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]?.message).toMatch(/UTF-8/);
  });
});

describe("a policy file that can", () => {
  it("keeps the line of each limit, the severity and the normalized lists", () => {
    const text = `${HEAD}roles:\n  - role: full_admin\n    holders: [Ann@Acme.Example]\n    emailDomains: [ACME.example]\n    severity: warning\n`;
    const { policy, problems } = readOrgPolicy(text, "p.yaml");
    expect(problems).toEqual([]);
    expect(policy).toEqual({
      source: "p.yaml",
      roles: [
        {
          path: "roles[0]",
          lines: { "": 4, role: 4, holders: 5, emailDomains: 6, severity: 7 },
          severity: "warning",
          role: "full_admin",
          emailDomains: ["acme.example"],
          holders: ["ann@acme.example"],
        },
      ],
      privileges: [],
      externalAdmins: [],
    });
  });
});
