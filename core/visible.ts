/**
 * Characters that have no place in an id, an email or a site key: C0 and C1 controls, DEL, and
 * the invisible formatting characters (bidirectional overrides and isolates, zero-width spaces
 * and joiners, the byte order mark, soft hyphen) with which two different ids look the same, or a
 * message in a terminal reads differently from what it says. A lone surrogate is not Unicode.
 *
 * The JSON Schemas (schema/*.json) spell the same class in their `pattern`s, so that an editor
 * checks what webexhub checks; test/schema/control-chars.test.ts holds them to this list.
 */
export const FORBIDDEN_CLASS =
  "\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064" +
  "\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb\\ud800-\\udfff";

const FORBIDDEN = new RegExp(`[${FORBIDDEN_CLASS}]`, "u");
const FORBIDDEN_ALL = new RegExp(`[${FORBIDDEN_CLASS}]`, "gu");

const NAMES: Readonly<Record<number, string>> = {
  0x00: "NUL",
  0x09: "TAB",
  0x0a: "LINE FEED",
  0x0d: "CARRIAGE RETURN",
  0x1b: "ESCAPE",
  0x7f: "DELETE",
  0x85: "NEXT LINE",
  0xad: "SOFT HYPHEN",
  0x200b: "ZERO WIDTH SPACE",
  0x200c: "ZERO WIDTH NON-JOINER",
  0x200d: "ZERO WIDTH JOINER",
  0x200e: "LEFT-TO-RIGHT MARK",
  0x200f: "RIGHT-TO-LEFT MARK",
  0x2028: "LINE SEPARATOR",
  0x2029: "PARAGRAPH SEPARATOR",
  0x202a: "LEFT-TO-RIGHT EMBEDDING",
  0x202b: "RIGHT-TO-LEFT EMBEDDING",
  0x202c: "POP DIRECTIONAL FORMATTING",
  0x202d: "LEFT-TO-RIGHT OVERRIDE",
  0x202e: "RIGHT-TO-LEFT OVERRIDE",
  0x2060: "WORD JOINER",
  0x2066: "LEFT-TO-RIGHT ISOLATE",
  0x2067: "RIGHT-TO-LEFT ISOLATE",
  0x2068: "FIRST STRONG ISOLATE",
  0x2069: "POP DIRECTIONAL ISOLATE",
  0xfeff: "BYTE ORDER MARK",
};

/** The code point of a one-character string, as 4 (or more) hex digits. */
const hex4 = (c: string): string => (c.codePointAt(0) ?? 0).toString(16).padStart(4, "0");

const codeOf = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;

function kindOf(cp: number): string {
  if (cp >= 0xd800 && cp <= 0xdfff) return "a lone surrogate, not a Unicode character";
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return "a control character";
  return "an invisible formatting character";
}

/** `U+202E (RIGHT-TO-LEFT OVERRIDE)`. */
export const charName = (cp: number): string => `${codeOf(cp)}${NAMES[cp] === undefined ? "" : ` (${NAMES[cp]})`}`;

/** The text with every forbidden character written as `\u{202E}`: safe to print and to read. */
export const visible = (text: string): string =>
  FORBIDDEN.test(text) ? text.replace(FORBIDDEN_ALL, (c) => `\\u{${hex4(c).toUpperCase()}}`) : text;

/** What is wrong with a value that holds a forbidden character, or undefined when it holds none. */
export function forbiddenCharProblem(text: string): string | undefined {
  const match = FORBIDDEN.exec(text);
  if (match === null) return undefined;
  const cp = match[0].codePointAt(0) ?? 0;
  const at = [...text.slice(0, match.index)].length + 1;
  // The value around the character, not all of it: a value can be megabytes long.
  const from = Math.max(0, match.index - 40);
  const to = match.index + 40;
  const shown = `${from > 0 ? "…" : ""}${visible(text.slice(from, to))}${to < text.length ? "…" : ""}`;
  return (
    `contains ${charName(cp)}, ${kindOf(cp)}, at character ${at} of "${shown}": remove it ` +
    "(ids, emails and site keys are plain text; a hidden character makes a different value that looks the same)"
  );
}

/**
 * JSON text with every forbidden character escaped (`\u202e`): the same JSON value, safe in a
 * terminal. Raw tabs and line breaks in JSON text are its layout (inside strings they are escaped already).
 */
export const jsonVisible = (json: string): string =>
  FORBIDDEN.test(json)
    ? json.replace(FORBIDDEN_ALL, (c) => (c === "\n" || c === "\r" || c === "\t" ? c : `\\u${hex4(c)}`))
    : json;
