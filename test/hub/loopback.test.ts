/**
 * The client against a real HTTP server on a loopback port, so what nock stands in for (undici's
 * redirect handling, aborts, headers) is checked once for real.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HubClient } from "../../hub/client";
import { fakeClock, rejectionOf, TOKEN } from "./helpers";

let server: Server;
let endpoint: string;
const seen: Array<{ method?: string; url?: string; auth?: string }> = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  seen.push({ method: req.method, url: req.url, auth: req.headers.authorization });
  const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(body === undefined ? "" : JSON.stringify(body));
  };
  const url = new URL(req.url ?? "/", "http://x");
  if (url.pathname === "/v1/roles") {
    const page = Number(url.searchParams.get("page") ?? 1);
    const headers: Record<string, string> =
      page < 3 ? { Link: `<${endpoint}/v1/roles?page=${page + 1}>; rel="next"` } : {};
    return send(200, { items: [{ id: `r${page}`, name: `Role ${page}` }] }, headers);
  }
  if (url.pathname === "/v1/people/me") return send(302, undefined, { Location: "http://127.0.0.2:1/steal" });
  if (url.pathname === "/v1/slow") return void setTimeout(() => send(200, {}), 2_000);
  if (url.pathname === "/v1/busy")
    return send(
      429,
      { message: "slow down", errors: [], trackingId: "L-1" },
      { "Retry-After": "2", Trackingid: "L-1" },
    );
  return send(
    404,
    { message: "no route", errors: [{ description: "no route" }], trackingId: "L-404" },
    { Trackingid: "L-404" },
  );
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("HubClient over a real socket", () => {
  it("paginates, authenticates, and maps errors", async () => {
    const client = new HubClient({ endpoint, token: TOKEN, clock: fakeClock() });
    expect((await client.listRoles()).map((r) => r.id)).toEqual(["r1", "r2", "r3"]);
    expect(seen.slice(-3).every((s) => s.auth === `Bearer ${TOKEN}`)).toBe(true);
    expect(await rejectionOf(client.getRole("nope"))).toMatchObject({ code: "hub-not-found", trackingId: "L-404" });
  });

  it("does not follow a redirect", async () => {
    const client = new HubClient({ endpoint, token: TOKEN, clock: fakeClock() });
    expect(await rejectionOf(client.me())).toMatchObject({ code: "hub-bad-response", status: 302 });
  });

  it("times out a slow answer", async () => {
    const client = new HubClient({
      endpoint,
      token: TOKEN,
      clock: fakeClock(),
      policy: { timeoutMs: 50, maxAttempts: 1 },
    });
    expect(await rejectionOf(client.send("GET", "/slow"))).toMatchObject({ code: "hub-timeout" });
  });

  it("waits Retry-After on the injected clock", async () => {
    const clock = fakeClock();
    // No jitter here: the sleeps are exactly what the Hub asked; the deadline ends the waits.
    const client = new HubClient({ endpoint, token: TOKEN, clock, policy: { jitter: "none", deadlineMs: 5_000 } });
    expect(await rejectionOf(client.send("GET", "/busy"))).toMatchObject({
      code: "hub-rate-limited",
      attempts: 3,
      trackingId: "L-1",
    });
    expect(clock.sleeps).toEqual([2_000, 2_000]);
  });

  it("a refused connection is hub-network", async () => {
    const client = new HubClient({
      endpoint: "http://127.0.0.1:1",
      token: TOKEN,
      clock: fakeClock(),
      policy: { maxAttempts: 2 },
    });
    const err = await rejectionOf(client.listRoles());
    expect(err).toMatchObject({ code: "hub-network", attempts: 2 });
    expect((err as Error).message).toMatch(/network error: fetch failed/);
  });
});
