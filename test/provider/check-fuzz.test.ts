/**
 * `check` on generated inputs: whatever JSON the engine hands over (wrong types, huge numbers,
 * nested junk, `__proto__` keys, not even an object), every resource's check answers with failures
 * that name a property, and never throws (no TypeError, no RangeError). fast-check generates the
 * cases and shrinks a failing one to the smallest input that still fails.
 */
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { validateSchema, type SchemaName } from "../../core/schema";
import { createProvider as customerAssignment } from "../../provider/resources/customerAssignment";
import { createProvider as externalAdmin } from "../../provider/resources/externalAdmin";
import { createProvider as partnerAdmin } from "../../provider/resources/partnerAdmin";
import { createProvider as restrictedMode } from "../../provider/resources/restrictedMode";
import { harnessConfig, startHarness, UNKNOWN, type Harness } from "./harness";

const RUNS = 1_000;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.stop());
beforeEach(() => h.as("admin@partner.example"));

interface Case {
  readonly name: string;
  readonly schema: SchemaName;
  readonly check: (news: unknown) => Promise<{ failures: Array<{ property: string; reason: string }> }>;
  /** A valid input: the generator breaks some of its fields. */
  readonly base: Record<string, unknown>;
}

const cases: Case[] = [
  {
    name: "PartnerAdmin",
    schema: "partner-admin",
    check: (n) => partnerAdmin(harnessConfig).check({}, n as never),
    base: { email: "user1@partner.example", roles: ["support_admin"] },
  },
  {
    name: "CustomerAssignment",
    schema: "customer-assignment",
    check: (n) => customerAssignment(harnessConfig).check({}, n as never),
    base: { adminEmail: "pa@partner.example", customerOrgIds: ["org-customer-01"] },
  },
  {
    name: "ExternalAdmin",
    schema: "external-admin",
    check: (n) => externalAdmin(harnessConfig).check({}, n as never),
    base: {
      orgId: "org-customer-01",
      email: "helper@msp.example",
      role: "external_readonly_admin",
      expiresAt: "2031-01-01T00:00:00Z",
    },
  },
  {
    name: "RestrictedMode",
    schema: "restricted-mode",
    check: (n) => restrictedMode(harnessConfig).check({}, n as never),
    base: { orgId: "org-customer-02", enabled: false },
  },
];

/** Any JSON value, with the engine's unknown marker and edge cases mixed in. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue() },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      UNKNOWN,
      "",
      " ",
      "2026-02-30T00:00:00Z",
      "2026-12-31T23:59:60Z",
      -0,
      Number.MAX_SAFE_INTEGER,
      1e308,
      "a".repeat(10_000),
    ),
  },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.jsonValue(), fc.constant(UNKNOWN)), { maxLength: 600 }) },
);

/** The base with some fields replaced, some removed, and extra keys (`__proto__` among them). */
function inputs(base: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(base);
  const broken = fc
    .record({
      replace: fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: keys.length }),
      drop: fc.subarray(keys),
      extra: fc.dictionary(
        fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("__proto__", "constructor", "toString", "__provider")),
        anyValue,
        { maxKeys: 3 },
      ),
    })
    .map(({ replace, drop, extra }) => {
      // JSON.parse keeps `__proto__` as an own key, as a decoded gRPC struct could.
      const out = JSON.parse(JSON.stringify({ ...base, ...replace })) as Record<string, unknown>;
      for (const k of drop) delete out[k];
      for (const [k, v] of Object.entries(extra))
        Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      return out;
    });
  return fc.oneof({ weight: 9, arbitrary: broken }, { weight: 1, arbitrary: anyValue });
}

describe.each(cases)("$name check on generated inputs", ({ schema, check, base }) => {
  it(`never throws, and every failure names a property (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(inputs(base), async (news) => {
        const { failures } = await check(news);
        expect(Array.isArray(failures)).toBe(true);
        for (const f of failures) {
          expect(typeof f.property).toBe("string");
          expect(typeof f.reason).toBe("string");
        }
        const isObject = typeof news === "object" && news !== null && !Array.isArray(news);
        if (!isObject) {
          expect(failures.length).toBeGreaterThan(0);
          return;
        }
        const value = news as Record<string, unknown>;
        const containsUnknown = JSON.stringify(value).includes(UNKNOWN);
        const { __provider: _provider, ...rest } = value;
        const schemaErrors = containsUnknown ? [] : validateSchema(schema, rest);
        if (schemaErrors.length > 0) {
          expect(failures.length).toBeGreaterThan(0);
          // A field's problem is reported at that field.
          for (const e of schemaErrors) if (e.path) expect(failures.map((f) => f.property)).toContain(e.path);
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});

describe("inputs the generator might miss", () => {
  it("reports a __proto__ key, own or turned into the prototype, instead of dropping it", async () => {
    const own = JSON.parse(
      '{"email":"user1@partner.example","roles":["support_admin"],"__proto__":{"roles":["full_admin"]}}',
    ) as Record<string, unknown>;
    const asPrototype = Object.setPrototypeOf(
      { email: "user1@partner.example", roles: ["support_admin"] },
      { roles: ["full_admin"] },
    ) as Record<string, unknown>;
    for (const news of [own, asPrototype]) {
      const { failures } = await partnerAdmin(harnessConfig).check({}, news as never);
      expect(failures.map((f) => f.property)).toContain("__proto__");
    }
  });

  it.each([
    ["2026-02-30T00:00:00Z", /2026-02-30 is not a date \(February 2026 has 28 days\)/],
    ["2028-02-30T00:00:00Z", /February 2028 has 29 days/],
    ["2030-12-31T23:59:60Z", /23:59:60 is a leap second.*use 23:59:59/],
    ["2030-13-01T00:00:00Z", /no month 13/],
    ["2030-06-01T24:00:00Z", /not a time of day/],
    ["tomorrow", /must be an RFC 3339 date-time, like 2027-01-31T00:00:00Z/],
  ])("refuses expiresAt %s with a clear message", async (expiresAt, message) => {
    const { failures } = await externalAdmin(harnessConfig).check(
      {},
      { orgId: "org-customer-01", email: "helper@msp.example", role: "external_readonly_admin", expiresAt },
    );
    expect(failures).toHaveLength(1);
    expect(failures[0]?.property).toBe("expiresAt");
    expect(failures[0]?.reason).toMatch(message);
  });

  it("takes a real leap day", async () => {
    const { failures } = await externalAdmin(harnessConfig).check(
      {},
      {
        orgId: "org-customer-01",
        email: "helper@msp.example",
        role: "external_readonly_admin",
        expiresAt: "2032-02-29T12:00:00Z",
      },
    );
    expect(failures.filter((f) => f.property === "expiresAt")).toEqual([]);
  });
});
