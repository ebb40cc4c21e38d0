/**
 * Loads the rule fixtures of test/fixtures/rules/<code>/ (see worlds/README.md there):
 *   <case>.yaml          a GitOps partner or customer file
 *   <case>.desired.json  a raw `Desired` (a resource-style, non-authoritative change)
 *   case.json            optional: {world?, actor?, now?, policy?, hidden?, unknown?, overrides?: {<case>: {…the same}}}
 *                        (`policy` names a directory of test/fixtures/policy/ whose policy.yaml is judged too;
 *                        `hidden`: emails whose roles the token is not shown, as the Hub reads them: no roles,
 *                        no site roles, rolesHidden; `unknown`: facts the token could not read)
 *   expected.json        {<case>: Violation[]} for every case of the directory
 * Cases named trigger* must report the directory's code, cases named near-miss* must not.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { desiredOfFile, parseGitOpsFile } from "../../core/gitops/file";
import { evaluate } from "../../core/rules/engine";
import { readOrgPolicy, type OrgPolicy } from "../../core/policy";
import type { Desired, Person, RuleContext, UnknownFact, Violation, World } from "../../core/rules/types";

export const FIXTURES_DIR = join(__dirname, "..", "fixtures", "rules");
export const WORLDS_DIR = join(FIXTURES_DIR, "worlds");
/** The clock of every case that does not set its own. */
export const DEFAULT_NOW = "2026-06-01T00:00:00Z";

interface CaseOptions {
  readonly world?: string;
  readonly actor?: string;
  readonly now?: string;
  readonly policy?: string;
  readonly hidden?: readonly string[];
  readonly unknown?: readonly UnknownFact[];
}

interface CaseFile extends CaseOptions {
  readonly overrides?: Readonly<Record<string, CaseOptions>>;
}

export interface FixtureCase {
  readonly code: string;
  readonly name: string;
  readonly file: string;
  readonly kind: "yaml" | "desired";
  readonly options: CaseOptions;
}

export function fixtureDirs(): string[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== "worlds")
    .map((entry) => entry.name)
    .sort();
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

export function casesOf(code: string): FixtureCase[] {
  const dir = join(FIXTURES_DIR, code);
  const caseFile = join(dir, "case.json");
  const config: CaseFile = existsSync(caseFile) ? readJson<CaseFile>(caseFile) : {};
  const cases: FixtureCase[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const match = /^(.+?)(\.desired\.json|\.yaml)$/.exec(entry);
    if (!match) continue;
    const name = match[1] as string;
    const { overrides, ...defaults } = config;
    cases.push({
      code,
      name,
      file: join(dir, entry),
      kind: match[2] === ".yaml" ? "yaml" : "desired",
      options: { ...defaults, ...(overrides?.[name] ?? {}) },
    });
  }
  return cases;
}

export function expectedOf(code: string): Record<string, Violation[]> {
  return readJson<Record<string, Violation[]>>(join(FIXTURES_DIR, code, "expected.json"));
}

const worlds = new Map<string, World>();

export function loadWorld(name: string): World {
  let world = worlds.get(name);
  if (!world) {
    world = readJson<World>(join(WORLDS_DIR, `${name}.json`));
    worlds.set(name, world);
  }
  return world;
}

export function personByEmail(world: World, email: string): Person {
  const person = world.people.find((p) => p.email.toLowerCase() === email.toLowerCase());
  if (!person) throw new Error(`actor ${email} is not a person of the world`);
  return person;
}

/** The world as a token reads it that is not shown the roles of `hidden` and could not read `unknown`. */
function seenBy(world: World, options: CaseOptions): World {
  if (options.hidden === undefined && options.unknown === undefined) return world;
  const hidden = new Set(options.hidden ?? []);
  const people = world.people.map((p) => {
    if (!hidden.has(p.email)) return p;
    const { siteRoles: _siteRoles, ...rest } = p;
    return { ...rest, roles: [], rolesHidden: true };
  });
  return { ...world, people, ...(options.unknown ? { unknown: [...(world.unknown ?? []), ...options.unknown] } : {}) };
}

function policyFixture(kind: string): OrgPolicy {
  const file = join(__dirname, "..", "fixtures", "policy", kind, "policy.yaml");
  const read = readOrgPolicy(readFileSync(file), "webexhub-policy.yaml");
  if (read.policy === undefined) throw new Error(`${file}: ${JSON.stringify(read.problems)}`);
  return read.policy;
}

export function desiredOfYaml(text: string, file = "(inline)"): Desired {
  const parsed = parseGitOpsFile(text);
  if (!parsed.ok) throw new Error(`${file} does not parse: ${JSON.stringify(parsed.problems)}`);
  return desiredOfFile(parsed.parsed);
}

export function contextOf(c: FixtureCase): RuleContext {
  const text = readFileSync(c.file, "utf8");
  const desired = c.kind === "yaml" ? desiredOfYaml(text, c.file) : (JSON.parse(text) as Desired);
  const world = c.options.world !== undefined ? seenBy(loadWorld(c.options.world), c.options) : undefined;
  if (c.options.actor !== undefined && !world) throw new Error(`${c.file}: an actor needs a world`);
  const actor = c.options.actor !== undefined && world ? personByEmail(world, c.options.actor) : undefined;
  const policy = c.options.policy !== undefined ? policyFixture(c.options.policy) : undefined;
  return { desired, world, actor, now: new Date(c.options.now ?? DEFAULT_NOW), ...(policy ? { policy } : {}) };
}

export function runCase(c: FixtureCase): Violation[] {
  return evaluate(contextOf(c));
}

/** Stable order for whole-result comparison: by code, then path, then message. */
export function sortViolations(violations: readonly Violation[]): Violation[] {
  const key = (v: Violation): string => `${v.code}\u0000${v.path}\u0000${v.message}`;
  return [...violations]
    .map(({ code, severity, path, message }) => ({ code, severity, path, message }))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
