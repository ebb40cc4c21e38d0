/** Shared fixtures of the Hub client tests: a fake clock that never really sleeps, a client factory. */
import { HubClient, type Clock, type HttpMethod, type HubClientOptions } from "../../hub/client";
import type { RetryPolicy } from "../../hub/retry";

export const ENDPOINT = "http://hub.test";
export const BASE = "http://hub.test/v1";
export const TOKEN = "tok-S3CRET-0123456789abcdef";

export interface FakeClock extends Clock {
  /** Every delay the client asked to sleep, in order. */
  readonly sleeps: number[];
}

/** Starts at a fixed instant; `sleep` records the delay, advances `now` and resolves at once. */
export function fakeClock(start = Date.UTC(2030, 0, 1, 12, 0, 0)): FakeClock {
  let t = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: (ms) => {
      sleeps.push(ms);
      t += ms;
      return Promise.resolve();
    },
  };
}

export interface TestClient {
  client: HubClient;
  clock: FakeClock;
  requests: Array<{ method: HttpMethod; url: string }>;
}

export function testClient(
  overrides: Partial<Omit<HubClientOptions, "policy">> & { policy?: Partial<RetryPolicy> } = {},
): TestClient {
  const clock = fakeClock();
  const requests: Array<{ method: HttpMethod; url: string }> = [];
  const client = new HubClient({
    endpoint: ENDPOINT,
    token: TOKEN,
    clock,
    random: () => 0.5,
    onRequest: (method, url) => requests.push({ method, url }),
    ...overrides,
    policy: { timeoutMs: 2_000, ...overrides.policy },
  });
  return { client, clock, requests };
}

export function errorBody(message: string, code?: string, trackingId = "ROUTER_abc"): Record<string, unknown> {
  return {
    message,
    errors: [code === undefined ? { description: message } : { description: message, code }],
    trackingId,
  };
}

/** Awaits a promise that must reject, and returns what it rejected with. */
export async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection, got a value");
}
