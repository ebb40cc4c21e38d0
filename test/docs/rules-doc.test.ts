/**
 * Every code a user can be shown has a section in docs/rules.md, and every place that renders a
 * violation points at it: the message stays about the case, the doc says why and how to fix it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderMarkdown, renderText } from "../../cli/reviewRender";
import type { Review } from "../../core/review";
import { DOCUMENTED_CODES, ruleDocLink } from "../../core/ruleDocs";
import { RULE_CODES, type RuleCode, type Violation } from "../../core/rules/types";
import { failuresOf, RuleViolationError } from "../../provider/failures";

const doc = readFileSync(join(__dirname, "../../docs/rules.md"), "utf8");
const sections = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
const violation = (code: RuleCode, severity: Violation["severity"] = "error"): Violation => ({
  code,
  severity,
  path: "roles[0]",
  message: "the case at hand.",
});

describe("docs/rules.md", () => {
  it("has one section per documented code and no other", () => {
    expect([...sections].sort()).toEqual([...DOCUMENTED_CODES].sort());
  });

  it.each(RULE_CODES.map((code) => [code]))("%s: says why, shows an example and the fix", (code) => {
    const start = doc.indexOf(`\n## ${code}\n`);
    const end = doc.indexOf("\n## ", start + 1);
    const body = doc.slice(start, end === -1 ? undefined : end);
    expect(body).toMatch(/^\*(error|warning)/m);
    expect(body).toContain("```yaml");
    expect(body).toContain("**Fix:**");
  });
});

describe("rendered failures point at docs/rules.md#<code>", () => {
  it.each(RULE_CODES.map((code) => [code]))("%s", (code) => {
    const link = `docs/rules.md#${code}`;
    expect(ruleDocLink(code)).toBe(link);
    expect(failuresOf([violation(code)])[0]?.reason).toBe(`[${code}] the case at hand. (see ${link})`);
    expect(new RuleViolationError([violation(code)], "update").message).toContain(link);
    const report = {
      org: { kind: "partner", orgId: "p" },
      file: "f.yaml",
      live: false,
      people: [],
      drift: [],
      restrictedMode: [],
      orgNames: {},
      violations: [{ ...violation(code), line: 3 }],
      summary: { changes: 0, takeovers: 0, errors: 1, warnings: 0, drift: 0 },
    } as unknown as Review;
    expect(renderText(report)).toContain(`the case at hand. (see ${link})`);
    expect(renderMarkdown(report)).toContain(`the case at hand. (see ${link})`);
  });

  it("file and schema problems have no section, so no pointer", () => {
    expect(ruleDocLink("schema")).toBeUndefined();
    expect(ruleDocLink("file")).toBeUndefined();
  });
});
