/**
 * "Did you mean …": the closest known name to a misspelt one, so a message can point at the fix
 * (`partner_adimn` → `partner_admin`, `partners:` → `partner:`).
 */
import { distance } from "fastest-levenshtein";

/**
 * The candidate nearest to `value`, when it is near enough to be a typo rather than another word.
 * Called once per unknown key, so a file of 100,000 unknown keys calls it 100,000 times: each
 * candidate is lowered and measured once.
 */
export function suggest(value: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || value === "") return undefined;
  const lower = value.toLowerCase();
  const lowered = candidates.map((c) => c.toLowerCase());
  // A name cut short or given a prefix (`restricted` for `restrictedMode`, `full_admin` for
  // `external_full_admin`) is a near miss too, however many letters are missing.
  if (lower.length >= 4) {
    let containing = -1;
    let count = 0;
    lowered.forEach((c, i) => {
      if (c.includes(lower) || lower.includes(c)) {
        containing = i;
        count++;
      }
    });
    if (count === 1) return candidates[containing];
  }
  // The nearest by edit distance, the first of equals.
  let best = -1;
  let bestDistance = Infinity;
  lowered.forEach((c, i) => {
    const d = distance(lower, c);
    if (d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  });
  const limit = Math.max(2, Math.floor(value.length / 3));
  return bestDistance <= limit ? candidates[best] : undefined;
}

/** ` Did you mean "x"?`, or nothing. */
export function didYouMean(value: string, candidates: readonly string[]): string {
  const hit = suggest(value, candidates);
  return hit === undefined ? "" : ` Did you mean "${hit}"?`;
}
