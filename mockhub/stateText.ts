/**
 * The state file's content (a snapshot; the commits after it are in the journal), made without
 * serializing the whole state each time: a snapshot is written whenever the journal outgrows the
 * state file, and at thousands of people most of the state is what the last snapshot wrote.
 *
 * - A write replaces the items it changes (a person, a grant, a customer list) and never edits one,
 *   so an item's JSON is kept by identity and computed once.
 * - A top-level field whose items are all the same as in the last snapshot keeps its text and bytes.
 * - The audit trail only grows (events are appended, never changed): each snapshot encodes only the
 *   events added since the last, and the file is written from the chunks as they are.
 */
import type { HubState, StoredAuditEvent } from "./stateShape";

type Rest = Omit<HubState, "audit">;

interface Field {
  readonly key: string;
  /** What the text was made from: the committed state's field, never changed afterwards. */
  readonly value: unknown;
  readonly bytes: Buffer;
}

export interface Serialized {
  readonly fields: readonly Field[];
  /** The audit events' JSON in one chunk per commit that added some, each but the first led by a comma. */
  readonly events: readonly Buffer[];
  readonly count: number;
  /** The last event written: a trail that still holds it at the same place was only appended to. */
  readonly last: StoredAuditEvent | undefined;
}

const itemJson = new WeakMap<object, string>();

function jsonOf(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  let text = itemJson.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    itemJson.set(value, text);
  }
  return text;
}

/** `"key":` and the field's JSON as `JSON.stringify` writes it, from the items' kept text. */
function fieldJson(key: string, value: unknown): string | undefined {
  let body: string | undefined;
  if (Array.isArray(value)) body = `[${value.map((item: unknown) => jsonOf(item) ?? "null").join(",")}]`;
  else if (typeof value === "object" && value !== null) {
    const entries: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      const text = jsonOf(v);
      if (text !== undefined) entries.push(`${JSON.stringify(k)}:${text}`);
    }
    body = `{${entries.join(",")}}`;
  } else body = JSON.stringify(value);
  return body === undefined ? undefined : `${JSON.stringify(key)}:${body}`;
}

/** Same items in the same places (or under the same keys): the text made from `before` still holds. */
function sameItems(now: unknown, before: unknown): boolean {
  if (now === before) return true;
  if (typeof now !== "object" || now === null || typeof before !== "object" || before === null) return false;
  if (Array.isArray(now)) {
    if (!Array.isArray(before) || now.length !== before.length) return false;
    return now.every((item, i) => item === before[i]);
  }
  const a = now as Record<string, unknown>;
  const b = before as Record<string, unknown>;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

export function serialize(state: HubState, committed?: Serialized): Serialized {
  const { audit, ...rest } = state;
  const earlierFields = new Map((committed?.fields ?? []).map((f) => [f.key, f]));
  const fields: Field[] = [];
  for (const [key, value] of Object.entries(rest as Rest)) {
    const earlier = earlierFields.get(key);
    if (earlier !== undefined && sameItems(value, earlier.value)) {
      fields.push({ ...earlier, value });
      continue;
    }
    const text = fieldJson(key, value);
    if (text !== undefined) fields.push({ key, value, bytes: Buffer.from(text, "utf8") });
  }

  const appended =
    committed !== undefined && audit.length >= committed.count && audit[committed.count - 1] === committed.last;
  const earlier = appended ? committed.events : [];
  const added = (appended ? audit.slice(committed.count) : audit).map((e) => JSON.stringify(e)).join(",");
  const events =
    added === "" ? earlier : withChunk(earlier, Buffer.from(earlier.length === 0 ? added : `,${added}`, "utf8"));
  return { fields, events, count: audit.length, last: audit[audit.length - 1] };
}

/**
 * The chunks with one more at the end, merging the last two while the one before is at most twice
 * the last: sizes then more than double from the end to the start, so a trail of any length is a
 * few dozen chunks at most (one write, not a system call per commit), and a byte is copied about
 * log2(commits) times over the trail's life.
 */
export function withChunk(chunks: readonly Buffer[], chunk: Buffer): Buffer[] {
  const out = [...chunks, chunk];
  while (out.length >= 2 && out[out.length - 2]!.length <= 2 * out[out.length - 1]!.length) {
    const last = out.pop()!;
    const before = out.pop()!;
    out.push(Buffer.concat([before, last]));
  }
  return out;
}

const COMMA = Buffer.from(",");

/** The file: exactly `JSON.stringify({ journalGeneration, ...state })`, as chunks. */
export function fileContent(s: Serialized, journalGeneration: number): Buffer[] {
  const out: Buffer[] = [Buffer.from(`{"journalGeneration":${journalGeneration},`)];
  for (const field of s.fields) {
    out.push(field.bytes, COMMA);
  }
  out.push(Buffer.from('"audit":['), ...s.events, Buffer.from("]}"));
  return out;
}
