/**
 * A generated corpus of hostile HTTP requests for the mock Hub (fast-check, a fixed seed, so every
 * run sends the same ones): odd paths and request targets, path traversal and unicode in ids, huge
 * and malformed JSON bodies, wrong content types, odd, missing and repeated headers, every method.
 * Big bodies are described here and built only when sent.
 */
import fc from "fast-check";
import { SCIM_PATCH_SCHEMA } from "../../api/wire";
import { cid, MSP, PARTNER, pid, rids } from "./helpers";

export const METHODS = [
  "GET",
  "PUT",
  "POST",
  "PATCH",
  "DELETE",
  "HEAD",
  "OPTIONS",
  "TRACE",
  "CONNECT",
  "PROPFIND",
  "FOO",
  "get",
] as const;

export type BodySpec =
  | { kind: "none" }
  | { kind: "text"; text: string }
  | { kind: "repeat"; unit: string; bytes: number }
  | { kind: "nested"; depth: number }
  | { kind: "binary"; seed: number };

export interface HostileRequest {
  method: string;
  target: string;
  headers: Array<readonly [string, string]>;
  body: BodySpec;
}

const PEOPLE = [
  "admin@partner.example",
  "pa@partner.example",
  "ro@partner.example",
  "user1@partner.example",
  "admin@customer04.example",
  "helper@msp.example",
];

/** Ids as a path segment: real ones, traversal, broken and raw unicode, encoded NUL, very long, look-alikes. */
const ID_SEGMENTS = [
  pid("user2@partner.example"),
  pid("pa@partner.example"),
  cid(4),
  PARTNER,
  MSP,
  `${pid("user2@partner.example")}=`,
  ...rids("full_admin"),
  "me",
  "..",
  ".",
  "%2e%2e",
  "..%2f..%2fetc%2fpasswd",
  "..\\..\\windows",
  "%5c..%5c",
  "%2F",
  "%00",
  "%ff",
  "%E0%A4%A",
  "%",
  "ü",
  "%C3%BC",
  "😀",
  "%F0%9F%98%80",
  "\u202Eevil",
  "a".repeat(5000),
  "__proto__",
  "constructor",
  "null",
  "-1",
  "[",
  "]",
  "${jndi:ldap://x/a}",
  "<script>",
  "'",
  "%22",
  Buffer.from("ciscospark://us/PEOPLE/../../x").toString("base64url"),
];

const ROUTES = [
  "/v1/people/{a}",
  "/v1/people",
  "/v1/people/me",
  "/v1/roles/{a}",
  "/v1/roles",
  "/v1/organizations/{a}",
  "/v1/organizations/{a}/externalAdmins",
  "/v1/organizations/{a}/externalAdmins/{b}",
  "/v1/partner/organizations/{a}/restrictedMode",
  "/v1/partner/organizations/{a}/partnerAdmin/{b}/assign",
  "/v1/partner/organizations/{a}/partnerAdmin/{b}/unassign",
  "/v1/partner/organizations/partnerAdmin/{b}",
  "/v1/partner/organizations",
  "/v1/partner/organizations/{a}/partnerAdmins",
  "/identity/scim/{a}/v2/Users/{b}",
  "/v1/identity/scim/{a}/v2/Users/{b}",
  "/v1/adminAudit/events",
  "/v1/licenses/{a}",
  "/v1/licenses",
];

const ODD_TARGETS = [
  "/",
  "//",
  "//x:99999/",
  "//[",
  "///v1/people/me",
  "/v1//people",
  "/v1/people/me/../../../../etc/passwd",
  "*",
  "http://127.0.0.1/v1/people/me",
  "http://[::1/v1",
  "/v1/people?%",
  "/%zz",
  "/v1/../../",
  "/v1/people/me#frag",
  "/v1/people/me?max=1&max=2",
];

const QUERIES = [
  "",
  "",
  "",
  "?max=-1",
  "?max=0",
  "?max=99999999999999999999",
  "?cursor=!!!",
  "?cursor=OTk5OTk5",
  "?email=%00",
  "?id=a,b,,c",
  `?orgId=${MSP}`,
  "?orgId=..",
  "?managedBy=me",
  "?from=x&to=y&orgId=z",
  "?displayName=%F0%9F",
  "?roles=nope",
  "?x=ü",
];

const target: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...ROUTES),
        fc.constantFrom(...ID_SEGMENTS),
        fc.constantFrom(...ID_SEGMENTS),
        fc.constantFrom(...QUERIES),
      )
      .map(([route, a, b, q]) => `${route.replace("{a}", a).replace("{b}", b)}${q}`),
  },
  { weight: 1, arbitrary: fc.constantFrom(...ODD_TARGETS) },
);

type Headers = Array<readonly [string, string]>;

const ODD_AUTHORIZATION: Headers[] = [
  [["Authorization", "Bearer"]],
  [["Authorization", "Bearer   "]],
  [["Authorization", "Basic YWRtaW46YWRtaW4="]],
  [["Authorization", "bearer {token:admin@partner.example}x"]],
  [["Authorization", `Bearer ${"t".repeat(8000)}`]],
  [
    ["Authorization", "Bearer {token:user1@partner.example}"],
    ["Authorization", "Bearer {token:admin@partner.example}"],
  ],
  [["Authorization", "Bearer {token:admin@partner.example} extra"]],
  [["Authorization", "Bearer ü"]],
];

const authorization: fc.Arbitrary<Headers> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PEOPLE).map((w): Headers => [["Authorization", `Bearer {token:${w}}`]]) },
  { weight: 1, arbitrary: fc.constant<Headers>([]) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_AUTHORIZATION) },
);

const CONTENT_TYPES = [
  [],
  [],
  [["Content-Type", "application/json"]],
  [["Content-Type", "text/plain"]],
  [["Content-Type", "application/x-www-form-urlencoded"]],
  [["Content-Type", "multipart/form-data; boundary=--x"]],
  [["Content-Type", "application/json; charset=utf-16"]],
  [
    ["Content-Type", "application/json"],
    ["Content-Type", "text/xml"],
  ],
  [["Content-Type", ""]],
] as const;

const ODD_HEADERS = [
  [],
  [],
  [],
  [["X-Forwarded-For", "127.0.0.1"]],
  [["Host", "evil.example"]],
  [["Content-Length", "abc"]],
  [["Content-Length", "-1"]],
  [["Content-Length", "99999"]],
  [["Content-Length", "1"]],
  [["Transfer-Encoding", "chunked"]],
  [["Transfer-Encoding", "gzip"]],
  [["Expect", "100-continue"]],
  [
    ["Connection", "Upgrade"],
    ["Upgrade", "websocket"],
  ],
  [["X-Unicode", "üñí"]],
  [["Cookie", "c".repeat(12_000)]],
  [["Bad Header", "x"]],
  [["X-Empty", ""]],
  [["Content-Encoding", "gzip"]],
  [["Accept", "application/xml"]],
] as const;

const person = (roles: string[]): string =>
  JSON.stringify({ emails: ["user2@partner.example"], displayName: "User Two", roles });
const scim = (values: string[]): string =>
  JSON.stringify({
    schemas: [SCIM_PATCH_SCHEMA],
    Operations: [{ op: "add", path: "roles", value: values.map((value) => ({ value })) }],
  });

const SMALL_BODIES = [
  "{",
  "[",
  "nul",
  '{"displayName":',
  "{}",
  "[]",
  "null",
  "0",
  '"x"',
  "1e999",
  '{"displayName":"\u0000"}',
  '{"__proto__":{"admin":true},"displayName":"x"}',
  '{"constructor":{"prototype":{"x":1}}}',
  person(rids("full_admin", "full_admin")),
  person([`${rids("full_admin")[0]}=`, ...rids("full_admin")]),
  person(["nope"]),
  person([]),
  scim(["id_full_admin", "ID_FULL_ADMIN"]),
  scim(["../../etc"]),
  '{"role":"external_full_admin"}',
  '{"enabled":"yes"}',
  '{"enabled":true,"orgId":"other"}',
  '{"Operations":"x"}',
  "\ufeff{}",
  '{"a":1}garbage',
  JSON.stringify({ displayName: "x".repeat(100_000) }),
];

const body: fc.Arbitrary<BodySpec> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<BodySpec>({ kind: "none" }) },
  { weight: 6, arbitrary: fc.constantFrom(...SMALL_BODIES).map((text): BodySpec => ({ kind: "text", text })) },
  { weight: 1, arbitrary: fc.constantFrom(10_000, 60_000).map((depth): BodySpec => ({ kind: "nested", depth })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 1000 }).map((seed): BodySpec => ({ kind: "binary", seed })) },
  // A few megabytes: over the 1 MB cap, so it must be refused without being kept.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom("[", " ", '"a",', "\u00ff"), fc.constantFrom(900_000, 3_000_000))
      .map(([unit, bytes]): BodySpec => ({ kind: "repeat", unit, bytes })),
  },
);

export const hostileRequest: fc.Arbitrary<HostileRequest> = fc
  .record({
    method: fc.constantFrom(...METHODS),
    target,
    auth: authorization,
    contentType: fc.constantFrom(...CONTENT_TYPES),
    odd: fc.constantFrom(...ODD_HEADERS),
    body,
  })
  .map(({ method, target: t, auth, contentType, odd, body: b }) => ({
    method,
    target: t,
    headers: [...auth, ...contentType, ...odd],
    body: b,
  }));

/** The body's bytes. */
export function bodyBytes(spec: BodySpec): Buffer {
  switch (spec.kind) {
    case "none":
      return Buffer.alloc(0);
    case "text":
      return Buffer.from(spec.text, "utf8");
    case "repeat":
      return Buffer.from(spec.unit.repeat(Math.ceil(spec.bytes / Buffer.byteLength(spec.unit))), "utf8");
    case "nested":
      return Buffer.from(`${"[".repeat(spec.depth)}${"]".repeat(spec.depth)}`, "utf8");
    case "binary":
      return Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 131 + spec.seed * 17) % 256));
  }
}
