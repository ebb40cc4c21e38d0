/**
 * The contract suites need the official Webex spec: in CI its absence fails the run with a message
 * that says what to fix; on a developer's machine the suites are skipped and say why.
 */
import { describe, expect, it } from "vitest";
import { specPresence } from "./spec";

const CANDIDATES = ["/nowhere/a.json", "/nowhere/b.json"];

describe("the Webex spec for the contract suites", () => {
  it("is used from the first place it is found", () => {
    const found = specPresence(CANDIDATES, { CI: "true" }, (p) => p === "/nowhere/b.json");
    expect(found).toEqual({ path: "/nowhere/b.json" });
  });

  it("missing in CI is an error naming where it was looked for and how to give it", () => {
    expect(() => specPresence(CANDIDATES, { CI: "true" }, () => false)).toThrow(
      /not at \/nowhere\/a\.json or \/nowhere\/b\.json, and CI must run the contract tests: .*WEBEX_OPENAPI_SPEC/,
    );
  });

  it("missing outside CI skips the suites, saying why", () => {
    const skipped = specPresence(CANDIDATES, {}, () => false);
    expect(skipped).toEqual({ skip: expect.stringMatching(/not at \/nowhere\/a\.json .*contract tests skipped/) });
  });
});
