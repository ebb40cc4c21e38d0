import { describe, expect, it } from "vitest";
import { startMockHub } from "../../mockhub/server";
import { call, errorOf, startDemoHub, token, pid } from "./helpers";

describe("fault switches", () => {
  it("rateLimit: requests beyond N per second per token get 429 with Retry-After in whole seconds", async () => {
    let now = new Date("2030-01-01T00:00:00.000Z");
    const { hub, stop } = await startDemoHub({ rateLimit: 3, now: () => now });
    try {
      const a = token(hub, "admin@partner.example");
      const b = token(hub, "ro@partner.example");
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await call(hub, a, "GET", "/people/me")).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);

      const limited = await call(hub, a, "GET", "/people/me");
      expect(limited.status).toBe(429);
      errorOf(limited);
      const retryAfter = limited.headers.get("retry-after") ?? "";
      expect(retryAfter).toMatch(/^\d+$/);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);

      // The budget is per token.
      expect((await call(hub, b, "GET", "/people/me")).status).toBe(200);
      // A new second, a new budget.
      now = new Date(now.getTime() + 1000);
      expect((await call(hub, a, "GET", "/people/me")).status).toBe(200);
    } finally {
      await stop();
    }
  });

  it("rateLimit with the real clock recovers after Retry-After", async () => {
    const { hub, stop } = await startDemoHub({ rateLimit: 2 });
    try {
      const a = token(hub, "admin@partner.example");
      const answers = await Promise.all([1, 2, 3, 4].map(() => call(hub, a, "GET", "/roles")));
      const limited = answers.find((x) => x.status === 429);
      expect(limited).toBeDefined();
      await new Promise((r) => setTimeout(r, Number(limited?.headers.get("retry-after")) * 1000));
      expect((await call(hub, a, "GET", "/roles")).status).toBe(200);
    } finally {
      await stop();
    }
  });

  it("faultRate 1: every request gets 503 with the error shape, and a write is not applied", async () => {
    const { hub, stop } = await startDemoHub({ faultRate: 1 });
    try {
      const a = token(hub, "admin@partner.example");
      const get = await call(hub, a, "GET", "/people/me");
      expect(get.status).toBe(503);
      errorOf(get);
      const put = await call(hub, a, "PUT", `/people/${pid("user1@partner.example")}`, {
        emails: ["user1@partner.example"],
        displayName: "Changed",
      });
      expect(put.status).toBe(503);
      hub.setFaults({ faultRate: 0 });
      const person = await call<{ displayName: string }>(hub, a, "GET", `/people/${pid("user1@partner.example")}`);
      expect(person.body.displayName).toBe("User One");
    } finally {
      await stop();
    }
  });

  it("faultRate P: the share of requests drawn below P by the injected random", async () => {
    const draws = [0.1, 0.9, 0.2, 0.8, 0.29, 0.31];
    let i = 0;
    const { hub, stop } = await startDemoHub({ faultRate: 0.3, random: () => draws[i++ % draws.length] ?? 1 });
    try {
      const a = token(hub, "admin@partner.example");
      const statuses = [];
      for (let n = 0; n < draws.length; n++) statuses.push((await call(hub, a, "GET", "/roles")).status);
      expect(statuses).toEqual([503, 200, 503, 200, 503, 200]);
    } finally {
      await stop();
    }
  });

  it("latencyMs delays every response by at least that long", async () => {
    const { hub, stop } = await startDemoHub({ latencyMs: 150 });
    try {
      const a = token(hub, "admin@partner.example");
      const started = performance.now();
      expect((await call(hub, a, "GET", "/people/me")).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(145);
      hub.setFaults({ latencyMs: 0 });
      const quick = performance.now();
      await call(hub, a, "GET", "/people/me");
      expect(performance.now() - quick).toBeLessThan(145);
    } finally {
      await stop();
    }
  });

  it("refuses nonsense fault settings, naming the option", async () => {
    await expect(startMockHub({ faultRate: 2 })).rejects.toThrow(/faultRate/);
    await expect(startMockHub({ rateLimit: 1.5 })).rejects.toThrow(/rateLimit/);
    await expect(startMockHub({ latencyMs: -1 })).rejects.toThrow(/latencyMs/);
  });

  it("counts requests per route, for request-budget tests", async () => {
    const { hub, stop } = await startDemoHub();
    try {
      const a = token(hub, "admin@partner.example");
      await call(hub, a, "GET", `/people/${pid("ro@partner.example")}`);
      await call(hub, a, "GET", `/people/${pid("pa@partner.example")}`);
      await call(hub, a, "GET", "/people/me");
      expect(hub.stats()).toEqual({ total: 3, byRoute: { "GET /v1/people/{id}": 2, "GET /v1/people/me": 1 } });
      hub.resetStats();
      expect(hub.stats().total).toBe(0);
    } finally {
      await stop();
    }
  });
});
