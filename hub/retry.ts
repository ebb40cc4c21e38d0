/**
 * The retry policy as data, and one pure function that decides, after a failed attempt, whether to
 * try again and after how long. The client owns no retry logic of its own beyond calling this, so
 * every timing rule is testable without a network or a clock.
 *
 * Two kinds of failure, treated differently (as ky's `afterStatusCodes` and Octokit's throttling
 * plugin do):
 * - "not performed, come back later" (423 Locked, 429 Too Many Requests): the Hub refused before
 *   acting, so repeating is safe for ANY method. Wait at least what `Retry-After` says, plus a
 *   jitter so the waiters do not all come back in the same second. These are not failed attempts:
 *   a busy Hub says nothing about whether the request is good, so they are bounded by a total
 *   deadline rather than by `maxAttempts`.
 * - "outcome unknown" (5xx, network error, timeout): the Hub may or may not have acted. Repeat only
 *   requests whose repetition cannot do harm, with capped exponential backoff and full jitter (so
 *   many clients failing together do not come back together).
 */
import { parseRetryAfter } from "./retry-after";

export interface RetryPolicy {
  /**
   * Attempts whose outcome is unknown (5xx, network, timeout), the first one included. 1 disables
   * those retries. 423/429 answers are not counted: `deadlineMs` bounds them.
   */
  readonly maxAttempts: number;
  /** Backoff before retry n (1-based) is `baseDelayMs · 2^(n-1)`, capped at `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /**
   * `full`: a uniform random delay in `[0, capped backoff)` (AWS's "full jitter").
   * `decorrelated`: a uniform random delay in `[base, 3 · previous delay)`, capped (AWS's
   * "decorrelated jitter"): each waiter's delays drift apart from the others'.
   * On a 423/429 the jitter is added on top of `Retry-After`, never taken off it.
   */
  readonly jitter: "full" | "decorrelated" | "none";
  /** Per attempt, covering the response body too. */
  readonly timeoutMs: number;
  /** Transient statuses with an unknown outcome: retried only for requests safe to repeat. */
  readonly retryStatuses: readonly number[];
  /** Statuses meaning the request was not performed: retried for any method after `Retry-After`. */
  readonly waitStatuses: readonly number[];
  /**
   * A `Retry-After` longer than this is not waited out: the error surfaces at once with
   * `retryAfterMs`, rather than a `pulumi preview` hanging silently for minutes.
   */
  readonly maxRetryAfterMs: number;
  /**
   * Total time one request may take, waits for the Hub's rate limit included: past it, the last
   * answer surfaces as the error. Bounds the 423/429 retries, which `maxAttempts` does not count.
   */
  readonly deadlineMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  jitter: "full",
  timeoutMs: 30_000,
  retryStatuses: Object.freeze([500, 502, 503, 504]),
  waitStatuses: Object.freeze([423, 429]),
  maxRetryAfterMs: 60_000,
  deadlineMs: 10 * 60_000,
});

/**
 * What a request is, as far as repeating it goes. `idempotent` overrides the method's default,
 * for endpoints whose semantics differ from their verb (POST …/assign sets a membership, so
 * repeating it is harmless).
 */
export interface RetryRequest {
  readonly method: string;
  readonly idempotent?: boolean;
}

/** RFC 9110 §9.2.2: repeating these leaves the server as one request would. */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/** A bare method string means "as its HTTP semantics say". */
export function isSafeToRepeat(request: RetryRequest | string): boolean {
  const r = typeof request === "string" ? { method: request } : request;
  return r.idempotent ?? IDEMPOTENT_METHODS.has(r.method.toUpperCase());
}

export type AttemptOutcome =
  | { readonly kind: "status"; readonly status: number; readonly retryAfter?: string | null }
  | { readonly kind: "network" }
  | { readonly kind: "timeout" };

export type RetryDecision =
  | { readonly retry: false; readonly reason: NoRetryReason; readonly retryAfterMs?: number }
  | { readonly retry: true; readonly delayMs: number };

export type NoRetryReason =
  | "not-retryable" // a final answer (2xx, 4xx other than 423/429, a redirect)
  | "attempts-exhausted"
  | "unsafe-to-repeat" // the outcome is unknown and repeating could apply the change twice
  | "retry-after-too-long"
  | "deadline-exceeded"; // the next attempt would start after the request's total deadline

/** Where one request stands, beyond the attempt count: for the deadline and decorrelated jitter. */
export interface RetryProgress {
  /** Epoch milliseconds of the first attempt. */
  readonly startedAt: number;
  /** The delay chosen before the previous retry, if any. */
  readonly previousDelayMs?: number;
}

/** Capped exponential backoff for retry number `attempt` (1-based), with the policy's jitter. */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number,
  previousDelayMs?: number,
): number {
  const exp = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exp);
  // Clamp in case an injected random misbehaves: the delay must stay within its bounds.
  const r = Math.min(Math.max(random(), 0), 1);
  switch (policy.jitter) {
    case "none":
      return capped;
    case "decorrelated": {
      const base = Math.min(policy.baseDelayMs, policy.maxDelayMs);
      const upper = Math.min(policy.maxDelayMs, Math.max(base, (previousDelayMs ?? base) * 3));
      return Math.floor(base + r * (upper - base));
    }
    case "full":
      return Math.floor(r * capped);
  }
}

/**
 * The wait after a 423/429 that gave `Retry-After`: never less than the Hub asked, plus a random
 * share of as much again (at least `baseDelayMs`), so the waiters spread over the next window
 * instead of all coming back at its first millisecond.
 */
export function retryAfterDelay(
  policy: RetryPolicy,
  retryAfterMs: number,
  random: () => number,
  previousDelayMs?: number,
): number {
  if (policy.jitter === "none") return retryAfterMs;
  const spread = Math.max(retryAfterMs, policy.baseDelayMs);
  const r = Math.min(Math.max(random(), 0), 1);
  if (policy.jitter === "decorrelated") {
    const upper = Math.max(spread, Math.min(policy.maxDelayMs, (previousDelayMs ?? spread) * 3));
    return retryAfterMs + Math.floor(r * upper);
  }
  return retryAfterMs + Math.floor(r * spread);
}

/**
 * @param attempt the 1-based number of the attempt that just failed; for a 423/429, the number of
 *   the wait (it is not counted against `maxAttempts`, only used to grow the backoff).
 * @param now epoch milliseconds, for a `Retry-After` given as an HTTP-date and the deadline.
 * @param random a `[0, 1)` source for the jitter.
 * @param progress when the request started (for `deadlineMs`) and the previous delay; without it
 *   there is no deadline.
 */
export function decideRetry(
  policy: RetryPolicy,
  attempt: number,
  request: RetryRequest | string,
  outcome: AttemptOutcome,
  now: number,
  random: () => number,
  progress?: RetryProgress,
): RetryDecision {
  const retryAfterMs = outcome.kind === "status" ? parseRetryAfter(outcome.retryAfter, now) : undefined;
  const withAfter = retryAfterMs === undefined ? {} : { retryAfterMs };
  const previous = progress?.previousDelayMs;

  let delayMs: number;
  if (outcome.kind === "status" && policy.waitStatuses.includes(outcome.status)) {
    delayMs =
      retryAfterMs === undefined
        ? backoffDelay(policy, attempt, random, previous)
        : retryAfterDelay(policy, retryAfterMs, random, previous);
  } else if (outcome.kind === "status" && !policy.retryStatuses.includes(outcome.status)) {
    return { retry: false, reason: "not-retryable", ...withAfter };
  } else {
    if (!isSafeToRepeat(request)) return { retry: false, reason: "unsafe-to-repeat", ...withAfter };
    if (attempt >= policy.maxAttempts) return { retry: false, reason: "attempts-exhausted", ...withAfter };
    // A 503 may say when to come back; that beats our guess.
    delayMs = retryAfterMs ?? backoffDelay(policy, attempt, random, previous);
  }
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) {
    return { retry: false, reason: "retry-after-too-long", retryAfterMs };
  }
  if (progress !== undefined && now + delayMs > progress.startedAt + policy.deadlineMs) {
    return { retry: false, reason: "deadline-exceeded", ...withAfter };
  }
  return { retry: true, delayMs };
}
