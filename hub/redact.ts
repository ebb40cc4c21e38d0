/**
 * The token in every form a Hub (or a library between us and it) may echo it in an error: as is,
 * upper- or lower-cased, URL-encoded, and base64 or base64url encoded — alone, or as part of a longer
 * encoded string such as the base64 of `Bearer <token>` or of `user:<token>` (base64 turns each
 * 3 bytes into 4 characters, so the token's characters depend on where it starts: all three
 * alignments are covered). Matched case-insensitively, so an upper-cased echo of an encoded form
 * is caught too.
 */
import { inspect } from "node:util";

/** Forms shorter than this are not looked for: they would match ordinary text. */
const MIN_FORM = 8;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The base64 characters that depend only on the token's bytes, when it starts `offset` bytes into a 3-byte group. */
function base64Cores(token: Buffer): string[] {
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), token])
      .toString("base64")
      .replace(/=+$/, "");
    // Characters touched by the padding bytes before, or by the bytes after the token, vary.
    const start = offset === 0 ? 0 : offset === 1 ? 2 : 3;
    const whole = Math.floor((offset + token.length) / 3) * 4;
    const end = (offset + token.length) % 3 === 0 ? encoded.length : whole;
    out.push(encoded.slice(start, end));
  }
  return out;
}

/** Every string to hide, before URL encoding: the token and its base64 forms, longest first. */
export function tokenForms(token: string): string[] {
  const bytes = Buffer.from(token, "utf8");
  const cores = base64Cores(bytes);
  const forms = new Set<string>([
    token,
    bytes.toString("base64"),
    bytes.toString("base64url"),
    ...cores,
    ...cores.map((c) => c.replace(/\+/g, "-").replace(/\//g, "_")),
  ]);
  return [...forms].filter((f) => f.length >= MIN_FORM || f === token).sort((a, b) => b.length - a.length);
}

/**
 * A form as a pattern that also matches it URL-encoded, however much of it is encoded: each
 * character as itself or as its UTF-8 bytes in `%XX` (a space also as `+`).
 */
function urlFlexible(form: string): string {
  return [...form]
    .map((c) => {
      const bytes = [...Buffer.from(c, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
      return `(?:${escape(c)}|${bytes}${c === " " ? "|\\+" : ""})`;
    })
    .join("");
}

/** One case-insensitive pattern for every form, plain or URL-encoded. */
export function tokenPattern(token: string): RegExp {
  return new RegExp(tokenForms(token).map(urlFlexible).join("|"), "gi");
}

export const redactWith = (pattern: RegExp, text: string): string => text.replace(pattern, "***");

export function mentions(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  return found;
}

/**
 * The cause of a network error is attached for debugging, unless anything in it mentions the
 * token (an injected fetch, a proxy library): then a redacted copy takes its place.
 */
export function scrubbed(pattern: RegExp, e: unknown): unknown {
  const shown = inspect(e, { depth: 6, showHidden: false });
  if (!mentions(pattern, shown)) return e;
  const copy = new Error(redactWith(pattern, e instanceof Error ? e.message : String(e)));
  if (e instanceof Error) {
    copy.name = e.name;
    copy.stack = redactWith(pattern, e.stack ?? copy.stack ?? "");
  }
  return copy;
}
