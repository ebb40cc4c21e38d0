/**
 * The dynamic providers as Pulumi serializes them into the state. Each is a thin object whose
 * methods capture nothing but two strings (where the implementation lives) and `require` the
 * implementation inside the method, in the dynamic-provider process. The token is never captured:
 * the implementation reads it in `configure()` or from WEBEXHUB_TOKEN.
 */
import { join } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { BoundProvider } from "../provider/context";

export const RESOURCE_NAMES = ["partnerAdmin", "customerAssignment", "externalAdmin", "restrictedMode", "customerAdmin", "plan"] as const;
export type ResourceName = (typeof RESOURCE_NAMES)[number];

/** The contract every module in provider/resources/ implements. */
export interface ResourceModule {
  createProvider(config?: { get(key: string): string | undefined }): BoundProvider<unknown, unknown>;
}

export function makeProvider(resource: ResourceName): pulumi.dynamic.ResourceProvider {
  // Plain strings: the absolute path of this build (same machine), then the package name (the
  // state applied on another machine, where the package is installed in node_modules).
  // Run from TypeScript sources (ts-node, vitest), this file is sdk/providers.ts, but the
  // dynamic-provider process can only load JavaScript: point it at the build in dist/.
  const modulePath = __filename.endsWith(".ts")
    ? join(__dirname, "..", "dist", "provider", "resources", `${resource}.js`)
    : join(__dirname, "..", "provider", "resources", `${resource}.js`);
  const packagePath = `pulumi-webexhub/dist/provider/resources/${resource}.js`;
  const load = (): ResourceModule => {
    try {
      return require(modulePath);
    } catch (error) {
      if ((error as { code?: string }).code !== "MODULE_NOT_FOUND") throw error;
      return require(packagePath);
    }
  };
  // The configured implementation of this provider object, made in `configure()` inside the
  // dynamic-provider process (which configures each deserialized provider once); without a
  // `configure()` it reads the environment. It lives in an object, not a `let`: the closure
  // serializer gives each method its own copy of a captured variable, but shares objects. Never
  // set in the program's process, so it is serialized empty.
  const state: { configured?: ReturnType<ResourceModule["createProvider"]> } = {};
  const impl = (): ReturnType<ResourceModule["createProvider"]> => (state.configured ??= load().createProvider());
  return {
    configure: async (req) => {
      state.configured = load().createProvider(req.config);
    },
    check: (olds, news) => impl().check(olds, news),
    diff: (id, olds, news) => impl().diff(id, olds, news),
    create: (inputs) => impl().create(inputs),
    // Pulumi types the inputs of a read as outputs; they are inputs.
    read: async (id, props) => (await impl().read(id, props)) as pulumi.dynamic.ReadResult,
    update: (id, olds, news) => impl().update(id, olds, news),
    delete: (id, props) => impl().delete(id, props),
  };
}

/** The provider objects, for advanced use and testing. */
export const providers: Readonly<Record<ResourceName, pulumi.dynamic.ResourceProvider>> = {
  partnerAdmin: makeProvider("partnerAdmin"),
  customerAssignment: makeProvider("customerAssignment"),
  externalAdmin: makeProvider("externalAdmin"),
  restrictedMode: makeProvider("restrictedMode"),
  customerAdmin: makeProvider("customerAdmin"),
  plan: makeProvider("plan"),
};
