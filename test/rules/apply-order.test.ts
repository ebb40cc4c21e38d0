/**
 * The order of a program's role writes, walked with the applier's privileges as each write leaves
 * them. The handover of the issue that half-applied (the applier demoted itself before the write
 * that needed its full_admin) must now order the applier's own loss last; a program no order can
 * apply fails, naming the write.
 */
import { describe, expect, it } from "vitest";
import { applyOrder, EMPTY_PLAN, type PlanDigest, type Person, type RoleId, type World } from "../../core";

const P = "org-partner";
const person = (local: string, roles: RoleId[]): Person => ({
  id: `id-${local}`,
  email: `${local}@partner.example`,
  orgId: P,
  roles,
});
const admin = person("admin", ["full_admin", "partner_full_admin"]);
const world: World = {
  partnerOrgId: P,
  orgs: [{ id: P, displayName: "Demo Partner", kind: "partner" }],
  people: [admin, person("second", ["full_admin"]), person("pa", ["partner_admin"]), person("user1", [])],
  assignments: {},
  externalAdmins: [],
};
const now = new Date("2026-12-01T00:00:00Z");
const plan = (admins: Record<string, RoleId[]>): PlanDigest => ({
  ...EMPTY_PLAN,
  partnerAdmins: Object.entries(admins).map(([local, roles]) => ({
    name: local,
    email: `${local}@partner.example`,
    roles,
  })),
});
const HANDOVER = plan({ admin: ["partner_full_admin"], second: [], pa: ["full_admin", "partner_admin"] });

describe("the apply order of a program's role writes", () => {
  it("the handover that half-applied: pa's grant, then second's loss, the applier's own loss last", () => {
    expect(applyOrder(HANDOVER, world, admin, now)).toEqual({
      order: ['PartnerAdmin "pa"', 'PartnerAdmin "second"', 'PartnerAdmin "admin"'],
      ownLosses: ['PartnerAdmin "admin"'],
      violations: [],
    });
  });

  it("is the same whatever order the program declares its resources in", () => {
    const reversed: PlanDigest = { ...HANDOVER, partnerAdmins: [...HANDOVER.partnerAdmins].reverse() };
    expect(applyOrder(reversed, world, admin, now).order).toEqual([
      'PartnerAdmin "pa"',
      'PartnerAdmin "second"',
      'PartnerAdmin "admin"',
    ]);
  });

  it("leaves out the writes that change nothing", () => {
    expect(
      applyOrder(plan({ admin: ["full_admin", "partner_full_admin"], second: ["full_admin"] }), world, admin, now),
    ).toEqual({ order: [], ownLosses: [], violations: [] });
  });

  it("a delete runs after every update (Pulumi's order): one that needs the role the applier gives up fails, named", () => {
    const previous = plan({
      admin: ["full_admin", "partner_full_admin"],
      second: ["full_admin"],
      pa: ["partner_admin"],
    });
    const next = plan({ admin: ["partner_full_admin"], pa: ["full_admin", "partner_admin"] });
    const walk = applyOrder(next, world, admin, now, previous);
    expect(walk.order).toEqual(['PartnerAdmin "pa"', 'PartnerAdmin "admin"']);
    expect(walk.violations.map((v) => [v.code, v.severity, v.path])).toEqual([
      ["actor-lacks-privilege", "error", 'PartnerAdmin "second" (delete)'],
    ]);
    expect(walk.violations[0]?.message).toContain('after PartnerAdmin "pa", PartnerAdmin "admin"');
    expect(walk.violations[0]?.message).toContain("declare it with the roles it should keep");
  });

  it("the same delete passes when the applier keeps full_admin", () => {
    const previous = plan({ second: ["full_admin"] });
    expect(applyOrder(plan({ pa: ["full_admin", "partner_admin"] }), world, admin, now, previous)).toEqual({
      order: ['PartnerAdmin "pa"', 'PartnerAdmin "second" (delete)'],
      ownLosses: [],
      violations: [],
    });
  });

  it("a write the applier may not make even first is left to its own check, not reported twice", () => {
    const pa = world.people.find((p) => p.email === "pa@partner.example") as Person;
    expect(applyOrder(plan({ user1: ["full_admin"] }), world, pa, now)).toEqual({
      order: [],
      ownLosses: [],
      violations: [],
    });
  });

  it("a lockout in between: the last full admin's loss waits for the grant of the next", () => {
    const alone: World = {
      ...world,
      people: world.people.map((p) => (p.email.startsWith("second@") ? { ...p, roles: [] } : p)),
    };
    const walk = applyOrder(plan({ admin: ["partner_full_admin"], user1: ["full_admin"] }), alone, admin, now);
    expect(walk).toEqual({
      order: ['PartnerAdmin "user1"', 'PartnerAdmin "admin"'],
      ownLosses: ['PartnerAdmin "admin"'],
      violations: [],
    });
  });
});
