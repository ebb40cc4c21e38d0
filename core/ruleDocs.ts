/**
 * Where a rule code is explained: every code has a `## <code>` section in docs/rules.md (shipped
 * with the package), which says why the rule exists, shows a file that breaks it and the fix.
 * Renderers add the pointer, so messages stay one sentence about the case at hand.
 */
import { RULE_CODES } from "./rules/types";

export const RULES_DOC = "docs/rules.md";

/** Codes with a section in docs/rules.md: the rule codes, and the refusal of a silent takeover. */
export const DOCUMENTED_CODES: readonly string[] = [...RULE_CODES, "adopt-required"];

/** `docs/rules.md#<code>`, or undefined for a code without a section (file and schema problems). */
export function ruleDocLink(code: string): string | undefined {
  return DOCUMENTED_CODES.includes(code) ? `${RULES_DOC}#${code}` : undefined;
}

/** ` (see docs/rules.md#<code>)`, or nothing: for the end of a one-line message. */
export function seeRuleDoc(code: string): string {
  const link = ruleDocLink(code);
  return link === undefined ? "" : ` (see ${link})`;
}
