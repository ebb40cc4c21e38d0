/**
 * The process-wide session registry: callers that ask alike share one session (its reads and its
 * throttle); a caller asking with other options gets its own rather than having them ignored, and
 * one asking with none takes the session the process has (how a test's clock reaches the CLI).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { HubClientOptions } from "../../hub/client";
import { hubSession, resetHubSessions } from "../../hub/sessions";
import type { HubSettings } from "../../hub/settings";
import { ENDPOINT, TOKEN } from "./helpers";

afterEach(() => resetHubSessions());

const base: HubClientOptions = { endpoint: ENDPOINT, token: TOKEN, userAgent: "test" };
const onRequest = (): void => {};

describe("hubSession registry", () => {
  it("keeps one session per endpoint and token, forgotten on reset", () => {
    const a = hubSession({ endpoint: ENDPOINT, token: TOKEN });
    expect(hubSession({ endpoint: `${ENDPOINT}/v1/`, token: TOKEN })).toBe(a);
    expect(hubSession({ endpoint: ENDPOINT, token: ` ${TOKEN} ` })).toBe(a);
    expect(hubSession({ endpoint: ENDPOINT, token: "other" })).not.toBe(a);
    expect(hubSession({ endpoint: "http://other.test", token: TOKEN })).not.toBe(a);
    resetHubSessions();
    expect(hubSession({ endpoint: ENDPOINT, token: TOKEN })).not.toBe(a);
  });

  const first: HubClientOptions = { ...base, policy: { maxAttempts: 2 } };
  const firstSettings: HubSettings = { applier: "a@x.example", wholesale: true };
  it.each<{ name: string; options: HubClientOptions; settings: HubSettings | undefined; same: boolean }>([
    {
      name: "the same options, as other objects",
      options: { ...first, policy: { maxAttempts: 2 } },
      settings: { ...firstSettings },
      same: true,
    },
    {
      name: "settings with the keys in another order",
      options: first,
      settings: { wholesale: true, applier: "a@x.example" },
      same: true,
    },
    {
      name: "another retry policy",
      options: { ...first, policy: { maxAttempts: 5 } },
      settings: firstSettings,
      same: false,
    },
    // The User-Agent names the program, one per process: not a reason for a session of its own.
    { name: "another user agent", options: { ...first, userAgent: "other" }, settings: firstSettings, same: true },
    { name: "no options, no settings", options: { endpoint: ENDPOINT, token: TOKEN }, settings: undefined, same: true },
    { name: "an onRequest hook", options: { ...first, onRequest }, settings: firstSettings, same: false },
    {
      name: "a clock of its own",
      options: { ...first, clock: { now: () => 0, sleep: async () => {} } },
      settings: firstSettings,
      same: false,
    },
    {
      name: "other role names",
      options: first,
      settings: { ...firstSettings, roleNames: { full_admin: ["Admin"] } },
      same: false,
    },
  ])("a caller with $name shares the first caller's session: $same", ({ options, settings, same }) => {
    const made = hubSession(first, firstSettings);
    const asked = hubSession(options, settings);
    if (same) expect(asked).toBe(made);
    else expect(asked).not.toBe(made);
    // The first caller's session is not changed by a later caller: asking again finds it.
    expect(hubSession(first, firstSettings)).toBe(made);
  });

  it("gives each caller the settings it asked with", () => {
    const plain = hubSession(base);
    const named = hubSession(base, { roleNames: { full_admin: ["Admin"] } });
    expect(named).not.toBe(plain);
    expect(named.settings.roleNames).toEqual({ full_admin: ["Admin"] });
    expect(plain.settings.roleNames).toBeUndefined();
  });

  it("hands a test's clock to a caller that asks with none, and keeps the plain session for plain callers", () => {
    const clock = { now: () => 0, sleep: async () => {} };
    const seeded = hubSession({ ...base, clock });
    // The CLI or a provider asks with the Hub, the token and its name only: it gets the test's session.
    expect(hubSession({ endpoint: ENDPOINT, token: TOKEN, userAgent: "webexhub-cli" })).toBe(seeded);
    resetHubSessions();
    const plain = hubSession(base);
    const timed = hubSession({ ...base, clock });
    expect(timed).not.toBe(plain);
    expect(hubSession(base)).toBe(plain);
    expect(hubSession({ ...base, clock })).toBe(timed);
  });
});
