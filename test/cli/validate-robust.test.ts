/**
 * `webexhub validate --format json` prints JSON whatever the file holds: YAML that cannot be read,
 * aliases that do not resolve or expand without end, duplicate keys, impossible dates. Each problem
 * is a violation with a line, the exit code is 2, and nothing is thrown.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Io } from "../../cli/io";
import { runValidate } from "../../cli/validate";

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "webexhub-validate-robust-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function validateJson(text: string): Promise<{
  code: number;
  report: { ok: boolean; violations: Array<{ code: string; path: string; message: string; line?: number }> };
}> {
  const path = join(dir, `f${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, text);
  let out = "";
  const io: Io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => undefined } } as Io;
  const code = await runValidate([path, "--format", "json"], io, { now: new Date("2026-06-01T00:00:00Z") });
  return { code, report: JSON.parse(out) as never };
}

const CUSTOMER = (extra: string): string =>
  `apiVersion: webexhub/v1\ncustomer:\n  orgId: org-customer-01\nadmins:\n  - email: admin@customer01.example\n    roles: [full_admin]\n${extra}`;

describe("validate --format json on files that are not usable", () => {
  it.each([
    ["an alias without its anchor", "apiVersion: webexhub/v1\npartner: *nowhere\nadmins: []\n", /Unresolved alias/],
    [
      "an alias bomb",
      "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\napiVersion: webexhub/v1\npartner: {orgId: p}\nadmins: []\n",
      /alias/i,
    ],
    [
      "a key twice in one mapping",
      "apiVersion: webexhub/v1\npartner: {orgId: p}\nadmins: []\nadmins: []\n",
      /the key "admins" appears twice/,
    ],
    ["a tab as indentation", "apiVersion: webexhub/v1\npartner:\n\torgId: p\n", /not valid YAML/],
    [
      "an impossible expiry date",
      CUSTOMER(
        "externalAdmins:\n  - email: helper@msp.example\n    role: external_readonly_admin\n    expiresAt: 2027-02-30T00:00:00Z\n",
      ),
      /February 2027 has 28 days/,
    ],
    [
      "a leap second",
      CUSTOMER(
        "externalAdmins:\n  - email: helper@msp.example\n    role: external_readonly_admin\n    expiresAt: 2027-06-30T23:59:60Z\n",
      ),
      /leap second/,
    ],
    [
      "a __proto__ key",
      "apiVersion: webexhub/v1\npartner: {orgId: p, __proto__: {wholesale: true}}\nadmins: []\n",
      /unknown field "__proto__"/,
    ],
  ])("%s: JSON with the problem, exit 2", async (_name, text, message) => {
    const { code, report } = await validateJson(text);
    expect(code).toBe(2);
    expect(report.ok).toBe(false);
    expect(report.violations.map((v) => v.message).join("\n")).toMatch(message);
    for (const v of report.violations) expect(v.line).toBeGreaterThanOrEqual(1);
  });

  it("reports the line of a duplicate key", async () => {
    const { report } = await validateJson("apiVersion: webexhub/v1\npartner: {orgId: p}\nadmins: []\nadmins: []\n");
    expect(report.violations[0]?.line).toBe(4);
  });
});
