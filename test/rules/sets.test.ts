/**
 * Lists that mean sets (roles, customers) are compared by one function everywhere: the rules, the
 * providers, the plan and the mock Hub. A repeat must never hide a missing member.
 */
import { describe, expect, it } from "vitest";
import { sameSet } from "../../core";

describe("sameSet", () => {
  it.each([
    { a: [], b: [], same: true },
    { a: ["a", "b"], b: ["b", "a"], same: true },
    { a: ["a", "a", "b"], b: ["b", "a"], same: true },
    { a: ["a", "a"], b: ["a", "b"], same: false },
    { a: ["a", "b"], b: ["a", "a"], same: false },
    { a: ["a"], b: ["a", "b"], same: false },
    { a: ["a"], b: [], same: false },
  ])("$a against $b: $same", ({ a, b, same }) => {
    expect(sameSet(a, b)).toBe(same);
    expect(sameSet(b, a)).toBe(same);
  });
});
