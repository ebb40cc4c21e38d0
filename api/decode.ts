/**
 * Decoders of the wire shapes: each returns the value, or a string saying what is wrong with it,
 * so a body that is not what the API promises fails with a clear reason at the edge.
 */
import type {
  WireAuditEvent,
  WireExternalAdmin,
  WireManagedOrg,
  WireOrganization,
  WirePartnerAdmin,
  WirePerson,
  WirePersonUpdate,
  WireRestrictedMode,
  WireRole,
} from "./wire";
import { PERSON_READ_ONLY_FIELDS } from "./wire";

type Rec = Record<string, unknown>;

function isRec(v: unknown): v is Rec {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}

export function asList<T>(v: unknown, check: (item: unknown) => T | string): T[] | string {
  if (!isRec(v) || !Array.isArray(v.items)) return "expected {items: [...]}";
  const out: T[] = [];
  for (const [i, item] of v.items.entries()) {
    const c = check(item);
    if (typeof c === "string") return `items[${i}]: ${c}`;
    out.push(c);
  }
  return out;
}

function requireStrings(v: unknown, what: string, fields: readonly string[]): Rec | string {
  if (!isRec(v)) return `expected a ${what} object`;
  for (const f of fields) if (typeof v[f] !== "string") return `${what}.${f} is not a string`;
  return v;
}

export function asPerson(v: unknown): WirePerson | string {
  const r = requireStrings(v, "person", ["id", "orgId"]);
  if (typeof r === "string") return r;
  if (!isStringArray(r.emails)) return "person.emails is not a list of strings";
  // Webex leaves `roles` out of a person without admin roles.
  if (r.roles !== undefined && !isStringArray(r.roles)) return "person.roles is not a list of strings";
  if (r.siteRoles !== undefined && !isRec(r.siteRoles)) return "person.siteRoles is not an object";
  const p = r as unknown as WirePerson;
  return r.roles === undefined ? { ...p, roles: [] } : p;
}

export function asRole(v: unknown): WireRole | string {
  const r = requireStrings(v, "role", ["id", "name"]);
  return typeof r === "string" ? r : (r as unknown as WireRole);
}

export function asOrganization(v: unknown): WireOrganization | string {
  const r = requireStrings(v, "organization", ["id"]);
  return typeof r === "string" ? r : (r as unknown as WireOrganization);
}

export function asManagedOrg(v: unknown): WireManagedOrg | string {
  const r = requireStrings(v, "managed organization", ["orgId"]);
  return typeof r === "string" ? r : (r as unknown as WireManagedOrg);
}

export function asPartnerAdmin(v: unknown): WirePartnerAdmin | string {
  const r = requireStrings(v, "partner admin", ["id"]);
  return typeof r === "string" ? r : (r as unknown as WirePartnerAdmin);
}

export function asAuditEvent(v: unknown): WireAuditEvent | string {
  const r = requireStrings(v, "audit event", ["id", "action"]);
  return typeof r === "string" ? r : (r as unknown as WireAuditEvent);
}

export function asExternalAdmin(v: unknown): WireExternalAdmin | string {
  const r = requireStrings(v, "external admin", ["orgId", "personId", "role"]);
  return typeof r === "string" ? r : (r as unknown as WireExternalAdmin);
}

export function asRestrictedMode(v: unknown): WireRestrictedMode | string {
  if (!isRec(v)) return "expected a restricted mode object";
  if (typeof v.enabled !== "boolean") return "restrictedMode.enabled is not a boolean";
  return v as unknown as WireRestrictedMode;
}

/**
 * The PUT body that gives the person back exactly as read: Webex's PUT wipes every updatable field it
 * is not sent (licenses, phone numbers, extension, location, site URLs, manager, addresses …), so the
 * body carries all of them; read-only fields are left out. `roles` replaces the roles when given.
 */
export function personUpdateFrom(p: WirePerson, roles?: readonly string[]): WirePersonUpdate {
  const readOnly: ReadonlySet<string> = new Set(PERSON_READ_ONLY_FIELDS);
  const copy = structuredClone(p) as unknown as Record<string, unknown>;
  for (const field of Object.keys(copy)) if (readOnly.has(field)) delete copy[field];
  const u = copy as unknown as WirePersonUpdate & { loginEnabled?: WirePersonUpdate["loginEnabled"] };
  // The GET gives loginEnabled as "true"/"false"; the documented body takes a boolean.
  if (p.loginEnabled !== undefined) u.loginEnabled = p.loginEnabled === "true";
  if (u.displayName === undefined) u.displayName = "";
  if (roles !== undefined) u.roles = [...roles];
  return u;
}
