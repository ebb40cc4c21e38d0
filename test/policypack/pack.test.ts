/**
 * The policy pack without the engine: which resources it recognizes, how it reads values unknown at
 * preview, the state it rebuilds, which policy reports what, and how it finds the org's policy file.
 * (test/e2e/policy-pack.test.ts runs it through `pulumi preview --policy-pack`.)
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import type { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { RESOURCE_NAMES } from "../../sdk/providers";
import { judgeResources } from "../../policypack/judge";
import { loadOrgPolicy, policyFileOf, POLICY_FILE_ENV } from "../../policypack/orgPolicy";
import { ORG_POLICY_ENGINE } from "../../policypack/orgPolicyEngine";
import { policies } from "../../policypack/policies";
import {
  kindOfType,
  partnerOrgIdOf,
  RESOURCE_KINDS,
  TYPE_NAMES,
  UNKNOWN,
  webexhubResources,
  type DeclaredResource,
  type ResourceKind,
} from "../../policypack/resources";

const ROOT = resolve(__dirname, "../..");
const NOW = new Date("2026-12-07T00:00:00Z");
const isUnknown = (error: unknown): boolean => error instanceof UnknownValueError;
/** What @pulumi/policy hands over for a value unknown at preview (its sentinel for a string). */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const typeOf = (kind: ResourceKind): string => `pulumi-nodejs:dynamic/webexhub:${TYPE_NAMES[kind]}`;
type Props = Record<string, unknown>;
const stackResource = (kind: ResourceKind, name: string, props: Props): PolicyResource => {
  const urn = `urn:pulumi:s::p::${typeOf(kind)}::${name}`;
  return { type: typeOf(kind), urn, name, props: unknownCheckingProxy(props) } as unknown as PolicyResource;
};
const declared = (kind: ResourceKind, name: string, props: Props): DeclaredResource => ({
  kind,
  name,
  urn: `urn:${name}`,
  props: props as DeclaredResource["props"],
});

describe("the resources the pack recognizes", () => {
  it("knows every resource the SDK declares, by its type token", () => {
    expect([...RESOURCE_KINDS].sort()).toEqual([...RESOURCE_NAMES].sort());
    for (const kind of RESOURCE_KINDS) expect(kindOfType(typeOf(kind))).toBe(kind);
  });

  it.each([
    ["pulumi-nodejs:dynamic:Resource"],
    ["pulumi-nodejs:dynamic/other:PartnerAdmin"],
    ["pulumi:providers:pulumi-nodejs"],
    ["aws:s3/bucket:Bucket"],
  ])("leaves %s alone", (type) => {
    expect(kindOfType(type)).toBeUndefined();
  });

  it("reads a value unknown at preview as unknown, and the rules wait for it", () => {
    const resources = [
      stackResource("partnerAdmin", "a", { email: UNKNOWN_STRING, roles: ["full_admin", "readonly_admin"] }),
      stackResource("partnerAdmin", "b", { email: "b@partner.example", roles: ["full_admin", UNKNOWN_STRING] }),
    ];
    const found = webexhubResources(resources, isUnknown);
    expect(found.map((r) => r.props.email)).toEqual([UNKNOWN, "b@partner.example"]);
    expect(judgeResources(found, { now: NOW })).toEqual([]);
  });

  it("takes the partner org's id from the provider's config without reading its token", () => {
    const provider = {
      type: "pulumi:providers:pulumi-nodejs",
      urn: "urn:provider",
      name: "default",
      props: Object.defineProperty({ "webexhub:partnerOrgId": "partner-1" }, "webexhub:token", {
        enumerable: true,
        get: () => {
          throw new Error("the token was read");
        },
      }),
    } as unknown as PolicyResource;
    expect(partnerOrgIdOf([provider], [], isUnknown)).toBe("partner-1");
    const created = declared("partnerAdmin", "a", { email: "a@partner.example", roles: [], orgId: "partner-2" });
    expect(partnerOrgIdOf([], [created], isUnknown)).toBe("partner-2");
  });
});

describe("the rules on the state a stack declares", () => {
  const admin = (name: string, email: string, roles: string[]): DeclaredResource =>
    declared("partnerAdmin", name, { email, roles });
  const customerAdmin = (name: string, email: string, roles: string[]): DeclaredResource =>
    declared("customerAdmin", name, { orgId: "customer-1", email, roles });

  it.each<[string, DeclaredResource[], { code: string; path: string }[]]>([
    ["a clean stack", [admin("a", "a@partner.example", ["full_admin"])], []],
    [
      "a role conflict",
      [admin("a", "a@partner.example", ["full_admin", "readonly_admin"])],
      [{ code: "exclusive-roles", path: 'PartnerAdmin "a".roles' }],
    ],
    [
      "a derived role",
      [customerAdmin("c", "c@customer.example", ["provisioning_admin"])],
      [{ code: "derived-role", path: 'CustomerAdmin "c".roles[0]' }],
    ],
    [
      "one person declared twice in one customer org",
      [
        customerAdmin("c1", "c@customer.example", ["full_admin"]),
        customerAdmin("c2", "C@customer.example", ["full_admin"]),
      ],
      [{ code: "duplicate-admin", path: 'CustomerAdmin "c2".email' }],
    ],
    [
      "an expiry on external full access",
      [
        declared("externalAdmin", "x", {
          orgId: "customer-1",
          email: "x@msp.example",
          role: "external_full_admin",
          expiresAt: "2027-01-01T00:00:00Z",
        }),
      ],
      [{ code: "expiry-readonly-only", path: 'ExternalAdmin "x".expiresAt' }],
    ],
  ])("%s", (_, resources, expected) => {
    const found = judgeResources(resources, { now: NOW });
    expect(found.map(({ code, path }) => ({ code, path }))).toEqual(expected);
    // Each violation points at the resource its path names.
    for (const v of found) expect(resources.map((r) => r.urn)).toContain(v.urn);
  });
});

/** Runs a policy's validation and collects what it reports. */
function reported(run: (report: ReportViolation) => void): { message: string; urn?: string }[] {
  const out: { message: string; urn?: string }[] = [];
  run((message, urn) => out.push({ message, ...(urn !== undefined ? { urn } : {}) }));
  return out;
}

describe("the policies", () => {
  const options = { orgPolicy: ORG_POLICY_ENGINE, isUnknown, now: () => NOW, env: {} };
  const [resourcePolicy, stackErrors, stackWarnings] = policies(options);
  const roles = ["full_admin", "readonly_admin"];
  const conflict = stackResource("partnerAdmin", "a", { email: "a@partner.example", roles });
  const stackArgs = (resources: PolicyResource[], config: object = {}): StackValidationArgs => {
    const args = { resources, getConfig: () => config, stackTags: new Map(), notApplicable: () => undefined as never };
    return args as unknown as StackValidationArgs;
  };

  it("are one mandatory resource policy, one mandatory and one advisory stack policy", () => {
    expect([resourcePolicy, stackErrors, stackWarnings].map((p) => [p.name, p.enforcementLevel])).toEqual([
      ["webexhub-resource", "mandatory"],
      ["webexhub-stack", "mandatory"],
      ["webexhub-stack-warnings", "advisory"],
    ]);
  });

  it("report each violation once, with its code, path and message, on the resource", async () => {
    const args = { type: conflict.type, urn: conflict.urn, name: conflict.name, props: conflict.props } as never;
    const validate = resourcePolicy.validateResource as (a: never, r: ReportViolation) => void;
    const fromResource = reported((report) => validate(args, report));
    const start = 'exclusive-roles at PartnerAdmin "a".roles: a@partner.example holds full_admin and readonly_admin';
    expect(fromResource).toEqual([{ message: expect.stringContaining(start), urn: conflict.urn }]);
    expect(fromResource[0]?.message).toMatch(/\(see docs\/rules\.md#exclusive-roles\)$/);
    expect(reported((report) => void stackErrors.validateStack(stackArgs([conflict]), report))).toEqual(fromResource);
    expect(reported((report) => void stackWarnings.validateStack(stackArgs([conflict]), report))).toEqual([]);
  });

  it("split the org policy's errors and warnings between the mandatory and the advisory stack policy", () => {
    const dir = join(ROOT, "test/fixtures/policypack");
    const policyFile = join(dir, "max-two-full-admins-warning.yaml");
    const resources = ["a", "b", "c"].map((n) =>
      stackResource("partnerAdmin", n, { email: `${n}@partner.example`, roles: ["full_admin"] }),
    );
    const args = stackArgs(resources, { policyFile });
    expect(reported((report) => void stackErrors.validateStack(args, report))).toEqual([]);
    const warnings = reported((report) => void stackWarnings.validateStack(args, report));
    const start = `org-policy at PartnerAdmin "c".roles: ${policyFile}:6 (maxHolders full_admin: 2)`;
    expect(warnings.map((w) => w.message)).toEqual([expect.stringContaining(start)]);
  });
});

describe("the org's policy file", () => {
  it.each<[string, { policyFile?: unknown }, Record<string, string>, string | undefined]>([
    ["the pack's config", { policyFile: "/a.yaml" }, { [POLICY_FILE_ENV]: "/b.yaml" }, "/a.yaml"],
    ["the environment without config", {}, { [POLICY_FILE_ENV]: "/b.yaml" }, "/b.yaml"],
    ["nothing", { policyFile: "" }, { [POLICY_FILE_ENV]: "" }, undefined],
  ])("is named by %s", (_, config, env, expected) => {
    expect(policyFileOf(config, env)).toBe(expected);
  });

  const missing = (): Uint8Array => {
    throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
  };
  const misspelt = (): Uint8Array =>
    Buffer.from("apiVersion: webexhub/v1\nkind: OrgPolicy\nroles:\n  - role: full_admn\n");
  it.each<[string, string, (path: string) => Uint8Array, RegExp]>([
    ["a relative path", "g.yaml", () => new Uint8Array(), /must be an absolute path.*"\$PWD\/g\.yaml"/],
    ["a missing file", "/nope/guardrails.yaml", missing, /\/nope\/guardrails\.yaml cannot be read: file not found/],
    ["a file that is not a policy", "/p/g.yaml", misspelt, /\/p\/g\.yaml cannot be used: \/p\/g\.yaml:4: .*full_admin/],
  ])("refuses %s with what to do", (_, path, read, message) => {
    const loaded = loadOrgPolicy(path, ORG_POLICY_ENGINE, read);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.message).toMatch(message);
  });
});

describe("the pack's folder", () => {
  const json = (path: string): unknown => JSON.parse(readFileSync(join(ROOT, path), "utf8"));
  const manifest = json("policypack/package.json") as { version: string; main: string };
  const pkg = json("package.json") as { version: string; files: string[]; dependencies: Record<string, string> };

  it("names the compiled entry, at the package's version (the preview shows it)", () => {
    expect(manifest.main).toBe("../dist/policypack/index.js");
    expect(manifest.version).toBe(pkg.version);
    expect(readFileSync(join(ROOT, "policypack/PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
  });

  it("ships with the package and its @pulumi/policy", () => {
    const shipped = ["dist/policypack", "policypack/PulumiPolicy.yaml", "policypack/package.json"];
    expect(pkg.files).toEqual(expect.arrayContaining(shipped));
    expect(Object.keys(pkg.dependencies)).toContain("@pulumi/policy");
  });
});
