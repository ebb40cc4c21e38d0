/** Extension `PUT /v1/people/{id}/siteRoles`: the site roles alone, with the Hub's guard and body checks. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WirePerson } from "../../api/wire";
import type { MockHub } from "../../mockhub/server";
import { call, errorOf, pid, startDemoHub, token } from "./helpers";

let hub: MockHub;
let stop: () => Promise<void>;
beforeAll(async () => {
  ({ hub, stop } = await startDemoHub());
});
afterAll(async () => stop());

const stored = (email: string) => hub.snapshot().people.find((p) => p.id === pid(email));

describe("PUT /people/{id}/siteRoles", () => {
  it("changes the site roles and nothing else of the person", async () => {
    const before = stored("user2@partner.example")!;
    const answer = await call<WirePerson>(
      hub,
      token(hub, "admin@partner.example"),
      "PUT",
      `/people/${pid("user2@partner.example")}/siteRoles`,
      { siteRoles: { "partner.webex.com": "site_admin" } },
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.siteRoles).toEqual({ "partner.webex.com": "site_admin" });
    const { siteRoles, lastModified: _at, ...rest } = stored("user2@partner.example")!;
    const { siteRoles: _none, lastModified: _was, ...restBefore } = before;
    expect(siteRoles).toEqual({ "partner.webex.com": "site_admin" });
    expect(rest).toEqual(restBefore);
    expect(
      (
        await call(
          hub,
          token(hub, "admin@partner.example"),
          "PUT",
          `/people/${pid("user2@partner.example")}/siteRoles`,
          { siteRoles: {} },
        )
      ).status,
    ).toBe(200);
    expect(stored("user2@partner.example")?.siteRoles).toBeUndefined();
  });

  it.each([
    [
      "a partner admin, who may not assign partner-org roles",
      "pa@partner.example",
      { siteRoles: { "partner.webex.com": "site_admin" } },
      403,
      "actor-lacks-privilege",
    ],
    ["a body without siteRoles", "admin@partner.example", { roles: [] }, 400, "siteRoles"],
    [
      "an unknown site role",
      "admin@partner.example",
      { siteRoles: { "partner.webex.com": "site_owner" } },
      400,
      'siteRoles["partner.webex.com"]',
    ],
  ])("refuses %s", async (_name, actor, body, status, named) => {
    const answer = await call(hub, token(hub, actor), "PUT", `/people/${pid("user3@partner.example")}/siteRoles`, body);
    expect(answer.status).toBe(status);
    const error = errorOf(answer);
    expect([error.message, ...error.errors.map((e) => `${e.description} ${e.code ?? ""}`)].join(" ")).toContain(named);
    expect(stored("user3@partner.example")?.siteRoles).toBeUndefined();
  });
});
