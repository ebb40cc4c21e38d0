/**
 * `webexhub:applier` is for previews only. A pull-request job holds a read-only token (here
 * ro@partner.example, a partner read-only administrator); with the applier set, `check` and `diff`
 * judge who may make the change as the applier, so the preview says what the apply will do. The
 * writes (create, update) are always judged as the token's own person: the setting cannot relax an
 * apply, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProvider as partnerAdminProvider } from "../../provider/resources/partnerAdmin";
import type { ConfigSource } from "../../hub/credentials";
import { codesOf, harnessConfig, rolesInHub, startHarness, type Harness } from "./harness";

let applier: string | undefined;
/** The harness's stack configuration, plus the applier this test sets. */
const config: ConfigSource = { get: (key) => (key === "webexhub:applier" ? applier : harnessConfig.get(key)) };
const partnerAdmin = partnerAdminProvider(config);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.stop());

const NEW_ADMIN = { email: "user2@partner.example", roles: ["partner_admin" as const] };

describe("webexhub:applier", () => {
  it("check: the read-only token alone is refused; judged as the applier, the preview passes", async () => {
    h.as("ro@partner.example");
    applier = undefined;
    expect(codesOf((await partnerAdmin.check({}, NEW_ADMIN)).failures)).toEqual(["actor-lacks-privilege"]);
    applier = "admin@partner.example";
    expect((await partnerAdmin.check({}, NEW_ADMIN)).failures).toEqual([]);
  });

  it("diff judges as the applier; create and update ignore it: the token's person is judged, and nothing is written", async () => {
    h.as("ro@partner.example");
    const person = (await h.client("admin@partner.example").listPeople({ email: "pa@partner.example" }))[0];
    const id = person?.id ?? "";
    const outs = {
      email: "pa@partner.example",
      roles: ["partner_admin" as const],
      personId: id,
      orgId: person?.orgId ?? "",
      displayName: "Pat Partner",
      unknownRoles: [],
    };
    const news = { email: "pa@partner.example", roles: ["partner_admin" as const, "sales_admin" as const] };
    applier = undefined;
    await expect(partnerAdmin.diff(id, outs, news)).rejects.toThrow(/\[actor-lacks-privilege\]/);
    applier = "admin@partner.example";
    await expect(partnerAdmin.diff(id, outs, news)).resolves.toMatchObject({ changes: true });

    const before = await rolesInHub(h, "user2@partner.example");
    await expect(partnerAdmin.create(NEW_ADMIN)).rejects.toThrow(/\[actor-lacks-privilege\]/);
    await expect(partnerAdmin.update(id, outs, news)).rejects.toThrow(/\[actor-lacks-privilege\]/);
    expect(await rolesInHub(h, "user2@partner.example")).toEqual(before);
    expect(await rolesInHub(h, "pa@partner.example")).toEqual(["partner_admin"]);
    applier = undefined;
  });

  it("an applier the Hub does not know is a check failure naming the setting and the fix", async () => {
    h.as("ro@partner.example");
    applier = "ghost@partner.example";
    const failures = (await partnerAdmin.check({}, NEW_ADMIN)).failures;
    expect(failures.map((f) => f.reason).join("\n")).toContain(
      "webexhub:applier (or WEBEXHUB_APPLIER) is ghost@partner.example, but the Hub has no person with this email; set it to the email of the administrator whose token runs pulumi up",
    );
    applier = undefined;
  });
});
