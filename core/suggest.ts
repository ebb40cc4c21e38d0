/**
 * "Did you mean …": the closest known name to a misspelt one, so a message can point at the fix
 * (`partner_adimn` → `partner_admin`, `partners:` → `partner:`).
 */
import { closest, distance } from "fastest-levenshtein";

/** The candidate nearest to `value`, when it is near enough to be a typo rather than another word. */
export function suggest(value: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || value === "") return undefined;
  const lower = value.toLowerCase();
  // A name cut short or given a prefix (`restricted` for `restrictedMode`, `full_admin` for
  // `external_full_admin`) is a near miss too, however many letters are missing.
  const containing = lower.length >= 4 ? candidates.filter((c) => c.toLowerCase().includes(lower) || lower.includes(c.toLowerCase())) : [];
  if (containing.length === 1) return containing[0];
  const best = closest(lower, candidates.map((c) => c.toLowerCase()));
  const index = candidates.findIndex((c) => c.toLowerCase() === best);
  const limit = Math.max(2, Math.floor(value.length / 3));
  return index >= 0 && distance(lower, best) <= limit ? candidates[index] : undefined;
}

/** ` Did you mean "x"?`, or nothing. */
export function didYouMean(value: string, candidates: readonly string[]): string {
  const hit = suggest(value, candidates);
  return hit === undefined ? "" : ` Did you mean "${hit}"?`;
}
