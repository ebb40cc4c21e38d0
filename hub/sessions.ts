/**
 * One session per Hub and token for the life of the process: every provider resource, CLI command
 * and the plan of a process share what a session has read and the throttle behind it.
 */
import { createHash } from "node:crypto";
import { HubClient, type HubClientOptions } from "./client";
import { resolveHubSettings, type HubSettings } from "./settings";
import { HubSession } from "./world";

const sessions = new Map<string, HubSession>();

/**
 * The process-wide session for this endpoint and token, created on first use with these options
 * (later callers' `policy`, `onRequest`, … are ignored: the session already exists). Keyed by a
 * hash of the token so the registry holds no second copy of it.
 */
export function hubSession(options: HubClientOptions, settings?: HubSettings): HubSession {
  const client = new HubClient(options);
  const key = `${client.endpoint} ${createHash("sha256").update(options.token.trim()).digest("hex")}`;
  let session = sessions.get(key);
  if (session === undefined) {
    session = new HubSession(client, settings ?? resolveHubSettings({}));
    sessions.set(key, session);
  }
  return session;
}

/** Forgets every session (tests; a long-lived process that must see out-of-band changes). */
export function resetHubSessions(): void {
  sessions.clear();
}
