/**
 * Two things the mock Hub used to refuse that Webex allows, each with its near miss:
 * - a read-only administrator giving up their own role (Webex: "Only an admin can update a person",
 *   and a read-only admin is one; the rules: giving a role up raises nobody, so it takes no privilege);
 * - an external administrator listing the Hub's roles (Webex: `GET /roles` "Must be called by an
 *   admin user"; an external full admin assigns roles in the customer org and must name them).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WirePerson } from "../../api/wire";
import { SCIM_PATCH_SCHEMA } from "../../api/wire";
import { idUuid } from "../../api/ids";
import type { MockHub } from "../../mockhub/server";
import { personUpdateFrom } from "../../api/decode";
import { DEFAULT_PROFILE } from "../../mockhub/profile";

const roleValue = (role: RoleId): string => DEFAULT_PROFILE.roles.scimValue(role);
import type { RoleId } from "../../core";
import { call, cid, pid, rids, startDemoHub, token, type Answer } from "./helpers";

describe("what the mock Hub lets an administrator do to themselves, and who may list roles", () => {
  let hub: MockHub;
  let stop: () => Promise<void>;
  const t = (email: string): string => token(hub, email);
  const held = async (email: string): Promise<WirePerson> =>
    (await call<WirePerson>(hub, t("admin@partner.example"), "GET", `/people/${pid(email)}`)).body;
  const roles = async (email: string): Promise<string[]> => (await held(email)).roles ?? [];
  /** A whole-person PUT as a client makes it: what the Hub holds, with `change` over it. */
  const put = async (as: string, email: string, change: { displayName?: string; roles: string[] }): Promise<Answer> => {
    const renamed = change.displayName ? { displayName: change.displayName } : {};
    const body = { ...personUpdateFrom(await held(email), change.roles), ...renamed };
    return call(hub, t(as), "PUT", `/people/${pid(email)}`, body);
  };
  const value = (id: RoleId): { value: string } => ({ value: roleValue(id) });
  const patch = (as: string, email: string, operations: unknown[]): Promise<Answer> => {
    const orgId = hub.snapshot().people.find((p) => p.id === pid(email))?.orgId ?? "";
    const path = `/identity/scim/${idUuid(orgId)}/v2/Users/${idUuid(pid(email))}`;
    return call(hub, t(as), "PATCH", path, { schemas: [SCIM_PATCH_SCHEMA], Operations: operations });
  };
  const status = (a: Answer): number => a.status;

  beforeAll(async () => {
    ({ hub, stop } = await startDemoHub());
  });
  afterAll(async () => stop());

  it("a read-only admin may give up their own role (PUT), not change anyone else's nor swap theirs", async () => {
    const ro = "ro@partner.example";
    expect(status(await put(ro, "user1@partner.example", { roles: rids("partner_readonly_admin") }))).toBe(403);
    expect(status(await put(ro, ro, { roles: rids("partner_admin") }))).toBe(403);
    // Giving it up together with another change (the display name) is not only giving it up.
    expect(status(await put(ro, ro, { displayName: "Rory R.", roles: rids() }))).toBe(403);
    expect(await roles("ro@partner.example")).toEqual(rids("partner_readonly_admin"));
    const gaveUp = await put(ro, ro, { roles: rids() });
    expect(gaveUp.status, JSON.stringify(gaveUp.body)).toBe(200);
    expect(await roles("ro@partner.example")).toEqual([]);
  });

  it("the same through SCIM: removing one's own read-only role passes, adding one does not", async () => {
    const granted = await put("admin@partner.example", "user2@partner.example", { roles: rids("readonly_admin") });
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    const add = [{ op: "add", path: "roles", value: [value("partner_readonly_admin")] }];
    expect(status(await patch("user2@partner.example", "user2@partner.example", add))).toBe(403);
    const remove = [{ op: "remove", path: `roles[value eq "${roleValue("readonly_admin")}"]` }];
    expect(status(await patch("user2@partner.example", "user3@partner.example", remove))).toBe(403);
    const gaveUp = await patch("user2@partner.example", "user2@partner.example", remove);
    expect(gaveUp.status, JSON.stringify(gaveUp.body)).toBe(200);
    expect(await roles("user2@partner.example")).toEqual([]);
  });

  it("a person with no admin role anywhere may not list roles; an external administrator may", async () => {
    expect(status(await call(hub, t("helper@msp.example"), "GET", "/roles"))).toBe(403);
    expect(status(await call(hub, t("user1@partner.example"), "GET", "/roles"))).toBe(403);
    const grant = `/organizations/${cid(1)}/externalAdmins/${pid("helper@msp.example")}`;
    const made = await call(hub, t("admin@customer01.example"), "PUT", grant, { role: "external_full_admin" });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const listed = await call<{ items: unknown[] }>(hub, t("helper@msp.example"), "GET", "/roles");
    expect(listed.status).toBe(200);
    expect(listed.body.items.length).toBeGreaterThan(0);
  });
});
