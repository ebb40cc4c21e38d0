/**
 * The org policy's JSON Schema completes in editors like the GitOps file's: a valid draft-07 schema
 * with an `$id`, a description on every property (what an editor shows on hover), the role and
 * privilege names of the catalog as enums (what it completes), and the sample of docs/guardrails.md
 * valid against it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { PRIVILEGE_SELECTORS, readOrgPolicy } from "../../core/policy";
import { EXTERNAL_ROLES, ROLE_IDS } from "../../core/rules/catalog";
import { validateSchema } from "../../core/schema";

const ROOT = join(__dirname, "..", "..");
const schema = JSON.parse(readFileSync(join(ROOT, "schema", "org-policy.schema.json"), "utf8")) as Record<
  string,
  unknown
>;
const guardrails = readFileSync(join(ROOT, "docs", "guardrails.md"), "utf8");

type Node = { properties?: Record<string, Node>; items?: Node; description?: string; enum?: unknown[] };

/** Every property of the schema with its path, walking objects and arrays. */
function properties(node: Node, path = ""): Array<[string, Node]> {
  const own = Object.entries(node.properties ?? {}).flatMap(([key, child]): Array<[string, Node]> => {
    const at = path ? `${path}.${key}` : key;
    return [[at, child], ...properties(child, at)];
  });
  return node.items ? [...own, ...properties(node.items, `${path}[]`)] : own;
}

describe("schema/org-policy.schema.json", () => {
  it("is a valid draft-07 schema with an $id, a title and a description", () => {
    const ajv = new Ajv({ strict: true });
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    expect(schema.$id).toBe("https://webexhub.example/schema/org-policy.json");
    expect(schema.title).toEqual(expect.any(String));
    expect(schema.description).toEqual(expect.any(String));
  });

  it("describes every property", () => {
    const all = properties(schema as Node);
    expect(all.length).toBeGreaterThan(20);
    expect(
      all.filter(([, node]) => typeof node.description !== "string" || node.description.length < 10).map(([p]) => p),
    ).toEqual([]);
  });

  it("lists the catalog's roles and the privilege tables' names, for completion", () => {
    const byPath = new Map(properties(schema as Node));
    expect(byPath.get("roles[].role")?.enum).toEqual([...ROLE_IDS]);
    expect(byPath.get("externalAdmins[].role")?.enum).toEqual([...EXTERNAL_ROLES]);
    expect(byPath.get("privileges[].privilege")?.enum).toEqual([...PRIVILEGE_SELECTORS]);
    expect(PRIVILEGE_SELECTORS).toContain("customers.*");
    expect(PRIVILEGE_SELECTORS).toContain("organization.assign_admin_roles");
  });

  it("accepts the sample of docs/guardrails.md, which names the schema for editors", () => {
    const samples = [...guardrails.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map((m) => m[1] as string)
      .filter((t) => t.includes("kind: OrgPolicy"));
    expect(samples).toHaveLength(1);
    const sample = samples[0] as string;
    expect(sample).toMatch(
      /^# yaml-language-server: \$schema=\.\/node_modules\/pulumi-webexhub\/schema\/org-policy\.schema\.json\n/,
    );
    const { policy, problems } = readOrgPolicy(sample, "webexhub-policy.yaml");
    expect(problems).toEqual([]);
    expect(policy?.roles.map((r) => r.role)).toEqual([
      "full_admin",
      "full_admin",
      "partner_admin",
      "compliance_officer",
    ]);
    expect(validateSchema("org-policy", { apiVersion: "webexhub/v1", kind: "OrgPolicy" })).toEqual([]);
  });
});
