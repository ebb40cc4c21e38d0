/**
 * The CI recipe in examples/ci/: actionlint (built from the version pinned in tools/actionlint by
 * scripts/ensure-actionlint.sh) finds nothing wrong, and the least-privilege rules of docs/ci.md
 * hold: no job that runs the pull request's code holds a token that can write, installs run no
 * install scripts, forks get no secrets, and the applier's token lives only in the protected
 * environment of the apply job on the main branch. Without Go the actionlint part skips (saying
 * why) outside CI and fails in CI.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = join(__dirname, "..", "..");
const DIR = join(ROOT, "examples", "ci");
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith(".yml"))
  .sort();

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly if?: string;
  readonly environment?: string;
  readonly permissions?: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly steps: readonly Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const workflow = (name: string): Workflow => parse(readFileSync(join(DIR, name), "utf8")) as Workflow;
const text = (job: Job): string => JSON.stringify(job);
/** A job runs the repository's code (the pull request's, on a pull request) when it checks it out. */
const runsCode = (job: Job): boolean => job.steps.some((s) => s.uses?.startsWith("actions/checkout@") === true);
const writes = (job: Job): string[] =>
  Object.entries(job.permissions ?? {})
    .filter(([, level]) => level === "write")
    .map(([scope]) => scope);

function actionlint(): { path?: string; skip?: string } {
  const built = spawnSync("bash", [join(ROOT, "scripts", "ensure-actionlint.sh")], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 900_000,
  });
  if (built.status === 0) return { path: built.stdout.trim().split("\n").pop() as string };
  if (built.status === 3 && !process.env.CI) return { skip: built.stderr.trim() };
  throw new Error(`actionlint could not be built (exit ${built.status}):\n${built.stderr}`);
}

describe("examples/ci with actionlint", () => {
  const tool = actionlint();
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  if (tool.skip !== undefined) {
    console.warn(`skipping the actionlint checks: ${tool.skip}`);
    return;
  }
  const lint = (files: string[]) =>
    spawnSync(tool.path as string, ["-no-color", ...files], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });

  it.each(FILES)("%s passes actionlint", (file) => {
    const result = lint([join(DIR, file)]);
    expect(`${result.stdout}${result.stderr}`).toBe("");
    expect(result.status).toBe(0);
  });

  it("actionlint does find a broken workflow (an untrusted title in a script, an unknown runner label)", () => {
    const dir = mkdtempSync(join(tmpdir(), "webexhub-actionlint-"));
    dirs.push(dir);
    const bad = join(dir, "bad.yml");
    writeFileSync(
      bad,
      `on: pull_request
jobs:
  x:
    runs-on: ubuntu-latst
    steps:
      - run: echo "\${{ github.event.pull_request.title }}"
`,
    );
    const result = lint([bad]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("potentially untrusted");
    expect(result.stdout).toContain("ubuntu-latst");
  });
});

describe("examples/ci: least privilege", () => {
  const review = workflow("admins-review.yml");
  const comment = workflow("admins-comment.yml");
  const apply = workflow("admins-apply.yml");

  it("docs/ci.md explains each workflow and holds no workflow of its own (only the checked ones are given)", () => {
    const doc = readFileSync(join(ROOT, "docs", "ci.md"), "utf8");
    for (const file of FILES) expect(doc).toContain(`\`${file}\``);
    expect(doc).not.toMatch(/```ya?ml/);
    expect(doc).toContain("Never switch this workflow to `pull_request_target`");
  });

  it("holds the three workflows, each with no permission by default", () => {
    expect(FILES).toEqual(["admins-apply.yml", "admins-comment.yml", "admins-review.yml"]);
    for (const w of [review, comment, apply]) expect(w.permissions).toEqual({});
  });

  it("a job that runs the repository's code can write nothing and installs without scripts", () => {
    for (const w of [review, comment, apply]) {
      for (const job of Object.values(w.jobs)) {
        const installs = job.steps.filter((s) => /\bnpm (ci|install|i)\b/.test(s.run ?? ""));
        for (const step of installs) expect(step.run).toMatch(/^npm ci --ignore-scripts$/);
        if (runsCode(job)) {
          expect(writes(job)).toEqual([]);
          for (const step of job.steps.filter((s) => s.uses?.startsWith("actions/checkout@")))
            expect(step.with?.["persist-credentials"]).toBe(false);
        }
      }
    }
  });

  it("the pull-request job holds only read-only secrets, and a fork's pull request is planned offline", () => {
    expect(Object.keys(review.on)).toEqual(["pull_request"]);
    const job = review.jobs.review as Job;
    const secrets = [...text(job).matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]);
    expect([...new Set(secrets)].sort()).toEqual(["PULUMI_READONLY_TOKEN", "WEBEXHUB_READONLY_TOKEN"]);
    expect(job.env?.WEBEXHUB_APPLIER).toBe("${{ vars.WEBEXHUB_APPLIER }}");
    expect(job.env?.FROM_FORK).toBe("${{ github.event.pull_request.head.repo.full_name != github.repository }}");
    const plan = job.steps.find((s) => s.run?.includes("webexhub plan"));
    expect(plan?.run).toContain('if [ "$FROM_FORK" = "true" ] || [ -z "$WEBEXHUB_TOKEN" ]; then hub=(--offline); fi');
    expect(plan?.run).toContain("--format markdown");
    const preview = job.steps.find((s) => s.run?.includes("pulumi preview"));
    expect(preview?.if).toBe("env.FROM_FORK != 'true'");
    expect(preview?.run).toContain("pulumi preview --diff");
    expect(preview?.run).toContain("$GITHUB_STEP_SUMMARY");
  });

  it("the comment is one, updated in place, by a job that runs none of the pull request's code", () => {
    expect(Object.keys(comment.on)).toEqual(["workflow_run"]);
    const job = comment.jobs.comment as Job;
    expect(runsCode(job)).toBe(false);
    expect(job.steps.some((s) => /\b(npm|npx|node|pulumi)\b/.test(s.run ?? ""))).toBe(false);
    expect(writes(job)).toEqual(["pull-requests"]);
    const post = job.steps.find((s) => s.run?.includes("gh api"))?.run ?? "";
    expect(post).toContain("--method PATCH");
    expect(post).toContain("<!-- webexhub-plan -->");
  });

  it("the applier's token is only in the apply job, behind the protected environment, on the main branch", () => {
    expect(apply.on).toEqual({ push: expect.objectContaining({ branches: ["main"] }) });
    const job = apply.jobs.apply as Job;
    expect(job.environment).toBe("webex-admins");
    expect(job.if).toBe("github.ref == 'refs/heads/main'");
    expect(job.env?.WEBEXHUB_TOKEN).toBe("${{ secrets.WEBEXHUB_TOKEN }}");
    // The applier setting is for previews: the apply judges its own token's person.
    expect(text(job)).not.toContain("WEBEXHUB_APPLIER");
    for (const w of [review, comment])
      expect(JSON.stringify(w)).not.toMatch(/secrets\.WEBEXHUB_TOKEN\b|secrets\.PULUMI_ACCESS_TOKEN\b/);
  });
});
