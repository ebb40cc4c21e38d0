/**
 * One session per Hub, token and options for the life of the process: every provider resource, CLI
 * command and the plan of a process that ask alike share what a session has read and the throttle
 * behind it.
 *
 * A caller that asks with other options (another retry policy, `onRequest` hook, fetch, clock or
 * settings such as the role names) gets a session of its own rather than one made for someone else:
 * its options would otherwise be ignored without a word, and its reads counted or mapped by another
 * caller's rules. Plain data is compared by value, functions and objects by identity.
 */
import { createHash } from "node:crypto";
import { HubClient, type HubClientOptions } from "./client";
import { HubSession } from "./session";
import { resolveHubSettings, type HubSettings } from "./settings";

interface Entry {
  /** What the session was made with, less the endpoint and token (the key says those). */
  readonly options: Omit<HubClientOptions, "endpoint" | "token">;
  readonly settings: HubSettings | undefined;
  readonly session: HubSession;
}

/** Process-wide on purpose (the architecture test allows it): sharing sessions is what they are for. */
const sessions = new Map<string, Entry[]>();

/** JSON with the keys of every object sorted, so that equal plain data gives equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

/** Whether a session made with `a` serves a caller asking with `b` (endpoint and token already match). */
function sameOptions(a: Entry, b: Omit<Entry, "session">): boolean {
  const x = a.options;
  const y = b.options;
  return (
    x.userAgent === y.userAgent &&
    x.fetch === y.fetch &&
    x.clock === y.clock &&
    x.random === y.random &&
    x.throttle === y.throttle &&
    x.onRequest === y.onRequest &&
    canonical(x.policy) === canonical(y.policy) &&
    canonical(x.throttleOptions) === canonical(y.throttleOptions) &&
    canonical(a.settings ?? {}) === canonical(b.settings ?? {})
  );
}

/**
 * The process-wide session for this endpoint, token and options, created on first use. Keyed by a
 * hash of the token so the registry holds no second copy of it.
 */
export function hubSession(options: HubClientOptions, settings?: HubSettings): HubSession {
  const client = new HubClient(options);
  const key = `${client.endpoint} ${createHash("sha256").update(options.token.trim()).digest("hex")}`;
  const entries = sessions.get(key) ?? [];
  const { endpoint: _endpoint, token: _token, ...rest } = options;
  const asked = { options: rest, settings };
  const found = entries.find((entry) => sameOptions(entry, asked));
  if (found !== undefined) return found.session;
  const session = new HubSession(client, settings ?? resolveHubSettings({}));
  entries.push({ ...asked, session });
  sessions.set(key, entries);
  return session;
}

/** Forgets every session (tests; a long-lived process that must see out-of-band changes). */
export function resetHubSessions(): void {
  sessions.clear();
}
