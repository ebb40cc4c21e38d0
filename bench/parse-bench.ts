/**
 * Benchmark (not a test): `webexhub validate`'s parse step (YAML, duplicate keys, schema, lines of
 * the errors) on generated files of 0.5, 1 and 2 MB in three shapes: a long admin list, one mapping
 * of many keys (a customer admin's sites), and many unknown keys (an error with a line each). Linear
 * means the seconds double with the size.
 *
 *   npm run bench:parse
 *
 * One line per file: `shape=<name> bytes=<B> seconds=<S> problems=<P>`.
 */
import { performance } from "node:perf_hooks";
import { parseGitOpsFile } from "../core";

const SHAPES: Record<string, (n: number) => string> = {
  "admins-list": (n) =>
    `apiVersion: webexhub/v1\npartner:\n  orgId: org-partner\nadmins:\n${Array.from({ length: n }, (_, i) => `  - email: user${i}@partner.example\n    roles: [partner_admin]\n`).join("")}`,
  "sites-mapping": (n) =>
    `apiVersion: webexhub/v1\ncustomer:\n  orgId: org-customer-01\nadmins:\n  - email: a@customer01.example\n    roles: [full_admin]\n    sites:\n${Array.from({ length: n }, (_, i) => `      site${i}.webex.com: site_admin\n`).join("")}`,
  "unknown-keys": (n) =>
    `apiVersion: webexhub/v1\npartner:\n  orgId: org-partner\n${Array.from({ length: n }, (_, i) => `  key${i}: value${i}\n`).join("")}admins: []\n`,
};

for (const [shape, make] of Object.entries(SHAPES)) {
  const perItem = make(1000).length / 1000;
  for (const mb of [0.5, 1, 2]) {
    const text = make(Math.round((mb * 1024 * 1024) / perItem));
    const started = performance.now();
    const result = parseGitOpsFile(text);
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `shape=${shape} bytes=${text.length} seconds=${seconds.toFixed(2)} problems=${result.ok ? 0 : result.problems.length}\n`,
    );
  }
}
