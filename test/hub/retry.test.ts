import { describe, expect, it } from "vitest";
import {
  DEFAULT_RETRY_POLICY,
  backoffDelay,
  decideRetry,
  retryAfterDelay,
  isSafeToRepeat,
  type AttemptOutcome,
  type RetryPolicy,
  type RetryRequest,
} from "../../hub/retry";

const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);
const policy: RetryPolicy = {
  ...DEFAULT_RETRY_POLICY,
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  jitter: "none",
  maxRetryAfterMs: 30_000,
};
const half = (): number => 0.5;

const GET: RetryRequest = { method: "GET" };
const PUT: RetryRequest = { method: "PUT" };
const DELETE: RetryRequest = { method: "DELETE" };
const POST: RetryRequest = { method: "POST" };
const ASSIGN: RetryRequest = { method: "POST", idempotent: true };
const status = (s: number, retryAfter?: string): AttemptOutcome => ({ kind: "status", status: s, retryAfter });

describe("isSafeToRepeat", () => {
  it.each([
    [GET, true],
    [PUT, true],
    [DELETE, true],
    [{ method: "get" }, true],
    [POST, false],
    [{ method: "PATCH" }, false],
    [ASSIGN, true],
    [{ method: "PUT", idempotent: false }, false],
  ] as Array<[RetryRequest, boolean]>)("%j → %s", (req, safe) => {
    expect(isSafeToRepeat(req)).toBe(safe);
  });
});

describe("decideRetry", () => {
  const table: Array<[string, RetryRequest, AttemptOutcome, number, ReturnType<typeof decideRetry>]> = [
    // 423/429: not performed, so any method waits Retry-After.
    ["429 GET waits Retry-After", GET, status(429, "3"), 1, { retry: true, delayMs: 3_000 }],
    ["429 POST waits too (not performed)", POST, status(429, "2"), 1, { retry: true, delayMs: 2_000 }],
    ["423 PUT waits Retry-After", PUT, status(423, "1"), 2, { retry: true, delayMs: 1_000 }],
    ["429 HTTP-date", GET, status(429, "Tue, 01 Jan 2030 12:00:05 GMT"), 1, { retry: true, delayMs: 5_000 }],
    ["429 without Retry-After backs off", GET, status(429), 3, { retry: true, delayMs: 400 }],
    ["429 with a garbage Retry-After backs off", POST, status(429, "later"), 1, { retry: true, delayMs: 100 }],
    ["429 Retry-After 0 retries at once", GET, status(429, "0"), 1, { retry: true, delayMs: 0 }],
    [
      "429 Retry-After too long gives up",
      GET,
      status(429, "3600"),
      1,
      { retry: false, reason: "retry-after-too-long", retryAfterMs: 3_600_000 },
    ],
    ["429 is not a failed attempt: waits past maxAttempts", GET, status(429, "1"), 9, { retry: true, delayMs: 1_000 }],
    // 5xx: outcome unknown, only safe requests.
    ["503 GET backs off (attempt 1)", GET, status(503), 1, { retry: true, delayMs: 100 }],
    ["503 GET backs off (attempt 2)", GET, status(503), 2, { retry: true, delayMs: 200 }],
    ["500 PUT backs off", PUT, status(500), 3, { retry: true, delayMs: 400 }],
    ["502 DELETE backs off", DELETE, status(502), 1, { retry: true, delayMs: 100 }],
    ["504 POST assign (idempotent) backs off", ASSIGN, status(504), 1, { retry: true, delayMs: 100 }],
    ["503 honours its Retry-After", GET, status(503, "7"), 1, { retry: true, delayMs: 7_000 }],
    ["503 POST is not repeated", POST, status(503), 1, { retry: false, reason: "unsafe-to-repeat" }],
    [
      "500 PUT marked non-idempotent is not repeated",
      { method: "PUT", idempotent: false },
      status(500),
      1,
      { retry: false, reason: "unsafe-to-repeat" },
    ],
    ["503 GET exhausted", GET, status(503), 4, { retry: false, reason: "attempts-exhausted" }],
    ["501 is final", GET, status(501), 1, { retry: false, reason: "not-retryable" }],
    // Network errors and timeouts: outcome unknown.
    ["network GET", GET, { kind: "network" }, 1, { retry: true, delayMs: 100 }],
    ["timeout PUT", PUT, { kind: "timeout" }, 2, { retry: true, delayMs: 200 }],
    ["network POST", POST, { kind: "network" }, 1, { retry: false, reason: "unsafe-to-repeat" }],
    ["timeout POST", POST, { kind: "timeout" }, 1, { retry: false, reason: "unsafe-to-repeat" }],
    ["timeout POST assign", ASSIGN, { kind: "timeout" }, 1, { retry: true, delayMs: 100 }],
    // Final answers.
    ["200", GET, status(200), 1, { retry: false, reason: "not-retryable" }],
    ["400", GET, status(400), 1, { retry: false, reason: "not-retryable" }],
    ["401", GET, status(401), 1, { retry: false, reason: "not-retryable" }],
    ["403", PUT, status(403), 1, { retry: false, reason: "not-retryable" }],
    ["404", GET, status(404), 1, { retry: false, reason: "not-retryable" }],
    ["409", PUT, status(409, "5"), 1, { retry: false, reason: "not-retryable", retryAfterMs: 5_000 }],
  ];
  it.each(table)("%s", (_name, req, outcome, attempt, expected) => {
    expect(decideRetry(policy, attempt, req, outcome, NOW, half)).toEqual(expected);
  });

  it("caps the exponential backoff at maxDelayMs", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(policy, n, half));
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000, 1_000]);
  });

  it("full jitter stays within [0, capped backoff)", () => {
    const jittered: RetryPolicy = { ...policy, jitter: "full" };
    for (const attempt of [1, 2, 3, 4, 5, 10, 50]) {
      const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      expect(backoffDelay(jittered, attempt, () => 0)).toBe(0);
      expect(backoffDelay(jittered, attempt, () => 0.25)).toBe(Math.floor(cap * 0.25));
      expect(backoffDelay(jittered, attempt, () => 0.999999)).toBeLessThan(cap);
      // A broken random source cannot push the delay out of bounds.
      expect(backoffDelay(jittered, attempt, () => 7)).toBeLessThanOrEqual(cap);
      expect(backoffDelay(jittered, attempt, () => -3)).toBe(0);
    }
  });

  it("jitters a Retry-After upwards only: never earlier than the Hub said, spread over as much again", () => {
    const full: RetryPolicy = { ...policy, jitter: "full" };
    expect(decideRetry(full, 1, GET, status(429, "4"), NOW, () => 0)).toEqual({ retry: true, delayMs: 4_000 });
    expect(decideRetry(full, 1, GET, status(429, "4"), NOW, () => 0.1)).toEqual({ retry: true, delayMs: 4_400 });
    expect(decideRetry(full, 1, GET, status(429, "4"), NOW, () => 0.999)).toEqual({ retry: true, delayMs: 7_996 });
    // Retry-After 0 still spreads over at least baseDelayMs.
    expect(decideRetry(full, 1, GET, status(429, "0"), NOW, half)).toEqual({ retry: true, delayMs: 50 });
    // Waiters given the same Retry-After come back at different times.
    const draws = [0.05, 0.35, 0.65, 0.95];
    const delays = draws.map((r) => retryAfterDelay(full, 1_000, () => r));
    expect(new Set(delays).size).toBe(draws.length);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(1_000);
  });

  it("decorrelated jitter: each delay in [base, 3 · previous), capped", () => {
    const deco: RetryPolicy = { ...policy, jitter: "decorrelated" };
    expect(backoffDelay(deco, 1, () => 0)).toBe(100);
    expect(backoffDelay(deco, 1, () => 0.5)).toBe(200); // [100, 300)
    expect(backoffDelay(deco, 2, () => 0.5, 200)).toBe(350); // [100, 600)
    expect(backoffDelay(deco, 5, () => 0.999, 900)).toBeLessThanOrEqual(1_000); // capped at maxDelayMs
    // On a 429 it grows from the previous wait, still never under Retry-After.
    expect(retryAfterDelay(deco, 1_000, () => 0.5, 1_000)).toBe(1_000 + 500); // [0, min(max, 3000)=1000) on top
    expect(retryAfterDelay(deco, 1_000, () => 0)).toBe(1_000);
  });

  it("423/429 are bounded by the total deadline, not by attempts", () => {
    const p: RetryPolicy = { ...policy, deadlineMs: 10_000 };
    const started = { startedAt: NOW - 8_000 };
    expect(decideRetry(p, 1, GET, status(429, "1"), NOW, half, started)).toEqual({ retry: true, delayMs: 1_000 });
    expect(decideRetry(p, 1, GET, status(429, "3"), NOW, half, started)).toEqual({
      retry: false,
      reason: "deadline-exceeded",
      retryAfterMs: 3_000,
    });
    // The deadline bounds 5xx retries too.
    expect(decideRetry(p, 1, GET, status(503), NOW + 2_000, half, started)).toEqual({
      retry: false,
      reason: "deadline-exceeded",
    });
  });

  it("takes a bare method string too", () => {
    expect(decideRetry(policy, 1, "GET", status(503), NOW, half)).toEqual({ retry: true, delayMs: 100 });
    expect(decideRetry(policy, 1, "POST", status(503), NOW, half)).toEqual({
      retry: false,
      reason: "unsafe-to-repeat",
    });
  });

  it("maxAttempts 1 disables retries", () => {
    expect(decideRetry({ ...policy, maxAttempts: 1 }, 1, GET, status(503), NOW, half)).toEqual({
      retry: false,
      reason: "attempts-exhausted",
    });
  });

  it("default policy: bounded, jittered, with a timeout", () => {
    expect(DEFAULT_RETRY_POLICY.jitter).toBe("full");
    expect(DEFAULT_RETRY_POLICY.timeoutMs).toBeGreaterThan(0);
    expect(DEFAULT_RETRY_POLICY.waitStatuses).toEqual([423, 429]);
    expect(DEFAULT_RETRY_POLICY.deadlineMs).toBeGreaterThan(0);
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY)).toBe(true);
  });
});
