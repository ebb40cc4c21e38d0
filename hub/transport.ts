/**
 * The Hub transport: one request with authentication, the retry policy (retry.ts), a timeout per
 * attempt, pagination and redaction. It knows HTTP and the Webex conventions, not the endpoints;
 * how its URLs are made and read is in urls.ts.
 *
 * The token lives in a `#private` field: it is not enumerable, so neither `JSON.stringify`,
 * `util.inspect` nor Pulumi's closure serializer can see it, and it is sent only in the
 * `Authorization` header of requests to the configured origin (pagination links to any other
 * origin are refused, redirects are not followed).
 */
import { STATUS_CODES } from "node:http";
import {
  HubBadResponseError,
  HubError,
  HubNetworkError,
  HubTimeoutError,
  displayUrl,
  errorForStatus,
  parseErrorBody,
} from "./errors";
import { ConfigurationError } from "./credentials";
import { parseRetryAfter } from "./retry-after";
import { redactWith, scrubbed, tokenPattern } from "./redact";
import { DEFAULT_RETRY_POLICY, decideRetry, type AttemptOutcome, type RetryPolicy } from "./retry";
import { asList } from "../api";
import { sharedThrottle, type Throttle, type ThrottleOptions } from "./throttle";
import { hubUrl, normalizeEndpoint, parseLinkNext, type Query } from "./urls";

export type HttpMethod = "GET" | "PUT" | "POST" | "PATCH" | "DELETE";

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface HubClientOptions {
  /** Base URL of the Hub, with or without the trailing `/v1`. */
  readonly endpoint: string;
  readonly token: string;
  readonly policy?: Partial<RetryPolicy>;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly fetch?: FetchLike;
  readonly userAgent?: string;
  /**
   * The rate limiter: by default the one shared by every client of this process for the same Hub,
   * token and clock (made with `throttleOptions`); pass one to isolate a client.
   */
  readonly throttle?: Throttle;
  readonly throttleOptions?: Partial<ThrottleOptions>;
  /** Called once per HTTP attempt (retries included): the request budget is measured with it. */
  readonly onRequest?: (method: HttpMethod, url: string) => void;
}

export interface RequestOptions {
  readonly query?: Query;
  readonly body?: unknown;
  /** Overrides the method's default idempotency for the retry decision (see retry.ts). */
  readonly idempotent?: boolean;
  /** The path is under the host, not under `/v1` (Webex serves SCIM at `/identity/scim/…`). */
  readonly root?: boolean;
}

/** What one successful exchange gave back; the body is still text. */
export interface RawResponse {
  readonly status: number;
  readonly url: string;
  readonly headers: Headers;
  readonly text: string;
}

/** Refuses a runaway pagination (a server looping its `next` links) instead of spinning forever. */
const MAX_PAGES = 10_000;

export class HubTransport {
  readonly endpoint: string;
  readonly policy: RetryPolicy;
  readonly #token: string;
  readonly #tokenPattern: RegExp; // the token in every form a Hub may echo it (redact.ts)
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #fetch: FetchLike;
  readonly #userAgent: string;
  readonly #onRequest: ((method: HttpMethod, url: string) => void) | undefined;
  readonly #origin: string;
  readonly #throttle: Throttle;

  constructor(options: HubClientOptions) {
    if (typeof options.token !== "string" || options.token.trim() === "") {
      throw new ConfigurationError("the Hub token is empty: set webexhub:token (or --token, WEBEXHUB_TOKEN)");
    }
    // A CR or LF in the token would let it split the Authorization header.
    if (/[\r\n]/.test(options.token))
      throw new ConfigurationError("the Hub token contains a line break: copy it again without the newline");
    this.endpoint = normalizeEndpoint(options.endpoint);
    this.#origin = new URL(this.endpoint).origin;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
    this.#token = options.token.trim();
    this.#tokenPattern = tokenPattern(this.#token);
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.#userAgent = options.userAgent ?? "pulumi-webexhub";
    this.#onRequest = options.onRequest;
    this.#throttle =
      options.throttle ?? sharedThrottle(this.#clock, this.endpoint, this.#token, options.throttleOptions);
  }

  // -------------------------------------------------------------------------------------------
  // Generic

  /** GET one JSON object. */
  async getJson<T>(path: string, check: (v: unknown) => T | string, query: Query = {}): Promise<T> {
    const res = await this.send("GET", path, { query });
    return this.parse(res, "GET", check);
  }

  /**
   * GET every page of a `{items: [...]}` list, following `Link: <…>; rel="next"` until it is absent.
   * `check` returns the item, or a string saying what is wrong with it.
   */
  async listAll<T>(path: string, query: Query, check: (v: unknown) => T | string): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let url: string | undefined = hubUrl(this.endpoint, path, query);
    while (url !== undefined) {
      if (seen.has(url) || seen.size >= MAX_PAGES) {
        throw new HubBadResponseError({ method: "GET", url: this.safeUrl(url) }, "pagination does not end");
      }
      seen.add(url);
      const res = await this.sendUrl("GET", url, {});
      const page = this.parse(res, "GET", (v) => asList(v, check));
      items.push(...page);
      url = this.nextUrl(res);
    }
    return items;
  }

  /**
   * One request with the retry policy applied. Non-2xx answers become `HubError`s. Public so that
   * callers (and tests) can reach an endpoint this class does not wrap yet.
   */
  send(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<RawResponse> {
    const base = options.root === true ? this.endpoint.replace(/\/v1$/, "") : this.endpoint;
    return this.sendUrl(method, hubUrl(base, path, options.query ?? {}), options);
  }

  private async sendUrl(method: HttpMethod, url: string, options: RequestOptions): Promise<RawResponse> {
    const request = { method, ...(options.idempotent === undefined ? {} : { idempotent: options.idempotent }) };
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    let outcomeWasUnknown = false;
    const startedAt = this.#clock.now();
    let previousDelayMs: number | undefined;
    // Attempts with an unknown outcome count against maxAttempts; 423/429 waits only grow the backoff.
    let [counted, waits] = [0, 0];
    for (let attempt = 1; ; attempt++) {
      let outcome: AttemptOutcome;
      let fail: (extra: { attempts: number; retryAfterMs?: number }) => HubError;
      const res = await this.throttled(method, url, body);
      if ("failure" in res) {
        outcome = { kind: res.failure };
        const u = this.safeUrl(url);
        fail = ({ attempts }) =>
          res.failure === "timeout"
            ? new HubTimeoutError({ method, url: u, timeoutMs: this.policy.timeoutMs, attempts })
            : new HubNetworkError({ method, url: u, cause: scrubbed(this.#tokenPattern, res.cause), attempts });
      } else {
        if (res.status >= 200 && res.status < 300) return res;
        // A repeated DELETE after an unknown outcome finds the thing already gone: the first
        // attempt did its job, and the end state is the one asked for.
        if (method === "DELETE" && res.status === 404 && outcomeWasUnknown) return res;
        if (res.status >= 300 && res.status < 400) {
          // Not followed on purpose: a redirect could carry the Authorization header elsewhere.
          throw new HubBadResponseError(
            { method, url: this.safeUrl(url), status: res.status },
            `redirect ${res.status}`,
          );
        }
        outcome = { kind: "status", status: res.status, retryAfter: res.headers.get("retry-after") };
        fail = (extra) => this.statusError(method, url, res, extra);
      }
      const waiting = outcome.kind === "status" && this.policy.waitStatuses.includes(outcome.status);
      if (waiting) waits += 1;
      else counted += 1;
      const progress = { startedAt, ...(previousDelayMs === undefined ? {} : { previousDelayMs }) };
      const decision = decideRetry(
        this.policy,
        waiting ? waits : counted,
        request,
        outcome,
        this.#clock.now(),
        this.#random,
        progress,
      );
      if (!decision.retry) {
        throw fail({
          attempts: attempt,
          ...(decision.retryAfterMs === undefined ? {} : { retryAfterMs: decision.retryAfterMs }),
        });
      }
      // 423/429 say the request was not performed; anything else retried may have been.
      if (!waiting) outcomeWasUnknown = true;
      previousDelayMs = decision.delayMs;
      await this.#clock.sleep(decision.delayMs);
    }
  }

  /** One attempt under the process-wide throttle, which learns from the answer. */
  private async throttled(
    method: HttpMethod,
    url: string,
    body: string | undefined,
  ): ReturnType<HubTransport["attempt"]> {
    const release = await this.#throttle.acquire();
    try {
      const res = await this.attempt(method, url, body);
      // A 423 is one locked object, a 5xx an ailing Hub: neither says anything about the rate.
      if ("status" in res && res.status === 429) {
        this.#throttle.onRateLimited(parseRetryAfter(res.headers.get("retry-after"), this.#clock.now()));
      } else if ("status" in res && res.status < 500 && res.status !== 423) this.#throttle.onSuccess();
      return res;
    } finally {
      release();
    }
  }

  /**
   * One HTTP exchange, body included, under the per-attempt timeout. A failure without an HTTP
   * answer is returned, not thrown: the error is built once the retry decision knows the attempts.
   */
  private async attempt(
    method: HttpMethod,
    url: string,
    body: string | undefined,
  ): Promise<RawResponse | { failure: "timeout" | "network"; cause?: unknown }> {
    const controller = new AbortController();
    const timeoutMs = this.policy.timeoutMs;
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    timer.unref?.();
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.#token}`,
      Accept: "application/json",
      "User-Agent": this.#userAgent,
    };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const failed = (e: unknown): { failure: "timeout" | "network"; cause?: unknown } =>
      controller.signal.aborted ? { failure: "timeout" } : { failure: "network", cause: e };
    try {
      this.#onRequest?.(method, this.safeUrl(url));
      let res: Response;
      try {
        res = await this.#fetch(url, {
          method,
          headers,
          ...(body === undefined ? {} : { body }),
          signal: controller.signal,
          redirect: "manual",
        });
      } catch (e) {
        return failed(e);
      }
      let text: string;
      try {
        text = await res.text();
      } catch (e) {
        return failed(e);
      }
      return { status: res.status, url, headers: res.headers, text };
    } finally {
      clearTimeout(timer);
    }
  }

  private statusError(
    method: HttpMethod,
    url: string,
    res: RawResponse,
    extra: { attempts: number; retryAfterMs?: number },
  ): HubError {
    const parsed = parseErrorBody(res.text);
    const trackingId = res.headers.get("trackingid") ?? parsed.trackingId;
    return errorForStatus({
      method,
      url: this.safeUrl(url),
      status: res.status,
      statusText: STATUS_CODES[res.status] ?? "",
      ...(trackingId ? { trackingId: this.redact(trackingId) } : {}),
      ...(parsed.hubMessage === undefined ? {} : { hubMessage: this.redact(parsed.hubMessage) }),
      ...(parsed.ruleCode === undefined ? {} : { ruleCode: parsed.ruleCode }),
      ...extra,
    });
  }

  protected parse<T>(res: RawResponse, method: HttpMethod, check: (v: unknown) => T | string): T {
    const bad = (reason: string): HubBadResponseError => {
      const trackingId = res.headers.get("trackingid");
      return new HubBadResponseError(
        {
          method,
          url: this.safeUrl(res.url),
          status: res.status,
          ...(trackingId ? { trackingId: this.redact(trackingId) } : {}),
        },
        reason,
      );
    };
    let value: unknown;
    try {
      value = JSON.parse(res.text);
    } catch {
      throw bad("body is not JSON");
    }
    const checked = check(value);
    if (typeof checked === "string") throw bad(checked);
    return checked;
  }

  private nextUrl(res: RawResponse): string | undefined {
    const link = res.headers.get("link");
    if (link === null) return undefined;
    const next = parseLinkNext(link);
    if (next === undefined) return undefined;
    let resolved: URL;
    try {
      resolved = new URL(next, res.url);
    } catch {
      throw new HubBadResponseError({ method: "GET", url: this.safeUrl(res.url) }, "unparsable next link");
    }
    // The token goes only to the configured origin.
    if (resolved.origin !== this.#origin) {
      throw new HubBadResponseError(
        { method: "GET", url: this.safeUrl(res.url) },
        `next link points to another origin (${resolved.origin})`,
      );
    }
    return resolved.toString();
  }

  private safeUrl(url: string): string {
    return this.redact(displayUrl(url));
  }

  private redact = (text: string): string => redactWith(this.#tokenPattern, text);

  /** A view fit for logs: the token is not part of it. */
  toJSON(): Record<string, unknown> {
    return { endpoint: this.endpoint, policy: this.policy };
  }
}
