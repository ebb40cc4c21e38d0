import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { WireList, WirePerson } from "../../api/wire";
import { emptyState, readStateFiles, StateStore, writeFileAtomic, type HubState } from "../../mockhub/state";
import { withChunk } from "../../mockhub/stateText";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { call, tempDir, token, cid, rids, pid, auditEvents } from "./helpers";
import { idUuid } from "../../api/ids";
import { SCIM_PATCH_SCHEMA } from "../../api/wire";

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function dir(): string {
  const d = tempDir();
  cleanups.push(d.cleanup);
  return d.dir;
}

async function start(statePath: string, options: { seed?: "demo"; reset?: boolean } = {}): Promise<MockHub> {
  const hub = await startMockHub({ statePath, ...options });
  cleanups.push(() => hub.close());
  return hub;
}

describe("state file", () => {
  it("keeps every accepted change across a restart, with the same tokens", async () => {
    const statePath = join(dir(), "nested", "state.json");
    const first = await start(statePath, { seed: "demo" });
    expect(first.seeded).toBe(true);
    const a = token(first, "admin@partner.example");
    expect(
      (
        await call(first, a, "PUT", `/people/${pid("user1@partner.example")}`, {
          emails: ["user1@partner.example"],
          displayName: "Kept",
          roles: rids("support_admin"),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(
          first,
          a,
          "POST",
          `/partner/organizations/${cid(15)}/partnerAdmin/${pid("pa@partner.example")}/assign`,
        )
      ).status,
    ).toBe(200);
    expect(
      (await call(first, a, "PUT", `/partner/organizations/${cid(15)}/restrictedMode`, { enabled: false })).status,
    ).toBe(200);
    const c = token(first, "admin@customer15.example");
    expect(
      (
        await call(first, c, "PUT", `/organizations/${cid(15)}/externalAdmins/${pid("helper@msp.example")}`, {
          role: "external_full_admin",
        })
      ).status,
    ).toBe(200);
    await first.close();

    const second = await start(statePath);
    expect(second.seeded).toBe(false);
    expect(second.tokens).toEqual(first.tokens);
    expect((await call<WirePerson>(second, a, "GET", `/people/${pid("user1@partner.example")}`)).body).toMatchObject({
      displayName: "Kept",
      roles: rids("support_admin"),
    });
    const managed = await call<WireList<{ orgId: string }>>(
      second,
      a,
      "GET",
      `/partner/organizations?managedBy=${pid("pa@partner.example")}`,
    );
    expect(managed.body.items.map((m) => m.orgId)).toContain(cid(15));
    expect(
      (await call<{ enabled: boolean }>(second, a, "GET", `/partner/organizations/${cid(15)}/restrictedMode`)).body
        .enabled,
    ).toBe(false);
    expect(
      (await call(second, c, "GET", `/organizations/${cid(15)}/externalAdmins/${pid("helper@msp.example")}`)).status,
    ).toBe(200);
    const events = await auditEvents(second, a);
    expect(events).toHaveLength(4);

    // New events continue the numbering instead of reusing ids.
    expect(
      (
        await call(second, a, "PUT", `/people/${pid("user1@partner.example")}`, {
          displayName: "Renamed",
          emails: ["user1@partner.example"],
        })
      ).status,
    ).toBe(200);
    const ids = (await auditEvents(second, a)).map((e) => e.id);
    expect(new Set(ids).size).toBe(5);
  });

  it("a committed state is never changed by later writes of any kind (commits share its items, not copy them)", async () => {
    const hub = await start(join(dir(), "state.json"), { seed: "demo" });
    const a = token(hub, "admin@partner.example");
    const c = token(hub, "admin@customer15.example");
    const user1 = pid("user1@partner.example");
    const states: Array<{ state: Readonly<HubState>; json: string }> = [];
    const keep = () => states.push({ state: hub.snapshot(), json: JSON.stringify(hub.snapshot()) });
    const writes: Array<() => Promise<{ status: number }>> = [
      () =>
        call(hub, a, "PUT", `/people/${user1}`, {
          emails: ["user1@partner.example"],
          displayName: "Kept",
          roles: rids("support_admin"),
          title: "Lead",
        }),
      () =>
        call(
          hub,
          a,
          "PATCH",
          `/identity/scim/${idUuid(hub.snapshot().people.find((p) => p.id === user1)?.orgId ?? "")}/v2/Users/${idUuid(user1)}`,
          {
            schemas: [SCIM_PATCH_SCHEMA],
            Operations: [{ op: "add", path: "roles", value: [{ value: "id_readonly_admin" }] }],
          },
        ),
      () => call(hub, a, "POST", `/partner/organizations/${cid(15)}/partnerAdmin/${pid("pa@partner.example")}/assign`),
      () =>
        call(hub, a, "DELETE", `/partner/organizations/${cid(15)}/partnerAdmin/${pid("pa@partner.example")}/unassign`),
      () => call(hub, a, "PUT", `/partner/organizations/${cid(15)}/restrictedMode`, { enabled: false }),
      () =>
        call(hub, c, "PUT", `/organizations/${cid(15)}/externalAdmins/${pid("helper@msp.example")}`, {
          role: "external_full_admin",
        }),
      () =>
        call(hub, c, "PUT", `/organizations/${cid(15)}/externalAdmins/${pid("helper@msp.example")}`, {
          role: "external_readonly_admin",
        }),
      () => call(hub, c, "DELETE", `/organizations/${cid(15)}/externalAdmins/${pid("helper@msp.example")}`),
    ];
    for (const write of writes) {
      keep();
      const answer = await write();
      expect(answer.status, JSON.stringify(answer)).toBeLessThan(300);
    }
    keep();
    expect(new Set(states.map((s) => s.json)).size).toBe(states.length);
    for (const [i, { state, json }] of states.entries())
      expect(JSON.stringify(state), `state before write ${i}`).toBe(json);
  });

  it("seeding an existing state file does nothing unless reset", async () => {
    const d = dir();
    const statePath = join(d, "state.json");
    const first = await start(statePath, { seed: "demo" });
    const a = token(first, "admin@partner.example");
    await call(first, a, "PUT", `/people/${pid("user1@partner.example")}`, {
      emails: ["user1@partner.example"],
      displayName: "Changed",
    });
    await first.close();

    const again = await start(statePath, { seed: "demo" });
    expect(again.seeded).toBe(false);
    expect(again.tokens).toEqual(first.tokens);
    expect((await call<WirePerson>(again, a, "GET", `/people/${pid("user1@partner.example")}`)).body.displayName).toBe(
      "Changed",
    );
    await again.close();

    const reset = await start(statePath, { seed: "demo", reset: true });
    expect(reset.seeded).toBe(true);
    expect(reset.tokens["admin@partner.example"]).not.toBe(a);
    expect((await call(reset, a, "GET", "/people/me")).status).toBe(401);
    const fresh = token(reset, "admin@partner.example");
    expect(
      (await call<WirePerson>(reset, fresh, "GET", `/people/${pid("user1@partner.example")}`)).body.displayName,
    ).toBe("User One");
  });

  it("writes the seeded tokens to tokens.json beside the state file", async () => {
    const d = dir();
    const hub = await start(join(d, "state.json"), { seed: "demo" });
    expect(hub.tokensPath).toBe(join(d, "tokens.json"));
    const tokens = JSON.parse(readFileSync(join(d, "tokens.json"), "utf8")) as Record<string, string>;
    expect(tokens).toEqual(hub.tokens);
    expect(Object.keys(tokens)).toHaveLength(30);
    expect(new Set(Object.values(tokens)).size).toBe(30);
  });

  it("concurrent writes are serialized: none is lost and the file is always whole", async () => {
    const statePath = join(dir(), "state.json");
    const hub = await start(statePath, { seed: "demo" });
    const a = token(hub, "admin@partner.example");
    const writes = [];
    for (let n = 1; n <= 20; n++) {
      const nn = String(n).padStart(2, "0");
      writes.push(call(hub, a, "PUT", `/partner/organizations/${cid(n)}/restrictedMode`, { enabled: false }));
      writes.push(
        call(hub, token(hub, `admin@customer${nn}.example`), "PUT", `/people/${pid(`admin@customer${nn}.example`)}`, {
          emails: [`admin@customer${nn}.example`],
          displayName: `Renamed ${nn}`,
          roles: rids("full_admin"),
        }),
      );
    }
    const answers = await Promise.all(writes);
    expect(answers.map((x) => x.status)).toEqual(Array(40).fill(200));
    const onDisk = await readStateFiles(statePath);
    expect(onDisk.audit).toHaveLength(40);
    expect(Object.values(onDisk.restrictedMode)).toEqual(Array(20).fill(false));
    expect(readdirSync(join(statePath, "..")).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    const items = await auditEvents(hub, a, undefined, 7);
    expect(items).toHaveLength(40);
  });

  it("refuses a state file that is not JSON or not a mock Hub state, pointing at --reset", async () => {
    const d = dir();
    writeFileSync(join(d, "bad.json"), "{oops");
    await expect(startMockHub({ statePath: join(d, "bad.json") })).rejects.toThrow(/not valid JSON.*--reset/);
    writeFileSync(join(d, "other.json"), JSON.stringify({ hello: "world" }));
    await expect(startMockHub({ statePath: join(d, "other.json") })).rejects.toThrow(/not a mock Hub state.*--reset/);
    const hub = await start(join(d, "bad.json"), { reset: true });
    expect(hub.seeded).toBe(true);
  });
});

describe("StateStore", () => {
  it("keeps the committed state when persisting fails, and stays usable", async () => {
    const d = dir();
    const path = join(d, "sub", "state.json");
    const store = await StateStore.open({ path, init: emptyState });
    rmSync(join(d, "sub"), { recursive: true });
    await expect(store.update((s) => void (s.seq = 41))).rejects.toThrow(/ENOENT/);
    expect(store.current.seq).toBe(0);
    // A failing change throws out its draft too, and the queue goes on.
    await expect(
      store.update((s) => {
        s.seq = 99;
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(store.current.seq).toBe(0);
  });

  it("commits updates that arrive together in one write; one that throws is refused alone, its half-change undone", async () => {
    const d = dir();
    const path = join(d, "state.json");
    const store = await StateStore.open({ path, init: emptyState });
    const before = store.fileWrites;
    const results = await Promise.allSettled([
      store.update((s) => (s.seq += 1)),
      store.update((s) => {
        s.tokens.half = "changed";
        s.seq += 100;
        throw new Error("refused");
      }),
      store.update((s) => (s.seq += 1)),
      store.update(
        (s) => void s.orgs.push({ id: "o1", displayName: "One", created: "2026-01-01T00:00:00Z", type: "customer" }),
      ),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect(
      results
        .slice(0, 1)
        .concat(results.slice(2, 3))
        .map((r) => (r.status === "fulfilled" ? r.value : undefined)),
    ).toEqual([1, 2]);
    expect(store.fileWrites - before).toBe(1);
    const onDisk = await readStateFiles(path);
    expect(onDisk).toEqual(store.current);
    expect(onDisk.seq).toBe(2);
    expect(onDisk.tokens).toEqual({});
    expect(onDisk.orgs.map((o) => o.id)).toEqual(["o1"]);
  });

  it("the file holds the whole audit trail after commits that each append to it, and after one that rewrites it", async () => {
    const path = join(dir(), "state.json");
    const store = await StateStore.open({ path, init: emptyState });
    const event = (n: number) => ({
      orgId: "o1",
      event: { id: `e${n}`, created: "2026-01-01T00:00:00Z" } as unknown as HubState["audit"][number]["event"],
    });
    const read = () => readStateFiles(path);
    await store.update((s) => void s.audit.push(event(1)));
    await Promise.all([
      store.update((s) => void s.audit.push(event(2), event(3))),
      store.update((s) => void (s.seq = 7)),
    ]);
    await store.update((s) => void s.audit.push(event(4)));
    expect((await read()).audit.map((a) => a.event.id)).toEqual(["e1", "e2", "e3", "e4"]);
    expect(await read()).toEqual(store.current);
    await store.update((s) => void (s.audit = [event(9)]));
    expect((await read()).audit.map((a) => a.event.id)).toEqual(["e9"]);
    expect(await read()).toEqual(store.current);
    await store.close();
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ journalGeneration: expect.any(Number), ...store.current });
  });

  it("the file is exactly the committed state's JSON, from items' text kept across commits and items replaced", async () => {
    const path = join(dir(), "state.json");
    const store = await StateStore.open({ path, init: emptyState });
    const person = (roles: HubState["people"][number]["roles"]): HubState["people"][number] =>
      ({
        id: "p1",
        emails: ['a"b@x.example'],
        displayName: "Ünï \u2028",
        roles,
        nickName: undefined,
        orgId: "o1",
        loginEnabled: true,
        created: "c",
        lastModified: "m",
      }) as HubState["people"][number];
    await store.update((s) => {
      s.people.push(person(["support_admin"]), person([]));
      s.assignments["p1"] = ["o2", "o3"];
      s.restrictedMode['o"2'] = false;
      (s.tokens as Record<string, string | undefined>)["gone"] = undefined;
    });
    const snapshot = (): string => {
      const text = readFileSync(path, "utf8");
      const generation = (JSON.parse(text) as { journalGeneration: number }).journalGeneration;
      expect(text).toBe(JSON.stringify({ journalGeneration: generation, ...store.current }));
      return text;
    };
    await store.close();
    snapshot();
    await store.update((s) => {
      s.people[1] = person(["full_admin"]);
      s.assignments["p1"] = ["o2"];
    });
    await store.close();
    expect((JSON.parse(snapshot()) as HubState).people.map((p) => p.roles)).toEqual([
      ["support_admin"],
      ["full_admin"],
    ]);
  });

  it("keeps a trail of 100,000 commits in a few dozen chunks, in order", () => {
    let chunks: Buffer[] = [];
    const expected: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const text = `,e${i % 7 === 0 ? "-longer-event" : ""}${i}`;
      expected.push(text);
      chunks = withChunk(chunks, Buffer.from(text));
    }
    expect(chunks.length).toBeLessThanOrEqual(40);
    expect(Buffer.concat(chunks).toString()).toBe(expected.join(""));
  });

  it("writes a file from more chunks than one system call takes (a trail of thousands of commits)", async () => {
    const path = join(dir(), "chunks.json");
    const chunks = Array.from({ length: 5000 }, (_, i) => Buffer.from(`${i === 0 ? "" : ","}${i}`));
    await writeFileAtomic(path, [Buffer.from("["), ...chunks, Buffer.from("]")]);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it("in memory without a path; a change that changes nothing writes nothing", async () => {
    const store = await StateStore.open({ init: emptyState });
    expect(store.path).toBeUndefined();
    expect(await store.update((s) => s.seq)).toBe(0);
    await store.update((s) => void (s.seq += 1));
    expect(store.current.seq).toBe(1);
  });

  it("removes temp files a killed process left behind", async () => {
    const d = dir();
    const path = join(d, "state.json");
    writeFileSync(join(d, ".state.json.123.abcdef.tmp"), "half a write");
    const store = await StateStore.open({ path, init: emptyState });
    expect(existsSync(join(d, ".state.json.123.abcdef.tmp"))).toBe(false);
    expect(store.created).toBe(true);
    expect(await readStateFiles(path)).toEqual(emptyState());
  });
});
