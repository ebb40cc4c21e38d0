/**
 * `loadHubWorld` judges a GitOps file against the same world the providers see: the settings the
 * Hub API cannot give (wholesale, the managing partner, role names) come from the stack's
 * configuration first and the environment second, as in the providers' `configure()`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadHubWorld } from "../../sdk/gitops";
import { hubSession, resetHubSessions } from "../../hub/sessions";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { DEMO_PARTNER_ORG_ID as PARTNER, demoCustomerOrgId as cid } from "../../mockhub/seed";

let hub: MockHub;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "webexhub-sdk-"));
  hub = await startMockHub({ port: 0, seed: "demo", tokensPath: join(dir, "tokens.json") });
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  pulumi.runtime.setAllConfig({});
  resetHubSessions();
});

const token = (email: string): string => hub.tokens[email] ?? "";
const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("loadHubWorld settings", () => {
  it.each([
    ["nothing set: wholesale unknown", {}, {}, undefined],
    ["the environment alone", {}, { WEBEXHUB_WHOLESALE: "true" }, true],
    ["the stack's configuration", { "webexhub:wholesale": "true" }, {}, true],
    [
      "the stack's configuration wins over the environment",
      { "webexhub:wholesale": "false" },
      { WEBEXHUB_WHOLESALE: "true" },
      false,
    ],
  ])("%s", async (_name, stack, env, wholesale) => {
    resetHubSessions();
    pulumi.runtime.setAllConfig(stack);
    const world = await loadHubWorld(hub.url, token("admin@partner.example"), { env });
    expect(world.orgs.find((o) => o.id === PARTNER)).toMatchObject({ kind: "partner" });
    expect(world.orgs.find((o) => o.id === PARTNER)?.wholesale).toBe(wholesale);
  });

  it("a customer token learns its managing partner from webexhub:partnerOrgId", async () => {
    const customer = token("admin@customer01.example");
    const without = await loadHubWorld(hub.url, customer, { env: {} });
    expect(without.orgs.find((o) => o.id === cid(1))?.managedBy).toBeUndefined();
    resetHubSessions();
    pulumi.runtime.setAllConfig({ "webexhub:partnerOrgId": PARTNER });
    const withPartner = await loadHubWorld(hub.url, customer, { env: {} });
    expect(withPartner.partnerOrgId).toBe(PARTNER);
    expect(withPartner.orgs.find((o) => o.id === cid(1))).toMatchObject({ kind: "customer", managedBy: PARTNER });
  });

  it.each([
    ["the stack's configuration", undefined, { "webexhub:roleNames": '{"device_admin": "Gadget Admin"}' }],
    ["an explicit config source", config({ "webexhub:roleNames": '{"device_admin": "Gadget Admin"}' }), {}],
  ])("role names from %s reach the session the world is read with", async (_name, source, stack) => {
    pulumi.runtime.setAllConfig(stack);
    const partnerToken = token("admin@partner.example");
    await loadHubWorld(hub.url, partnerToken, { ...(source === undefined ? {} : { config: source }), env: {} });
    // The process-wide session for this Hub and token is the one the world came from.
    expect(hubSession({ endpoint: hub.url, token: partnerToken }).settings.roleNames).toEqual({
      device_admin: ["Gadget Admin"],
    });
  });

  it("a bad setting is one line naming it, before any request", async () => {
    pulumi.runtime.setAllConfig({ "webexhub:wholesale": "yes" });
    await expect(loadHubWorld(hub.url, token("admin@partner.example"), { env: {} })).rejects.toThrow(
      /^webexhub:wholesale must be true or false .* not "yes"$/,
    );
  });
});
