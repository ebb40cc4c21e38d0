/**
 * One session per Hub and token for the life of the process: every provider resource, CLI command
 * and the plan of a process share what a session has read and the throttle behind it.
 *
 * Options a caller passes are honoured, never dropped: a caller that asks with its own retry
 * policy, clock, random source, fetch, throttle or `onRequest` hook gets a session made with exactly
 * those (plain data compared by value, functions and objects by identity), and one that names its
 * settings (role names, wholesale, partner, applier) a session with those settings. A caller that
 * passes none of them takes the session the process already has for the Hub and token: that is how
 * a test hands its virtual clock to the provider or CLI it drives. The User-Agent only names the
 * program, one per process: the first caller's is kept.
 */
import { createHash } from "node:crypto";
import { HubClient, type HubClientOptions } from "./client";
import { HubSession } from "./session";
import { resolveHubSettings, type HubSettings } from "./settings";

type Options = Omit<HubClientOptions, "endpoint" | "token">;

interface Entry {
  /** What the session was made with, less the endpoint and token (the key says those). */
  readonly options: Options;
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

/** The options that change how a session's requests are made, compared by identity. */
const BY_IDENTITY = ["clock", "random", "fetch", "throttle", "onRequest"] as const;
/** The same, compared by value. */
const BY_VALUE = ["policy", "throttleOptions"] as const;

/** Whether the session `entry` is made with the options asked for (`exact`: and with no others). */
function serves(entry: Entry, wanted: Options, settings: HubSettings | undefined, exact: boolean): boolean {
  const mine = entry.options;
  const given = (key: keyof Options): boolean => exact || wanted[key] !== undefined;
  const sameTools = BY_IDENTITY.every((key) => !given(key) || mine[key] === wanted[key]);
  const sameData = BY_VALUE.every((key) => !given(key) || canonical(mine[key]) === canonical(wanted[key]));
  const sameSettings = settings === undefined || canonical(entry.session.settings) === canonical(settings);
  return sameTools && sameData && sameSettings;
}

/**
 * The process-wide session for this endpoint, token and options, created on first use. Keyed by a
 * hash of the token so the registry holds no second copy of it.
 */
export function hubSession(options: HubClientOptions, settings?: HubSettings): HubSession {
  const client = new HubClient(options);
  const key = `${client.endpoint} ${createHash("sha256").update(options.token.trim()).digest("hex")}`;
  const entries = sessions.get(key) ?? [];
  const { endpoint: _endpoint, token: _token, ...wanted } = options;
  const found =
    entries.find((entry) => serves(entry, wanted, settings, true)) ??
    entries.find((entry) => serves(entry, wanted, settings, false));
  if (found !== undefined) return found.session;
  const session = new HubSession(client, settings ?? resolveHubSettings({}));
  entries.push({ options: wanted, session });
  sessions.set(key, entries);
  return session;
}

/** Forgets every session (tests; a long-lived process that must see out-of-band changes). */
export function resetHubSessions(): void {
  sessions.clear();
}
