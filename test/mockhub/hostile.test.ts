/**
 * The mock Hub under attack: 1,200 generated hostile requests (hostile-corpus.ts, a fixed seed) to
 * one real Hub on loopback with a state file. Every one gets a well-formed HTTP answer (never a
 * hang-up), every error is a 4xx or 5xx with the Webex error body, none is an internal error, a
 * refused request leaves the state file and its journal as they were, the Hub still serves
 * afterwards, and memory stays bounded.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WireError } from "../../api/wire";
import type { MockHub } from "../../mockhub/server";
import { startDemoHub, tempDir, token } from "./helpers";
import { bodyBytes, hostileRequest, METHODS, type HostileRequest } from "./hostile-corpus";
import { header, rawRequest, requestText, type RawAnswer } from "./raw-http";

const COUNT = 1200;
const CORPUS: HostileRequest[] = fc.sample(hostileRequest, { seed: 22, numRuns: COUNT });

/** What went wrong with one answer, or undefined when it is as it must be. */
function problemOf(answer: RawAnswer, head: boolean): string | undefined {
  if (answer.status === 500) return `an internal error: ${answer.body}`;
  if (answer.status < 400 || head) return undefined;
  try {
    const body = JSON.parse(answer.body) as WireError;
    const shaped =
      typeof body.message === "string" &&
      Array.isArray(body.errors) &&
      body.errors.length > 0 &&
      body.errors.every((e) => typeof e.description === "string" && e.description !== "");
    if (!shaped) return `not the Webex error shape: ${answer.body.slice(0, 200)}`;
    if (body.trackingId !== header(answer, "trackingid")) return "a trackingId unlike the Trackingid header";
  } catch {
    return `an error body that is not JSON: ${answer.body.slice(0, 200)}`;
  }
  return undefined;
}

describe("a hostile HTTP corpus", () => {
  let hub: MockHub;
  let stop: () => Promise<void>;
  let statePath: string;

  beforeAll(async () => {
    const temp = tempDir();
    statePath = join(temp.dir, "hub.json");
    const started = await startDemoHub({ statePath });
    hub = started.hub;
    stop = async () => {
      await started.stop();
      temp.cleanup();
    };
  });
  afterAll(async () => stop());

  /** The state file and its journal as the file system sees them: rewritten (a new inode), appended to or touched. */
  const files = (): string =>
    [statePath, `${statePath}.journal`]
      .map((path) => {
        const s = statSync(path, { bigint: true });
        return `${s.ino}:${s.size}:${s.mtimeNs}`;
      })
      .join(" ");

  const send = (r: HostileRequest): Promise<RawAnswer> => {
    const withToken = (v: string): string => v.replace(/\{token:([^}]+)\}/g, (_m, email: string) => token(hub, email));
    const headers = r.headers.map(([k, v]) => [k, withToken(v)] as const);
    const request = requestText(r.method, r.target, headers, bodyBytes(r.body));
    return rawRequest(hub.port, request, { head: r.method === "HEAD" });
  };

  it("covers every method, traversal, unicode, huge bodies and missing tokens", () => {
    expect(new Set(CORPUS.map((r) => r.method))).toEqual(new Set(METHODS));
    const has = (p: (r: HostileRequest) => boolean): number => CORPUS.filter(p).length;
    expect(has((r) => r.target.includes(".."))).toBeGreaterThan(50);
    expect(has((r) => /[^\x20-\x7e]/.test(r.target))).toBeGreaterThan(20);
    expect(has((r) => r.body.kind === "repeat" && r.body.bytes > 1_000_000)).toBeGreaterThan(5);
    expect(has((r) => !r.headers.some(([k]) => k === "Authorization"))).toBeGreaterThan(50);
  });

  it("answers every request well-formed, refuses without changing the state, and lives on", async () => {
    const rssBefore = process.memoryUsage().rss;
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    let before = files();
    for (const [i, r] of CORPUS.entries()) {
      const snapshot = hub.snapshot();
      const answer = await send(r).catch((err: unknown) => ({ status: 0, headers: {}, body: String(err) }));
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const problem = answer.status === 0 ? `no answer: ${answer.body}` : problemOf(answer, r.method === "HEAD");
      if (problem !== undefined) problems.push(`#${i} ${r.method} ${r.target.slice(0, 80)}: ${problem}`);
      if (answer.status >= 400 || answer.status === 0) {
        const refused = `#${i} ${r.method} ${r.target.slice(0, 80)}: refused (${answer.status})`;
        if (hub.snapshot() !== snapshot) problems.push(`${refused} yet changed the state`);
        if (files() !== before) problems.push(`${refused} yet changed the state file`);
      }
      before = files();
    }
    expect(problems).toEqual([]);
    // Both answers and refusals: a corpus the Hub refused wholesale would prove little.
    expect([...statuses.keys()].filter((s) => s < 300).length).toBeGreaterThan(0);
    const admin = ["Authorization", `Bearer ${token(hub, "admin@partner.example")}`] as const;
    const alive = await rawRequest(hub.port, requestText("GET", "/v1/people/me", [admin]));
    expect(alive.status).toBe(200);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * 1024 * 1024);
    // About ten seconds on a quiet machine; the margin is for a loaded one.
  }, 60_000);
});
