/**
 * `Retry-After` (RFC 9110 §10.2.3): either delta-seconds or an HTTP-date. Pure: the caller passes
 * the clock, so the date form is testable and agrees with the client's injected clock.
 */

/**
 * Sanity cap of the parser. Deciding whether a long wait is worth it is the retry policy's job
 * (`maxRetryAfterMs`); this only keeps absurd or overflowing values finite.
 */
export const RETRY_AFTER_CAP_MS = 24 * 60 * 60 * 1000;

const DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const LONG_DAY = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const TIME = "\\d{2}:\\d{2}:\\d{2}";
// `Date.parse` alone accepts far too much ("1", "2024", "soon-ish 3"), so only the three forms
// RFC 9110 allows reach it: IMF-fixdate, the obsolete RFC 850 form, and asctime.
const HTTP_DATE = [
  new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`),
  new RegExp(`^${LONG_DAY}, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`),
  new RegExp(`^${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`),
];

/**
 * Milliseconds to wait, clamped to `[0, capMs]`; `undefined` when the value is absent or not a
 * valid `Retry-After` (the caller then falls back to its own backoff).
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
  capMs: number = RETRY_AFTER_CAP_MS,
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === "") return undefined;
  if (/^\d+$/.test(v)) return Math.min(Number(v) * 1000, capMs);
  if (!HTTP_DATE.some((re) => re.test(v))) return undefined;
  const at = parseHttpDate(v, nowMs);
  if (at === undefined) return undefined;
  // A date in the past means "now": the server's clock may simply be ahead of ours.
  return Math.min(Math.max(0, at - nowMs), capMs);
}

function parseHttpDate(v: string, nowMs: number): number | undefined {
  // asctime has no zone, and RFC 9110 says it is UTC; V8 would read it as local time.
  const asctime = /^\w{3} (\w{3}) ([ \d]\d) (\d{2}:\d{2}:\d{2}) (\d{4})$/.exec(v);
  let ms: number;
  if (asctime) ms = Date.parse(`${asctime[2]!.trim()} ${asctime[1]} ${asctime[4]} ${asctime[3]} GMT`);
  else {
    const rfc850 = /^\w+, (\d{2})-(\w{3})-(\d{2}) (.*)$/.exec(v);
    if (rfc850) {
      // Two-digit years: RFC 9110 says a year more than 50 years ahead is in the past century.
      const yy = Number(rfc850[3]);
      const thisYear = new Date(nowMs).getUTCFullYear();
      let year = Math.floor(thisYear / 100) * 100 + yy;
      if (year > thisYear + 50) year -= 100;
      ms = Date.parse(`${rfc850[1]} ${rfc850[2]} ${year} ${rfc850[4]}`);
    } else ms = Date.parse(v);
  }
  return Number.isFinite(ms) ? ms : undefined;
}
