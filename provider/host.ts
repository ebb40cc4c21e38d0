/**
 * The entry point the providers stored in the state (sdk/providers.ts) load by package name inside
 * the dynamic-provider process: `pulumi-webexhub/host` (states written by earlier versions name
 * `pulumi-webexhub/dist/provider/host.js`, the same file). Keeping the code here, not
 * in the state, keeps every resource's state small and free of paths: the state names only the
 * package and the resource, so a moved checkout or a newer version of the package still loads.
 *
 * The resources are those of the registry (core/resources), each implemented by the module of its
 * name in provider/resources/. The configured implementation lives on each provider object
 * (`slot`), never at module level: the dynamic-provider process makes one provider object per
 * stored provider text and configures it once.
 */
import type * as pulumi from "@pulumi/pulumi";
import { RESOURCE_NAMES, type ResourceName } from "../core";
import type { ConfigSource } from "../hub";
import type { BoundProvider } from "./context";
import { handedOver, installDetailedDiff, type DiffOutcome } from "./detailedDiff";
import { exitWithParent, isDynamicProviderProcess } from "./orphan";

// Loaded inside Pulumi's dynamic-provider process: leave with the engine, not after it (orphan.ts).
if (isDynamicProviderProcess()) exitWithParent();

export { RESOURCE_NAMES, type ResourceName };

/** The contract every module in provider/resources/ implements: the Hub half of a descriptor. */
export interface ResourceModule {
  createProvider(config?: ConfigSource): BoundProvider<unknown, unknown>;
}

/** What a serialized provider carries: its resource's name, and (once configured) its implementation. */
export interface ProviderSlot {
  readonly resource: string;
  implementation?: BoundProvider<unknown, unknown>;
}

/** The resources a host offers: their names, and how each one's Hub half is loaded. */
export interface HostResources {
  readonly names: readonly string[];
  load(name: string): ResourceModule;
}

/**
 * Each resource's Hub half by its descriptor's name, loaded only when a provider of that resource
 * is used (a state loads one or two of them). Keyed by `ResourceName`: a descriptor without its
 * module here does not compile. Literal paths: the bundle of resources is part of this package.
 */
const MODULES: Readonly<Record<ResourceName, () => ResourceModule>> = {
  partnerAdmin: () => require("./resources/partnerAdmin") as ResourceModule,
  customerAssignment: () => require("./resources/customerAssignment") as ResourceModule,
  externalAdmin: () => require("./resources/externalAdmin") as ResourceModule,
  restrictedMode: () => require("./resources/restrictedMode") as ResourceModule,
  customerAdmin: () => require("./resources/customerAdmin") as ResourceModule,
  plan: () => require("./resources/plan") as ResourceModule,
};

/** The package's own resources: the registry's names, each one's module from provider/resources/. */
export const PACKAGE_RESOURCES: HostResources = {
  names: RESOURCE_NAMES,
  load: (name) => MODULES[name as ResourceName](),
};

function load(resources: HostResources, name: string): ResourceModule {
  if (!resources.names.includes(name)) {
    const known = resources.names.join(", ");
    throw new Error(
      `pulumi-webexhub has no resource "${name}" (the state was written by another version?): known are ${known}`,
    );
  }
  return resources.load(name);
}

/**
 * A slot as the state's provider text makes it. States written before the fields had names carry
 * the resource as `r`: read either.
 */
export function slotOf(stored: { readonly resource?: string; readonly r?: string }): ProviderSlot {
  return { resource: stored.resource ?? stored.r ?? "" };
}

/** The engine's Configure: the stack's configuration for this provider object. */
export function configure(slot: ProviderSlot, config: ConfigSource | undefined, resources = PACKAGE_RESOURCES): void {
  slot.implementation = load(resources, slot.resource).createProvider(config);
}

/** The provider object's implementation; never configured means the environment alone. */
export function bound(slot: ProviderSlot, resources = PACKAGE_RESOURCES): BoundProvider<unknown, unknown> {
  return (slot.implementation ??= load(resources, slot.resource).createProvider());
}

/** A provider object for the dynamic-provider process (or a test): configured by the engine, or not. */
export function provider(name: string, resources = PACKAGE_RESOURCES): pulumi.dynamic.ResourceProvider {
  const slot: ProviderSlot = { resource: name };
  const impl = (): BoundProvider<unknown, unknown> => bound(slot, resources);
  // In the dynamic-provider process: lets the diffs below reach the engine per property.
  installDetailedDiff();
  return {
    configure: async (req) => configure(slot, req.config, resources),
    check: (olds, news) => impl().check(olds, news),
    diff: async (id, olds, news) => handedOver((await impl().diff(id, olds, news)) as DiffOutcome),
    create: (inputs) => impl().create(inputs),
    // Pulumi types the inputs of a read as outputs; they are inputs.
    read: async (id, props) => (await impl().read(id, props)) as pulumi.dynamic.ReadResult,
    update: (id, olds, news) => impl().update(id, olds, news),
    delete: (id, props) => impl().delete(id, props),
  };
}
