/**
 * The dynamic providers as the state stores them. Pulumi keeps a resource's provider as the text of
 * a module exporting `handler()`, twice per resource (inputs and outputs), and writes the whole
 * state after every step of an up: so the text here is a few hundred bytes that load the
 * implementation by PACKAGE NAME at run time, inside the dynamic-provider process
 * (`pulumi-webexhub/host`), rather than a closure serialized with its code and the
 * absolute path of a checkout. A stack keeps working after its checkout moved or the package was
 * upgraded, and a state of 1,000 resources stays small.
 *
 * Where the package is looked for, in order: from the project directory the engine runs the
 * provider in (its node_modules, or the package itself when the project is this repository), then
 * beside the `@pulumi/pulumi` that hosts the provider. A missing package surfaces as Node's "Cannot
 * find module 'pulumi-webexhub/host'".
 *
 * The text holds no token and no endpoint: the implementation reads them in `configure()` or from
 * the environment.
 */
import * as pulumi from "@pulumi/pulumi";
import { provider, RESOURCE_NAMES, type ResourceName } from "../provider";

export { RESOURCE_NAMES, type ResourceName };
export type { ResourceModule } from "../provider";

/**
 * The package's `./host` export (dist/provider/host.js). States written before it existed name
 * `pulumi-webexhub/dist/provider/host.js`, which stays exported for them.
 */
export const HOST_MODULE = "pulumi-webexhub/host";

/**
 * The module text stored as `__provider` for a resource of this kind: minified, since every byte is
 * stored twice per resource and rewritten with the whole state after every step.
 */
export function providerSource(resource: string): string {
  return (
    `exports.handler=()=>{const n=${JSON.stringify(HOST_MODULE)};let h;` +
    `try{h=require("module").createRequire(process.cwd()+"/")(n)}` +
    `catch(e){if(e.code!=="MODULE_NOT_FOUND")throw e;h=require.main.require(n)}` +
    `return h.provider(${JSON.stringify(resource)})}`
  );
}

/** The provider objects themselves (what `handler()` returns), for advanced use and testing. */
export function makeProvider(resource: ResourceName): pulumi.dynamic.ResourceProvider {
  return provider(resource);
}

/** One provider object per resource of the registry, and the Plan's. */
export const providers = Object.fromEntries(RESOURCE_NAMES.map((name) => [name, makeProvider(name)])) as Readonly<
  Record<ResourceName, pulumi.dynamic.ResourceProvider>
>;

/**
 * Pulumi's `import` reads the resource before any of its inputs exist, so the engine cannot find a
 * dynamic resource's provider (it would fail with "code must be a string, not undefined"). Say so,
 * with what does work, before anything is registered.
 */
function refuseImport(type: string, name: string, opts: pulumi.CustomResourceOptions | undefined): void {
  if (opts?.import === undefined) return;
  throw new pulumi.RunError(
    `${type} "${name}": the import resource option does not work for webexhub resources (Pulumi imports a dynamic ` +
      `resource before its provider is known). Remove it and declare the resource with adopt: true to take over what the ` +
      `person holds now (the preview shows what changes), or run \`webexhub export\` to write the live Hub as a GitOps file.`,
  );
}

/** What names a resource in the state: the name its provider text loads, and its type token's tail. */
export interface ResourceKind {
  readonly name: string;
  readonly type: string;
}

/**
 * A dynamic resource whose stored provider is `providerSource(kind.name)`: what
 * `pulumi.dynamic.Resource` does, with the small text instead of a serialized closure. The type
 * token is the same (`pulumi-nodejs:dynamic/webexhub:<Type>`), so existing stacks carry on.
 */
export abstract class WebexhubResource extends pulumi.CustomResource {
  constructor(kind: ResourceKind, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    const type = kind.type;
    if (props.__provider !== undefined) throw new Error(`${type} ${name}: __provider is reserved for the provider`);
    refuseImport(type, name, opts);
    super(`pulumi-nodejs:dynamic/webexhub:${type}`, name, { ...props, __provider: providerSource(kind.name) }, opts);
  }
}
