/**
 * The token is hidden in every form a Hub may echo it: as is, upper- or lower-cased, URL-encoded,
 * base64 and base64url encoded, alone or inside a longer encoded string (the base64 of
 * `Bearer <token>`, say), in the Hub's message, its tracking id and a network error's cause.
 */
import nock from "nock";
import { inspect } from "node:util";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { HubError } from "../../hub/errors";
import { redactWith, tokenForms, tokenPattern } from "../../hub/redact";
import { BASE, ENDPOINT, errorBody, rejectionOf, testClient } from "./helpers";

// Characters a URL encodes and base64 alignments that differ: the forms all look different.
const TOKEN = "Zt9/S3CRET+q=0123_abc.DEF~xyz";
const b64 = (s: string): string => Buffer.from(s, "utf8").toString("base64");
const b64url = (s: string): string => Buffer.from(s, "utf8").toString("base64url");

const FORMS: ReadonlyArray<[string, string]> = [
  ["as is", TOKEN],
  ["upper case", TOKEN.toUpperCase()],
  ["lower case", TOKEN.toLowerCase()],
  ["URL-encoded", encodeURIComponent(TOKEN)],
  ["URL-encoded, lower-case hex", encodeURIComponent(TOKEN).toLowerCase()],
  ["form-encoded", new URLSearchParams({ t: TOKEN }).toString().slice(2)],
  ["base64", b64(TOKEN)],
  ["base64url", b64url(TOKEN)],
  ["base64, upper-cased", b64(TOKEN).toUpperCase()],
  ["base64 of Bearer <token>", b64(`Bearer ${TOKEN}`)],
  ["base64 of user:<token>", b64(`user:${TOKEN}`)],
  ["base64url of x<token>y", b64url(`x${TOKEN}y`)],
  ["URL-encoded base64", encodeURIComponent(b64(TOKEN))],
  ["every character percent-encoded", [...Buffer.from(TOKEN)].map((b) => `%${b.toString(16).toUpperCase()}`).join("")],
];

/** Whether what is left of the echo could give the token back: no form of it, decoded or not, survives. */
function leaks(text: string): boolean {
  const decoded = [
    text,
    ...(text.match(/[A-Za-z0-9+/_=-]{8,}/g) ?? []).flatMap((s) => [
      Buffer.from(s, "base64").toString("latin1"),
      Buffer.from(s, "base64url").toString("latin1"),
    ]),
  ];
  let uri = text;
  try {
    uri = decodeURIComponent(text);
  } catch {
    // Not URL-encoded.
  }
  const lower = text.toLowerCase();
  return (
    FORMS.some(([, form]) => lower.includes(form.toLowerCase())) ||
    [...decoded, uri].some((t) => t.toLowerCase().includes(TOKEN.toLowerCase().slice(2, -2)))
  );
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe("redaction of the token", () => {
  it.each(FORMS)("%s: the table's echo would leak without redaction", (_name, echo) => {
    expect(leaks(`invalid token ${echo}`)).toBe(true);
  });

  it.each(FORMS)("%s: hidden in the Hub's message, tracking id and a network error", async (_name, echo) => {
    nock(ENDPOINT)
      .get("/v1/people/me")
      .reply(401, errorBody(`invalid token ${echo}!`, "x", `track-${echo}`), { Trackingid: `T-${echo}` });
    const { client } = testClient({ token: TOKEN, policy: { maxAttempts: 1 } });
    const error = (await rejectionOf(client.me())) as HubError;
    expect(error.hubMessage).toMatch(/^invalid token .*\*\*\*.*!$/);
    for (const text of [error.message, inspect(error, { depth: 10 }), JSON.stringify(error), error.trackingId ?? ""])
      expect(leaks(text), text).toBe(false);

    nock(ENDPOINT).get("/v1/people/me").replyWithError(`connect ECONNREFUSED (auth ${echo})`);
    const network = await rejectionOf(testClient({ token: TOKEN, policy: { maxAttempts: 1 } }).client.me());
    expect(leaks(inspect(network, { depth: 10 })), inspect(network)).toBe(false);
    expect(String(error.url)).toBe(`${BASE}/people/me`);
  });

  it("leaves text without the token as it is", () => {
    const pattern = tokenPattern(TOKEN);
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        fc.pre(!leaks(text));
        expect(redactWith(pattern, text)).toBe(text);
      }),
    );
  });

  it("any token, in any of its forms inside any text, is hidden", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 16, maxLength: 64 }).filter((t) => t.trim() === t && !/[\r\n]/.test(t)),
        fc.string(),
        fc.string(),
        (token, before, after) => {
          const pattern = tokenPattern(token);
          for (const form of [
            token,
            encodeURIComponent(token),
            b64(token),
            b64url(token),
            b64(`Bearer ${token}`).toUpperCase(),
          ]) {
            const shown = redactWith(pattern, `${before}${form}${after}`);
            expect(shown.includes(form)).toBe(false);
          }
        },
      ),
    );
  });

  it("looks for no form so short it would hide ordinary text", () => {
    expect(tokenForms("abcdefgh0123").every((f) => f.length >= 8)).toBe(true);
    expect(redactWith(tokenPattern("abcdefgh0123"), "abc YWJj 0123")).toBe("abc YWJj 0123");
  });
});
