/**
 * A resource added in a test: one descriptor (with its schema) and its Hub half. Everything else
 * is derived from them: the host serves it, the schema registry checks its inputs, the SDK class is
 * the descriptor made a Pulumi resource and enters the program's plan, the Plan's digest reads its
 * list, and it works through the provider's check, diff and create against the mock Hub.
 */
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { digestOf, readPlan } from "../../core/plan";
import { RESOURCE_NAMES, RESOURCES, type DigestEntry, type ResourceDescriptor } from "../../core/resources";
import { validateInputs } from "../../core/schema";
import type { ConfigSource } from "../../hub";
import { bindOperations, ProviderContext, type BoundProvider, type ResourceOperations } from "../../provider/context";
import { schemaFailures } from "../../provider/failures";
import { PACKAGE_RESOURCES, provider, type HostResources, type ResourceModule } from "../../provider/host";
import { DeclaredResource, type ArgsOf } from "../../sdk/resources";
import { harnessConfig, startHarness, type Harness } from "../provider/harness";

const registered = new Map<string, { type: string; inputs: Record<string, unknown> }>();
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.set(args.name, { type: args.type, inputs: args.inputs as Record<string, unknown> });
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: () => ({}),
  },
  "webexhub-test",
  "sixth",
  true,
);

// --- The fixture: what adding a resource takes. ---

/** A person the program names by email, looked up in the Hub: it writes nothing. */
interface PersonLookupFields {
  email: string;
}

interface PlannedLookup extends DigestEntry {
  readonly email: string | null;
}

const personLookupSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  additionalProperties: false,
  required: ["email"],
  properties: { email: { type: "string", format: "email" } },
};

const personLookup: ResourceDescriptor<"personLookup", "personLookups", PlannedLookup> = {
  name: "personLookup",
  type: "PersonLookup",
  schemaId: "person-lookup",
  schema: personLookupSchema,
  identity: { email: "email" },
  outputs: ["personId"],
  judgedByPlan: false,
  ordered: false,
  digestKey: "personLookups",
  entryOf: (name, args) => ({ name, email: typeof args.email === "string" ? args.email : null }),
  readEntry: (raw) => ({
    name: typeof raw.name === "string" ? raw.name : "?",
    email: typeof raw.email === "string" ? raw.email : null,
  }),
  summary: "a person of the Hub, by email",
};

type LookupInputs = PersonLookupFields;
type LookupOutputs = PersonLookupFields & { personId: string };

const operations: ResourceOperations<LookupInputs, LookupOutputs> = {
  check: async (_ctx, _olds, news) => ({ inputs: news, failures: schemaFailures(personLookup, news) }),
  diff: async (_ctx, _id, olds, news) =>
    olds.email === news.email ? { changes: false } : { changes: true, replaces: ["email"] },
  create: async (ctx, inputs) => {
    const person = await ctx.hub().personByEmail(inputs.email);
    if (!person) throw new Error(`no person ${inputs.email}`);
    return { id: person.id, outs: { ...inputs, personId: person.id } };
  },
  read: async (_ctx, id, props) => ({ id, props }),
  update: async (_ctx, _id, _olds, news) => ({ outs: { ...news, personId: "" } }),
  delete: async () => undefined,
};

const lookupModule: ResourceModule = {
  createProvider: (config?: ConfigSource) =>
    bindOperations(operations, new ProviderContext(config)) as unknown as BoundProvider<unknown, unknown>,
};

class PersonLookup extends DeclaredResource {
  declare readonly personId: pulumi.Output<string>;
  constructor(name: string, args: ArgsOf<PersonLookupFields>, opts?: pulumi.CustomResourceOptions) {
    super(personLookup, name, args, opts);
  }
}

// --- What is derived from it. ---

const registry = [...RESOURCES, personLookup];
const host: HostResources = {
  names: [...RESOURCE_NAMES, personLookup.name],
  load: (name) => (name === personLookup.name ? lookupModule : PACKAGE_RESOURCES.load(name)),
};

/** Lets the mocked engine take every registration (the plan's digest waits a turn of the event loop). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe("a sixth resource: one descriptor and its schema", () => {
  it("is served by a host whose list includes it, and an unknown name is refused naming the list", async () => {
    expect(host.names).toContain("personLookup");
    const unknown = provider("nosuch", host) as Required<pulumi.dynamic.ResourceProvider>;
    await expect(Promise.resolve().then(() => unknown.check({}, {}))).rejects.toThrow(
      /no resource "nosuch".*personLookup/,
    );
  });

  it("has its inputs checked by its schema", () => {
    expect(validateInputs(personLookup, { email: "a@b.example" })).toEqual([]);
    expect(validateInputs(personLookup, { email: "a@b.example", mail: 1 })).toEqual([
      expect.objectContaining({ path: "mail", unknownField: true }),
    ]);
    expect(schemaFailures(personLookup, { email: "not an email" })).toEqual([
      { property: "email", reason: expect.stringContaining("must be an email address") },
    ]);
  });

  it("has a list in the Plan's digest, read back from the engine like the others", () => {
    expect(Object.keys(digestOf(() => [], registry))).toContain("personLookups");
    const read = readPlan(
      { personLookups: [{ name: "who", email: "a@b.example" }, "junk"] },
      registry,
    ) as unknown as Record<string, unknown>;
    expect(read.personLookups).toEqual([
      { name: "who", email: "a@b.example" },
      { name: "?", email: null },
    ]);
    expect(read.partnerAdmins).toEqual([]);
  });

  it("is an SDK class whose declaration enters the program's plan, its outputs registered unknown", async () => {
    const lookup = new PersonLookup("who", { email: "admin@partner.example" });
    await settle();
    expect(registered.get("who")).toMatchObject({
      type: "pulumi-nodejs:dynamic/webexhub:PersonLookup",
      inputs: { email: "admin@partner.example" },
    });
    expect(String(registered.get("who")?.inputs.__provider)).toContain('provider("personLookup")');
    const plan = registered.get("webexhub-plan")?.inputs.__plan as Record<string, unknown>;
    expect(plan.personLookups).toEqual([{ name: "who", email: "admin@partner.example" }]);
    expect(plan.partnerAdmins).toEqual([]);
    expect(lookup.urn).toBeDefined();
  });
});

describe("a sixth resource through the provider's check, diff and create, against the mock Hub", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.stop());
  beforeEach(() => h.as("admin@partner.example"));

  it("checks, diffs and creates", async () => {
    const p = provider("personLookup", host) as Required<pulumi.dynamic.ResourceProvider>;
    await p.configure({ config: harnessConfig } as unknown as pulumi.dynamic.ConfigureRequest);
    expect(await p.check({}, { email: "nope" })).toEqual({
      inputs: { email: "nope" },
      failures: [{ property: "email", reason: expect.any(String) }],
    });
    expect(await p.check({}, { email: "second@partner.example" })).toEqual({
      inputs: { email: "second@partner.example" },
      failures: [],
    });
    const created = await p.create({ email: "second@partner.example" });
    expect(created.id).toMatch(/\S/);
    expect(created.outs).toEqual({ email: "second@partner.example", personId: created.id });
    expect(await p.diff(created.id, created.outs, { email: "second@partner.example" })).toMatchObject({
      changes: false,
    });
    expect(await p.diff(created.id, created.outs, { email: "admin@partner.example" })).toMatchObject({
      changes: true,
      replaces: ["email"],
    });
  });
});
