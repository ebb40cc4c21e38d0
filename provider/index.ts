/**
 * The dynamic providers, loaded by the thin providers Pulumi keeps in the state.
 */
export { RESOURCE_NAMES, provider } from "./host";
export type { ResourceModule, ResourceName } from "./host";
