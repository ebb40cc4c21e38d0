/**
 * A GitOps file as bytes, before any YAML parser sees it: at most MAX_FILE_BYTES, and valid UTF-8.
 * The decoder is fatal on purpose: a replacing decoder turns an invalid byte inside an orgId into
 * U+FFFD, and the file would name an org nobody wrote.
 */
import type { FileProblem } from "./yamlRead";

/** The largest GitOps file read, in bytes (5 MB): a partner with 2,000 admins and 50,000 assignments is 2 MB. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

const MB = 1024 * 1024;
const megabytes = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

/** The refusal of a file of `size` bytes (or more, when only a bounded prefix was read). */
export function sizeProblem(size: number, atLeast = false): FileProblem {
  const how = atLeast ? "more than" : "";
  return {
    path: "",
    message:
      `the file is ${how ? `${how} ` : ""}${size.toLocaleString("en-US")} bytes (${megabytes(size)}); webexhub reads ` +
      `GitOps files of at most ${megabytes(MAX_FILE_BYTES)} (${MAX_FILE_BYTES.toLocaleString("en-US")} bytes): ` +
      "check that this is the file you meant (a partner with 2,000 admins and 50,000 customer assignments is 2 MB)",
  };
}

/** The length of a UTF-8 sequence that starts with `lead`, or 0 when `lead` cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Whether the bytes after `lead` are allowed (no overlong form, no surrogate, nothing past U+10FFFF). */
function secondByteFits(lead: number, second: number): boolean {
  if (lead === 0xe0) return second >= 0xa0 && second <= 0xbf;
  if (lead === 0xed) return second >= 0x80 && second <= 0x9f;
  if (lead === 0xf0) return second >= 0x90 && second <= 0xbf;
  if (lead === 0xf4) return second >= 0x80 && second <= 0x8f;
  return second >= 0x80 && second <= 0xbf;
}

/** The offset of the first byte that is not valid UTF-8 (RFC 3629), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i] as number;
    const length = sequenceLength(lead);
    if (length === 0) return i;
    if (length > 1) {
      if (i + length > bytes.length || !secondByteFits(lead, bytes[i + 1] as number)) return i;
      for (let k = 2; k < length; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    }
    i += length;
  }
  return -1;
}

const hex = (byte: number): string => `0x${byte.toString(16).toUpperCase().padStart(2, "0")}`;

/** The file's text, or why it cannot be read as text: too large, or not UTF-8 (with the line of the first bad byte). */
export function decodeFile(bytes: Uint8Array): { ok: true; text: string } | { ok: false; problems: FileProblem[] } {
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, problems: [sizeProblem(bytes.length)] };
  try {
    // fatal: an invalid byte throws instead of becoming U+FFFD. A leading BOM is dropped, as YAML allows.
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    // The two agree on what UTF-8 is (RFC 3629); the guard only keeps the message well-formed.
    const at = Math.max(firstInvalidUtf8(bytes), 0);
    let line = 1;
    let column = 1;
    for (let i = 0; i < at; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        column = 1;
      } else if (((bytes[i] as number) & 0xc0) !== 0x80) column++;
    }
    const byte = bytes[at] as number;
    return {
      ok: false,
      problems: [
        {
          path: "",
          line,
          message:
            `not valid UTF-8: the byte ${hex(byte)} at line ${line}, column ${column} is not part of any character; ` +
            "save the file as UTF-8 (ids and emails are plain text)",
        },
      ],
    };
  }
}
