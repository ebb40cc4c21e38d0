/**
 * The per-org lock that lets webexhub processes of one machine take turns at a write that removes
 * full administration: holders of one org never overlap, other orgs do not wait, a lock left by a
 * killed process is taken over.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lockDirectory, lockPath, withOrgLock } from "../../hub/administrators";

const dir = mkdtempSync(join(tmpdir(), "webexhub-locks-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs the holders at once and records the most that were inside together. Each holder stays
 * inside until `most` holders are (so a slow lock directory cannot make overlapping holders look
 * serial), but no longer than a bound: a lock that serializes them ends with fewer.
 */
async function overlap(orgs: readonly string[], most: number): Promise<number> {
  let inside = 0;
  let seen = 0;
  await Promise.all(
    orgs.map((org) =>
      withOrgLock(
        "http://hub",
        org,
        async () => {
          inside += 1;
          seen = Math.max(seen, inside);
          const until = Date.now() + 3_000;
          while (seen < most && Date.now() < until) await new Promise<void>((resolve) => setTimeout(resolve, 5));
          // Yield a few times more so another holder could come in if the lock let it.
          for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
          inside -= 1;
        },
        dir,
      ),
    ),
  );
  return seen;
}

describe("withOrgLock", () => {
  it.each([
    [["org-a", "org-a", "org-a", "org-a"], 1],
    [["org-a", "org-b"], 2],
  ])("holders of %j: at most %i inside at once", async (orgs, most) => {
    expect(await overlap(orgs, most)).toBe(most);
  });

  it("returns what the holder returns and releases the lock when it throws", async () => {
    await expect(withOrgLock("http://hub", "org-c", () => Promise.reject(new Error("boom")), dir)).rejects.toThrow(
      "boom",
    );
    expect(await withOrgLock("http://hub", "org-c", () => Promise.resolve(42), dir)).toBe(42);
  });

  it("takes over a lock whose holder stopped updating it (a killed process)", async () => {
    // A lock directory left behind, last touched a minute ago.
    const left = lockPath("http://hub", "org-d", dir);
    mkdirSync(left);
    const old = new Date(Date.now() - 60_000);
    utimesSync(left, old, old);
    expect(await withOrgLock("http://hub", "org-d", () => Promise.resolve("taken"), dir)).toBe("taken");
    expect(existsSync(left)).toBe(false);
  });

  it("lives in WEBEXHUB_LOCK_DIR when set, else in the temp directory", () => {
    expect(lockDirectory({ WEBEXHUB_LOCK_DIR: "/x/locks" })).toBe("/x/locks");
    expect(lockDirectory({})).toBe(join(tmpdir(), "webexhub-locks"));
  });
});
