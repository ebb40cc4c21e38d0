/**
 * Hidden characters in ids, emails and site keys: a control character, a bidirectional override or
 * a zero-width space makes an id that looks like another, or a line that reads otherwise in a
 * terminal. Every such field of every schema (the GitOps files and every resource's inputs) refuses
 * them with an error at the field that names the character; output shows them escaped.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseGitOpsFile } from "../../core/gitops/file";
import { SCHEMA_NAMES, validateSchema, type SchemaName } from "../../core/schema";
import { FORBIDDEN_CLASS, jsonVisible, visible } from "../../core/visible";
import { schemaFailures } from "../../provider/failures";
import { customerAdmin } from "../../core/resources";

/** Each kind of character refused, by code point. */
const HIDDEN = [0x00, 0x09, 0x1b, 0x7f, 0x85, 0xad, 0x200b, 0x200d, 0x200e, 0x202e, 0x2066, 0xfeff, 0xd800];
const code = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;

type Field = readonly [path: Array<string | number>, kind: "id" | "email" | "site key"];

const SITES = { "a.webex.com": "site_admin" };
const CASES: ReadonlyArray<readonly [SchemaName, Record<string, unknown>, readonly Field[]]> = [
  [
    "partner-file",
    {
      apiVersion: "webexhub/v1",
      partner: { orgId: "org-p" },
      admins: [{ email: "a@p.example", roles: ["partner_admin"], sites: SITES, customers: ["org-c1"] }],
      customers: [{ orgId: "org-c2" }],
    },
    [
      [["partner", "orgId"], "id"],
      [["admins", 0, "email"], "email"],
      [["admins", 0, "customers", 0], "id"],
      [["customers", 0, "orgId"], "id"],
      [["admins", 0, "sites"], "site key"],
    ],
  ],
  [
    "customer-file",
    {
      apiVersion: "webexhub/v1",
      customer: { orgId: "org-c" },
      admins: [{ email: "a@c.example", roles: ["full_admin"], sites: SITES }],
      externalAdmins: [{ email: "x@msp.example", role: "external_readonly_admin" }],
    },
    [
      [["customer", "orgId"], "id"],
      [["admins", 0, "email"], "email"],
      [["externalAdmins", 0, "email"], "email"],
      [["admins", 0, "sites"], "site key"],
    ],
  ],
  [
    "partner-admin",
    { email: "a@p.example", roles: [], sites: SITES },
    [
      [["email"], "email"],
      [["sites"], "site key"],
    ],
  ],
  [
    "customer-admin",
    { orgId: "org-c", email: "a@c.example", roles: [], sites: SITES },
    [
      [["orgId"], "id"],
      [["email"], "email"],
      [["sites"], "site key"],
    ],
  ],
  [
    "external-admin",
    { orgId: "org-c", email: "x@msp.example", role: "external_readonly_admin" },
    [
      [["orgId"], "id"],
      [["email"], "email"],
    ],
  ],
  ["restricted-mode", { orgId: "org-c", enabled: true }, [[["orgId"], "id"]]],
  [
    "customer-assignment",
    { adminEmail: "a@p.example", customerOrgIds: ["org-c"] },
    [
      [["adminEmail"], "email"],
      [["customerOrgIds", 0], "id"],
    ],
  ],
  [
    "org-policy",
    {
      apiVersion: "webexhub/v1",
      kind: "OrgPolicy",
      roles: [{ role: "full_admin", holders: ["a@p.example"], emailDomains: ["p.example"], orgs: ["org-p"] }],
    },
    [
      [["roles", 0, "holders", 0], "email"],
      [["roles", 0, "emailDomains", 0], "id"],
      [["roles", 0, "orgs", 0], "id"],
    ],
  ],
];

const pathText = (segments: ReadonlyArray<string | number>): string =>
  segments.reduce<string>((p, s) => (typeof s === "number" ? `${p}[${s}]` : p ? `${p}.${s}` : s), "");

/** The value with the character put into one field; the path where the error must be. */
function withHidden(
  base: Record<string, unknown>,
  [segments, kind]: Field,
  ch: string,
): { value: unknown; path: string } {
  const value = structuredClone(base);
  let parent = value as Record<string | number, unknown>;
  for (const s of segments.slice(0, -1)) parent = parent[s] as Record<string | number, unknown>;
  const last = segments[segments.length - 1] as string | number;
  if (kind === "site key") {
    const key = `a${ch}.webex.com`;
    parent[last] = { [key]: "site_admin" };
    return { value, path: `${pathText(segments)}.${key}` };
  }
  parent[last] = kind === "email" ? `a${ch}@x.example` : `org${ch}1`;
  return { value, path: pathText(segments) };
}

describe("hidden characters in ids, emails and site keys", () => {
  it("is a case for every schema", () => {
    expect(CASES.map(([name]) => name).sort()).toEqual([...SCHEMA_NAMES].sort());
    for (const [name, base] of CASES) expect(validateSchema(name, base), name).toEqual([]);
  });

  for (const [name, base, fields] of CASES) {
    for (const field of fields) {
      it(`${name} ${pathText(field[0])} (${field[1]}): each is an error at the field naming the character`, () => {
        for (const cp of HIDDEN) {
          const { value, path } = withHidden(base, field, String.fromCharCode(cp));
          const at = field[1] === "id" ? 4 : 2;
          const prefix = field[1] === "site key" ? "the key contains" : "contains";
          expect(validateSchema(name, value), code(cp)).toEqual([
            {
              path,
              message: expect.stringMatching(
                new RegExp(`^${prefix} ${code(cp).replace("+", "\\+")}\\b.* at character ${at} of .*: remove it`),
              ),
            },
          ]);
        }
      });
    }
  }

  it("is what a provider's check reports, the key shown escaped", () => {
    const failures = schemaFailures(customerAdmin, {
      orgId: "org\u00001",
      email: "a@c.example",
      roles: [],
      sites: { "a\u202e.webex.com": "site_admin" },
    });
    expect(failures).toEqual([
      {
        property: "orgId",
        reason: expect.stringMatching(
          /^orgId contains U\+0000 \(NUL\), a control character, at character 4 of "org\\u\{0000\}1"/,
        ),
      },
      {
        property: "sites.a\u202e.webex.com",
        reason: expect.stringMatching(
          /^sites\.a\\u\{202E\}\.webex\.com the key contains U\+202E \(RIGHT-TO-LEFT OVERRIDE\)/,
        ),
      },
    ]);
  });

  it("is read from a file whichever way it is written: raw, or as a YAML escape", () => {
    const file = (orgId: string): string => `apiVersion: webexhub/v1\npartner:\n  orgId: ${orgId}\nadmins: []\n`;
    for (const orgId of ["p\u0000q", '"p\\0q"', '"p\\u202Eq"', "p\u202eq", "p\u200bq"]) {
      const result = parseGitOpsFile(Buffer.from(file(orgId)));
      expect(
        !result.ok && result.problems.map((p) => [p.path, p.line, /^contains U\+[0-9A-F]{4}/.test(p.message)]),
        orgId,
      ).toEqual([["partner.orgId", 3, true]]);
    }
  });

  it("keeps plain non-ASCII text: accents, other scripts, emoji", () => {
    expect(
      validateSchema("customer-admin", {
        orgId: "org-ü-日本-😀",
        email: "a@c.example",
        roles: [],
        sites: { "münchen.webex.com": "site_admin" },
      }),
    ).toEqual([]);
  });

  it("is the class every schema file spells in its patterns", () => {
    const dir = join(__dirname, "../../schema");
    for (const name of SCHEMA_NAMES) {
      const text = readFileSync(join(dir, `${name}.schema.json`), "utf8");
      const patterns = [...text.matchAll(/"pattern": "([^"]*)"/g)].map((m) => JSON.parse(`"${m[1] ?? ""}"`) as string);
      expect(patterns.length, name).toBeGreaterThan(0);
      for (const p of patterns) expect(p, name).toContain(FORBIDDEN_CLASS);
    }
  });

  it("is shown escaped in output, which still reads as the same JSON", () => {
    expect(visible("a\u202eb\u0000c")).toBe("a\\u{202E}b\\u{0000}c");
    const json = JSON.stringify({ path: "sites.a\u202e\u200b.webex.com", n: "x\u0000" }, null, 2);
    const shown = jsonVisible(json);
    expect(shown).not.toMatch(/[\u202e\u200b]/);
    expect(JSON.parse(shown)).toEqual(JSON.parse(json));
  });
});
