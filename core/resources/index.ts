/**
 * The registry of resources: one descriptor each. Adding a resource adds its descriptor here (and
 * its Hub half in provider/resources/<name>.ts, its schema file and its docs section); every list
 * of resources elsewhere is derived from this one.
 */
import { customerAdmin } from "./customerAdmin";
import { customerAssignment } from "./customerAssignment";
import { externalAdmin } from "./externalAdmin";
import { partnerAdmin } from "./partnerAdmin";
import { restrictedMode } from "./restrictedMode";
import type { DigestEntry, ResourceDescriptor } from "./types";

/** The resources a program declares, in the order the host has always listed them. */
export const RESOURCES = [partnerAdmin, customerAssignment, externalAdmin, restrictedMode, customerAdmin] as const;

export type Descriptor = (typeof RESOURCES)[number];
export type DeclaredName = Descriptor["name"];

/** The program's Plan: a resource of its own, made by the SDK, with no schema of its own. */
export const PLAN_RESOURCE = { name: "plan", type: "Plan" } as const;

/** Every name a stored provider text may load. */
export type ResourceName = DeclaredName | typeof PLAN_RESOURCE.name;
export const RESOURCE_NAMES: readonly ResourceName[] = [...RESOURCES.map((d) => d.name), PLAN_RESOURCE.name];

type EntryOf<D> = D extends ResourceDescriptor<string, string, infer E> ? E : never;

/** What the Plan's digest holds: one list per resource, each declaration's entry. */
export type PlanDigest = { readonly [D in Descriptor as D["digestKey"]]: readonly EntryOf<D>[] };

/** Any list of descriptors (the registry, or the registry and a resource a test adds). */
export type Registry = readonly ResourceDescriptor<string, string, DigestEntry>[];

export function descriptorNamed(name: string, registry: Registry = RESOURCES): ResourceDescriptor | undefined {
  return registry.find((d) => d.name === name);
}

export { customerAdmin, customerAssignment, externalAdmin, partnerAdmin, restrictedMode };
export type { DigestEntry, ResourceDescriptor } from "./types";
export type { PlannedAdmin, PartnerAdminFields } from "./partnerAdmin";
export type { PlannedCustomerAdmin, CustomerAdminFields } from "./customerAdmin";
export type { PlannedAssignment, CustomerAssignmentFields } from "./customerAssignment";
export type { PlannedExternal, ExternalAdminFields } from "./externalAdmin";
export type { PlannedRestrictedMode, RestrictedModeFields } from "./restrictedMode";
export { personDesired, type SiteMap } from "./personRoles";
