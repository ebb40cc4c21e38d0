/**
 * The mock Hub's journal: what each commit changed, one JSON line per commit, appended to
 * `<state file>.journal` and flushed before the commit is acknowledged. Writing the whole state
 * file at every commit made a long `up` grow with the square of its size (at thousands of writes
 * the file was megabytes, written and flushed once per commit); a line is the size of the change.
 *
 * A line holds, per top-level field that changed: its new value (`value`) or that it is gone
 * (`removed`), or for a list the items replaced by position and the items added at the end (`set`,
 * `push`), or for a record the keys set and deleted (`set`, `delete`). Handlers replace the items they change and never edit one, so
 * comparing items by identity finds exactly what a commit changed.
 *
 * The first line names the snapshot the journal continues (the state file's `journalGeneration`):
 * a journal of another generation was already folded into the snapshot and is ignored.
 */
import type { HubState } from "./stateShape";

type FieldDelta =
  | { readonly value: unknown }
  | { readonly removed: true }
  | { readonly set?: Readonly<Record<string, unknown>>; readonly push?: readonly unknown[] }
  | { readonly set?: Readonly<Record<string, unknown>>; readonly delete?: readonly string[] };

/** What one commit changed, field by field. */
export type Delta = Readonly<Record<string, FieldDelta>>;

export interface JournalHeader {
  readonly journal: 1;
  readonly generation: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function listDelta(before: readonly unknown[], after: readonly unknown[]): FieldDelta | undefined {
  if (after.length < before.length) return { value: after };
  const set: Record<string, unknown> = {};
  let changed = false;
  for (let i = 0; i < before.length; i++) {
    if (after[i] !== before[i]) {
      set[i] = after[i];
      changed = true;
    }
  }
  const push = after.slice(before.length);
  if (!changed && push.length === 0) return undefined;
  return { ...(changed ? { set } : {}), ...(push.length > 0 ? { push } : {}) };
}

function recordDelta(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): FieldDelta | undefined {
  const set: Record<string, unknown> = {};
  const deleted: string[] = [];
  let changed = false;
  for (const [k, v] of Object.entries(after)) {
    if (!Object.hasOwn(before, k) || before[k] !== v) {
      set[k] = v;
      changed = true;
    }
  }
  for (const k of Object.keys(before)) if (!Object.hasOwn(after, k)) deleted.push(k);
  if (!changed && deleted.length === 0) return undefined;
  return { ...(changed ? { set } : {}), ...(deleted.length > 0 ? { delete: deleted } : {}) };
}

/** What `after` changed of `before`; undefined when nothing did. */
export function delta(before: HubState, after: HubState): Delta | undefined {
  const out: Record<string, FieldDelta> = {};
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    const x = b[key];
    const y = a[key];
    if (x === y) continue;
    const d =
      y === undefined
        ? ({ removed: true } as const)
        : Array.isArray(x) && Array.isArray(y)
          ? listDelta(x, y)
          : isRecord(x) && isRecord(y)
            ? recordDelta(x, y)
            : { value: y };
    if (d !== undefined) out[key] = d;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** Applies a delta to a state no one else holds yet (a state being loaded), in place. */
export function applyDelta(state: HubState, d: Delta): void {
  const s = state as unknown as Record<string, unknown>;
  for (const [key, change] of Object.entries(d)) {
    if ("removed" in change) {
      delete s[key];
      continue;
    }
    if ("value" in change) {
      s[key] = change.value;
      continue;
    }
    const current = s[key];
    if (Array.isArray(current)) {
      const list = current as unknown[];
      for (const [i, item] of Object.entries(change.set ?? {})) list[Number(i)] = item;
      if ("push" in change) list.push(...(change.push ?? []));
    } else if (isRecord(current)) {
      for (const [k, v] of Object.entries(change.set ?? {})) current[k] = v;
      if ("delete" in change) for (const k of change.delete ?? []) delete current[k];
    } else {
      throw new Error(`journal: field "${key}" is neither a list nor a record in the state it changes`);
    }
  }
}

export interface ReadJournal {
  /** The commits after the snapshot, in order; empty for a journal of another generation. */
  readonly deltas: readonly Delta[];
  /** Bytes of whole lines from the start: what follows is a line a crash cut short, never acknowledged. */
  readonly validBytes: number;
  /** The journal continues this snapshot (else it is left over from before the last snapshot). */
  readonly current: boolean;
}

export function readJournal(content: Buffer, generation: number): ReadJournal {
  const deltas: Delta[] = [];
  let offset = 0;
  let header: JournalHeader | undefined;
  while (offset < content.length) {
    const end = content.indexOf(0x0a, offset);
    if (end < 0) break;
    let parsed: unknown;
    try {
      parsed = JSON.parse(content.subarray(offset, end).toString("utf8"));
    } catch {
      break;
    }
    if (header === undefined) {
      if (!isRecord(parsed) || parsed.journal !== 1 || typeof parsed.generation !== "number") break;
      header = parsed as unknown as JournalHeader;
      if (header.generation !== generation) return { deltas: [], validBytes: 0, current: false };
    } else {
      if (!isRecord(parsed)) break;
      deltas.push(parsed as Delta);
    }
    offset = end + 1;
  }
  if (header === undefined) return { deltas: [], validBytes: 0, current: false };
  return { deltas, validBytes: offset, current: true };
}

export const journalLine = (value: JournalHeader | Delta): string => `${JSON.stringify(value)}\n`;
