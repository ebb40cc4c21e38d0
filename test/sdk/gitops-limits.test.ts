/**
 * declareGitOpsFile, inside a Pulumi program, refuses what `webexhub validate` refuses before it
 * declares anything: a file over 5 MB (from its size, without reading it), one nested past the
 * limit, a tag outside the core schema (`!!omap` read as an empty mapping would remove site roles
 * on apply), bytes that are not UTF-8, and hidden characters in ids.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const registered: string[] = [];
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push(args.name);
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: () => ({}),
  },
  "webexhub-test",
  "gitops-limits",
  true,
);

const CUSTOMER = (sites: string): string =>
  `apiVersion: webexhub/v1\ncustomer:\n  orgId: org-c\nadmins:\n  - email: a@c.example\n    roles: [full_admin]\n    sites: ${sites}\n`;

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "webexhub-gitops-limits-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("declareGitOpsFile refuses a file it would misread or that would exhaust the program", () => {
  it.each<[string, string | Buffer, RegExp]>([
    [
      "over 5 MB",
      `# ${"x".repeat(5 * 1024 * 1024)}\n`,
      /cannot be used: the file is 5,242,883 bytes \(5\.0 MB\); webexhub reads GitOps files of at most 5\.0 MB/,
    ],
    [
      "nested 1,000 deep",
      `a: ${"[".repeat(1000)}${"]".repeat(1000)}\n`,
      /line 1, \(file\): the file nests lists and mappings more than 64 levels deep/,
    ],
    [
      "!!omap sites",
      CUSTOMER("!!omap [acme.webex.com: site_admin]"),
      /line 7, admins\[0\]\.sites: the YAML tag !!omap is not read by webexhub/,
    ],
    [
      "not UTF-8",
      Buffer.concat([Buffer.from(CUSTOMER("{}").replace("org-c", "org-")), Buffer.from([0xff])]),
      /line 8, \(file\): not valid UTF-8: the byte 0xFF at line 8, column 1/,
    ],
    [
      "a NUL in the orgId",
      CUSTOMER("{}").replace("org-c", '"org\\0c"'),
      /line 3, customer\.orgId: contains U\+0000 \(NUL\)/,
    ],
  ])("%s", async (name, content, message) => {
    const { declareGitOpsFile } = await import("../../sdk/gitops");
    const path = join(dir, `${name.replace(/\W+/g, "-")}.yaml`);
    writeFileSync(path, content);
    registered.length = 0;
    let thrown: unknown;
    try {
      declareGitOpsFile(path);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(pulumi.RunError);
    expect((thrown as Error).message).toMatch(message);
    expect(registered).toEqual([]);
  });
});
