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
  WireScimPatch,
  WireScimRole,
} from "./wire";
import { SCIM_PATCH_SCHEMA } from "./wire";

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
  const r = requireStrings(v, "audit event", ["id", "created"]);
  if (typeof r === "string") return r;
  if (!isRec(r.data)) return "audit event.data is not an object";
  return r as unknown as WireAuditEvent;
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
 * The fields of `PUT /people/{id}` (the spec's request schema): Webex replaces the whole person with
 * the body, so every one of them that was read goes back, or it is wiped.
 */
export const PERSON_PUT_FIELDS = [
  "emails",
  "phoneNumbers",
  "extension",
  "locationId",
  "displayName",
  "firstName",
  "lastName",
  "nickName",
  "avatar",
  "orgId",
  "roles",
  "licenses",
  "department",
  "manager",
  "managerId",
  "title",
  "addresses",
  "siteUrls",
  "loginEnabled",
] as const;

/** Fields only the mock Hub returns (extensions); sent back only when the Hub itself returned them. */
export const PERSON_EXTENSION_FIELDS = ["siteRoles"] as const;

/** A `PUT /people/{id}` body: the documented fields, plus extension fields the Hub returned. */
export type PersonPut = WirePersonUpdate;

/**
 * The PUT body that gives the person back exactly as read (GET-then-PUT, as the spec asks): every
 * updatable field present in the GET, deep-copied. A `work_extension` phone number is left out: the
 * spec says it cannot set the extension (`extension` carries it) and its PUT schema refuses the type.
 */
export function personUpdateFrom(p: WirePerson, roles?: readonly string[]): WirePersonUpdate {
  const read = p as unknown as Rec;
  const body: Rec = {};
  for (const field of [...PERSON_PUT_FIELDS, ...PERSON_EXTENSION_FIELDS]) {
    const v = read[field];
    if (v !== undefined && v !== null) body[field] = structuredClone(v);
  }
  if (Array.isArray(body.phoneNumbers)) {
    body.phoneNumbers = (body.phoneNumbers as unknown[]).filter((n) => !(isRec(n) && n.type === "work_extension"));
  }
  // Listed as a string in the Person schema, a boolean in the PUT body.
  if (typeof body.loginEnabled === "string") body.loginEnabled = body.loginEnabled === "true";
  // Required by the PUT; a person without one gets the name Webex would show.
  if (typeof body.displayName !== "string") {
    const names = [p.firstName, p.lastName].filter((n): n is string => typeof n === "string" && n !== "");
    body.displayName = names.length > 0 ? names.join(" ") : (p.emails[0] ?? "");
  }
  if (roles !== undefined) body.roles = [...roles];
  return body as unknown as WirePersonUpdate;
}

// ---------------------------------------------------------------------------------------------
// SCIM 2 (roles only: the one thing this client writes through it)

export type ScimRole = WireScimRole;
export type ScimPatch = WireScimPatch;

/**
 * A roles-only PatchOp: one `add` with every role gained, one `remove` per role lost, addressed by
 * an RFC 7644 value filter (a bare `remove` of `roles` would drop them all). Nothing else of the
 * user is named, so nothing else can change, and a concurrent writer's roles are left alone.
 */
export function scimRolePatch(add: readonly ScimRole[], remove: readonly string[]): ScimPatch {
  const ops: WireScimPatch["Operations"] = [];
  if (add.length > 0) ops.push({ op: "add", path: "roles", value: add.map((r) => ({ ...r, type: r.type ?? "cirole" })) });
  for (const value of remove) ops.push({ op: "remove", path: `roles[value eq ${JSON.stringify(value)}]` });
  return { schemas: [SCIM_PATCH_SCHEMA], Operations: ops };
}

/** The part of a SCIM user this client reads back: it exists, and its roles. */
export interface ScimUser {
  id: string;
  roles: ScimRole[];
}

export function asScimUser(v: unknown): ScimUser | string {
  const r = requireStrings(v, "SCIM user", ["id"]);
  if (typeof r === "string") return r;
  if (r.roles === undefined) return { ...(r as unknown as ScimUser), roles: [] };
  if (!Array.isArray(r.roles) || !r.roles.every((x) => isRec(x) && typeof x.value === "string")) {
    return "SCIM user.roles is not a list of {value}";
  }
  return r as unknown as ScimUser;
}
