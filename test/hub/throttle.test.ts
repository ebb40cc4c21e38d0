import { describe, expect, it } from "vitest";
import { HubClient } from "../../hub/client";
import { sharedThrottle, Throttle } from "../../hub/throttle";
import { fakeClock, TOKEN } from "./helpers";
import { virtualClock } from "./virtual-clock";

describe("Throttle: a token bucket that learns the Hub's rate", () => {
  it("paces requests at its rate once the first second's burst is spent", async () => {
    const clock = fakeClock(0);
    const t = new Throttle(clock, { initialRate: 4 });
    for (let i = 0; i < 12; i++) (await t.acquire())();
    // 4 at once (the burst), then 8 more at 4 per second: 2 s of waiting in 250 ms steps.
    expect(clock.now()).toBe(2_000);
    expect(clock.sleeps.every((ms) => ms === 250)).toBe(true);
  });

  it("halves the rate on a 429, once per overload, and creeps back up on successes", () => {
    const clock = fakeClock(0);
    const t = new Throttle(clock, { initialRate: 20, minRate: 1, increase: 1 });
    t.onRateLimited(1_000);
    t.onRateLimited(1_000); // the same overload: the other requests in flight
    expect(t.rate).toBe(10);
    void clock.sleep(1_000);
    t.onRateLimited(undefined);
    expect(t.rate).toBe(5);
    for (let i = 0; i < 5; i++) t.onSuccess();
    // +increase per `rate` successes: about +1 req/s per second at the new rate.
    expect(t.rate).toBeGreaterThan(5.9);
    expect(t.rate).toBeLessThan(6.1);
    void clock.sleep(1_000);
    for (let i = 0; i < 20; i++) {
      t.onRateLimited(undefined);
      void clock.sleep(1_000);
    }
    expect(t.rate).toBe(1); // never below minRate
  });

  it("holds nothing back until the first 429, which sets the rate to what the Hub answered in the last second", async () => {
    const clock = fakeClock(0);
    const t = new Throttle(clock);
    // No guessed limit: a burst goes out at once (only maxConcurrent bounds it).
    for (let i = 0; i < 100; i++) (await t.acquire())();
    expect(clock.now()).toBe(0);
    void clock.sleep(2_000);
    for (let i = 0; i < 7; i++) {
      t.onSuccess();
      void clock.sleep(100);
    }
    t.onRateLimited(1_000);
    expect(t.rate).toBe(7);
    // Nothing answered in the last second: halve, as before.
    const fresh = new Throttle(fakeClock(0), { initialRate: 40 });
    fresh.onRateLimited(undefined);
    expect(fresh.rate).toBe(20);
  });

  it("stops everyone until Retry-After has passed", async () => {
    const clock = fakeClock(0);
    const t = new Throttle(clock, { initialRate: 100 });
    t.onRateLimited(3_000);
    (await t.acquire())();
    expect(clock.now()).toBeGreaterThanOrEqual(3_000);
  });

  it("holds at most maxConcurrent requests in flight, handing slots over in order", async () => {
    const t = new Throttle(fakeClock(0), { maxConcurrent: 2, initialRate: 1_000 });
    const first = await t.acquire();
    const second = await t.acquire();
    const order: number[] = [];
    const third = t.acquire().then((r) => (order.push(3), r));
    const fourth = t.acquire().then((r) => (order.push(4), r));
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([]);
    expect(t.active).toBe(2);
    first();
    first(); // releasing twice gives back one slot only
    (await third)();
    second();
    (await fourth)();
    expect(order).toEqual([3, 4]);
    expect(t.active).toBe(0);
  });

  it("refuses nonsense options, naming them", () => {
    expect(() => new Throttle(fakeClock(), { maxConcurrent: 0 })).toThrow(/maxConcurrent/);
    expect(() => new Throttle(fakeClock(), { minRate: 0 })).toThrow(/minRate/);
  });

  it("is shared by every client of the process for the same Hub, token and clock", () => {
    const clock = fakeClock();
    const a = sharedThrottle(clock, "http://hub.test/v1", TOKEN);
    expect(sharedThrottle(clock, "http://hub.test/v1", TOKEN)).toBe(a);
    expect(sharedThrottle(clock, "http://hub.test/v1", `${TOKEN}x`)).not.toBe(a);
    expect(sharedThrottle(clock, "http://other.test/v1", TOKEN)).not.toBe(a);
    expect(sharedThrottle(fakeClock(), "http://hub.test/v1", TOKEN)).not.toBe(a);
  });
});

/** A Hub limiting to `limit` requests per fixed 1-second window, on the virtual clock. */
function limitedHub(now: () => number, limit: number) {
  let windowStart = -Infinity;
  let count = 0;
  const answers: number[] = [];
  const fetch = async (): Promise<Response> => {
    const t = now();
    if (t - windowStart >= 1_000) {
      windowStart = t;
      count = 0;
    }
    count += 1;
    if (count > limit) {
      answers.push(429);
      const seconds = Math.max(1, Math.ceil((windowStart + 1_000 - t) / 1_000));
      return new Response(JSON.stringify({ message: "slow down", errors: [] }), {
        status: 429,
        headers: { "Retry-After": String(seconds) },
      });
    }
    answers.push(200);
    return new Response(
      JSON.stringify({
        id: "me",
        emails: ["me@partner.example"],
        displayName: "Me",
        orgId: "o",
        roles: [],
        created: "2030-01-01T00:00:00Z",
      }),
      { status: 200 },
    );
  };
  return { fetch, answers };
}

describe("the transport under a Hub rate limit", () => {
  it("200 concurrent requests against 5/s all succeed: 429s are waited out, not failed attempts", async () => {
    const clock = virtualClock();
    const hub = limitedHub(clock.now, 5);
    const started = clock.now();
    // Two clients of one process: they share the throttle, so they learn the limit together.
    const make = (): HubClient =>
      new HubClient({ endpoint: "http://hub.test", token: TOKEN, clock, fetch: hub.fetch, policy: { maxAttempts: 2 } });
    const [a, b] = [make(), make()];
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).me()));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const limited = hub.answers.filter((s) => s === 429).length;
    // The throttle learns: far fewer 429s than requests, and the run takes about 200/5 s.
    expect(limited).toBeLessThan(60);
    const seconds = (clock.now() - started) / 1_000;
    expect(seconds).toBeGreaterThanOrEqual(39);
    expect(seconds).toBeLessThan(120);
  });

  it("gives up on a Hub that never stops saying 429 at the deadline, with the Hub's answer", async () => {
    const clock = virtualClock();
    const fetch = async (): Promise<Response> => new Response("{}", { status: 429, headers: { "Retry-After": "2" } });
    const client = new HubClient({
      endpoint: "http://hub.test",
      token: TOKEN,
      clock,
      fetch,
      policy: { deadlineMs: 60_000 },
    });
    const started = clock.now();
    await expect(client.me()).rejects.toMatchObject({ code: "hub-rate-limited", status: 429 });
    expect(clock.now() - started).toBeLessThanOrEqual(60_000);
    expect(clock.now() - started).toBeGreaterThan(30_000);
  });
});
