import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { administratorsCsv, exportYaml, neutraliseFormula, partnerFileOf } from "../../cli/export";
import type { Person, World } from "../../core/rules/types";

const person = (over: Partial<Person>): Person => ({
  id: "p-1",
  email: "ann@partner.example",
  orgId: "org-partner",
  roles: ["support_admin"],
  ...over,
});

describe("administrators CSV", () => {
  it.each([
    ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
    ["+1 555 0100", "'+1 555 0100"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["\tindented", "'\tindented"],
    ["\rreturn", "'\rreturn"],
    ["Ann = Admin", "Ann = Admin"],
    ["O'Brien", "O'Brien"],
    ["", ""],
  ])("a cell %j is written as %j so a spreadsheet shows it as text", (value, expected) => {
    expect(neutraliseFormula(value)).toBe(expected);
  });

  it("neutralises formulas in every column and quotes commas, quotes and line breaks", () => {
    const csv = administratorsCsv([
      person({ firstName: "=1+1", lastName: "Smith, Jr.", displayName: 'Ann "The Admin"\nSmith' }),
      person({ id: "p-2", email: "bob@partner.example", firstName: "Bob", roles: [] }),
    ]);
    expect(csv).toBe(
      "First Name,Last Name,Display Name,User ID/Email,Admin Role\r\n" +
        `'=1+1,"Smith, Jr.","Ann ""The Admin""\nSmith",ann@partner.example,Support administrator\r\n`,
    );
  });

  it("lists organization roles by label and site roles with their site", () => {
    const csv = administratorsCsv([person({ roles: ["full_admin"], siteRoles: { "acme.webex.com": "site_admin" } })]);
    expect(csv.split("\r\n")[1]).toBe(",,,ann@partner.example,Full administrator; site_admin (acme.webex.com)");
  });
});

describe("the exported YAML", () => {
  it("follows each organization id with the organization's name as a comment, on one line whatever the name", () => {
    const world: World = {
      partnerOrgId: "org-p",
      orgs: [
        { id: "org-p", displayName: "Partner # One", kind: "partner" },
        { id: "org-c", displayName: "Evil\nname: injected", kind: "customer", managedBy: "org-p" },
        { id: "org-n", displayName: "org-n", kind: "customer", managedBy: "org-p" },
      ],
      people: [{ id: "p1", email: "a@p.example", orgId: "org-p", roles: ["partner_admin"] }],
      assignments: { p1: ["org-c", "org-n"] },
      externalAdmins: [],
    };
    const text = exportYaml(partnerFileOf(world, "org-p"), world);
    expect(text).toContain("  orgId: org-p # Partner # One\n");
    expect(text).toContain("      - org-c # Evil name: injected\n");
    expect(text).toContain("      - org-n\n");
    expect(parse(text)).toEqual(partnerFileOf(world, "org-p"));
  });
});
