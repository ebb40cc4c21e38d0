/**
 * JSON Schemas (ajv): the two GitOps files and every resource's inputs. Every error has a
 * file-style path and says what is allowed.
 */
import { describe, expect, it } from "vitest";
import { parseGitOpsFile } from "../../core/gitops/file";
import { ROLE_IDS } from "../../core/rules/catalog";
import { pointerToPath, SCHEMA_NAMES, validateSchema, type SchemaError, type SchemaName } from "../../core/schema";

const ALL_ROLES = `It must be one of: ${ROLE_IDS.join(", ")}`;
const EXTERNAL_ROLES = "It must be one of: external_full_admin, external_readonly_admin, provisioning_admin";
const notAllowed = (value: string, allowed: string, hint?: string): string =>
  `"${value}" is not allowed here.${hint ? ` Did you mean "${hint}"?` : ""} ${allowed}`;
const unknownField = (key: string, hint: string): string => `unknown field "${key}". ${hint}`;
const EMAIL = "must be an email address, like name@example.com";
const DATE = "must be an RFC 3339 date-time, like 2027-01-31T00:00:00Z";

const partnerFile = (admins: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: "webexhub/v1",
  partner: { orgId: "partner-1" },
  admins,
  ...extra,
});
const customerFile = (admins: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: "webexhub/v1",
  customer: { orgId: "cust-a" },
  admins,
  ...extra,
});
const alice = { email: "alice@partner.example", roles: ["full_admin", "partner_full_admin"] };
const ann = { email: "ann@acme.example", roles: ["full_admin"] };

/** A tab used as indentation on line 5. */
const BROKEN = "apiVersion: webexhub/v1\npartner:\n  orgId: p\nadmins:\n\t- email: a@b.c\n";

const sorted = (errors: SchemaError[]): SchemaError[] =>
  [...errors].sort((a, b) => (a.path + a.message).localeCompare(b.path + b.message));

/** A YAML 1.1 boolean word where a boolean goes: the message says YAML 1.2 reads it as text. */
const oldBoolean = (word: string): string =>
  `must be boolean, not the text "${word}" (YAML 1.2 reads yes, no, on and off as text): write true or false`;

describe("partner file schema", () => {
  it("accepts a minimal and a complete file", () => {
    expect(validateSchema("partner-file", partnerFile([]))).toEqual([]);
    expect(
      validateSchema(
        "partner-file",
        partnerFile(
          [
            alice,
            { email: "bob@partner.example", roles: ["partner_admin", "wholesale_admin"], customers: ["cust-a"] },
            { email: "nora@partner.example", roles: [] },
          ],
          {
            partner: { orgId: "partner-1", wholesale: true },
            customers: [{ orgId: "cust-a", restrictedMode: false }, { orgId: "cust-b" }],
          },
        ),
      ),
    ).toEqual([]);
  });

  it("accepts site roles of a partner-org member (the partner's own Webex sites) and rejects an unknown one", () => {
    expect(
      validateSchema("partner-file", partnerFile([{ ...alice, sites: { "partner.webex.com": "site_admin" } }])),
    ).toEqual([]);
    expect(
      validateSchema("partner-file", partnerFile([{ ...alice, sites: { "partner.webex.com": "site_owner" } }])).map(
        (e) => e.path,
      ),
    ).toEqual(["admins[0].sites.partner.webex.com"]);
  });

  it("reports unknown keys at every level with their path", () => {
    const errors = validateSchema(
      "partner-file",
      partnerFile([{ ...alice, role: "full_admin" }], {
        kind: "partner",
        partner: { orgId: "partner-1", wholsale: true },
        customers: [{ orgId: "cust-a", restricted: false }],
      }),
    );
    expect(sorted(errors)).toEqual([
      { path: "admins[0].role", message: unknownField("role", 'Did you mean "roles"?'), unknownField: true },
      {
        path: "customers[0].restricted",
        message: unknownField("restricted", 'Did you mean "restrictedMode"?'),
        unknownField: true,
      },
      {
        path: "kind",
        message: unknownField("kind", "Remove it; the fields here are apiVersion, partner, admins, customers."),
        unknownField: true,
      },
      { path: "partner.wholsale", message: unknownField("wholsale", 'Did you mean "wholesale"?'), unknownField: true },
    ]);
  });

  it("reports an unknown role id with its path and the allowed values", () => {
    expect(
      validateSchema(
        "partner-file",
        partnerFile([alice, { email: "bob@partner.example", roles: ["partner_admin", "partner_administrator"] }]),
      ),
    ).toEqual([
      { path: "admins[1].roles[1]", message: notAllowed("partner_administrator", ALL_ROLES, "partner_admin") },
    ]);
  });

  it("reports a malformed email", () => {
    expect(validateSchema("partner-file", partnerFile([{ ...alice, email: "alice-at-partner.example" }]))).toEqual([
      { path: "admins[0].email", message: EMAIL },
    ]);
  });

  it("reports missing required fields where they are missing", () => {
    expect(sorted(validateSchema("partner-file", { apiVersion: "webexhub/v1", partner: {} }))).toEqual([
      { path: "admins", message: '"admins" is required' },
      { path: "partner.orgId", message: '"orgId" is required' },
    ]);
    expect(
      sorted(validateSchema("partner-file", partnerFile([{ email: "bob@partner.example" }, { roles: [] }]))),
    ).toEqual([
      { path: "admins[0].roles", message: '"roles" is required' },
      { path: "admins[1].email", message: '"email" is required' },
    ]);
    expect(validateSchema("partner-file", partnerFile([], { customers: [{ restrictedMode: true }] }))).toEqual([
      { path: "customers[0].orgId", message: '"orgId" is required' },
    ]);
  });

  it("reports wrong apiVersion, wrong types, blank ids and too many roles", () => {
    expect(validateSchema("partner-file", { ...partnerFile([]), apiVersion: "webexhub/v2" })).toEqual([
      { path: "apiVersion", message: 'must be "webexhub/v1"' },
    ]);
    expect(validateSchema("partner-file", partnerFile([{ ...alice, roles: "full_admin" }]))).toEqual([
      { path: "admins[0].roles", message: "must be array" },
    ]);
    expect(validateSchema("partner-file", partnerFile([], { partner: { orgId: "partner 1" } }))).toEqual([
      { path: "partner.orgId", message: "must not be empty or contain spaces" },
    ]);
    expect(validateSchema("partner-file", partnerFile([{ ...alice, customers: ["cust a"] }]))).toEqual([
      { path: "admins[0].customers[0]", message: "must not be empty or contain spaces" },
    ]);
    expect(
      validateSchema("partner-file", partnerFile([], { customers: [{ orgId: "cust-a", restrictedMode: "no" }] })),
    ).toEqual([{ path: "customers[0].restrictedMode", message: oldBoolean("no") }]);
    expect(
      validateSchema("partner-file", partnerFile([{ ...alice, roles: Array<string>(33).fill("full_admin") }])),
    ).toEqual([{ path: "admins[0].roles", message: "must have at most 32 items" }]);
  });

  it("allows an empty roles list (a person with no admin role)", () => {
    expect(validateSchema("partner-file", partnerFile([{ email: "nora@partner.example", roles: [] }]))).toEqual([]);
  });
});

describe("customer file schema", () => {
  it("accepts the documented example shape", () => {
    expect(
      validateSchema(
        "customer-file",
        customerFile([{ ...ann, sites: { "acme.webex.com": "site_admin" } }], {
          externalAdmins: [
            {
              email: "carol@msp.example",
              role: "external_readonly_admin",
              expiresAt: "2027-01-31T00:00:00Z",
              contactCenterServiceAdmin: false,
            },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it("reports a malformed expiry date and an unknown external role with the allowed values", () => {
    const errors = validateSchema(
      "customer-file",
      customerFile([ann], {
        externalAdmins: [
          { email: "carol@msp.example", role: "external_admin", expiresAt: "31.01.2027" },
          { email: "mia@msp.example", role: "external_readonly_admin", expiresAt: "2027-01-31" },
        ],
      }),
    );
    expect(sorted(errors)).toEqual([
      { path: "externalAdmins[0].expiresAt", message: DATE },
      { path: "externalAdmins[0].role", message: notAllowed("external_admin", EXTERNAL_ROLES) },
      { path: "externalAdmins[1].expiresAt", message: DATE },
    ]);
  });

  it("reports an unknown site role and a malformed external email", () => {
    const errors = validateSchema(
      "customer-file",
      customerFile([{ ...ann, sites: { "acme.webex.com": "site_owner" } }], {
        externalAdmins: [{ email: "carol", role: "external_readonly_admin" }],
      }),
    );
    expect(sorted(errors)).toEqual([
      {
        path: "admins[0].sites.acme.webex.com",
        message: notAllowed("site_owner", "It must be one of: site_admin, site_user_admin, site_readonly_admin"),
      },
      { path: "externalAdmins[0].email", message: EMAIL },
    ]);
  });

  it("reports unknown keys and missing fields", () => {
    const errors = validateSchema("customer-file", {
      apiVersion: "webexhub/v1",
      customer: { orgId: "cust-a", name: "Acme" },
      admins: [{ email: "ann@acme.example", roles: [], site: {} }],
      externalAdmins: [{ email: "carol@msp.example" }],
    });
    expect(sorted(errors)).toEqual([
      { path: "admins[0].site", message: unknownField("site", 'Did you mean "sites"?'), unknownField: true },
      {
        path: "customer.name",
        message: unknownField("name", "Remove it; the fields here are orgId."),
        unknownField: true,
      },
      { path: "externalAdmins[0].role", message: '"role" is required' },
    ]);
  });

  it("does not accept partner-only fields in a customer file", () => {
    expect(validateSchema("customer-file", customerFile([{ ...ann, customers: ["cust-b"] }]))).toEqual([
      {
        path: "admins[0].customers",
        message: unknownField("customers", "Remove it; the fields here are email, roles, sites, adopt."),
        unknownField: true,
      },
    ]);
  });
});

describe("resource schemas", () => {
  const cases: Array<[SchemaName, unknown, SchemaError[]]> = [
    ["partner-admin", { email: "pat@partner.example", roles: ["partner_admin"] }, []],
    ["partner-admin", { email: "pat@partner.example", roles: [], adopt: true }, []],
    [
      "partner-admin",
      { email: "pat", roles: ["partner_admin", "boss"], adopt: "yes", extra: 1 },
      [
        { path: "adopt", message: oldBoolean("yes") },
        { path: "email", message: EMAIL },
        {
          path: "extra",
          message: unknownField("extra", "Remove it; the fields here are email, roles, sites, adopt."),
          unknownField: true,
        },
        { path: "roles[1]", message: notAllowed("boss", ALL_ROLES) },
      ],
    ],
    [
      "partner-admin",
      {},
      [
        { path: "email", message: '"email" is required' },
        { path: "roles", message: '"roles" is required' },
      ],
    ],
    ["customer-assignment", { adminEmail: "pat@partner.example", customerOrgIds: ["cust-a", "cust-b"] }, []],
    ["customer-assignment", { adminEmail: "pat@partner.example", customerOrgIds: [] }, []],
    [
      "customer-assignment",
      { adminEmail: "pat@", customerOrgIds: ["cust a", ""], orgIds: [] },
      [
        { path: "adminEmail", message: EMAIL },
        { path: "customerOrgIds[0]", message: "must not be empty or contain spaces" },
        { path: "customerOrgIds[1]", message: "must NOT have fewer than 1 characters" },
        { path: "customerOrgIds[1]", message: "must not be empty or contain spaces" },
        { path: "orgIds", message: unknownField("orgIds", 'Did you mean "customerOrgIds"?'), unknownField: true },
      ],
    ],
    [
      "customer-assignment",
      { adminEmail: "pat@partner.example" },
      [{ path: "customerOrgIds", message: '"customerOrgIds" is required' }],
    ],
    [
      "external-admin",
      {
        orgId: "cust-a",
        email: "carol@msp.example",
        role: "external_readonly_admin",
        expiresAt: "2027-01-31T00:00:00Z",
        contactCenterServiceAdmin: false,
      },
      [],
    ],
    ["external-admin", { orgId: "cust-a", email: "carol@msp.example", role: "external_full_admin" }, []],
    [
      "external-admin",
      {
        orgId: "cust-a",
        email: "carol@msp.example",
        role: "full_admin",
        expiresAt: "tomorrow",
        contactCenterServiceAdmin: "true",
      },
      [
        { path: "contactCenterServiceAdmin", message: oldBoolean("true") },
        { path: "expiresAt", message: DATE },
        { path: "role", message: notAllowed("full_admin", EXTERNAL_ROLES, "external_full_admin") },
      ],
    ],
    [
      "external-admin",
      { email: "carol@msp.example" },
      [
        { path: "orgId", message: '"orgId" is required' },
        { path: "role", message: '"role" is required' },
      ],
    ],
    ["restricted-mode", { orgId: "cust-a" }, []],
    ["restricted-mode", { orgId: "cust-a", enabled: false }, []],
    [
      "restricted-mode",
      { orgId: "cust-a", enabled: "off", mode: "on" },
      [
        { path: "enabled", message: oldBoolean("off") },
        {
          path: "mode",
          message: unknownField("mode", "Remove it; the fields here are orgId, enabled."),
          unknownField: true,
        },
      ],
    ],
    ["restricted-mode", { enabled: true }, [{ path: "orgId", message: '"orgId" is required' }]],
    [
      "customer-admin",
      {
        orgId: "cust-a",
        email: "ann@acme.example",
        roles: ["full_admin", "contact_center_service_admin"],
        sites: { "acme.webex.com": "site_admin" },
        adopt: true,
      },
      [],
    ],
    ["customer-admin", { orgId: "cust-a", email: "ann@acme.example", roles: [] }, []],
    [
      "customer-admin",
      { orgId: "cust a", email: "ann", roles: ["boss"], sites: { "acme.webex.com": "site_owner" }, site: {} },
      [
        { path: "email", message: EMAIL },
        { path: "orgId", message: "must not be empty or contain spaces" },
        { path: "roles[0]", message: notAllowed("boss", ALL_ROLES) },
        { path: "site", message: unknownField("site", 'Did you mean "sites"?'), unknownField: true },
        {
          path: "sites.acme.webex.com",
          message: notAllowed("site_owner", "It must be one of: site_admin, site_user_admin, site_readonly_admin"),
        },
      ],
    ],
    [
      "customer-admin",
      { email: "ann@acme.example" },
      [
        { path: "orgId", message: '"orgId" is required' },
        { path: "roles", message: '"roles" is required' },
      ],
    ],
  ];

  it.each(cases)("%s %j", (name, value, expected) => {
    expect(sorted(validateSchema(name, value))).toEqual(sorted(expected));
  });

  it("covers every resource schema", () => {
    expect(new Set(cases.map(([name]) => name))).toEqual(
      new Set(SCHEMA_NAMES.filter((n) => !n.endsWith("-file") && n !== "org-policy")),
    );
  });
});

describe("pointerToPath", () => {
  it("turns JSON pointers into file paths", () => {
    expect(pointerToPath("")).toBe("");
    expect(pointerToPath("/admins/1/roles/0")).toBe("admins[1].roles[0]");
    expect(pointerToPath("/admins/0/sites/a~1b~0c")).toBe("admins[0].sites.a/b~c");
  });
});

describe("parseGitOpsFile: schema errors carry the line", () => {
  it("points an unknown role at its line", () => {
    const result = parseGitOpsFile(`apiVersion: webexhub/v1
partner:
  orgId: partner-1
admins:
  - email: alice@partner.example
    roles: [full_admin, partner_full_admin]
  - email: bob@partner.example
    roles:
      - partner_admin
      - partner_boss
`);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toEqual([
        { path: "admins[1].roles[1]", message: notAllowed("partner_boss", ALL_ROLES), line: 10 },
      ]);
  });

  it("points a missing key at its parent's line", () => {
    const result = parseGitOpsFile(`apiVersion: webexhub/v1
customer:
  orgId: cust-a
admins:
  - email: ann@acme.example
`);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toEqual([{ path: "admins[0].roles", message: '"roles" is required', line: 5 }]);
  });

  it("refuses a file that declares both kinds, or neither", () => {
    const both = parseGitOpsFile("apiVersion: webexhub/v1\npartner: {orgId: p}\ncustomer: {orgId: c}\nadmins: []\n");
    expect(both.ok).toBe(false);
    if (!both.ok) expect(both.problems[0]).toMatchObject({ path: "customer", line: 3 });
    const neither = parseGitOpsFile("apiVersion: webexhub/v1\nadmins: []\n");
    expect(neither.ok).toBe(false);
    if (!neither.ok) expect(neither.problems[0]?.message).toMatch(/neither partner: .* nor customer:/);
  });

  it("refuses YAML that is not a mapping, broken YAML and duplicate keys", () => {
    const list = parseGitOpsFile("- a\n- b\n");
    expect(list.ok).toBe(false);
    if (!list.ok) expect(list.problems[0]).toMatchObject({ path: "", line: 1 });
    const broken = parseGitOpsFile(BROKEN);
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.problems[0]?.message).toBe("not valid YAML: Tabs are not allowed as indentation");
    const duplicateKey = parseGitOpsFile("apiVersion: webexhub/v1\npartner: {orgId: p}\nadmins: []\nadmins: []\n");
    expect(duplicateKey.ok).toBe(false);
  });

  // A YAML syntax problem must name its line (here the tab of line 5): with prettyErrors: false,
  // yaml would leave error.linePos unset and every such message would lack the line.
  it("gives broken YAML its line number", () => {
    const broken = parseGitOpsFile(BROKEN);
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.problems[0]?.line).toBe(5);
  });
});
