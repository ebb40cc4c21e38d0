/**
 * actor-lacks-privilege over facts the token was not shown: a person's roles (Webex shows them only
 * to an admin of the person's org) and an org's external administrators. The rule says
 * `not-checked` for what it cannot tell, refuses what it can, and never passes a change silently.
 */
import { describe, expect, it } from "vitest";
import { evaluate, type Desired, type DesiredMember, type Person, type RoleId, type World } from "../../core";

const P = "org-partner";
const C = "org-customer";
const now = new Date("2026-12-01T00:00:00Z");
const person = (email: string, orgId: string, roles: RoleId[]): Person => ({ id: `id-${email}`, email, orgId, roles });
const cAdmin = person("admin@customer.example", C, ["full_admin"]);
const cDevice = person("device@customer.example", C, ["device_admin"]);
const pAdmin = person("admin@partner.example", P, ["full_admin", "partner_full_admin"]);
const msp = person("helper@msp.example", "org-msp", []);
const CANNOT_LIST = "this token may not list the external administrators of org-customer (403)";

/** The world as a token sees it: the `hidden` people's roles shown as none, and marked so. */
function world(hidden: readonly string[], unknownExternals = false): World {
  const shown = (p: Person): Person => (hidden.includes(p.email) ? { ...p, roles: [], rolesHidden: true } : p);
  const grant = { orgId: C, personId: msp.id, role: "external_readonly_admin" as const };
  return {
    partnerOrgId: P,
    orgs: [
      { id: P, displayName: "Partner", kind: "partner" },
      { id: C, displayName: "Customer", kind: "customer", managedBy: P },
    ],
    people: [pAdmin, person("ro@partner.example", P, ["partner_readonly_admin"]), cAdmin, cDevice, msp].map(shown),
    assignments: {},
    externalAdmins: unknownExternals ? [] : [grant],
    ...(unknownExternals ? { unknown: [{ kind: "externalAdmins" as const, orgId: C, reason: CANNOT_LIST }] } : {}),
  };
}

const member = (email: string, roles: RoleId[], i = 0): DesiredMember =>
  ({ email, roles, path: `admins[${i}]`, rolesPath: `admins[${i}].roles` }) as DesiredMember;
const fileOf = (kind: "partner" | "customer", members: DesiredMember[], authoritative = false): Desired => {
  const org = { kind, orgId: kind === "partner" ? P : C };
  return { org, authoritative, members, externalAdmins: [], restrictedMode: [] } as Desired;
};

/** This rule's verdicts and its own not-checked (the lockout rules say theirs about the same unknowns). */
const privilege = (desired: Desired, w: World, actor: Person): string[] =>
  evaluate({ desired, world: w, actor, now })
    .filter((v) => v.code === "actor-lacks-privilege" || v.message.startsWith("actor-lacks-privilege could not"))
    .map((v) => `${v.severity} ${v.code} ${v.path}`);

const NOT_CHECKED = ["warning not-checked admins[0].roles"];
const REFUSED = ["error actor-lacks-privilege admins[0].roles"];

describe("a member whose roles the token is not shown", () => {
  const ro = ["ro@partner.example"];
  type Case = { name: string; hidden: string[]; actor: Person; roles: RoleId[]; want: string[] };
  const cd = cDevice;
  const cases: readonly Case[] = [
    { name: "taking a partner's roles: not-checked", hidden: ro, actor: cd, roles: [], want: NOT_CHECKED },
    { name: "a customer admin declaring roles: refused", hidden: ro, actor: cd, roles: ["sales_admin"], want: REFUSED },
    { name: "the same loss, shown the roles: refused", hidden: [], actor: cDevice, roles: [], want: REFUSED },
    { name: "the partner's full admin, shown them: allowed", hidden: [], actor: pAdmin, roles: [], want: [] },
    // An actor who may change roles there is shown them: a Hub never gives this view.
    { name: "hidden from one who may change them: as before", hidden: ro, actor: pAdmin, roles: [], want: [] },
  ];
  it.each(cases)("$name", ({ hidden, actor, roles, want }) => {
    expect(privilege(fileOf("partner", [member("ro@partner.example", roles)]), world(hidden), actor)).toEqual(want);
  });

  it("in a customer org: a partner person who does not administer it taking the org's full admin's roles", () => {
    const desired = fileOf("customer", [member("admin@customer.example", [])]);
    const outsider = person("user1@partner.example", P, []);
    expect(privilege(desired, world(["admin@customer.example"]), outsider)).toEqual(NOT_CHECKED);
    expect(privilege(desired, world([]), outsider)).toEqual(REFUSED);
  });
});

describe("the external administrators an authoritative customer file leaves out", () => {
  const admin = member("admin@customer.example", ["full_admin"]);
  const file = fileOf("customer", [admin, member("device@customer.example", ["device_admin"], 1)], true);

  it("seen: a member who is not a full admin is refused the removal", () => {
    expect(privilege(file, world([]), cDevice)).toEqual(["error actor-lacks-privilege externalAdmins.role"]);
  });

  it("not listable by the token: not-checked, never passed as nothing removed", () => {
    expect(privilege(file, world([], true), cDevice)).toEqual(["warning not-checked externalAdmins"]);
  });

  it("the org's full admin may remove them, seen or not", () => {
    expect(privilege(file, world([]), cAdmin)).toEqual([]);
    expect(privilege(file, world([], true), cAdmin)).toEqual([]);
  });
});
