/**
 * Transport errors of the Hub client: one family under `HubError`, told apart by a stable `code`
 * (callers and tests switch on the code, never on the message text).
 *
 * What an error may carry is chosen so the token cannot leak through it: the method, the URL (the
 * client never puts the token in a URL, and strips any userinfo), the status, the Hub's own message
 * and tracking id, and a `cause` that the client has scrubbed. Request headers are never kept.
 */

export type HubErrorCode =
  | "hub-bad-request"
  | "hub-unauthorized"
  | "hub-forbidden"
  | "hub-not-found"
  | "hub-conflict"
  | "hub-locked"
  | "hub-rate-limited"
  | "hub-server-error"
  | "hub-timeout"
  | "hub-network"
  | "hub-bad-response"
  | "hub-unsupported";

export interface HubErrorDetails {
  readonly method: string;
  readonly url: string;
  readonly status?: number;
  readonly statusText?: string;
  readonly trackingId?: string;
  /** The Hub's `message` (or the first `errors[].description` when `message` is empty). */
  readonly hubMessage?: string;
  /** The rule code of a refused write (`errors[].code` on 403 and 409), e.g. `last-full-admin`. */
  readonly ruleCode?: string;
  /** Parsed `Retry-After` of a 423, 429 or 503, in milliseconds. */
  readonly retryAfterMs?: number;
  /** How many HTTP attempts were made before giving up. */
  readonly attempts?: number;
  readonly cause?: unknown;
}

export class HubError extends Error {
  readonly code: HubErrorCode;
  readonly method: string;
  readonly url: string;
  readonly status?: number;
  readonly trackingId?: string;
  readonly hubMessage?: string;
  readonly ruleCode?: string;
  readonly retryAfterMs?: number;
  readonly attempts?: number;

  constructor(code: HubErrorCode, details: HubErrorDetails, summary?: string, hint?: string) {
    super(formatMessage(details, summary, hint), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.method = details.method;
    this.url = details.url;
    if (details.status !== undefined) this.status = details.status;
    if (details.trackingId !== undefined) this.trackingId = details.trackingId;
    if (details.hubMessage !== undefined) this.hubMessage = details.hubMessage;
    if (details.ruleCode !== undefined) this.ruleCode = details.ruleCode;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.attempts !== undefined) this.attempts = details.attempts;
  }

  /** A plain, loggable view. The cause is left out on purpose: its shape is not ours to vouch for. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      method: this.method,
      url: this.url,
      status: this.status,
      trackingId: this.trackingId,
      hubMessage: this.hubMessage,
      ruleCode: this.ruleCode,
      retryAfterMs: this.retryAfterMs,
      attempts: this.attempts,
    };
  }
}

/** What to check when the address itself may be wrong: the setting, the flag and the variable. */
export const ENDPOINT_HINT =
  "check webexhub:endpoint (or --endpoint, WEBEXHUB_ENDPOINT): it is the API's base URL, like https://webexapis.com";

export class HubBadRequestError extends HubError {
  constructor(d: HubErrorDetails) {
    super("hub-bad-request", d);
  }
}
export class HubUnauthorizedError extends HubError {
  constructor(d: HubErrorDetails) {
    super(
      "hub-unauthorized",
      d,
      undefined,
      "the token was refused: check webexhub:token (or --token, WEBEXHUB_TOKEN); tokens expire",
    );
  }
}
export class HubForbiddenError extends HubError {
  constructor(d: HubErrorDetails) {
    super("hub-forbidden", d);
  }
}
export class HubNotFoundError extends HubError {
  constructor(d: HubErrorDetails) {
    // A 404 without the Hub's own error body did not come from the Hub's API at all.
    super("hub-not-found", d, undefined, d.hubMessage === undefined ? ENDPOINT_HINT : undefined);
  }
}
export class HubConflictError extends HubError {
  constructor(d: HubErrorDetails) {
    super("hub-conflict", d);
  }
}
export class HubLockedError extends HubError {
  constructor(d: HubErrorDetails) {
    super("hub-locked", d);
  }
}
export class HubRateLimitedError extends HubError {
  constructor(d: HubErrorDetails) {
    super("hub-rate-limited", d);
  }
}
export class HubServerError extends HubError {
  constructor(d: HubErrorDetails) {
    super("hub-server-error", d);
  }
}
export class HubTimeoutError extends HubError {
  readonly timeoutMs: number;
  constructor(d: HubErrorDetails & { timeoutMs: number }) {
    super("hub-timeout", d, `timed out after ${d.timeoutMs} ms`, ENDPOINT_HINT);
    this.timeoutMs = d.timeoutMs;
  }
}
export class HubNetworkError extends HubError {
  constructor(d: HubErrorDetails) {
    super("hub-network", d, `network error: ${causeText(d.cause)}`, `is the Hub reachable? ${ENDPOINT_HINT}`);
  }
}
/** A 2xx whose body is not what the API promises, a redirect, or a pagination link we refuse. */
export class HubBadResponseError extends HubError {
  constructor(d: HubErrorDetails, reason: string) {
    super("hub-bad-response", d, `bad response: ${reason}`, ENDPOINT_HINT);
  }
}

/** The webexhub mock extensions: features Webex has no public API for. */
export const EXTENSIONS = {
  externalAdmins: "external administrators",
  restrictedMode: "Restricted Administrator Mode",
  siteRoles: "Webex site roles",
} as const;
export type Extension = keyof typeof EXTENSIONS;

/**
 * A 404 or 405 from an endpoint that only the webexhub mock Hub serves: the Hub in use (Webex
 * itself, say) does not have it, which no retry or token can change.
 */
export class HubUnsupportedError extends HubError {
  readonly extension: Extension;
  constructor(d: HubErrorDetails, extension: Extension) {
    super(
      "hub-unsupported",
      d,
      `this Hub does not offer ${EXTENSIONS[extension]}; it is a webexhub mock extension (Webex has no public API for it)`,
      `manage ${EXTENSIONS[extension]} in Control Hub, or point webexhub:endpoint at a webexhub mock Hub`,
    );
    this.extension = extension;
  }
}

/** The error as `hub-unsupported` when it is a 404/405 of an extension endpoint; else unchanged. */
export function asUnsupported(error: unknown, extension: Extension): unknown {
  if (!(error instanceof HubError) || (error.status !== 404 && error.status !== 405)) return error;
  return new HubUnsupportedError(
    {
      method: error.method,
      url: error.url,
      ...(error.status === undefined ? {} : { status: error.status }),
      cause: error,
    },
    extension,
  );
}

export function isHubError(value: unknown, code?: HubErrorCode): value is HubError {
  return value instanceof HubError && (code === undefined || value.code === code);
}

/** The error for a non-2xx HTTP response, chosen by status. */
export function errorForStatus(d: HubErrorDetails & { status: number }): HubError {
  const s = d.status;
  if (s === 401) return new HubUnauthorizedError(d);
  if (s === 403) return new HubForbiddenError(d);
  if (s === 404) return new HubNotFoundError(d);
  if (s === 409) return new HubConflictError(d);
  if (s === 423) return new HubLockedError(d);
  if (s === 429) return new HubRateLimitedError(d);
  if (s >= 500) return new HubServerError(d);
  if (s >= 400) return new HubBadRequestError(d);
  return new HubBadResponseError(d, `unexpected status ${s}`);
}

/**
 * Reads a Webex error body (`{message, errors:[{description, code?}], trackingId}`) defensively:
 * a proxy or load balancer in front of the Hub may answer with HTML or nothing at all.
 */
export function parseErrorBody(text: string): { hubMessage?: string; ruleCode?: string; trackingId?: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    return trimmed === "" ? {} : { hubMessage: truncate(trimmed, 300) };
  }
  if (typeof body !== "object" || body === null) return {};
  const rec = body as Record<string, unknown>;
  const out: { hubMessage?: string; ruleCode?: string; trackingId?: string } = {};
  const errors = Array.isArray(rec.errors) ? rec.errors : [];
  const first: unknown = errors[0];
  const firstRec = typeof first === "object" && first !== null ? (first as Record<string, unknown>) : undefined;
  if (typeof rec.message === "string" && rec.message !== "") out.hubMessage = rec.message;
  else if (firstRec && typeof firstRec.description === "string") out.hubMessage = firstRec.description;
  for (const e of errors) {
    if (typeof e === "object" && e !== null && typeof (e as Record<string, unknown>).code === "string") {
      out.ruleCode = (e as Record<string, unknown>).code as string;
      break;
    }
  }
  if (typeof rec.trackingId === "string" && rec.trackingId !== "") out.trackingId = rec.trackingId;
  return out;
}

/** A URL fit for messages: userinfo (which could hold a credential) removed. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username !== "" || u.password !== "") {
      u.username = "";
      u.password = "";
    }
    return u.toString();
  } catch {
    return url;
  }
}

function formatMessage(d: HubErrorDetails, summary: string | undefined, hint: string | undefined): string {
  let what: string;
  if (summary !== undefined) what = summary;
  else if (d.status !== undefined) what = `${d.status}${d.statusText ? ` ${d.statusText}` : ""}`;
  else what = "error";
  let msg = `${d.method} ${d.url} failed: ${what}`;
  if (d.hubMessage) msg += ` — ${d.hubMessage}`;
  if (d.ruleCode) msg += ` [${d.ruleCode}]`;
  if (d.retryAfterMs !== undefined) msg += ` (retry after ${Math.ceil(d.retryAfterMs / 1000)} s)`;
  if (d.trackingId) msg += ` (trackingId ${d.trackingId})`;
  if (d.attempts !== undefined && d.attempts > 1) msg += ` after ${d.attempts} attempts`;
  if (hint) msg += `; ${hint}`;
  return msg;
}

function causeText(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as Error & { cause?: unknown }).cause;
    const innerText = inner instanceof Error ? `: ${inner.message}` : "";
    return `${cause.message}${innerText}`;
  }
  return cause === undefined ? "unknown" : String(cause);
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n)}…`;
}
