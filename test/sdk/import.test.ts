/**
 * The `import` resource option cannot work for a dynamic resource (Pulumi reads it before its
 * provider is known): every webexhub resource refuses it with a message that points to `adopt`.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { CustomerAdmin, CustomerAssignment, ExternalAdmin, PartnerAdmin, RestrictedMode } from "../../sdk";

pulumi.runtime.setMocks(
  { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) },
  "webexhub-test",
  "import",
  true,
);

const opts = { import: "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8x" };

describe("the import resource option", () => {
  it.each([
    ["PartnerAdmin", () => new PartnerAdmin("bob", { email: "bob@partner.example", roles: ["partner_admin"] }, opts)],
    ["CustomerAdmin", () => new CustomerAdmin("ann", { orgId: "org-1", email: "ann@acme.example", roles: [] }, opts)],
    [
      "CustomerAssignment",
      () => new CustomerAssignment("bob-customers", { adminEmail: "bob@partner.example", customerOrgIds: [] }, opts),
    ],
    [
      "ExternalAdmin",
      () =>
        new ExternalAdmin(
          "carol",
          { orgId: "org-1", email: "carol@msp.example", role: "external_readonly_admin" },
          opts,
        ),
    ],
    ["RestrictedMode", () => new RestrictedMode("acme", { orgId: "org-1" }, opts)],
  ])("%s refuses it, naming the resource and pointing to adopt: true", (type, declare) => {
    let error: unknown;
    try {
      declare();
    } catch (e) {
      error = e;
    }
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      new RegExp(`^${type} "[a-z-]+": the import resource option does not work for webexhub resources`),
    );
    expect((error as Error).message).toContain("adopt: true");
    expect((error as Error).message).toContain("webexhub export");
  });
});
