/**
 * The mock Hub's state: plain JSON, kept in memory and, with a state file, persisted before any
 * write is acknowledged. Writes are serialized through one queue so two requests never interleave
 * their read-modify-write, and each write lands in the file atomically (temp file, fsync, rename,
 * fsync of the directory): a crash leaves either the old file or the new one, never half of one.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { WireAuditEvent, WirePerson } from "../api";
import type { ExternalRoleId, RoleId } from "../core";
import type { OrgKind } from "../core";
import { fileContent, serialize, type Serialized } from "./stateText";

/** 2: Webex-shaped people and ids, audit events in the documented shape. */
export const STATE_VERSION = 2;

/** Kind, wholesale and partner are the Hub's own knowledge; Webex does not put them on the wire. */
export interface StoredOrg {
  id: string;
  displayName: string;
  created: string;
  type: OrgKind;
  wholesale?: boolean;
  partnerOrgId?: string;
}

/**
 * A person as the Hub keeps it: the Webex `Person` fields a PUT can set, with roles as catalog ids
 * (the wire carries Webex role ids, mapped through api/roles.ts).
 */
export interface StoredPerson
  extends Pick<
    WirePerson,
    | "id"
    | "emails"
    | "phoneNumbers"
    | "extension"
    | "locationId"
    | "nickName"
    | "firstName"
    | "lastName"
    | "avatar"
    | "orgId"
    | "licenses"
    | "department"
    | "manager"
    | "managerId"
    | "title"
    | "addresses"
    | "siteUrls"
    | "siteRoles"
  > {
  displayName: string;
  roles: RoleId[];
  loginEnabled: boolean;
  created: string;
  lastModified: string;
}

export interface StoredExternalAdmin {
  orgId: string;
  personId: string;
  role: ExternalRoleId;
  expiresAt?: string;
  contactCenterServiceAdmin: boolean;
}

export interface HubState {
  version: typeof STATE_VERSION;
  /** Counter behind audit event ids, so ids stay unique across restarts. */
  seq: number;
  orgs: StoredOrg[];
  people: StoredPerson[];
  /** token → personId. The mock's own bearer tokens; they are fake credentials for local use. */
  tokens: Record<string, string>;
  /** personId → assigned customer org ids (partner and sales administrators). */
  assignments: Record<string, string[]>;
  externalAdmins: StoredExternalAdmin[];
  /** Customer orgId → Restricted Administrator Mode; absent means the default, enabled. */
  restrictedMode: Record<string, boolean>;
  /** The licenses each org has bought (`GET /licenses`); people hold their ids. */
  licenses: StoredLicense[];
  /** Oldest first; `orgId` is the org whose state changed (what `GET /adminAudit/events?orgId=` filters on). */
  audit: StoredAuditEvent[];
}

export interface StoredLicense {
  id: string;
  orgId: string;
  name: string;
  totalUnits: number;
}

export interface StoredAuditEvent {
  orgId: string;
  event: WireAuditEvent;
}

export function emptyState(): HubState {
  return {
    version: STATE_VERSION,
    seq: 0,
    orgs: [],
    people: [],
    tokens: {},
    assignments: {},
    externalAdmins: [],
    restrictedMode: {},
    licenses: [],
    audit: [],
  };
}

/**
 * Writes `data` to `path` so that readers (and a restart after a crash) see the old or the new
 * content, never a mix. The temp file sits in the same directory because rename is only atomic
 * within one file system.
 */
export async function writeFileAtomic(path: string, data: string | readonly Buffer[], mode = 0o600): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const file = await open(tmp, "w", mode);
  try {
    if (typeof data === "string") await file.writeFile(data, "utf8");
    else {
      const { bytesWritten } = await file.writev(data);
      const size = data.reduce((sum, chunk) => sum + chunk.length, 0);
      if (bytesWritten !== size) throw new Error(`wrote ${bytesWritten} of ${size} bytes to ${tmp}`);
    }
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await syncDirectory(dir);
}

/** The rename itself is only durable once the directory entry is flushed. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (err) {
    // Some platforms (Windows) cannot open or fsync a directory; the rename is still atomic there.
    if (process.platform !== "win32") throw err;
  } finally {
    await handle?.close();
  }
}

/** Temp files of a process killed between write and rename; they never hold committed state. */
async function removeStaleTempFiles(path: string): Promise<void> {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names.filter((n) => n.startsWith(prefix) && n.endsWith(".tmp")).map((n) => rm(join(dir, n), { force: true })),
  );
}

function parseState(text: string, path: string): HubState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`state file ${path} is not valid JSON (${(err as Error).message}); start with --reset to replace it`);
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
    throw new Error(`state file ${path} is not a mock Hub state (version ${STATE_VERSION}); start with --reset to replace it`);
  }
  return v as HubState;
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
  /** Writes of the state file so far (fewer than updates when they were committed together). */
  private writes = 0;

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
      if (text !== undefined) return new StateStore(parseState(text, path), path, false);
    }
    const store = new StateStore(options.init(), path, true);
    await writeFileAtomic(path, fileContent(store.serialized));
    return store;
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
   * A copy to change: new top-level lists and records, the items in them shared. Changes replace an
   * item (a person, a grant, a customer list) rather than edit it — every handler does — so copying
   * the people of a large Hub once per commit (most of its time at thousands of writes) is not
   * needed. The mock Hub's tests check that a committed state is never changed afterwards.
   */
  private draft(): HubState {
    const s = this.state;
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

  /**
   * Applies the batch to one copy. A change that throws is refused alone: it may have half-changed
   * the copy, so the others are applied again to a fresh one (rare: handlers refuse before they
   * change anything).
   */
  private apply(batch: readonly PendingUpdate[]): { draft: HubState; applied: Array<{ update: PendingUpdate; result: unknown }> } {
    let remaining = batch;
    for (;;) {
      const draft = this.draft();
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
      const serialized = serialize(draft, this.serialized);
      if (serialized.changed) {
        if (this.path !== undefined) {
          await writeFileAtomic(this.path, fileContent(serialized));
          this.writes += 1;
        }
        this.state = draft;
        this.serialized = serialized;
      }
    } catch (error) {
      for (const { update } of applied) update.reject(error);
      return;
    }
    for (const { update, result } of applied) update.resolve(result);
  }

  get fileWrites(): number {
    return this.writes;
  }

  /** Resolves once every queued update has been persisted. */
  async idle(): Promise<void> {
    while (this.committing) await this.committing;
  }
}
