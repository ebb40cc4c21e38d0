/**
 * The actor matrix: every actor kind × every change kind, generated (fast-check, fixed seed), each
 * case judged four ways against one mock Hub — `webexhub validate` with the actor's token, the
 * provider's check and the Plan's, the rules over the Hub's full state, the mock Hub's own guard on
 * the write — which must agree. The Hub is put back in memory after a write that went through.
 *
 *   MATRIX_SEED=n   another seed (explore); MATRIX_RUNS=n  how many cases to generate;
 *   MATRIX_CASE=i   only case i of the seed (as a disagreement prints it), or i,j,… several.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startMockHub, type MockHub } from "../../mockhub/server";
import { DEMO_PARTNER_ORG_ID } from "../../mockhub/seed";
import type { HubState } from "../../mockhub/state";
import { caseArbitrary, isChange, resolved } from "./cases";
import { HEARD, Judges, JUDGES, type Disagreement } from "./judges";
import { knownClassOf } from "./known";
import { ACTORS, NOW, matrixState } from "./world";

const SEED = Number(process.env.MATRIX_SEED ?? 20261207);
const RUNS = Number(process.env.MATRIX_RUNS ?? 2800);
const ONLY = process.env.MATRIX_CASE === undefined ? undefined : process.env.MATRIX_CASE.split(",").map(Number);
const MIN_JUDGED = ONLY === undefined && process.env.MATRIX_RUNS === undefined ? 2000 : 0;

const SETTINGS = { WEBEXHUB_PARTNER_ORG_ID: DEMO_PARTNER_ORG_ID, WEBEXHUB_WHOLESALE: "true" };

function printed(d: Disagreement): string {
  const lines = JUDGES.map((j) => `    ${j.padEnd(9)} ${d.judgments[j].verdict.padEnd(7)} ${d.judgments[j].said}`);
  return [
    `  MATRIX_SEED=${SEED} MATRIX_CASE=${d.index} npx vitest run test/matrix`,
    `    actor     ${d.c.actor} (${ACTORS[d.c.actor]})`,
    `    change    ${JSON.stringify(d.change)}`,
    ...lines,
  ].join("\n");
}

/** The disagreements grouped by who said what (for finding their classes). */
function summary(ds: readonly Disagreement[]): string {
  const groups = new Map<string, number[]>();
  for (const d of ds) {
    const key = `${d.change.kind} | ${JUDGES.map((j) => `${j}=${d.judgments[j].verdict}${d.judgments[j].said && j !== "mock" ? `(${d.judgments[j].said.slice(0, 90)})` : ""}`).join(" ")}`;
    groups.set(key, [...(groups.get(key) ?? []), d.index]);
  }
  return [...groups]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([k, v]) => `${v.length}× ${k} e.g. ${v.slice(0, 4).join(",")}`)
    .join("\n");
}

const agree = (j: Disagreement["judgments"]): boolean =>
  new Set(JUDGES.map((name) => j[name].verdict).filter((v) => v !== "abstain")).size <= 1;

describe("the actor matrix: four judges, one verdict", () => {
  let hub: MockHub;
  let judges: Judges;
  let base: HubState;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    for (const [key, value] of Object.entries(SETTINGS)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
    // The providers' preview logs (privilege deltas, warnings) would print thousands of lines.
    for (const method of ["log", "warn", "error"] as const)
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void HEARD.push(args.map(String).join(" ")));
    hub = await startMockHub({ state: matrixState(), now: () => NOW });
    base = hub.snapshot() as HubState;
    judges = new Judges(hub, base);
  });
  afterAll(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    vi.restoreAllMocks();
    await hub?.close();
  });

  it("every generated case gets the same verdict from every judge (known classes aside, listed)", async () => {
    const orgOf = (email: string): string | undefined => base.people.find((p) => p.emails[0] === email)?.orgId;
    const cases = fc.sample(caseArbitrary(), {
      seed: SEED,
      numRuns: ONLY === undefined ? RUNS : Math.max(...ONLY) + 1,
    });
    const unexplained: Disagreement[] = [];
    const known = new Map<string, number>();
    let judged = 0;
    for (const [index, c] of cases.entries()) {
      if (ONLY !== undefined && !ONLY.includes(index)) continue;
      const change = resolved(c, orgOf);
      if (change === undefined || !isChange(base, change)) continue;
      judged += 1;
      const judgments = await judges.judge(ACTORS[c.actor], change);
      if (agree(judgments)) continue;
      const d = { index, c, change, judgments };
      const cls = knownClassOf(d);
      if (cls === undefined) unexplained.push(d);
      else known.set(cls, (known.get(cls) ?? 0) + 1);
    }
    const routes = Object.entries(hub.stats().byRoute)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    console.info(`actor matrix: ${hub.stats().total} requests: ${routes}`);
    console.info(
      `actor matrix: ${judged} cases judged; ms per judge: ${Object.entries(judges.spent)
        .map(([k, v]) => `${k} ${Math.round(v)}`)
        .join(", ")}`,
    );
    if (process.env.MATRIX_SUMMARY !== undefined) console.info(summary(unexplained));
    if (known.size > 0)
      console.info(
        `actor matrix: disagreements of known classes: ${[...known].map(([k, n]) => `${k} × ${n}`).join("; ")}`,
      );
    expect(
      unexplained.length,
      `${unexplained.length} of ${judged} cases disagree:\n${unexplained.slice(0, 25).map(printed).join("\n")}`,
    ).toBe(0);
    expect(judged).toBeGreaterThanOrEqual(MIN_JUDGED);
  }, 600_000);
});
