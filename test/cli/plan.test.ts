/**
 * `webexhub plan`: golden files per format (test/fixtures/plan/), against the fixtures' Hub with
 * alice (full_admin + partner_full_admin) as the token's person. UPDATE_GOLDEN=1 rewrites them.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Io } from "../../cli/io";
import { runPlan } from "../../cli/plan";
import { renderMarkdown, renderText } from "../../cli/reviewRender";
import type { Review } from "../../core";
import type { LiveContext } from "../../cli/validate";
import { loadWorld, personByEmail } from "../rules/fixture-cases";

const DIR = join(__dirname, "..", "fixtures", "plan");
const NOW = new Date("2026-06-01T00:00:00Z");

async function plan(
  argv: string[],
  actor = "alice@partner.example",
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: Io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } };
  const world = loadWorld("hub");
  const loadLive = async (): Promise<LiveContext> => ({ world, actor: personByEmail(world, actor) });
  const code = await runPlan(argv, io, { now: NOW, loadLive });
  return { code, out, err };
}

function golden(name: string, actual: string): void {
  const file = join(DIR, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

const live = ["--endpoint", "http://hub.test", "--token", "t"];
// Paths in the output are relative to the repository, so the golden files do not depend on the checkout.
const rel = (name: string): string => join("test", "fixtures", "plan", name);

describe("webexhub plan", () => {
  for (const format of ["text", "markdown", "json"] as const) {
    it(`partner file, ${format}: roles, privileges gained and lost, customers, restricted mode, violations`, async () => {
      const { code, out } = await plan([rel("partner.yaml"), "--base", rel("base.yaml"), "--format", format, ...live]);
      expect(code).toBe(0);
      // A partner-org member's Webex site role is planned with the roles.
      expect(out).toContain(
        format === "json" ? '"site_readonly_admin (partner1.webex.com)"' : "site_readonly_admin (partner1.webex.com)",
      );
      golden(`partner.${format === "markdown" ? "md" : format === "json" ? "json" : "txt"}`, out);
    });
  }

  it("a customer file: member and external administrator deltas; without --base a possible takeover warns", async () => {
    const { code, out } = await plan([rel("customer.yaml"), ...live], "ann@acme.example");
    expect(code).toBe(0);
    expect(out).toContain("warning adopt-required at admins[2].adopt (line 11)");
    expect(out).toContain("+ site_admin (acme.webex.com)");
    expect(out).toContain("site acme.webex.com: site_configuration: none → full (for their assigned Webex sites only)");
    golden("customer.txt", out);
  });

  it("a takeover not asked for is an error (exit 1), with what the Hub holds now", async () => {
    const { code, out } = await plan([
      rel("takeover.yaml"),
      "--base",
      rel("base-without-sam.yaml"),
      "--format",
      "markdown",
      ...live,
    ]);
    expect(code).toBe(1);
    expect(out).toContain(
      "sam@partner.example (**takeover** (refused: needs adopt), Hub now: sales_admin; customers Globex (cust-b))",
    );
    // The same file against a base that listed sam: an ordinary change, not a takeover.
    const again = await plan([rel("takeover.yaml"), "--base", rel("base.yaml"), "--format", "json", ...live]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out).summary.takeovers).toBe(0);
    golden("takeover.md", out);
  });

  it("offline: the roles as declared, and exit 2 for a file it cannot use", async () => {
    const offline = await plan([rel("partner.yaml")]);
    expect(offline.code).toBe(0);
    expect(offline.out).toContain("offline");
    expect((await plan(["test/fixtures/plan/missing.yaml"])).code).toBe(2);
    await expect(plan([rel("partner.yaml"), "--format", "html"])).rejects.toThrow(
      /--format must be text, markdown or json/,
    );
  });

  it("names a customer by id alone when the Hub gave no name, whatever the id (no lookup on Object's own keys)", () => {
    const report: Review = {
      file: "f.yaml",
      org: { kind: "partner", orgId: "p" },
      live: true,
      people: [
        {
          email: "a@x.example",
          kind: "member",
          before: [],
          after: [],
          added: [],
          removed: [],
          privileges: [],
          customers: { assigned: ["constructor", "c1"], unassigned: ["__proto__"] },
        },
      ],
      drift: [],
      restrictedMode: [{ orgId: "toString", before: false, after: true }],
      orgNames: { c1: "Acme" },
      violations: [],
      summary: { changes: 2, takeovers: 0, errors: 0, warnings: 0, drift: 0 },
    };
    const text = renderText(report);
    expect(text).toContain("customers assigned: constructor, Acme (c1)\n");
    expect(text).toContain("customers unassigned: __proto__\n");
    expect(text).toContain("Restricted Administrator Mode of toString: off → on\n");
    expect(renderMarkdown(report)).toContain("| +constructor<br>+Acme (c1)<br>−__proto__ |");
  });
});
