/**
 * The mock Hub answers every request and never ends: request targets that are not plain paths
 * (`GET //` once ended the process), what Node's parser refuses, CONNECT, a client that leaves
 * mid-body. Authentication comes before routing, and a 405 names each allowed method once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WireError } from "../../api/wire";
import { parseTarget } from "../../mockhub/pipeline";
import type { MockHub } from "../../mockhub/server";
import { header, rawRequest, requestText, type RawAnswer } from "./raw-http";
import { startDemoHub, token } from "./helpers";

/** The Webex error body, with its tracking id matching the header; throws otherwise. */
function webexError(answer: RawAnswer): WireError {
  const body = JSON.parse(answer.body) as WireError;
  const described = Array.isArray(body.errors) && body.errors.every((e) => typeof e.description === "string");
  const ok = typeof body.message === "string" && described && body.trackingId === header(answer, "trackingid");
  if (!ok) throw new Error(`not a Webex error: ${answer.status} ${answer.body}`);
  return body;
}

describe("request targets", () => {
  it.each([
    ["/v1/people/me?x=1", "/v1/people/me", "?x=1"],
    ["//", "//", ""],
    ["//x:99999/", "//x:99999/", ""],
    ["//[", "//[", ""],
    ["/v1/people/../roles", "/v1/roles", ""],
    ["http://127.0.0.1:1/v1/roles?max=1", "/v1/roles", "?max=1"],
  ])("%s is the path %s", (raw, path, search) => {
    expect([parseTarget(raw)?.pathname, parseTarget(raw)?.search]).toEqual([path, search]);
  });

  it.each(["*", "", "x:99999", "mailto:a@b"])("%j is not a path", (raw) => {
    expect(parseTarget(raw)).toBeUndefined();
  });
});

describe("the mock Hub holds", () => {
  let hub: MockHub;
  let stop: () => Promise<void>;
  let auth: readonly [string, string];
  type Headers = ReadonlyArray<readonly [string, string]>;
  const send = (method: string, target: string, headers: Headers = [], body = ""): Promise<RawAnswer> =>
    rawRequest(hub.port, requestText(method, target, headers, body));
  const alive = async (): Promise<number> => (await send("GET", "/v1/people/me", [auth])).status;

  beforeAll(async () => {
    ({ hub, stop } = await startDemoHub());
    auth = ["Authorization", `Bearer ${token(hub, "admin@partner.example")}`];
  });
  afterAll(async () => stop());

  it.each([
    ["GET", "//", 401, 404],
    ["GET", "//x:99999/", 401, 404],
    ["GET", "//[", 401, 404],
    ["GET", "/v1/no/such/path", 401, 404],
    ["GET", "/v1/people/%E0%A4%A", 401, 400],
    ["DELETE", "/v1/people/me", 401, 405],
    ["OPTIONS", "*", 401, 400],
  ])("%s %s: %i without a token, %i with one, and the Hub lives on", async (method, target, anonymous, known) => {
    const answers = [await send(method, target), await send(method, target, [auth])];
    expect(answers.map((a) => a.status)).toEqual([anonymous, known]);
    answers.forEach(webexError);
    expect(await alive()).toBe(200);
  });

  it("a 405 names each allowed method once", async () => {
    const answer = await send("DELETE", "/v1/people/me", [auth]);
    expect([answer.status, answer.headers.allow]).toEqual([405, ["GET, PUT"]]);
  });

  it.each([
    ["an unknown method", "FOO /v1/people/me HTTP/1.1\r\nHost: x\r\n\r\n", 400],
    ["CONNECT", "CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: x\r\n\r\n", 400],
    ["a header line without a colon", "GET /v1/people/me HTTP/1.1\r\nHost: x\r\nnocolon\r\n\r\n", 400],
    [
      "two Content-Lengths",
      "PUT /v1/people/me HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
      400,
    ],
    ["headers too large", `GET /v1/people/me HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`, 431],
    ["HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400],
  ])("%s: a Webex error, not a bare close", async (_what, request, status) => {
    const answer = await rawRequest(hub.port, request);
    expect(answer.status).toBe(status);
    webexError(answer);
    expect(await alive()).toBe(200);
  });

  it("a client that leaves in the middle of its body does not stop the Hub", async () => {
    const { connect } = await import("node:net");
    await new Promise<void>((resolve) => {
      const socket = connect(hub.port, "127.0.0.1", () => {
        const head = `PUT /v1/people/me HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n${auth[0]}: ${auth[1]}\r\n\r\n`;
        socket.write(`${head}{"a":`);
        socket.destroy();
        resolve();
      });
    });
    expect(await alive()).toBe(200);
  });
});
