/**
 * Loads the org-policy fixtures of test/fixtures/policy/<kind>/:
 *   policy.yaml          the org policy of every case of the directory
 *   <case>.yaml          a GitOps partner or customer file
 *   <case>.desired.json  a raw `Desired` (a resource-style, non-authoritative change)
 *   case.json            optional: {world?, now?, overrides?: {<case>: {world?, now?}}}
 *   expected.json        {<case>: Violation[]}: the whole answer of the policy judge
 * Cases named trigger* must report org-policy, cases named near-miss* must not.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { judgeOrgPolicy, readOrgPolicy, type OrgPolicy } from "../../core/policy";
import type { Desired, RuleContext, Violation } from "../../core/rules/types";
import { DEFAULT_NOW, desiredOfYaml, loadWorld } from "../rules/fixture-cases";

export const POLICY_FIXTURES = join(__dirname, "..", "fixtures", "policy");

interface CaseOptions {
  readonly world?: string;
  readonly now?: string;
}

export interface PolicyCase {
  readonly kind: string;
  readonly name: string;
  readonly file: string;
  readonly options: CaseOptions;
}

export const policyKinds = (): string[] =>
  readdirSync(POLICY_FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== "bad")
    .map((entry) => entry.name)
    .sort();

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;

export function casesOfKind(kind: string): PolicyCase[] {
  const dir = join(POLICY_FIXTURES, kind);
  const config = existsSync(join(dir, "case.json"))
    ? readJson<CaseOptions & { overrides?: Record<string, CaseOptions> }>(join(dir, "case.json"))
    : {};
  const { overrides, ...defaults } = config;
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const match = /^(.+?)(\.desired\.json|\.yaml)$/.exec(entry);
      if (!match || entry === "policy.yaml") return [];
      const name = match[1] as string;
      return [{ kind, name, file: join(dir, entry), options: { ...defaults, ...(overrides?.[name] ?? {}) } }];
    });
}

export function policyOf(kind: string): OrgPolicy {
  const read = readOrgPolicy(readFileSync(join(POLICY_FIXTURES, kind, "policy.yaml")), "webexhub-policy.yaml");
  if (read.policy === undefined) throw new Error(`${kind}/policy.yaml: ${JSON.stringify(read.problems)}`);
  return read.policy;
}

export function contextOfCase(c: PolicyCase): RuleContext {
  const text = readFileSync(c.file, "utf8");
  const desired = c.file.endsWith(".yaml") ? desiredOfYaml(text, c.file) : (JSON.parse(text) as Desired);
  const world = c.options.world !== undefined ? loadWorld(c.options.world) : undefined;
  return { desired, world, now: new Date(c.options.now ?? DEFAULT_NOW) };
}

export const runPolicyCase = (c: PolicyCase): Violation[] => judgeOrgPolicy(policyOf(c.kind), contextOfCase(c));
