/**
 * Judging as the applier: `validate --applier EMAIL` (or WEBEXHUB_APPLIER) judges the rules about who
 * may make a change as that person, for a job that holds only a read-only token; and the stack
 * setting `webexhub:applier` is read, checked and named like every other setting.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Io } from "../../cli/io";
import { runValidate } from "../../cli/validate";
import type { LiveContext } from "../../cli/validate";
import { resolveHubSettings } from "../../hub";
import { loadWorld, personByEmail } from "../rules/fixture-cases";

const NOW = new Date("2026-06-01T00:00:00Z");
const FILE = join("test", "fixtures", "plan", "pr", "promotion.yaml");
const live = ["--endpoint", "http://hub.test", "--token", "t", "--format", "json"];

async function validate(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; codes: string[] }> {
  let out = "";
  const io: Io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => undefined } };
  const world = loadWorld("hub");
  // The token is nora's: she holds no role, so she may change nobody's.
  const loadLive = async (): Promise<LiveContext> => ({ world, actor: personByEmail(world, "nora@partner.example") });
  const code = await runValidate(argv, io, { now: NOW, loadLive, env });
  return { code, codes: (JSON.parse(out) as { violations: Array<{ code: string }> }).violations.map((v) => v.code) };
}

describe("validate --applier", () => {
  it.each([
    ["the token's person", [], {}, 1],
    ["--applier", ["--applier", "alice@partner.example"], {}, 0],
    ["WEBEXHUB_APPLIER", [], { WEBEXHUB_APPLIER: "alice@partner.example" }, 0],
    [
      "--applier over WEBEXHUB_APPLIER",
      ["--applier", "nora@partner.example"],
      { WEBEXHUB_APPLIER: "alice@partner.example" },
      1,
    ],
  ] as const)("judged as %s", async (_name, flags, env, exit) => {
    const result = await validate([FILE, ...live, ...flags], { ...env });
    expect(result.code).toBe(exit);
    expect(result.codes.includes("actor-lacks-privilege")).toBe(exit === 1);
  });

  it("names an applier the Hub does not know, and --applier offline", async () => {
    await expect(validate([FILE, ...live, "--applier", "ghost@partner.example"])).rejects.toThrow(
      /^--applier ghost@partner\.example: no person with this email on the Hub/,
    );
    await expect(validate([FILE, ...live], { WEBEXHUB_APPLIER: "ghost@partner.example" })).rejects.toThrow(
      /^WEBEXHUB_APPLIER ghost@partner\.example: no person/,
    );
    await expect(validate([FILE, "--applier", "alice@partner.example", "--offline"])).rejects.toThrow(
      /^--applier needs the Hub/,
    );
  });
});

describe("the webexhub:applier setting", () => {
  it.each<[{ config?: string; env?: string }, string | undefined]>([
    [{ config: "alice@partner.example" }, "alice@partner.example"],
    [{ env: " bob@partner.example " }, "bob@partner.example"],
    [{ config: "alice@partner.example", env: "bob@partner.example" }, "alice@partner.example"],
    [{}, undefined],
  ])("%j → %s", (given, expected) => {
    const config = { get: (key: string) => (key === "webexhub:applier" ? given.config : undefined) };
    const settings = resolveHubSettings({
      config,
      env: given.env !== undefined ? { WEBEXHUB_APPLIER: given.env } : {},
    });
    expect(settings.applier).toBe(expected);
  });

  it("a value that is not an email is a configuration error naming the setting", () => {
    const config = { get: (key: string) => (key === "webexhub:applier" ? "alice" : undefined) };
    expect(() => resolveHubSettings({ config, env: {} })).toThrow(
      'webexhub:applier must be the email of the person whose token applies the change, not "alice"',
    );
  });
});
