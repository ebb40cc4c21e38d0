/**
 * Token rotation: a refresh or destroy gets the provider configuration stored in the state with the
 * last up, whose token may have been revoked since. Reads, diffs and deletes take the environment's
 * WEBEXHUB_TOKEN first, so exporting the new token is enough; checks and writes of an up keep the
 * stack's configuration first (the engine hands them the current one).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ConfigSource } from "../../hub/credentials";
import { resetHubSessions } from "../../hub/sessions";
import { createProvider as restrictedModeProvider } from "../../provider/resources/restrictedMode";
import { demoCustomerOrgId } from "../../mockhub/seed";
import { startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.stop());
afterEach(() => {
  delete process.env.WEBEXHUB_TOKEN;
  resetHubSessions();
});

const ORG = demoCustomerOrgId(3);
const REVOKED = "mock_revoked-since-the-last-up";
/** The configuration a refresh would hand over: the state's, with the old token. */
const stale = (): ConfigSource => ({
  get: (key) => ({ "webexhub:endpoint": h.hub.url, "webexhub:token": REVOKED })[key],
});

describe("a rotated token", () => {
  it("without WEBEXHUB_TOKEN, the stored token is used, and its refusal says which setting to fix", async () => {
    const p = restrictedModeProvider(stale());
    await expect(p.read(ORG, { orgId: ORG, enabled: true, withheld: [] })).rejects.toThrow(
      /401[\s\S]*webexhub:token[\s\S]*WEBEXHUB_TOKEN/,
    );
  });

  it("refresh (read) and destroy (delete) use WEBEXHUB_TOKEN over the stored configuration", async () => {
    process.env.WEBEXHUB_TOKEN = h.hub.tokens["admin@partner.example"];
    const p = restrictedModeProvider(stale());
    await h.client("admin@partner.example").putRestrictedMode(ORG, false);
    const read = await p.read(ORG, { orgId: ORG, enabled: true, withheld: [] });
    expect(read).toMatchObject({ id: ORG, props: { enabled: false } });
    await p.delete(ORG, { orgId: ORG, enabled: false, withheld: [] });
    expect((await h.client("admin@partner.example").getRestrictedMode(ORG)).enabled).toBe(true);
  });

  it("an up's check keeps the stack's configuration first (the engine gives it the current one)", async () => {
    process.env.WEBEXHUB_TOKEN = h.hub.tokens["admin@partner.example"];
    const checked = await restrictedModeProvider(stale()).check({}, { orgId: ORG, enabled: false });
    expect(checked.failures.map((f) => f.reason).join("\n")).toMatch(/401/);
  });
});
