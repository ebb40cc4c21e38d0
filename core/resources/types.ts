/**
 * What a resource is, said once: the pure half of its descriptor. The host's list, the schema
 * registry, the Plan's digest, the SDK's argument types and the docs' resource table are derived
 * from these; the Hub half (its reads and writes) lives in provider/resources/<name>.ts, keyed by
 * the same `name`.
 */
import { isRoleId, SITE_ROLE_IDS, type RoleId, type SiteRoleId } from "../rules/catalog";
import type { RuleCode } from "../rules/types";

/** One declaration in the Plan's digest: the Pulumi resource name, then what the rules need. */
export interface DigestEntry {
  readonly name: string;
}

export interface ResourceDescriptor<
  Name extends string = string,
  Key extends string = string,
  Entry extends DigestEntry = DigestEntry,
> {
  /** The name the state's provider text loads (`provider("partnerAdmin")`) and its provider module's file name. */
  readonly name: Name;
  /** The type token's tail: `pulumi-nodejs:dynamic/webexhub:<type>`, and the SDK class's name. */
  readonly type: string;
  /** Its input schema (schema/<schemaId>.schema.json), checked at `check`. */
  readonly schemaId: string;
  readonly schema: object;
  /**
   * The inputs that name the Hub object, and how each compares (an email case-insensitively, an id
   * exactly): a change to one replaces the resource.
   */
  readonly identity: Readonly<Record<string, "email" | "id">>;
  /** The outputs only the provider sets: the SDK registers them unknown until it answers. */
  readonly outputs: readonly string[];
  /**
   * The rules that can stop its delete (the ones the removal itself cannot break are not asked);
   * undefined: every rule, as for a write.
   */
  readonly deleteGuards?: readonly RuleCode[];
  /** Its check leaves the org-wide rules to the program's Plan (the SDK says so in `__planned`). */
  readonly judgedByPlan: boolean;
  /** Its writes are role writes the Plan puts in an order the applier can follow. */
  readonly ordered: boolean;
  /** Its list in the Plan's digest. */
  readonly digestKey: Key;
  /** One declaration's entry, from its arguments as the program knows them (an unknown value is null). */
  entryOf(name: string, args: Readonly<Record<string, unknown>>): Entry;
  /** An entry as the engine hands it back: anything not of the expected shape becomes null, never an exception. */
  readEntry(raw: Readonly<Record<string, unknown>>): Entry;
  /** One line for the docs' resource table: what the resource is authoritative for. */
  readonly summary: string;
}

export const text = (value: unknown): string | null => (typeof value === "string" ? value : null);

/**
 * An argument as the program gave it (null: not known yet), taken at its declared type: a value
 * Pulumi cannot serialize must reach the digest, where taking it fails with the resource's name.
 */
export const given = <T>(value: unknown): T | null => (value === undefined || value === null ? null : (value as T));

export const nameOf = (raw: Readonly<Record<string, unknown>>): string => text(raw.name) ?? "?";

export function rolesOf(value: unknown): RoleId[] | null {
  return Array.isArray(value) && value.every(isRoleId) ? (value as RoleId[]) : null;
}

/** Site URL → site role, or null when unknown or not of that shape. */
export function siteRolesOf(value: unknown): Record<string, SiteRoleId> | null {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const entries = Object.entries(value as Record<string, unknown>);
  const valid = entries.every(([, role]) => (SITE_ROLE_IDS as readonly unknown[]).includes(role));
  return valid ? (Object.fromEntries(entries) as Record<string, SiteRoleId>) : null;
}

/** A record's string values as the program declared them (any text: the resource's check judges it). */
export function declaredRoles(value: unknown): RoleId[] | null {
  return Array.isArray(value) && value.every((r) => typeof r === "string") ? (value as RoleId[]) : null;
}

export function declaredSites(value: unknown): Record<string, SiteRoleId> | null {
  if (value === undefined) return {};
  if (value === null || typeof value !== "object" || Object.values(value).some((role) => typeof role !== "string"))
    return null;
  return value as Record<string, SiteRoleId>;
}
