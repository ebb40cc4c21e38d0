/**
 * Webex ids: base64url (no padding) of `ciscospark://us/<KIND>/<tail>`, where the tail is usually a
 * UUID (for roles, Webex's role name). Clients must treat them as opaque; the mock Hub mints them
 * this way, and SCIM paths take the plain tail (the UUID), so both sides need the two directions.
 */

export type WebexIdKind = "PEOPLE" | "ORGANIZATION" | "ROLE" | "LICENSE" | "LOCATION";

const PREFIX = "ciscospark://us/";

export function webexId(kind: WebexIdKind, tail: string): string {
  return Buffer.from(`${PREFIX}${kind}/${tail}`, "utf8").toString("base64url");
}

/** Base64 in either alphabet (standard `+/` or URL-safe `-_`), padded or not: the spellings Webex ids come in. */
const BASE64_ID = /^[A-Za-z0-9_+/-]+={0,2}$/;

/**
 * The kind and tail of a Webex id, or undefined when `id` is not one (for example a plain UUID).
 * Every spelling of one id gives the same answer: padding or not, either base64 alphabet, and the
 * scheme, region and kind in any case (`CISCOSPARK://US/role/…`), since they are not case-sensitive.
 * The kind comes back in upper case; the tail is kept as written.
 */
export function parseWebexId(id: string): { kind: string; tail: string } | undefined {
  if (!BASE64_ID.test(id)) return undefined;
  const text = Buffer.from(id, "base64url").toString("utf8");
  if (text.slice(0, PREFIX.length).toLowerCase() !== PREFIX) return undefined;
  const rest = text.slice(PREFIX.length);
  const slash = rest.indexOf("/");
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  return { kind: rest.slice(0, slash).toUpperCase(), tail: rest.slice(slash + 1) };
}

/**
 * The one spelling of a Webex id (base64url without padding, prefix and kind as Webex mints them),
 * so that two spellings of an id compare equal; undefined when `id` is not a Webex id.
 */
export function canonicalWebexId(id: string): string | undefined {
  const parsed = parseWebexId(id);
  if (parsed === undefined) return undefined;
  return Buffer.from(`${PREFIX}${parsed.kind}/${parsed.tail}`, "utf8").toString("base64url");
}

/** The UUID inside a Webex id (what SCIM paths take); a plain UUID is returned as it is. */
export function idUuid(id: string): string {
  return parseWebexId(id)?.tail ?? id;
}
