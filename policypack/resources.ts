/**
 * Finds the webexhub resources among a stack's resources and reads what they declare.
 *
 * A webexhub resource is a Pulumi dynamic resource whose type token the SDK sets to
 * `pulumi-nodejs:dynamic/webexhub:<Resource>` (sdk/providers.ts). Its stored provider text, which
 * also names the kind, is not what the pack reads: `@pulumi/policy` leaves `__`-prefixed inputs out.
 *
 * Values the engine does not know yet (a preview of inputs computed from other resources) become
 * UNKNOWN, so that the rules that need them wait, as the providers' own checks do.
 */
import { isRoleId, SITE_ROLE_IDS, type RoleId, type SiteRoleId } from "../core";

/** The resource kinds the package declares, as the provider text names them. */
export const RESOURCE_KINDS = [
  "partnerAdmin",
  "customerAssignment",
  "externalAdmin",
  "restrictedMode",
  "customerAdmin",
  "plan",
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** What the pack is handed for each resource (the shape `@pulumi/policy` gives, reduced to what is read). */
export interface StackResource {
  readonly type: string;
  readonly urn: string;
  readonly name: string;
  readonly props: Record<string, unknown>;
}

/** A value the engine will only know at apply. */
export const UNKNOWN: unique symbol = Symbol("unknown until apply");
type Plain = string | number | boolean | null | typeof UNKNOWN | Plain[] | { [key: string]: Plain };

/** One webexhub resource as declared: its kind, its Pulumi name, its URN and its inputs read safely. */
export interface DeclaredResource {
  readonly kind: ResourceKind;
  readonly name: string;
  readonly urn: string;
  readonly props: Readonly<Record<string, Plain>>;
}

/** The type token prefix of every webexhub resource. */
export const TYPE_PREFIX = "pulumi-nodejs:dynamic/webexhub:";

/** The class name in each kind's type token (`pulumi-nodejs:dynamic/webexhub:PartnerAdmin`). */
export const TYPE_NAMES: Readonly<Record<ResourceKind, string>> = {
  partnerAdmin: "PartnerAdmin",
  customerAssignment: "CustomerAssignment",
  externalAdmin: "ExternalAdmin",
  restrictedMode: "RestrictedMode",
  customerAdmin: "CustomerAdmin",
  plan: "Plan",
};

/** The kind a type token names, or undefined when it is not a webexhub resource's. */
export function kindOfType(type: string): ResourceKind | undefined {
  if (!type.startsWith(TYPE_PREFIX)) return undefined;
  const name = type.slice(TYPE_PREFIX.length);
  return RESOURCE_KINDS.find((kind) => TYPE_NAMES[kind] === name);
}

/**
 * A plain copy of a value read through `@pulumi/policy`'s proxy, which throws on a value unknown
 * at preview (`isUnknown` says which errors mean that): those become UNKNOWN, the rest is copied.
 */
export function plainOf(value: unknown, isUnknown: (error: unknown) => boolean, depth = 0): Plain {
  if (value === null || value === undefined || depth > 32) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value !== "object") return null;
  const read = (key: string | number): Plain => {
    try {
      return plainOf((value as Record<string | number, unknown>)[key], isUnknown, depth + 1);
    } catch (error) {
      if (isUnknown(error)) return UNKNOWN;
      throw error;
    }
  };
  if (Array.isArray(value)) return Array.from({ length: value.length }, (_, i) => read(i));
  return Object.fromEntries(Object.keys(value).map((key) => [key, read(key)]));
}

/**
 * The webexhub resources of a stack, by kind then name: the engine registers resources in parallel,
 * so the stack's own order (and the first of several holders a message names) would vary by run.
 */
export function webexhubResources(
  resources: readonly StackResource[],
  isUnknown: (error: unknown) => boolean,
): DeclaredResource[] {
  const out: DeclaredResource[] = [];
  for (const r of resources) {
    const kind = kindOfType(r.type);
    if (kind === undefined || kind === "plan") continue;
    const props = plainOf(r.props, isUnknown);
    if (props === null || typeof props !== "object" || Array.isArray(props)) continue;
    out.push({ kind, name: r.name, urn: r.urn, props });
  }
  const rank = (r: DeclaredResource): number => RESOURCE_KINDS.indexOf(r.kind);
  out.sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}

/**
 * The partner org's id, for the policy entries limited to listed orgs: the stack's webexhub provider
 * config (`webexhub:partnerOrgId`), else the org a created PartnerAdmin reports. Only that key of the
 * provider is read: its inputs also hold the token.
 */
export function partnerOrgIdOf(
  resources: readonly StackResource[],
  declared: readonly DeclaredResource[],
  isUnknown: (error: unknown) => boolean,
): string | undefined {
  for (const r of resources) {
    if (r.type !== "pulumi:providers:pulumi-nodejs") continue;
    const id = readKey(r.props, "webexhub:partnerOrgId", isUnknown);
    if (typeof id === "string" && id !== "") return id;
  }
  for (const r of declared) {
    const orgId = r.kind === "partnerAdmin" ? r.props.orgId : undefined;
    if (typeof orgId === "string" && orgId !== "") return orgId;
  }
  return undefined;
}

function readKey(props: Record<string, unknown>, key: string, isUnknown: (error: unknown) => boolean): unknown {
  try {
    return props[key];
  } catch (error) {
    if (isUnknown(error)) return undefined;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Typed reads of one input: null when unknown or of another shape (the provider's schema check
// reports a wrong shape; the rules here only wait for it).

export function textOf(value: Plain | undefined): string | null {
  return typeof value === "string" ? value : null;
}

export function boolOf(value: Plain | undefined): boolean | null {
  return typeof value === "boolean" ? value : null;
}

/** `undefined` when absent (the input was not given), null when unknown or malformed. */
export function optionalTextOf(value: Plain | undefined): string | null | undefined {
  return value === undefined || value === null ? undefined : textOf(value);
}

export function textsOf(value: Plain | undefined): string[] | null {
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : null;
}

export function rolesOf(value: Plain | undefined): RoleId[] | null {
  const texts = textsOf(value);
  return texts !== null && texts.every(isRoleId) ? (texts as RoleId[]) : null;
}

/** Site URL → site role; `undefined` when absent, null when unknown or malformed. */
export function sitesOf(value: Plain | undefined): Record<string, SiteRoleId> | null | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) return null;
  const entries = Object.entries(value);
  const valid = entries.every(([, role]) => (SITE_ROLE_IDS as readonly unknown[]).includes(role));
  return valid ? (Object.fromEntries(entries) as Record<string, SiteRoleId>) : null;
}
