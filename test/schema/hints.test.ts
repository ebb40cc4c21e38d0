import { describe, expect, it } from "vitest";
import { parseGitOpsFile } from "../../core/gitops/file";

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
      expect.objectContaining({ path: "externalAdmins", line: 6, message: expect.stringContaining("Declare them in the customer's own file") }),
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
    expect(result.problems.map((p) => [p.path, p.message.startsWith("customers are assigned to partner administrators")])).toEqual([["admins[1].customers", true]]);
  });
});
