/**
 * Preview log lines: a privilege delta as a count and the changes that matter most, people and
 * orgs by name beside their ids.
 */
import { describe, expect, it } from "vitest";
import { accessSummary, privilegeChanges, type RoleId, type World } from "../../core";
import { orgName, personName, privilegeSummary } from "../../provider/summary";

const world: World = {
  partnerOrgId: "p",
  orgs: [
    { id: "p", kind: "partner", displayName: "Demo Partner" },
    { id: "c1", kind: "customer", displayName: "Customer 01", managedBy: "p" },
  ],
  people: [
    { id: "1", email: "ann@partner.example", displayName: "Ann Lee", orgId: "p", roles: [] },
    { id: "2", email: "bob@partner.example", orgId: "p", roles: [] },
  ],
  assignments: {},
  externalAdmins: [],
};

describe("privilegeSummary", () => {
  it.each<[string, RoleId[], RoleId[]]>([
    ["a big grant", [], ["full_admin"]],
    ["a loss", ["partner_admin"], []],
    ["a swap", ["helpdesk_basic"], ["partner_admin"]],
  ])("%s: the count of every change, at most 3 kinds and 3 names each, on one line", (_what, before, after) => {
    const org = world.orgs[0];
    const count = privilegeChanges(accessSummary(before, org), accessSummary(after, org)).length;
    const line = privilegeSummary(before, after, org);
    expect(line).toMatch(new RegExp(`^${count} privilege changes?: (gains|loses|changes) `));
    expect(line).not.toContain("\n");
    for (const group of line
      .slice(line.indexOf(": ") + 2)
      .split("; ")
      .filter((g) => !g.startsWith("and "))) {
      const names = group
        .replace(/^\S+ /, "")
        .replace(/ and \d+ more: .*$|: [^:]*$/, "")
        .split(", ");
      expect(names.length).toBeLessThanOrEqual(3);
    }
    expect(line.split("; ").length).toBeLessThanOrEqual(4);
  });

  it("says when nothing changes", () => {
    expect(privilegeSummary(["readonly_admin"], ["readonly_admin"], world.orgs[0])).toBe("no privilege changes");
  });
});

describe("names beside ids", () => {
  it.each([
    [personName(world, "ANN@partner.example "), "Ann Lee <ANN@partner.example >"],
    [personName(world, "bob@partner.example"), "bob@partner.example"],
    [orgName(world, "c1"), "Customer 01 (c1)"],
    [orgName(world, "cust-acme"), "cust-acme"],
  ])("%s", (got, expected) => {
    expect(got).toBe(expected);
  });
});
