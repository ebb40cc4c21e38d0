/**
 * GitOps resource names: readable and short, stable for the same entry, and the name earlier
 * versions gave as an alias whenever it differs (so an existing stack keeps its resources).
 */
import { describe, expect, it } from "vitest";
import { demoCustomerOrgId } from "../../mockhub/seed";
import { gitOpsName, slug } from "../../sdk/names";

const WEBEX_ORG = demoCustomerOrgId(3);

describe("GitOps resource names", () => {
  it.each([
    [
      "a short org id stays as it is",
      "restricted",
      [{ text: "cust-acme", org: true }],
      { name: "restricted-cust-acme" },
    ],
    ["an email stays as it is", "admin", [{ text: "bob@partner.example" }], { name: "admin-bob-partner-example" }],
    [
      "a Webex org id becomes org-<hash>, the old name an alias",
      "restricted",
      [{ text: WEBEX_ORG, org: true }],
      { name: expect.stringMatching(/^restricted-org-[0-9a-f]{8}$/), alias: `restricted-${slug(WEBEX_ORG)}` },
    ],
    [
      "a customer admin: the org shortened, the email readable",
      "admin",
      [{ text: WEBEX_ORG, org: true }, { text: "ann@acme.example" }],
      {
        name: expect.stringMatching(/^admin-org-[0-9a-f]{8}-ann-acme-example$/),
        alias: `admin-${slug(WEBEX_ORG)}-ann-acme-example`,
      },
    ],
    [
      "a long email: a readable head and a hash",
      "admin",
      [{ text: "firstname.lastname.department@customer01.example" }],
      {
        name: expect.stringMatching(/^admin-firstname-lastna-[0-9a-f]{8}$/),
        alias: "admin-firstname-lastname-department-customer01-example",
      },
    ],
  ])("%s", (_what, kind, values, expected) => {
    const named = gitOpsName(kind, values);
    expect(named).toEqual(expected);
    expect(named.name.length).toBeLessThanOrEqual(48);
    // Stable: the same entry, the same name.
    expect(gitOpsName(kind, values)).toEqual(named);
  });

  it("gives two different Webex orgs two different names", () => {
    expect(gitOpsName("restricted", [{ text: demoCustomerOrgId(1), org: true }]).name).not.toBe(
      gitOpsName("restricted", [{ text: demoCustomerOrgId(2), org: true }]).name,
    );
  });
});
