/**
 * Loads the org-policy fixtures of test/fixtures/policy/<kind>/:
 *   policy.yaml          the org policy of every case of the directory
 *   <case>.yaml          a GitOps partner or customer file
 *   <case>.desired.json  a raw `Desired` (a resource-style, non-authoritative change)
 *   case.json            optional: {world?, now?, hidden?, unknown?, overrides?: {<case>: {…the same}}}
 *                        hidden: emails whose roles the token is not shown (as the Hub reads them:
 *                        no roles, no site roles, rolesHidden); unknown: facts it could not read
 *   expected.json        {<case>: Violation[]}: the whole answer of the policy judge
 * Cases named trigger* must report org-policy, cases named not-checked* only not-checked warnings,
 * cases named near-miss* nothing.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { judgeOrgPolicy, readOrgPolicy, type OrgPolicy } from "../../core/policy";
import type { Desired, RuleContext, UnknownFact, Violation, World } from "../../core/rules/types";
import { DEFAULT_NOW, desiredOfYaml, loadWorld } from "../rules/fixture-cases";

export const POLICY_FIXTURES = join(__dirname, "..", "fixtures", "policy");

interface CaseOptions {
  readonly world?: string;
  readonly now?: string;
  readonly hidden?: readonly string[];
  readonly unknown?: readonly UnknownFact[];
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
  const world = c.options.world !== undefined ? seenBy(loadWorld(c.options.world), c.options) : undefined;
  return { desired, world, now: new Date(c.options.now ?? DEFAULT_NOW) };
}

/** The world as a token reads it that is not shown the roles of `hidden` and could not read `unknown`. */
function seenBy(world: World, options: CaseOptions): World {
  const hidden = new Set(options.hidden ?? []);
  const people = world.people.map((p) => {
    if (!hidden.has(p.email)) return p;
    const { siteRoles: _siteRoles, ...rest } = p;
    return { ...rest, roles: [], rolesHidden: true };
  });
  return { ...world, people, ...(options.unknown ? { unknown: [...(world.unknown ?? []), ...options.unknown] } : {}) };
}

export const runPolicyCase = (c: PolicyCase): Violation[] => judgeOrgPolicy(policyOf(c.kind), contextOfCase(c));
