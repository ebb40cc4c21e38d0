import { describe, expect, it } from "vitest";
import { parseGitOpsFile } from "../../core/gitops/file";
import { suggest } from "../../core/suggest";

describe("schema errors that say what to do instead", () => {
  it("tells a partner file that external admins belong in the customer's own file", () => {
    const result = parseGitOpsFile(`apiVersion: webexhub/v1
partner: {orgId: org-partner}
admins:
  - {email: a@partner.example, roles: [full_admin]}
externalAdmins:
  - {email: c@msp.example, role: external_readonly_admin}
`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      expect.objectContaining({
        path: "externalAdmins",
        line: 5,
        message: expect.stringContaining("Declare them in the customer's own file"),
      }),
    ]);
  });

  it("tells a customer file that customers are assigned in the partner file, for any admin", () => {
    const result = parseGitOpsFile(`apiVersion: webexhub/v1
customer: {orgId: org-customer-01}
admins:
  - {email: a@customer01.example, roles: [full_admin]}
  - {email: b@customer01.example, roles: [full_admin], customers: [org-customer-02]}
`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(
      result.problems.map((p) => [p.path, p.message.startsWith("customers are assigned to partner administrators")]),
    ).toEqual([["admins[1].customers", true]]);
  });
  it("says where a field indented one level too deep belongs, on both of the errors it causes", () => {
    const result = parseGitOpsFile(`apiVersion: webexhub/v1
partner:
  orgId: org-partner
  admins:
    - {email: a@partner.example, roles: [full_admin]}
`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.path, p.line, p.message])).toEqual([
      ["admins", 1, '"admins" is required here; the file has it under partner instead: check its indentation.'],
      ["partner.admins", 4, 'unknown field "admins" here, and it is missing at the top level: check its indentation.'],
    ]);
  });

  it("does not send one list item's missing field to another item's unknown one", () => {
    const result = parseGitOpsFile(`apiVersion: webexhub/v1
partner: {orgId: org-partner}
admins:
  - {roles: [full_admin]}
  - {email: b@partner.example, roles: [full_admin], email2: c@partner.example}
`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.path, p.message.split(".")[0]])).toEqual([
      ["admins[0].email", '"email" is required'],
      ["admins[1].email2", 'unknown field "email2"'],
    ]);
  });

  // The hints were an object indexed by the error's path: `constructor:` found Object's
  // constructor there, and the message became a function.
  it("gives a key named like an object's own property the unknown-field message, not a hint", () => {
    const result = parseGitOpsFile(
      "apiVersion: webexhub/v1\npartner: {orgId: p}\nadmins: []\nconstructor: 1\ntoString: 2\n__proto__: 3\n",
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.path, p.line, p.message.split(".")[0]])).toEqual([
      ["constructor", 4, 'unknown field "constructor"'],
      ["toString", 5, 'unknown field "toString"'],
      ["__proto__", 6, 'unknown field "__proto__"'],
    ]);
  });
});

describe("did you mean", () => {
  it("names the bad role, the closest role id and the allowed ones", () => {
    const result = parseGitOpsFile(
      "apiVersion: webexhub/v1\npartner: {orgId: p}\nadmins:\n  - email: bob@partner.example\n    roles: [partner_adimn]\n",
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems[0]).toMatchObject({ path: "admins[0].roles[0]", line: 5 });
      expect(result.problems[0]?.message).toMatch(
        /^"partner_adimn" is not allowed here\. Did you mean "partner_admin"\? It must be one of: /,
      );
    }
  });

  it("names a misspelt kind of file and the two it can be", () => {
    const result = parseGitOpsFile("apiVersion: webexhub/v1\npartners:\n  orgId: p\nadmins: []\n");
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toEqual([
        {
          path: "partners",
          line: 2,
          message:
            'unknown top-level key "partners". Did you mean "partner:"? A file declares either partner: (a partner file) or customer: (a customer file).',
        },
      ]);
  });

  it("suggests nothing for a word that is not a near miss", () => {
    expect(suggest("emperor", ["partner_admin", "full_admin"])).toBeUndefined();
    expect(suggest("restricted", ["orgId", "restrictedMode"])).toBe("restrictedMode");
  });
});
