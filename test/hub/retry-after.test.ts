import { describe, expect, it } from "vitest";
import { RETRY_AFTER_CAP_MS, parseRetryAfter } from "../../hub/retry-after";

const NOW = Date.UTC(2030, 0, 1, 12, 0, 0); // Tue, 01 Jan 2030 12:00:00 GMT

describe("parseRetryAfter", () => {
  const cases: Array<[string, string | null | undefined, number | undefined]> = [
    ["absent (undefined)", undefined, undefined],
    ["absent (null)", null, undefined],
    ["empty", "", undefined],
    ["blank", "   ", undefined],
    ["zero seconds", "0", 0],
    ["delta-seconds", "3", 3_000],
    ["delta-seconds with surrounding space", " 120 ", 120_000],
    ["leading zeros", "007", 7_000],
    ["negative", "-1", undefined],
    ["fraction (not delta-seconds)", "1.5", undefined],
    ["exponent", "1e3", undefined],
    ["hex", "0x10", undefined],
    ["words", "soon", undefined],
    ["number then text", "5 seconds", undefined],
    ["huge delta is capped", "999999999999999999999", RETRY_AFTER_CAP_MS],
    ["IMF-fixdate 30 s ahead", "Tue, 01 Jan 2030 12:00:30 GMT", 30_000],
    ["IMF-fixdate in the past is now", "Tue, 01 Jan 2030 11:59:00 GMT", 0],
    ["IMF-fixdate exactly now", "Tue, 01 Jan 2030 12:00:00 GMT", 0],
    ["IMF-fixdate two days ahead is capped", "Thu, 03 Jan 2030 12:00:00 GMT", RETRY_AFTER_CAP_MS],
    ["RFC 850 date", "Tuesday, 01-Jan-30 12:01:00 GMT", 60_000],
    ["asctime date (UTC)", "Tue Jan  1 12:00:10 2030", 10_000],
    ["date without GMT", "Tue, 01 Jan 2030 12:00:30", undefined],
    ["date in another zone", "Tue, 01 Jan 2030 12:00:30 PST", undefined],
    ["ISO 8601 is not an HTTP-date", "2030-01-01T12:00:30Z", undefined],
    ["four digits are delta-seconds, not a year", "2031", 2031_000],
    ["impossible day", "Tue, 45 Jan 2030 12:00:30 GMT", undefined],
  ];
  it.each(cases)("%s: %j → %j", (_name, value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it("caps at the given cap", () => {
    expect(parseRetryAfter("600", NOW, 60_000)).toBe(60_000);
    expect(parseRetryAfter("Tue, 01 Jan 2030 13:00:00 GMT", NOW, 60_000)).toBe(60_000);
  });

  it("reads a date relative to the injected now, not the wall clock", () => {
    const later = NOW + 20_000;
    expect(parseRetryAfter("Tue, 01 Jan 2030 12:00:30 GMT", later)).toBe(10_000);
  });
});
