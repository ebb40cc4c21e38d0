/**
 * Customers go with the role: someone left with neither partner_admin nor sales_admin loses their
 * assigned customers (the Hub drops them), so dropping those customers is judged as the role change
 * it comes with, not as a change of customers needing partner_full_admin. A change of the customers
 * of someone who keeps an assignable role still needs it.
 */
import { describe, expect, it } from "vitest";
import { evaluate, type Desired, type Person, type RoleId, type World } from "../../core";

const P = "org-partner";
const person = (local: string, roles: RoleId[]): Person => ({
  id: `id-${local}`,
  email: `${local}@partner.example`,
  orgId: P,
  roles,
});
const people = {
  admin: person("admin", ["full_admin", "partner_full_admin"]),
  second: person("second", ["full_admin"]),
  sales: person("sales", ["sales_admin"]),
  pa: person("pa", ["partner_admin"]),
};
const world: World = {
  partnerOrgId: P,
  orgs: [
    { id: P, displayName: "Demo Partner", kind: "partner" },
    { id: "c2", displayName: "Customer 02", kind: "customer", managedBy: P },
  ],
  people: Object.values(people),
  assignments: { "id-sales": ["c2"] },
  externalAdmins: [],
};
const now = new Date("2026-12-01T00:00:00Z");
const file = (sales: { roles: RoleId[]; customers?: string[] }): Desired => ({
  org: { kind: "partner", orgId: P },
  authoritative: true,
  members: [
    { email: "admin@partner.example", roles: ["full_admin", "partner_full_admin"], path: "admins[0]" },
    { email: "second@partner.example", roles: ["full_admin"], path: "admins[1]" },
    { email: "pa@partner.example", roles: ["partner_admin"], customers: [], path: "admins[2]" },
    { email: "sales@partner.example", ...sales, path: "admins[3]" },
  ],
  externalAdmins: [],
  restrictedMode: [],
});
const privilege = (desired: Desired, actor: Person): string[] =>
  evaluate({ desired, world, actor, now })
    .filter((v) => v.code === "actor-lacks-privilege")
    .map((v) => v.path);

describe("customers go with the role", () => {
  it("the sales admin gives up their own role, and their customers with it", () => {
    expect(privilege(file({ roles: [] }), people.sales)).toEqual([]);
    expect(privilege(file({ roles: [], customers: [] }), people.sales)).toEqual([]);
  });

  it("a full admin without partner_full_admin removes the role, and the customers with it", () => {
    expect(privilege(file({ roles: [], customers: [] }), people.second)).toEqual([]);
  });

  it("someone who may not change the role is still refused, on the roles", () => {
    expect(privilege(file({ roles: [], customers: [] }), people.pa)).toEqual(["admins[3].roles"]);
  });

  it("keeping the role and dropping the customers is a change of customers, which needs its privilege", () => {
    expect(privilege(file({ roles: ["sales_admin"], customers: [] }), people.pa)).toEqual(["admins[3].customers"]);
    expect(privilege(file({ roles: ["sales_admin"], customers: [] }), people.second)).toEqual([]);
  });
});
