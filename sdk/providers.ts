/**
 * The dynamic providers as Pulumi serializes them into the state. Each is a thin object whose
 * methods capture nothing but two strings (where the implementation lives) and `require` the
 * implementation inside the method, in the dynamic-provider process. The token is never captured:
 * the implementation reads it in `configure()` or from WEBEXHUB_TOKEN.
 */
import { join } from "node:path";
import type * as pulumi from "@pulumi/pulumi";

export const RESOURCE_NAMES = ["partnerAdmin", "customerAssignment", "externalAdmin", "restrictedMode"] as const;
export type ResourceName = (typeof RESOURCE_NAMES)[number];

/** The contract every module in provider/resources/ implements. */
export interface ResourceModule {
  configure(config: { get(key: string): string | undefined }): void;
  check(olds: unknown, news: unknown): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: unknown): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.UpdateResult>;
  remove(id: string, props: unknown): Promise<void>;
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
  return {
    configure: async (req) => load().configure(req.config),
    check: (olds, news) => load().check(olds, news),
    diff: (id, olds, news) => load().diff(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read(id, props),
    update: (id, olds, news) => load().update(id, olds, news),
    delete: (id, props) => load().remove(id, props),
  };
}

/** The provider objects, for advanced use and testing. */
export const providers: Readonly<Record<ResourceName, pulumi.dynamic.ResourceProvider>> = {
  partnerAdmin: makeProvider("partnerAdmin"),
  customerAssignment: makeProvider("customerAssignment"),
  externalAdmin: makeProvider("externalAdmin"),
  restrictedMode: makeProvider("restrictedMode"),
};
