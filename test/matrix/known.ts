/**
 * Disagreements the matrix tolerates, by class, each with the reason it cannot be fixed yet. The
 * rules over the Hub's full state are the reference: a case is known when every judge that says
 * otherwise does so for a class listed here; a disagreement of no class fails the matrix. None is
 * left: a judge that cannot see a fact says `not-checked` (no verdict), and the mock Hub follows
 * Webex where the rules do. Add a class only with its reason, and remove it with its fix.
 */
import type { Disagreement, JudgeName } from "./judges";

interface KnownClass {
  readonly name: string;
  readonly judge: JudgeName;
  readonly matches: (d: Disagreement) => boolean;
}

export const KNOWN_CLASSES: readonly KnownClass[] = [];

/** The classes that explain a disagreement, or undefined when a judge differs for no known class. */
export function knownClassOf(d: Disagreement): string | undefined {
  const reference = d.judgments.rules.verdict;
  const deviating = (["validate", "provider", "mock"] as const).filter(
    (j) => d.judgments[j].verdict !== "abstain" && d.judgments[j].verdict !== reference,
  );
  const names = deviating.map((j) => KNOWN_CLASSES.find((k) => k.judge === j && k.matches(d))?.name);
  if (names.length === 0 || names.some((n) => n === undefined)) return undefined;
  return [...new Set(names)].join(" + ");
}
