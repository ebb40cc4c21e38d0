/**
 * What one org may learn of another: external administrators and Restricted Administrator Mode are
 * shown only to a caller who sees the org (its administrators, the partner's administrators who
 * manage it), and a write that would change nothing answers as the change would — once, "already
 * so" was a 200 to anyone and a real change a 403, an oracle of who manages whom.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MockHub } from "../../mockhub/server";
import { call, cid, errorOf, pid, startDemoHub, token } from "./helpers";

const HELPER = "helper@msp.example";

describe("cross-org reads and no-op writes", () => {
  let hub: MockHub;
  let stop: () => Promise<void>;
  const as = (email: string, method: string, path: string, body?: unknown): Promise<number> =>
    call(hub, token(hub, email), method, path, body).then((a) => a.status);

  beforeAll(async () => {
    ({ hub, stop } = await startDemoHub());
    const grant = `/organizations/${cid(4)}/externalAdmins/${pid(HELPER)}`;
    const granted = await call(hub, token(hub, "admin@customer04.example"), "PUT", grant, {
      role: "external_readonly_admin",
    });
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
  });
  afterAll(async () => stop());

  const reads: Array<[string, number, number]> = [
    ["admin@customer04.example", 4, 200],
    ["admin@customer05.example", 4, 403],
    ["user1@partner.example", 4, 403],
    ["pa@partner.example", 1, 200],
    ["pa@partner.example", 4, 403],
    ["ro@partner.example", 4, 200],
    ["admin@partner.example", 4, 200],
    [HELPER, 4, 200],
    [HELPER, 5, 403],
  ];

  it.each(reads)("%s reading customer %i's external admins and restricted mode: %i", async (email, n, status) => {
    const paths = [`/organizations/${cid(n)}/externalAdmins`, `/partner/organizations/${cid(n)}/restrictedMode`];
    if (n === 4) paths.push(`/organizations/${cid(4)}/externalAdmins/${pid(HELPER)}`);
    const answers = await Promise.all(paths.map((p) => call(hub, token(hub, email), "GET", p)));
    expect(answers.map((a) => a.status)).toEqual(paths.map(() => status));
    for (const a of answers.filter((x) => x.status === 403)) {
      expect(errorOf(a).errors[0]?.code).toBe("actor-lacks-privilege");
      // Nothing of the org's grants or settings in the refusal.
      expect(JSON.stringify(a.body)).not.toMatch(/homeOrgId|"enabled"|external_readonly_admin/);
    }
  });

  const admin = (n: number, email: string): string => `/partner/organizations/${cid(n)}/partnerAdmin/${pid(email)}`;
  const assign = (n: number, email: string): string => `${admin(n, email)}/assign`;
  const unassign = (n: number, email: string): string => `${admin(n, email)}/unassign`;

  it.each([
    ["assign, already assigned", "POST", assign(1, "pa@partner.example")],
    ["assign, not assigned", "POST", assign(9, "pa@partner.example")],
    ["unassign, assigned", "DELETE", unassign(1, "pa@partner.example")],
    ["unassign, not assigned", "DELETE", unassign(9, "pa@partner.example")],
    ["unassign someone never assigned", "DELETE", unassign(9, "user2@partner.example")],
  ])("pa@partner.example may not assign: %s is a 403 either way", async (_what, method, path) => {
    const before = hub.snapshot();
    expect(await as("pa@partner.example", method, path)).toBe(403);
    expect(hub.snapshot()).toBe(before);
  });

  it("the partner full admin's no-op is a 200 that changes nothing and is not audited", async () => {
    const before = hub.snapshot();
    expect(await as("admin@partner.example", "POST", assign(1, "pa@partner.example"))).toBe(200);
    expect(await as("admin@partner.example", "DELETE", unassign(9, "pa@partner.example"))).toBe(200);
    expect(hub.snapshot().assignments).toEqual(before.assignments);
    expect(hub.snapshot().audit).toEqual(before.audit);
  });

  it.each([
    ["ro@partner.example (read-only: never)", "ro@partner.example", 12, 403],
    ["pa@partner.example, a customer not assigned", "pa@partner.example", 12, 403],
    ["pa@partner.example, an assigned customer", "pa@partner.example", 1, 200],
    ["admin@customer05.example, another org", "admin@customer05.example", 12, 403],
  ])("restricted mode set to what it already is, by %s (%s, customer %i): %i", async (_what, email, n, status) => {
    expect(await as(email, "PUT", `/partner/organizations/${cid(n)}/restrictedMode`, { enabled: true })).toBe(status);
  });

  it.each([
    ["the org's full admin", "admin@customer04.example", 200],
    ["another customer's admin", "admin@customer05.example", 403],
    ["the grantee itself", HELPER, 403],
  ])("the same external grant again, by %s (%s): %i", async (_what, email, status) => {
    const grant = `/organizations/${cid(4)}/externalAdmins/${pid(HELPER)}`;
    expect(await as(email, "PUT", grant, { role: "external_readonly_admin" })).toBe(status);
  });

  it.each([
    ["the org's full admin", "admin@customer05.example", 404],
    ["an outsider", "admin@customer04.example", 403],
  ])("removing a grant that is not there, by %s (%s): %i", async (_what, email, status) => {
    expect(await as(email, "DELETE", `/organizations/${cid(5)}/externalAdmins/${pid(HELPER)}`)).toBe(status);
  });

  it("revoking the partner roles of someone who has none: 403 to an outsider, 204 to the partner's admin", async () => {
    const path = `/partner/organizations/partnerAdmin/${pid("user3@partner.example")}`;
    expect(await as("admin@customer04.example", "DELETE", path)).toBe(403);
    expect(await as("admin@partner.example", "DELETE", path)).toBe(204);
  });
});
