/**
 * Providers against a real mock Hub on a random loopback port. Each "operation" (a preview, an
 * update) is a fresh dynamic-provider process in real life, so `fresh()` drops the per-process
 * Hub sessions between steps; otherwise the cache would hide out-of-band changes the test makes.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { HubClient } from "../../hub/client";
import { resetHubSessions } from "../../hub/world";
import type { ConfigSource } from "../../hub/credentials";
import { buildDemoState, demoPersonId, newToken } from "../../mockhub/seed";
import type { HubState, StoredPerson } from "../../mockhub/state";

/** A person added to the demo world for a suite (each gets a token). */
export type ExtraPerson = Omit<StoredPerson, "id" | "created" | "displayName"> & { displayName?: string };

export interface Harness {
  readonly hub: MockHub;
  /** Act as this person: the providers use their token from now on. */
  as(email: string): void;
  /** A client acting behind Pulumi's back. */
  client(email: string): HubClient;
  fresh(): void;
  stop(): Promise<void>;
}

const settings = new Map<string, string>();

/**
 * The stack configuration the providers under test read: `as()` changes it, so a provider made
 * once at the top of a test file acts as whoever the test says.
 */
export const harnessConfig: ConfigSource = { get: (key) => settings.get(key) };

/** The demo world with `extra` people in it, written where the mock Hub loads it from. */
function demoStateWith(path: string, extra: readonly ExtraPerson[]): void {
  const now = new Date();
  const state: HubState = buildDemoState(now);
  for (const p of extra) {
    const person: StoredPerson = { ...p, id: demoPersonId(p.emails[0] ?? ""), displayName: p.displayName ?? `${p.firstName ?? ""} ${p.lastName ?? ""}`.trim(), created: now.toISOString() };
    state.people.push(person);
    state.tokens[newToken()] = person.id;
  }
  writeFileSync(path, JSON.stringify(state));
}

export async function startHarness(extra: readonly ExtraPerson[] = []): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "webexhub-provider-"));
  const statePath = extra.length > 0 ? join(dir, "state.json") : undefined;
  if (statePath) demoStateWith(statePath, extra);
  const hub = await startMockHub({ port: 0, seed: "demo", tokensPath: join(dir, "tokens.json"), ...(statePath ? { statePath } : {}) });
  const tokenOf = (email: string): string => {
    const token = hub.tokens[email];
    if (!token) throw new Error(`no demo token for ${email}`);
    return token;
  };
  const harness: Harness = {
    hub,
    as(email) {
      resetHubSessions();
      settings.set("webexhub:endpoint", hub.url);
      settings.set("webexhub:token", tokenOf(email));
    },
    client: (email) => new HubClient({ endpoint: hub.url, token: tokenOf(email) }),
    fresh: () => resetHubSessions(),
    async stop() {
      settings.clear();
      resetHubSessions();
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  harness.as("admin@partner.example");
  return harness;
}

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The rule codes inside check failures, e.g. `[exclusive-roles] …` → "exclusive-roles". */
export function codesOf(failures: ReadonlyArray<{ reason: string }>): string[] {
  return failures.map((f) => /^\[([a-z-]+)\]/.exec(f.reason)?.[1] ?? f.reason);
}
