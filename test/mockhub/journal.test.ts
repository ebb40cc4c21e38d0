/**
 * The mock Hub's journal: each commit is a line of what it changed, replayed over the last snapshot
 * at start; a line a crash cut short and a journal the snapshot already holds are left out.
 */
import { appendFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { applyDelta, delta } from "../../mockhub/journal";
import { draftOf, emptyState, journalPathOf, readStateFiles, StateStore, type HubState } from "../../mockhub/state";
import { tempDir } from "./helpers";

const SEED = Number(process.env.JOURNAL_SEED ?? 20261202);
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function statePath(): string {
  const d = tempDir();
  cleanups.push(d.cleanup);
  return join(d.dir, "state.json");
}

const org = (i: number): HubState["orgs"][number] => ({
  id: `o${i}`,
  displayName: `Org ${i}`,
  created: "c",
  type: "customer",
});
const event = (i: number): HubState["audit"][number] => ({
  orgId: "o1",
  event: { id: `e${i}` } as HubState["audit"][number]["event"],
});

const copy = draftOf;

describe("a commit's delta", () => {
  it("applied to the state before gives the state after, for any mix of replaced, added and removed items and keys", () => {
    const edit = fc.oneof(
      fc.record({ kind: fc.constant("replace" as const), at: fc.nat() }),
      fc.record({ kind: fc.constant("add" as const), at: fc.nat() }),
      fc.record({ kind: fc.constant("remove" as const), at: fc.nat() }),
      fc.record({ kind: fc.constant("key" as const), at: fc.nat({ max: 5 }) }),
      fc.record({ kind: fc.constant("unkey" as const), at: fc.nat({ max: 5 }) }),
      fc.record({ kind: fc.constant("seq" as const), at: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.nat({ max: 6 }), fc.array(edit, { maxLength: 8 }), (size, edits) => {
        const before: HubState = {
          ...emptyState(),
          orgs: Array.from({ length: size }, (_, i) => org(i)),
          tokens: { t0: "p0", t1: "p1" },
        };
        const after = copy(before);
        let n = 100;
        for (const e of edits) {
          if (e.kind === "replace" && after.orgs.length > 0) after.orgs[e.at % after.orgs.length] = org(n++);
          if (e.kind === "add") after.orgs.push(org(n++));
          if (e.kind === "remove" && after.orgs.length > 0)
            after.orgs = after.orgs.filter((_, i) => i !== e.at % after.orgs.length);
          if (e.kind === "key") after.tokens[`t${e.at}`] = `p${n++}`;
          if (e.kind === "unkey") delete after.tokens[`t${e.at}`];
          if (e.kind === "seq") after.seq = e.at;
        }
        const d = delta(before, after);
        const replayed = JSON.parse(JSON.stringify(before)) as HubState;
        if (d !== undefined) applyDelta(replayed, JSON.parse(JSON.stringify(d)) as NonNullable<typeof d>);
        expect(replayed).toEqual(after);
        expect(d === undefined).toBe(JSON.stringify(before) === JSON.stringify(after));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("carries a top-level field that appears or goes away", () => {
    const before = { ...emptyState(), old: 1 } as HubState & { old?: number; added?: string };
    const after = { ...copy(before), added: "x" } as typeof before;
    delete after.old;
    const replayed = JSON.parse(JSON.stringify(before)) as typeof before;
    applyDelta(replayed, JSON.parse(JSON.stringify(delta(before, after))) as NonNullable<ReturnType<typeof delta>>);
    expect(replayed).toEqual(after);
  });

  it("is the size of the change, not of the state", () => {
    const before: HubState = {
      ...emptyState(),
      orgs: Array.from({ length: 2000 }, (_, i) => org(i)),
      audit: Array.from({ length: 2000 }, (_, i) => event(i)),
    };
    const after = copy(before);
    after.orgs[1500] = org(9999);
    after.audit.push(event(2000));
    expect(JSON.stringify(delta(before, after)).length).toBeLessThan(300);
  });
});

describe("the journal on disk", () => {
  it("holds every acknowledged commit for the next start, without the state file being written", async () => {
    const path = statePath();
    const store = await StateStore.open({ path, init: emptyState });
    const snapshot = readFileSync(path, "utf8");
    for (let i = 0; i < 5; i++) await store.update((s) => void s.orgs.push(org(i)));
    await store.update((s) => void (s.restrictedMode.o1 = false));
    expect(readFileSync(path, "utf8")).toBe(snapshot);
    const reopened = await StateStore.open({
      path,
      init: () => {
        throw new Error("not a new store");
      },
    });
    expect(reopened.current).toEqual(store.current);
    expect(reopened.current.orgs.map((o) => o.id)).toEqual(["o0", "o1", "o2", "o3", "o4"]);
  });

  it("leaves out a last line a crash cut short, and appends after what stands", async () => {
    const path = statePath();
    const store = await StateStore.open({ path, init: emptyState });
    await store.update((s) => void s.orgs.push(org(1)));
    appendFileSync(journalPathOf(path), '{"orgs":{"push":[{"id":"half');
    const reopened = await StateStore.open({ path, init: emptyState });
    expect(reopened.current.orgs.map((o) => o.id)).toEqual(["o1"]);
    await reopened.update((s) => void s.orgs.push(org(2)));
    expect((await readStateFiles(path)).orgs.map((o) => o.id)).toEqual(["o1", "o2"]);
  });

  it("does not replay a journal the state file already holds (a crash between writing the snapshot and starting its journal)", async () => {
    const path = statePath();
    const store = await StateStore.open({ path, init: emptyState });
    await store.update((s) => void s.audit.push(event(1)));
    const oldJournal = readFileSync(journalPathOf(path));
    await store.close();
    writeFileSync(journalPathOf(path), oldJournal);
    const reopened = await StateStore.open({ path, init: emptyState });
    expect(reopened.current.audit.map((a) => a.event.id)).toEqual(["e1"]);
    await reopened.update((s) => void s.audit.push(event(2)));
    expect((await readStateFiles(path)).audit.map((a) => a.event.id)).toEqual(["e1", "e2"]);
  });

  it("after a journal write that failed, starts a new snapshot and journal rather than append after it", async () => {
    const path = statePath();
    const store = await StateStore.open({ path, init: emptyState });
    await store.update((s) => void s.orgs.push(org(1)));
    rmSync(journalPathOf(path));
    mkdirSync(journalPathOf(path));
    await expect(store.update((s) => void s.orgs.push(org(2)))).rejects.toThrow();
    rmSync(journalPathOf(path), { recursive: true });
    await store.update((s) => void s.orgs.push(org(3)));
    expect((await readStateFiles(path)).orgs.map((o) => o.id)).toEqual(["o1", "o3"]);
    expect(store.current.orgs.map((o) => o.id)).toEqual(["o1", "o3"]);
  });

  it("is folded into a new state file once it outgrows it, and starts over", async () => {
    const path = statePath();
    const store = await StateStore.open({ path, init: emptyState });
    const big = "x".repeat(100_000);
    for (let i = 0; i < 15; i++) await store.update((s) => void s.orgs.push({ ...org(i), displayName: `${big}${i}` }));
    expect(statSync(journalPathOf(path)).size).toBeLessThan(1_200_000);
    expect((JSON.parse(readFileSync(path, "utf8")) as HubState).orgs.length).toBeGreaterThan(0);
    expect(await readStateFiles(path)).toEqual(store.current);
  });

  it("keeps a state file edited by hand after a clean stop, with what the journal holds since", async () => {
    const path = statePath();
    const store = await StateStore.open({ path, init: () => ({ ...emptyState(), tokens: { old: "p1" } }) });
    await store.close();
    writeFileSync(path, readFileSync(path, "utf8").replace('"old"', '"new"'));
    const edited = await StateStore.open({ path, init: emptyState });
    await edited.update((s) => void s.orgs.push(org(1)));
    const again = await StateStore.open({ path, init: emptyState });
    expect(again.current.tokens).toEqual({ new: "p1" });
    expect(again.current.orgs.map((o) => o.id)).toEqual(["o1"]);
  });
});
