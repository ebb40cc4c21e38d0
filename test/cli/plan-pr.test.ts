/**
 * `webexhub plan FILE --base BASE` on realistic pull requests (test/fixtures/plan/pr/): the change is
 * the difference between the two files, offline or with a Hub; the Hub adds names, what it holds
 * now and who applies, never a different baseline. Golden files per format; UPDATE_GOLDEN=1
 * rewrites them.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Io } from "../../cli/io";
import { runPlan } from "../../cli/plan";
import type { PersonReview, Review, World } from "../../core";
import type { LiveContext } from "../../cli/validate";
import { loadWorld, personByEmail } from "../rules/fixture-cases";

const NOW = new Date("2026-06-01T00:00:00Z");
const rel = (name: string): string => join("test", "fixtures", "plan", "pr", name);
const live = ["--endpoint", "http://hub.test", "--token", "t"];
const SCENARIOS = ["promotion", "new-admin", "removal", "handover", "restricted-mode"] as const;
const EXT = { text: "txt", markdown: "md", json: "json" } as const;

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function plan(
  argv: string[],
  options: { world?: World; actor?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  let out = "";
  let err = "";
  const io: Io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } };
  const world = options.world ?? loadWorld("hub");
  const loadLive = async (): Promise<LiveContext> => ({
    world,
    actor: personByEmail(world, options.actor ?? "alice@partner.example"),
  });
  const code = await runPlan(argv, io, { now: NOW, loadLive, env: options.env ?? {} });
  return { code, out, err };
}

function golden(name: string, actual: string): void {
  const file = join(__dirname, "..", "fixtures", "plan", "pr", name);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

/** What a person's change is, without the facts only a Hub can add. */
const change = (p: PersonReview): unknown => ({
  email: p.email,
  before: p.before,
  after: p.after,
  added: p.added,
  removed: p.removed,
  customers: p.customers,
  privileges: p.privileges,
});

describe("plan --base on pull requests", () => {
  for (const scenario of SCENARIOS) {
    for (const format of ["text", "markdown", "json"] as const) {
      it(`${scenario}, ${format}, with the Hub`, async () => {
        const { code, out } = await plan([
          rel(`${scenario}.yaml`),
          "--base",
          rel("base.yaml"),
          "--format",
          format,
          ...live,
        ]);
        expect(code).toBe(0);
        golden(`${scenario}.${EXT[format]}`, out);
      });
    }

    it(`${scenario}: offline and with the Hub, the same people with the same change`, async () => {
      const offline = JSON.parse(
        (await plan([rel(`${scenario}.yaml`), "--base", rel("base.yaml"), "--format", "json"])).out,
      ) as Review;
      const hub = JSON.parse(
        (await plan([rel(`${scenario}.yaml`), "--base", rel("base.yaml"), "--format", "json", ...live])).out,
      ) as Review;
      expect(offline.people.map(change)).toEqual(hub.people.map(change));
      expect(offline.restrictedMode).toEqual(hub.restrictedMode);
      // Offline, the names come from the files' comments; the Hub's are the same here.
      expect(offline.orgNames).toEqual(hub.orgNames);
      expect(offline.live).toBe(false);
      expect(offline.applier).toBeUndefined();
    });
  }

  it("only the people a pull request changes are listed, each with the customers they gain and lose", async () => {
    const cases: Array<[string, Array<[string, string[], string[], string[] | undefined, string[] | undefined]>]> = [
      ["promotion", [["sam@partner.example", ["partner_admin"], ["sales_admin"], ["cust-a"], undefined]]],
      ["new-admin", [["nora@partner.example", ["sales_admin"], [], ["cust-a"], undefined]]],
      ["removal", [["bob@partner.example", [], ["full_admin", "partner_full_admin"], undefined, undefined]]],
      [
        "handover",
        [
          ["sam@partner.example", [], [], ["cust-a"], undefined],
          ["pat@partner.example", [], ["partner_admin"], undefined, ["cust-a"]],
        ],
      ],
      ["restricted-mode", []],
    ];
    for (const [scenario, expected] of cases) {
      const report = JSON.parse(
        (await plan([rel(`${scenario}.yaml`), "--base", rel("base.yaml"), "--format", "json", ...live])).out,
      ) as Review;
      const actual = report.people.map((p) => [
        p.email,
        p.added,
        p.removed,
        p.customers?.assigned.length ? p.customers.assigned : undefined,
        p.customers?.unassigned.length ? p.customers.unassigned : undefined,
      ]);
      expect([scenario, actual]).toEqual([scenario, expected]);
      expect(report.drift).toEqual([]);
    }
  });

  it("a Hub that drifted from the base: the drift is said apart, never counted as the pull request's change", async () => {
    const base = loadWorld("hub");
    const world: World = {
      ...base,
      people: [
        ...base.people.map((p) => (p.email === "bob@partner.example" ? { ...p, roles: ["full_admin" as const] } : p)),
        {
          id: "p-eve",
          email: "eve@partner.example",
          orgId: "partner-1",
          displayName: "Eve Example",
          roles: ["readonly_admin"],
        },
      ],
    };
    const report = JSON.parse(
      (await plan([rel("promotion.yaml"), "--base", rel("base.yaml"), "--format", "json", ...live], { world })).out,
    ) as Review;
    expect(report.people.map((p) => p.email)).toEqual(["sam@partner.example"]);
    expect(report.drift.map((p) => [p.email, p.live?.roles, p.after])).toEqual([
      ["bob@partner.example", ["full_admin"], ["full_admin", "partner_full_admin"]],
      ["eve@partner.example", ["readonly_admin"], []],
    ]);
    expect(report.summary).toEqual({ changes: 1, takeovers: 0, errors: 0, warnings: 0, drift: 2 });
    const text = (await plan([rel("promotion.yaml"), "--base", rel("base.yaml"), ...live], { world })).out;
    expect(text).toContain(
      "Not changed by this file, but the Hub differs from it (the apply resets them):\n" +
        "  bob@partner.example: on the Hub full_admin; the file full_admin, partner_full_admin\n" +
        "  Eve Example <eve@partner.example>: on the Hub readonly_admin; the file none\n",
    );
  });

  it("a new or promoted admin's customers are listed against the live Hub without --base too", async () => {
    for (const [scenario, email] of [
      ["promotion", "sam@partner.example"],
      ["new-admin", "nora@partner.example"],
    ] as const) {
      const report = JSON.parse((await plan([rel(`${scenario}.yaml`), "--format", "json", ...live])).out) as Review;
      const person = report.people.find((p) => p.email === email);
      expect(person?.customers?.assigned).toEqual(["cust-a"]);
    }
  });
});

describe("plan --applier: judged as the person who applies", () => {
  const args = [rel("promotion.yaml"), "--base", rel("base.yaml"), "--format", "json", ...live];

  it("a token's person who may not make the change fails; the applier named by flag or WEBEXHUB_APPLIER passes", async () => {
    const readOnly = JSON.parse((await plan(args, { actor: "nora@partner.example" })).out) as Review;
    expect(readOnly.violations.map((v) => v.code)).toContain("actor-lacks-privilege");
    expect(readOnly.applier).toEqual({ email: "nora@partner.example", source: "token" });
    const ways: Array<{ argv: string[]; env: Record<string, string> }> = [
      { argv: ["--applier", "Alice@Partner.example"], env: {} },
      { argv: [], env: { WEBEXHUB_APPLIER: "alice@partner.example" } },
    ];
    for (const options of ways) {
      const run = await plan([...args, ...options.argv], { actor: "nora@partner.example", env: options.env });
      const report = JSON.parse(run.out) as Review;
      expect(run.code).toBe(0);
      expect(report.violations).toEqual([]);
      expect(report.applier).toEqual({ email: "alice@partner.example", source: "applier" });
    }
    const text = (
      await plan([rel("promotion.yaml"), "--base", rel("base.yaml"), "--applier", "alice@partner.example", ...live], {
        actor: "nora@partner.example",
      })
    ).out;
    expect(text.split("\n")[1]).toBe("Judged as alice@partner.example, who applies (--applier)");
  });

  it("an applier the Hub does not know, or --applier offline, is a usage error naming the fix", async () => {
    await expect(plan([...args, "--applier", "ghost@partner.example"])).rejects.toThrow(
      "--applier ghost@partner.example: no person with this email on the Hub; name the administrator whose token will apply the change",
    );
    await expect(plan([rel("promotion.yaml"), "--applier", "alice@partner.example"])).rejects.toThrow(
      /^--applier needs the Hub/,
    );
  });
});
