/**
 * RFC 3339 date-times as the Hub takes them: a real calendar date and time, no leap second.
 * `Date.parse` is no judge: it turns 2026-02-30 into March 2 and refuses 23:59:60, so an expiry
 * checked with it alone would silently mean another day, or crash a comparison later.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** What is wrong with `value` as a date-time, in words; undefined when it is a good one. */
export function dateTimeProblem(value: string): string | undefined {
  const m = RFC3339.exec(value);
  if (!m) return "must be an RFC 3339 date-time, like 2027-01-31T00:00:00Z";
  const [year, month, day, hour, minute, second, , offH, offM] = m
    .slice(1)
    .map((x) => (x === undefined ? 0 : Number(x))) as number[];
  if (month! < 1 || month! > 12) return `"${value}": there is no month ${m[2]}; months run from 01 to 12`;
  const days = daysIn(year!, month!);
  if (day! < 1 || day! > days)
    return `"${value}": ${year}-${m[2]}-${m[3]} is not a date (${MONTHS[month! - 1]} ${year} has ${days} days)`;
  if (second === 60)
    return `"${value}": ${m[4]}:${m[5]}:60 is a leap second, which the Hub does not take; use ${m[4]}:${m[5]}:59`;
  if (hour! > 23 || minute! > 59 || second! > 59) return `"${value}": ${m[4]}:${m[5]}:${m[6]} is not a time of day`;
  if (offH! > 23 || offM! > 59) return `"${value}": the offset ${m[7]}${m[8]}:${m[9]} is not a time zone offset`;
  return undefined;
}

export function isDateTime(value: string): boolean {
  return dateTimeProblem(value) === undefined;
}
