/**
 * The client side of the Hub's rate limit: a token bucket whose rate is learned from the Hub's
 * answers (halved on a 429, crept back up on each success: additive increase, multiplicative
 * decrease, as TCP and Octokit's throttling do), a pause for everyone when the Hub says
 * `Retry-After`, and a cap on requests in flight.
 *
 * One throttle per Hub and token for the whole process (the Hub limits per token): every provider
 * resource, session and CLI command of the process draws from the same bucket, so a hundred
 * resources do not each discover the limit on their own. Time comes from the injected clock, so
 * tests drive it without sleeping.
 */
import { createHash } from "node:crypto";

export interface ThrottleClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface ThrottleOptions {
  /** Requests per second until the Hub first says 429. */
  readonly initialRate: number;
  /** The learned rate stays within these (requests per second). */
  readonly minRate: number;
  readonly maxRate: number;
  /** Requests in flight at once, across the process. */
  readonly maxConcurrent: number;
  /** On a 429 the rate is multiplied by this (at most once per `cooldownMs`). */
  readonly decrease: number;
  /** Requests per second gained per second of successful requests. */
  readonly increase: number;
  /** 429s within this long of a decrease are the same overload: answered by one decrease. */
  readonly cooldownMs: number;
}

/**
 * Webex publishes no fixed limit for its admin APIs (they vary by endpoint and load), so the
 * throttle does not guess one: until the Hub first says 429 only `maxConcurrent` holds requests
 * back, and the first 429 sets the rate from what the Hub was actually answering.
 */
export const DEFAULT_THROTTLE: ThrottleOptions = Object.freeze({
  initialRate: 1_000,
  minRate: 0.5,
  maxRate: 1_000,
  maxConcurrent: 16,
  decrease: 0.5,
  increase: 1,
  cooldownMs: 1_000,
});

export class Throttle {
  readonly options: ThrottleOptions;
  readonly #clock: ThrottleClock;
  #rate: number;
  #tokens: number;
  #refilledAt: number;
  #pausedUntil = 0;
  #decreasedAt = Number.NEGATIVE_INFINITY;
  #active = 0;
  /** When the successes of the last second came back: the Hub's real throughput. */
  #successes: number[] = [];
  readonly #slots: Array<() => void> = [];
  /** Token takers queue here one at a time: first come, first served, and no herd on wake-up. */
  #gate: Promise<void> = Promise.resolve();

  constructor(clock: ThrottleClock, options: Partial<ThrottleOptions> = {}) {
    this.options = { ...DEFAULT_THROTTLE, ...options };
    if (!(this.options.minRate > 0 && this.options.minRate <= this.options.maxRate)) {
      throw new RangeError(
        `throttle: minRate must be > 0 and <= maxRate, got ${this.options.minRate} and ${this.options.maxRate}`,
      );
    }
    if (!(Number.isInteger(this.options.maxConcurrent) && this.options.maxConcurrent >= 1)) {
      throw new RangeError(`throttle: maxConcurrent must be a whole number >= 1, got ${this.options.maxConcurrent}`);
    }
    this.#clock = clock;
    this.#rate = clamp(this.options.initialRate, this.options.minRate, this.options.maxRate);
    this.#tokens = this.#capacity();
    this.#refilledAt = clock.now();
  }

  /** The learned rate, requests per second. */
  get rate(): number {
    return this.#rate;
  }

  /** Requests holding a slot now. */
  get active(): number {
    return this.#active;
  }

  /**
   * Waits for a slot and a token; the returned function gives the slot back (call it once the
   * answer is in, whatever it was).
   */
  async acquire(): Promise<() => void> {
    await this.#slot();
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      const next = this.#slots.shift();
      if (next) next();
      else this.#active -= 1;
    };
    try {
      await this.#token();
    } catch (e) {
      release();
      throw e;
    }
    return release;
  }

  /** The Hub answered without a rate-limit complaint: creep the rate back up. */
  onSuccess(): void {
    const now = this.#clock.now();
    this.#refill(now);
    this.#successes.push(now);
    if (this.#successes.length > 2 * this.options.maxRate) this.#successes = this.#recentSuccesses(now);
    this.#rate = Math.min(this.options.maxRate, this.#rate + this.options.increase / this.#rate);
  }

  /**
   * The Hub said 429 (or 423): lower the rate once per overload, stop everyone until `Retry-After`
   * has passed, and start the bucket empty so the queue resumes at the new rate, not in a burst.
   * The new rate is at most what the Hub answered in the last second (when it answered anything):
   * a process that started far above the Hub's limit gets there in one step, not in many halvings
   * each paid for with a burst of 429s.
   */
  onRateLimited(retryAfterMs: number | undefined): void {
    const now = this.#clock.now();
    this.#refill(now);
    if (now - this.#decreasedAt >= this.options.cooldownMs) {
      this.#successes = this.#recentSuccesses(now);
      const answered = this.#successes.length;
      const lowered = this.#rate * this.options.decrease;
      this.#rate = Math.max(this.options.minRate, answered > 0 ? Math.min(lowered, answered) : lowered);
      this.#decreasedAt = now;
    }
    this.#tokens = Math.min(this.#tokens, 0);
    if (retryAfterMs !== undefined) this.#pausedUntil = Math.max(this.#pausedUntil, now + retryAfterMs);
  }

  #recentSuccesses(now: number): number[] {
    return this.#successes.filter((at) => now - at < 1_000);
  }

  #capacity(): number {
    // One second's worth: a fresh process may burst that much, no more.
    return Math.max(1, this.#rate);
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#refilledAt);
    this.#refilledAt = now;
    this.#tokens = Math.min(this.#capacity(), this.#tokens + (elapsed / 1000) * this.#rate);
  }

  #slot(): Promise<void> {
    if (this.#active < this.options.maxConcurrent) {
      this.#active += 1;
      return Promise.resolve();
    }
    // The slot is handed over by `release` directly: `#active` stays counted for the new holder.
    return new Promise((resolve) => this.#slots.push(resolve));
  }

  #token(): Promise<void> {
    const mine = this.#gate.then(async () => {
      for (;;) {
        const now = this.#clock.now();
        this.#refill(now);
        const paused = this.#pausedUntil - now;
        const short = this.#tokens >= 1 ? 0 : ((1 - this.#tokens) / this.#rate) * 1000;
        const wait = Math.max(paused, short);
        if (wait <= 0) {
          this.#tokens -= 1;
          return;
        }
        await this.#clock.sleep(Math.ceil(wait));
      }
    });
    this.#gate = mine.catch(() => undefined);
    return mine;
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

// ---------------------------------------------------------------------------------------------
// One throttle per clock, Hub and token, for the life of the process.

const throttles = new WeakMap<ThrottleClock, Map<string, Throttle>>();

/**
 * The process-wide throttle for this Hub and token (keyed by a hash of the token, so the registry
 * holds no copy of it). Created on first use with these options; later callers share it.
 */
export function sharedThrottle(
  clock: ThrottleClock,
  endpoint: string,
  token: string,
  options?: Partial<ThrottleOptions>,
): Throttle {
  let byKey = throttles.get(clock);
  if (byKey === undefined) {
    byKey = new Map();
    throttles.set(clock, byKey);
  }
  const key = `${endpoint} ${createHash("sha256").update(token).digest("hex")}`;
  let throttle = byKey.get(key);
  if (throttle === undefined) {
    throttle = new Throttle(clock, options);
    byKey.set(key, throttle);
  }
  return throttle;
}
