/**
 * The entry point the providers stored in the state (sdk/providers.ts) load by package name inside
 * the dynamic-provider process: `pulumi-webexhub/host` (states written by earlier versions name
 * `pulumi-webexhub/dist/provider/host.js`, the same file). Keeping the code here, not
 * in the state, keeps every resource's state small and free of paths: the state names only the
 * package and the resource, so a moved checkout or a newer version of the package still loads.
 *
 * The configured implementation lives on each provider object (`slot`), never at module level: the
 * dynamic-provider process makes one provider object per stored provider text and configures it once.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ConfigSource } from "../hub";
import type { BoundProvider } from "./context";
import { handedOver, installDetailedDiff, type DiffOutcome } from "./detailedDiff";
import { exitWithParent, isDynamicProviderProcess } from "./orphan";

// Loaded inside Pulumi's dynamic-provider process: leave with the engine, not after it (orphan.ts).
if (isDynamicProviderProcess()) exitWithParent();

export const RESOURCE_NAMES = ["partnerAdmin", "customerAssignment", "externalAdmin", "restrictedMode", "customerAdmin", "plan"] as const;
export type ResourceName = (typeof RESOURCE_NAMES)[number];

/** The contract every module in provider/resources/ implements. */
export interface ResourceModule {
  createProvider(config?: ConfigSource): BoundProvider<unknown, unknown>;
}

/** What a serialized provider carries: its resource's name, and (once configured) its implementation. */
export interface ProviderSlot {
  readonly r: string;
  c?: BoundProvider<unknown, unknown>;
}

function load(name: string): ResourceModule {
  if (!(RESOURCE_NAMES as readonly string[]).includes(name)) {
    throw new Error(`pulumi-webexhub has no resource "${name}" (the state was written by another version?): known are ${RESOURCE_NAMES.join(", ")}`);
  }
  // A static list rather than a computed path: the bundle of resources is part of this package.
  switch (name as ResourceName) {
    case "partnerAdmin":
      return require("./resources/partnerAdmin") as ResourceModule;
    case "customerAssignment":
      return require("./resources/customerAssignment") as ResourceModule;
    case "externalAdmin":
      return require("./resources/externalAdmin") as ResourceModule;
    case "restrictedMode":
      return require("./resources/restrictedMode") as ResourceModule;
    case "customerAdmin":
      return require("./resources/customerAdmin") as ResourceModule;
    case "plan":
      return require("./resources/plan") as ResourceModule;
  }
}

/** The engine's Configure: the stack's configuration for this provider object. */
export function configure(slot: ProviderSlot, config: ConfigSource | undefined): void {
  slot.c = load(slot.r).createProvider(config);
}

/** The provider object's implementation; never configured means the environment alone. */
export function bound(slot: ProviderSlot): BoundProvider<unknown, unknown> {
  return (slot.c ??= load(slot.r).createProvider());
}

/** A provider object for the dynamic-provider process (or a test): configured by the engine, or not. */
export function provider(name: string): pulumi.dynamic.ResourceProvider {
  const slot: ProviderSlot = { r: name };
  // In the dynamic-provider process: lets the diffs below reach the engine per property.
  installDetailedDiff();
  return {
    configure: async (req) => configure(slot, req.config),
    check: (olds, news) => bound(slot).check(olds, news),
    diff: async (id, olds, news) => handedOver((await bound(slot).diff(id, olds, news)) as DiffOutcome),
    create: (inputs) => bound(slot).create(inputs),
    // Pulumi types the inputs of a read as outputs; they are inputs.
    read: async (id, props) => (await bound(slot).read(id, props)) as pulumi.dynamic.ReadResult,
    update: (id, olds, news) => bound(slot).update(id, olds, news),
    delete: (id, props) => bound(slot).delete(id, props),
  };
}
