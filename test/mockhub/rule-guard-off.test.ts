/**
 * `ruleGuard: false` (`webexhub mock-hub --no-rule-guard`): the mock then behaves like Webex, which
 * is not known to refuse a lockout, so a client's own safety can be tested. Who may write is still
 * checked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WirePerson } from "../../api/wire";
import type { MockHub } from "../../mockhub/server";
import { call, errorOf, pid, rids, startDemoHub, token } from "./helpers";

const lastAdminLoses = (hub: MockHub) =>
  call<WirePerson>(hub, token(hub, "admin@partner.example"), "PUT", `/people/${pid("admin@customer01.example")}`, {
    emails: ["admin@customer01.example"],
    displayName: "Admin Customer 01",
    roles: rids("readonly_admin"),
  });

describe.each([
  { ruleGuard: undefined, lockout: 409 },
  { ruleGuard: true, lockout: 409 },
  { ruleGuard: false, lockout: 200 },
])("ruleGuard: $ruleGuard", ({ ruleGuard, lockout }) => {
  let hub: MockHub;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ hub, stop } = await startDemoHub(ruleGuard === undefined ? {} : { ruleGuard }));
  });
  afterAll(async () => stop());

  it(`answers ${lockout} to a write that leaves a customer org with no full admin`, async () => {
    const answer = await lastAdminLoses(hub);
    expect(answer.status, JSON.stringify(answer.body)).toBe(lockout);
    const held = hub.snapshot().people.find((p) => p.id === pid("admin@customer01.example"))?.roles;
    expect(held).toEqual(lockout === 200 ? ["readonly_admin"] : ["full_admin"]);
  });

  it("still answers 403 to a token that may not assign the role", async () => {
    const answer = await call(hub, token(hub, "pa@partner.example"), "PUT", `/people/${pid("user1@partner.example")}`, {
      displayName: "Renamed",
      emails: ["user1@partner.example"],
      roles: rids("partner_full_admin"),
    });
    expect(answer.status).toBe(403);
    expect(errorOf(answer).errors.map((e) => e.code)).toContain("actor-lacks-privilege");
  });
});
