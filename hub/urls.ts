/**
 * The Hub's URLs: the configured endpoint made canonical (and refused, with the fix, when it is not
 * one), request URLs built from a path and a query, and the `next` link of a paginated list.
 */
import { displayUrl } from "./errors";
import { ConfigurationError } from "./credentials";

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/** `base` + `path` with the query's defined values as parameters. */
export function hubUrl(base: string, path: string, query: Query): string {
  const u = new URL(base + path);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
  return u.toString();
}

/** `http://host:1/` and `http://host:1/v1/` both become `http://host:1/v1`. */
export function normalizeEndpoint(endpoint: string): string {
  if (typeof endpoint !== "string" || endpoint.trim() === "") {
    throw new ConfigurationError(
      "the Hub endpoint is empty: set webexhub:endpoint (or --endpoint, WEBEXHUB_ENDPOINT) to the API's base URL, like https://webexapis.com",
    );
  }
  const shown = displayUrl(endpoint.trim());
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    throw new ConfigurationError(
      `the Hub endpoint "${shown}" is not a URL: write it with its scheme, like https://${shown.replace(/^\/+/, "")}`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigurationError(
      `the Hub endpoint "${shown}" must start with https:// (or http:// for a local mock Hub)`,
    );
  }
  if (url.username !== "" || url.password !== "") {
    throw new ConfigurationError(
      "the Hub endpoint must not carry credentials: put the token in webexhub:token (or --token, WEBEXHUB_TOKEN)",
    );
  }
  url.search = "";
  url.hash = "";
  let base = url.toString().replace(/\/+$/, "");
  if (!/\/v1$/.test(base)) base += "/v1";
  return base;
}

/** A path segment: ids are data, never path syntax. */
export function seg(id: string): string {
  return encodeURIComponent(id);
}

/** The `rel="next"` target of an RFC 8288 `Link` header, if any. */
export function parseLinkNext(header: string): string | undefined {
  const re = /<([^>]*)>((?:\s*;\s*[^;,=\s]+\s*(?:=\s*(?:"[^"]*"|[^;,\s]*))?)*)/g;
  for (let m = re.exec(header); m !== null; m = re.exec(header)) {
    const params = m[2] ?? "";
    const relRe = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]*))/i;
    const rel = relRe.exec(params);
    const value = rel ? (rel[1] ?? rel[2] ?? "") : "";
    if (value.toLowerCase().split(/\s+/).includes("next")) return m[1];
  }
  return undefined;
}
