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

/** The kind and tail of a Webex id, or undefined when `id` is not one (for example a plain UUID). */
export function parseWebexId(id: string): { kind: string; tail: string } | undefined {
  if (!/^[A-Za-z0-9_=+/-]+$/.test(id)) return undefined;
  const text = Buffer.from(id, "base64url").toString("utf8");
  if (!text.startsWith(PREFIX)) return undefined;
  const rest = text.slice(PREFIX.length);
  const slash = rest.indexOf("/");
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  return { kind: rest.slice(0, slash), tail: rest.slice(slash + 1) };
}

/** The UUID inside a Webex id (what SCIM paths take); a plain UUID is returned as it is. */
export function idUuid(id: string): string {
  return parseWebexId(id)?.tail ?? id;
}
