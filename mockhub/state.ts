/**
 * The mock Hub's state: plain JSON, kept in memory and, with a state file, persisted before any
 * write is acknowledged. Writes are serialized through one queue so two requests never interleave
 * their read-modify-write. Each commit is one line appended to the journal beside the state file
 * and flushed (journal.ts); once the journal outgrows the state file, the state is written whole
 * again (temp file, fsync, rename, fsync of the directory) and the journal starts over. A crash
 * leaves the last snapshot and the commits flushed after it, never half of a file.
 */
import { mkdir, open, readFile, truncate } from "node:fs/promises";
import { dirname } from "node:path";
import { STATE_VERSION, type HubState } from "./stateShape";
import { fileContent, serialize, type Serialized } from "./stateText";
import { applyDelta, delta, journalLine, readJournal } from "./journal";
import { removeStaleTempFiles, writeFileAtomic } from "./atomicFile";

export { writeFileAtomic } from "./atomicFile";
export { emptyState, STATE_VERSION } from "./stateShape";
export type {
  HubState,
  StoredAuditEvent,
  StoredExternalAdmin,
  StoredLicense,
  StoredOrg,
  StoredPerson,
} from "./stateShape";

/** The state in a state file, and the generation of the journal that continues it (0: none yet). */
function parseState(text: string, path: string): { state: HubState; generation: number } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(
      `state file ${path} is not valid JSON (${(err as Error).message}); start with --reset to replace it`,
    );
  }
  const v = value as Partial<HubState> | null;
  const ok =
    typeof v === "object" &&
    v !== null &&
    v.version === STATE_VERSION &&
    typeof v.seq === "number" &&
    Array.isArray(v.orgs) &&
    Array.isArray(v.people) &&
    Array.isArray(v.externalAdmins) &&
    Array.isArray(v.audit) &&
    Array.isArray(v.licenses) &&
    typeof v.tokens === "object" &&
    typeof v.assignments === "object" &&
    typeof v.restrictedMode === "object";
  if (!ok) {
    throw new Error(
      `state file ${path} is not a mock Hub state (version ${STATE_VERSION}); start with --reset to replace it`,
    );
  }
  const { journalGeneration, ...state } = v as HubState & { journalGeneration?: unknown };
  return { state: state as HubState, generation: typeof journalGeneration === "number" ? journalGeneration : 0 };
}

export const journalPathOf = (statePath: string): string => `${statePath}.journal`;

interface OnDisk {
  readonly state: HubState;
  readonly generation: number;
  /** The journal that continues the snapshot; undefined when there is none or it is left from before it. */
  readonly journal: { readonly validBytes: number; readonly size: number; readonly commits: number } | undefined;
}

/**
 * A person's roles are a set: a file written before the Hub refused repeated roles may hold one
 * twice, and a repeat once made two different lists look alike to the guard.
 */
function dedupeRoles(state: HubState): void {
  state.people = state.people.map((p) => {
    const roles = [...new Set(p.roles)];
    return roles.length === p.roles.length ? p : { ...p, roles };
  });
}

/** The snapshot with the commits of its journal replayed. */
async function fromDisk(path: string, text: string): Promise<OnDisk> {
  const { state, generation } = parseState(text, path);
  const content = await readFile(journalPathOf(path)).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return undefined;
    throw err;
  });
  if (content === undefined) return { state, generation, journal: undefined };
  const read = readJournal(content, generation);
  if (!read.current) return { state, generation, journal: undefined };
  for (const d of read.deltas) applyDelta(state, d);
  return {
    state,
    generation,
    journal: { validBytes: read.validBytes, size: content.length, commits: read.deltas.length },
  };
}

/** The state a store at `path` would open with, read without changing anything (for tools and tests). */
export async function readStateFiles(path: string): Promise<HubState> {
  return (await fromDisk(path, await readFile(path, "utf8"))).state;
}

/** Journal lines past this size are folded into a new snapshot even when the state file is smaller. */
const MIN_JOURNAL_BYTES = 1 << 20;

/**
 * A copy to change: new top-level lists and records, the items in them shared. Changes replace an
 * item (a person, a grant, a customer list) rather than edit it — every handler does — so copying
 * the people of a large Hub once per commit (most of its time at thousands of writes) is not
 * needed. The mock Hub's tests check that a committed state is never changed afterwards.
 */
export function draftOf(s: Readonly<HubState>): HubState {
  return {
    version: s.version,
    seq: s.seq,
    orgs: s.orgs.slice(),
    people: s.people.slice(),
    tokens: { ...s.tokens },
    assignments: { ...s.assignments },
    externalAdmins: s.externalAdmins.slice(),
    restrictedMode: { ...s.restrictedMode },
    licenses: s.licenses.slice(),
    audit: s.audit.slice(),
  } satisfies Record<keyof HubState, unknown>;
}

export interface OpenStateOptions {
  /** Without a path the state lives in memory only. */
  path?: string;
  /** Builds the state of a new (or reset) store. */
  init: () => HubState;
  /** Replace an existing state file with `init()`. */
  reset?: boolean;
}

interface PendingUpdate {
  readonly change: (draft: HubState) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

export class StateStore {
  private state: HubState;
  /** The committed state as written: everything but the audit trail, and the trail's events. */
  private serialized: Serialized;
  /** Updates waiting for the next commit. */
  private pending: PendingUpdate[] = [];
  private committing: Promise<void> | undefined;
  /** Commits written to the journal (or snapshots) so far: fewer than updates when committed together. */
  private writes = 0;
  /** The journal's generation, as the state file names it. */
  private generation = 0;
  private journalBytes = 0;
  /** Commits in the journal that the state file does not hold yet. */
  private journalCommits = 0;
  private snapshotBytes = 0;
  /** A snapshot was written but its journal was not started: no commit may go to the old one. */
  private journalBroken = false;

  private constructor(
    state: HubState,
    readonly path: string | undefined,
    /** True when this run built the state with `init()` rather than loading a file. */
    readonly created: boolean,
  ) {
    this.state = state;
    this.serialized = serialize(state);
  }

  static async open(options: OpenStateOptions): Promise<StateStore> {
    const { path } = options;
    if (path === undefined) return new StateStore(options.init(), undefined, true);
    await mkdir(dirname(path), { recursive: true });
    await removeStaleTempFiles(path);
    if (!options.reset) {
      const text = await readFile(path, "utf8").catch((err: NodeJS.ErrnoException) => {
        if (err.code === "ENOENT") return undefined;
        throw err;
      });
      if (text !== undefined) return StateStore.load(path, text);
    }
    const store = new StateStore(options.init(), path, true);
    await store.snapshot();
    return store;
  }

  private static async load(path: string, text: string): Promise<StateStore> {
    const disk = await fromDisk(path, text);
    dedupeRoles(disk.state);
    const store = new StateStore(disk.state, path, false);
    store.generation = disk.generation;
    store.snapshotBytes = Buffer.byteLength(text);
    if (disk.journal === undefined) {
      await store.snapshot();
      return store;
    }
    // A line a crash cut short was never acknowledged: cut it off before appending after it.
    if (disk.journal.validBytes < disk.journal.size) await truncate(journalPathOf(path), disk.journal.validBytes);
    store.journalBytes = disk.journal.validBytes;
    store.journalCommits = disk.journal.commits;
    if (store.journalBytes > Math.max(store.snapshotBytes, MIN_JOURNAL_BYTES)) await store.snapshot();
    return store;
  }

  /**
   * Writes the state whole under a new generation, then starts that generation's journal. Between
   * the two a crash leaves a journal of the old generation, whose commits the snapshot holds.
   */
  private async snapshot(): Promise<void> {
    if (this.path === undefined) return;
    const generation = this.generation + 1;
    this.serialized = serialize(this.state, this.serialized);
    const content = fileContent(this.serialized, generation);
    await writeFileAtomic(this.path, content);
    this.generation = generation;
    this.snapshotBytes = content.reduce((n, chunk) => n + chunk.length, 0);
    this.journalBroken = true;
    const header = journalLine({ journal: 1, generation });
    await writeFileAtomic(journalPathOf(this.path), header);
    this.journalBroken = false;
    this.journalBytes = Buffer.byteLength(header);
    this.journalCommits = 0;
  }

  private async appendToJournal(line: string): Promise<void> {
    if (this.path === undefined) return;
    if (this.journalBroken) await this.snapshot();
    const path = journalPathOf(this.path);
    try {
      const file = await open(path, "a", 0o600);
      try {
        await file.writeFile(line, "utf8");
        await file.sync();
      } finally {
        await file.close();
      }
    } catch (error) {
      // Part of a line (a full disk, say) would hide every later line from the replay: cut it off,
      // or, if that fails too, start a new snapshot and journal before the next commit.
      await truncate(path, this.journalBytes).catch(() => {
        this.journalBroken = true;
      });
      throw error;
    }
    this.journalBytes += Buffer.byteLength(line);
    this.journalCommits += 1;
  }

  /** Folds the journal into the state file (a clean shutdown leaves one self-contained file). */
  async close(): Promise<void> {
    await this.idle();
    if (this.journalCommits > 0) await this.snapshot();
  }

  /** The committed state. Treat it as read-only: changes go through `update`. */
  get current(): Readonly<HubState> {
    return this.state;
  }

  /**
   * Runs `change` on a copy of the state, after every earlier update has finished, then persists the
   * copy and makes it current. If `change` throws, or persisting fails, nothing of it changes. A
   * change that leaves the state as it was writes nothing.
   *
   * Updates that arrive while a commit is being written are applied together and persisted with one
   * write (group commit): copying and writing a state of a thousand people and their audit trail
   * once per request made the Hub the slowest part of a large `pulumi up`. Each is still
   * acknowledged only once the write that holds it is durable.
   */
  update<T>(change: (draft: HubState) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ change, resolve: resolve as (value: unknown) => void, reject });
      this.committing ??= this.commitLoop();
    });
  }

  private async commitLoop(): Promise<void> {
    // Let the updates of this same turn of the event loop join the first commit.
    await Promise.resolve();
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        await this.commit(batch);
      }
    } finally {
      this.committing = undefined;
    }
  }

  /**
   * Applies the batch to one copy. A change that throws is refused alone: it may have half-changed
   * the copy, so the others are applied again to a fresh one (rare: handlers refuse before they
   * change anything).
   */
  private apply(batch: readonly PendingUpdate[]): {
    draft: HubState;
    applied: Array<{ update: PendingUpdate; result: unknown }>;
  } {
    let remaining = batch;
    for (;;) {
      const draft = draftOf(this.state);
      const applied: Array<{ update: PendingUpdate; result: unknown }> = [];
      const failed = remaining.findIndex((update) => {
        try {
          applied.push({ update, result: update.change(draft) });
          return false;
        } catch (error) {
          update.reject(error);
          return true;
        }
      });
      if (failed < 0) return { draft, applied };
      remaining = remaining.filter((_, i) => i !== failed);
    }
  }

  private async commit(batch: readonly PendingUpdate[]): Promise<void> {
    const { draft, applied } = this.apply(batch);
    if (applied.length === 0) return;
    try {
      const change = delta(this.state, draft);
      if (change !== undefined) {
        if (this.path !== undefined) {
          await this.appendToJournal(journalLine(change));
          this.writes += 1;
        }
        this.state = draft;
      }
    } catch (error) {
      for (const { update } of applied) update.reject(error);
      return;
    }
    for (const { update, result } of applied) update.resolve(result);
    if (this.path !== undefined && this.journalBytes > Math.max(this.snapshotBytes, MIN_JOURNAL_BYTES)) {
      // The commits are durable in the journal already; a snapshot that fails is tried again later.
      await this.snapshot().catch(() => undefined);
    }
  }

  get fileWrites(): number {
    return this.writes;
  }

  /** Resolves once every queued update has been persisted. */
  async idle(): Promise<void> {
    while (this.committing) await this.committing;
  }
}
