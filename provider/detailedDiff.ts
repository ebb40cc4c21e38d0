/**
 * Per-property diffs that `pulumi preview --diff` renders by value (`+ full_admin`), and how they
 * reach the engine.
 *
 * Why a hand-over: Pulumi's Node.js dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`)
 * forwards only `changes`, `replaces` and `deleteBeforeReplace` of a `diff` result; the engine's
 * `detailedDiff` field never leaves the process. So, inside that host process, the response
 * message's `setChanges` is wrapped once: the result the host reads hands its detailed diff over
 * when the host reads `changes`, and the very next `setChanges` (the same synchronous step of the
 * host's code) writes it into the response. Where the host differs (another version of Pulumi),
 * nothing is wrapped and the engine falls back to its own diff of the inputs.
 *
 * How the engine renders a detailed diff: the old value of a path comes from the resource's last
 * OUTPUTS in the state, the new value from the new (checked) INPUTS. So an element the update adds
 * is a path into the new inputs, one it removes a path into the old outputs, and what the Hub holds
 * beyond both (drift) can only be shown from the new inputs: `check` puts it there, under `drift`.
 */
import type * as pulumi from "@pulumi/pulumi";

export type DiffKind = "add" | "add-replace" | "delete" | "delete-replace" | "update" | "update-replace";

export interface PropertyDiff {
  readonly kind: DiffKind;
  /** Whether the old value is the old inputs rather than the old outputs. */
  readonly inputDiff?: boolean;
}

export type DetailedDiff = Record<string, PropertyDiff>;

export interface DiffOutcome extends pulumi.dynamic.DiffResult {
  /** Property path (`roles[1]`, `sites["acme.webex.com"]`) → what changes there. */
  readonly detailedDiff?: DetailedDiff;
}

/** A path to a key of an object property: `sites["acme.webex.com"]` (keys may hold dots). */
export const keyPath = (property: string, key: string): string => `${property}[${JSON.stringify(key)}]`;

/**
 * The paths of a set held as a list: additions index the new list, removals the old one. An element
 * removed where another is added at the same index is one update there (the engine keeps one change
 * per index). Removals the old list does not hold are returned apart: the caller shows them as drift.
 */
export function listPaths(
  property: string,
  olds: readonly string[],
  news: readonly string[],
  change: { readonly added: readonly string[]; readonly removed: readonly string[] },
): { paths: DetailedDiff; unplaced: string[] } {
  const paths: DetailedDiff = {};
  for (const value of change.added) {
    const i = news.indexOf(value);
    if (i >= 0) paths[`${property}[${i}]`] = { kind: "add" };
  }
  const unplaced: string[] = [];
  for (const value of change.removed) {
    const j = olds.indexOf(value);
    if (j < 0) unplaced.push(value);
    else paths[`${property}[${j}]`] = { kind: paths[`${property}[${j}]`] ? "update" : "delete" };
  }
  return { paths, unplaced };
}

/** What a set property's update does: the elements added and removed, compared as a set. */
export function setChange(live: readonly string[], desired: readonly string[]): { added: string[]; removed: string[] } {
  return { added: desired.filter((x) => !live.includes(x)), removed: live.filter((x) => !desired.includes(x)) };
}

/** A change, with its detailed diff when there is one to show (else the engine diffs the inputs). */
export const changed = (detailedDiff: DetailedDiff): DiffOutcome =>
  Object.keys(detailedDiff).length > 0 ? { changes: true, detailedDiff } : { changes: true };

const HANDOFF = Symbol.for("pulumi-webexhub.detailedDiff");
const PATCHED = Symbol.for("pulumi-webexhub.detailedDiff.patched");
const PROVIDER_PB = /[\\/]@pulumi[\\/]pulumi[\\/]proto[\\/]provider_pb\.js$/;

interface Handoff {
  pending: DetailedDiff | undefined;
}

/**
 * The one value shared between a result the host reads and the response it fills next. It lives on
 * the process (the host's, or a test's), not in this module: copies of this package in one process
 * share it, and it is empty between two synchronous steps of the host.
 */
function handoff(): Handoff {
  const holder = globalThis as typeof globalThis & { [HANDOFF]?: Handoff };
  return (holder[HANDOFF] ??= { pending: undefined });
}

interface MapLike {
  set(key: string, value: unknown): unknown;
}

interface ResponseLike {
  setHasdetaileddiff(value: boolean): unknown;
  getDetaileddiffMap(): MapLike;
  setDiffsList(value: string[]): unknown;
  setChanges(value: number): unknown;
  [PATCHED]?: boolean;
}

interface ProviderProto {
  DiffResponse?: { prototype: ResponseLike };
  PropertyDiff?: {
    new (): { setKind(k: number): unknown; setInputdiff(v: boolean): unknown };
    Kind: Record<string, number>;
  };
}

const KINDS: Record<DiffKind, string> = {
  add: "ADD",
  "add-replace": "ADD_REPLACE",
  delete: "DELETE",
  "delete-replace": "DELETE_REPLACE",
  update: "UPDATE",
  "update-replace": "UPDATE_REPLACE",
};

const topLevel = (path: string): string => /^[^[.]+/.exec(path)?.[0] ?? path;

function write(response: ResponseLike, pb: Required<ProviderProto>, diff: DetailedDiff): void {
  const map = response.getDetaileddiffMap();
  for (const [path, d] of Object.entries(diff)) {
    const entry = new pb.PropertyDiff();
    entry.setKind(pb.PropertyDiff.Kind[KINDS[d.kind]] ?? 4);
    entry.setInputdiff(d.inputDiff === true);
    map.set(path, entry);
  }
  response.setDiffsList([...new Set(Object.keys(diff).map(topLevel))]);
  response.setHasdetaileddiff(true);
}

/**
 * Wraps `DiffResponse.prototype.setChanges` of every copy of Pulumi's provider messages this process
 * has loaded (the host loads its copy before it loads any provider). Idempotent; returns how many
 * copies carry the wrapper.
 */
export function installDetailedDiff(cache: NodeJS.Dict<NodeModule> = require.cache): number {
  let count = 0;
  for (const [file, mod] of Object.entries(cache)) {
    if (!PROVIDER_PB.test(file)) continue;
    const pb = mod?.exports as ProviderProto | undefined;
    const proto = pb?.DiffResponse?.prototype;
    if (
      !pb?.PropertyDiff ||
      !proto ||
      typeof proto.setChanges !== "function" ||
      typeof proto.getDetaileddiffMap !== "function"
    )
      continue;
    count++;
    if (proto[PATCHED]) continue;
    const original = proto.setChanges;
    const complete = pb as Required<ProviderProto>;
    proto.setChanges = function (this: ResponseLike, value: number) {
      const pending = handoff().pending;
      handoff().pending = undefined;
      if (pending !== undefined) write(this, complete, pending);
      return original.call(this, value);
    };
    proto[PATCHED] = true;
  }
  return count;
}

/**
 * The result as the host reads it: reading `changes` hands the detailed diff to the next response.
 * A result with no detailed diff hands nothing, and the engine diffs the inputs itself.
 */
export function handedOver(result: DiffOutcome): pulumi.dynamic.DiffResult {
  const { detailedDiff, changes, ...rest } = result;
  return Object.defineProperty({ ...rest }, "changes", {
    enumerable: true,
    get: () => {
      handoff().pending = detailedDiff;
      return changes;
    },
  });
}
