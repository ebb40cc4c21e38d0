/** The token never appears in logs or errors. Every error the client can raise is checked. */
import nock from "nock";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ENDPOINT_HINT, HubError } from "../../hub/errors";
import { HubClient } from "../../hub/client";
import { hubSession, resetHubSessions } from "../../hub/sessions";
import { BASE, ENDPOINT, TOKEN, errorBody, rejectionOf, testClient } from "./helpers";

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  resetHubSessions();
});
afterAll(() => nock.enableNetConnect());

/** Every way an error may end up in a log. */
function renderings(e: unknown): string[] {
  const out = [String(e), inspect(e, { depth: 10 }), inspect(e, { depth: 10, showHidden: true }), JSON.stringify(e)];
  if (e instanceof Error) {
    out.push(e.message, e.stack ?? "");
    let c: unknown = e.cause;
    for (let i = 0; i < 5 && c !== undefined; i++) {
      out.push(String(c), inspect(c, { depth: 10, showHidden: true }));
      if (c instanceof Error) out.push(c.message, c.stack ?? "");
      c = c instanceof Error ? c.cause : undefined;
    }
  }
  return out;
}

function expectNoToken(e: unknown): void {
  expect(e).toBeInstanceOf(HubError);
  for (const text of renderings(e)) {
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain("S3CRET");
  }
}

describe("the token never leaks", () => {
  it.each([400, 401, 403, 404, 409, 423, 429, 500, 503])(
    "in a %i error, even when the Hub echoes it",
    async (status) => {
      hub()
        .get("/v1/people/me")
        .times(5)
        .reply(status, errorBody(`invalid token Bearer ${TOKEN}`, "x", `track-${TOKEN}`), {
          Trackingid: `T-${TOKEN}`,
          "Retry-After": "1",
        });
      const { client } = testClient({ policy: { maxAttempts: 2, deadlineMs: 2_000 } });
      const err = await rejectionOf(client.me());
      expectNoToken(err);
      expect((err as HubError).hubMessage).toBe("invalid token Bearer ***");
      nock.cleanAll();
    },
  );

  it("in a network error (nock)", async () => {
    hub().get("/v1/people/me").replyWithError(`connect ECONNREFUSED (auth ${TOKEN})`);
    const { client } = testClient({ policy: { maxAttempts: 1 } });
    expectNoToken(await rejectionOf(client.me()));
  });

  it("in a network error whose cause chain carries the request headers", async () => {
    const fetchStub = (_url: string, init: RequestInit): Promise<Response> => {
      const inner = Object.assign(new Error("proxy refused"), { headers: init.headers });
      return Promise.reject(new TypeError("fetch failed", { cause: inner }));
    };
    const { client } = testClient({ fetch: fetchStub, policy: { maxAttempts: 1 } });
    const err = (await rejectionOf(client.me())) as HubError;
    expectNoToken(err);
    // A harmless cause is kept as is; this one was replaced by a redacted copy.
    expect(err.cause).toBeInstanceOf(Error);
    expect((err.cause as Error).message).toBe("fetch failed");
    expect((err.cause as Error).cause).toBeUndefined();
  });

  it("keeps a cause that does not mention the token", async () => {
    const original = new TypeError("fetch failed", { cause: new Error("ECONNRESET") });
    const { client } = testClient({ fetch: () => Promise.reject(original), policy: { maxAttempts: 1 } });
    const err = (await rejectionOf(client.me())) as HubError;
    expect(err.cause).toBe(original);
    expect(err.message).toBe(
      `GET ${BASE}/people/me failed: network error: fetch failed: ECONNRESET; is the Hub reachable? ${ENDPOINT_HINT}`,
    );
  });

  it("in a timeout", async () => {
    hub().get("/v1/people/me").delay(200).reply(200, {});
    const { client } = testClient({ policy: { timeoutMs: 10, maxAttempts: 1 } });
    expectNoToken(await rejectionOf(client.me()));
  });

  it("in a bad response, a redirect and a refused next link", async () => {
    hub()
      .get("/v1/people/me")
      .reply(200, `not json ${TOKEN}`)
      .get("/v1/roles")
      .reply(302, "", { Location: `https://evil.example/?t=${TOKEN}` })
      .get("/v1/organizations")
      .reply(200, { items: [] }, { Link: `<https://evil.example/?t=${TOKEN}>; rel="next"` });
    const { client } = testClient();
    expectNoToken(await rejectionOf(client.me()));
    expectNoToken(await rejectionOf(client.listRoles()));
    expectNoToken(await rejectionOf(client.listOrganizations()));
  });

  it("in the client, a session and their serialized forms", () => {
    const { client } = testClient();
    const session = hubSession({ endpoint: ENDPOINT, token: TOKEN });
    for (const v of [client, session, session.client]) {
      expect(JSON.stringify(v)).not.toContain(TOKEN);
      expect(inspect(v, { depth: 10, showHidden: true })).not.toContain(TOKEN);
      expect(
        Object.values(v as object)
          .map(String)
          .join(" "),
      ).not.toContain(TOKEN);
    }
  });

  it("in the constructor's own errors", () => {
    for (const make of [
      () => new HubClient({ endpoint: `http://u:${TOKEN}@hub.test`, token: TOKEN }),
      () => new HubClient({ endpoint: "::", token: TOKEN }),
      () => new HubClient({ endpoint: ENDPOINT, token: `${TOKEN}\n` + "x" }),
    ]) {
      let caught: unknown;
      try {
        make();
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(Error);
      expect(inspect(caught)).not.toContain(TOKEN);
    }
  });
});

function hub(): nock.Scope {
  return nock(ENDPOINT, { reqheaders: { authorization: `Bearer ${TOKEN}` } });
}
