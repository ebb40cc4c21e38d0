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

/**
 * What a decoder checks of each field. A shape names EVERY field of its wire type (the mapped type
 * below makes leaving one out a compile error) and checks its kind whenever it is present; nested
 * objects are checked to be objects (arrays of them: each item), not field by field. The Webex spec
 * marks no field of these schemas required, so presence is demanded only of what the client cannot
 * do without (ids, emails, a role's name); a field marked `?` here but not in the type is one the
 * Hub documents on every item, and a Hub that leaves it out gets it read as absent, not a crash.
 */
type Kind = "string" | "boolean" | "strings" | "objects" | "object" | "unchecked";
type Shape<T> = { readonly [K in keyof T]-?: undefined extends T[K] ? `${Kind}?` : Kind | `${Kind}?` };

function kindHolds(kind: Kind, v: unknown): boolean {
  switch (kind) {
    case "string":
      return typeof v === "string";
    case "boolean":
      return typeof v === "boolean";
    case "strings":
      return isStringArray(v);
    case "objects":
      return Array.isArray(v) && v.every(isRec);
    case "object":
      return isRec(v);
    case "unchecked":
      return true;
  }
}

/** Checks `v` against `shape`; fields the shape does not know are kept (a PUT sends them back). */
function decode<T>(v: unknown, what: string, shape: Shape<T>): T | string {
  if (!isRec(v)) return `expected a ${what} object`;
  for (const [field, spec] of Object.entries(shape) as [string, string][]) {
    const optional = spec.endsWith("?");
    const kind = (optional ? spec.slice(0, -1) : spec) as Kind;
    const value = v[field];
    if (value === undefined && optional) continue;
    if (!kindHolds(kind, value))
      return `${what}.${field} is ${value === undefined ? "missing" : `not ${KIND_NAMES[kind]}`}`;
  }
  // Every field of T was checked above (Shape<T> names them all): the one place a wire value becomes T.
  return v as T;
}

const KIND_NAMES: Readonly<Record<Kind, string>> = {
  string: "a string",
  boolean: "a boolean",
  strings: "a list of strings",
  objects: "a list of objects",
  object: "an object",
  unchecked: "present",
};

const PERSON: Shape<WirePerson> = {
  id: "string",
  emails: "strings",
  phoneNumbers: "objects?",
  extension: "string?",
  locationId: "string?",
  displayName: "string?",
  nickName: "string?",
  firstName: "string?",
  lastName: "string?",
  avatar: "string?",
  orgId: "string",
  roles: "strings?",
  licenses: "strings?",
  department: "string?",
  manager: "string?",
  managerId: "string?",
  title: "string?",
  addresses: "objects?",
  created: "string?",
  lastModified: "string?",
  timezone: "string?",
  lastActivity: "string?",
  siteUrls: "strings?",
  sipAddresses: "objects?",
  xmppFederationJid: "string?",
  status: "string?",
  invitePending: "unchecked?",
  loginEnabled: "unchecked?",
  type: "string?",
  siteRoles: "object?",
};

export function asPerson(v: unknown): WirePerson | string {
  const p = decode<WirePerson>(v, "person", PERSON);
  // Webex leaves `roles` out of a person without admin roles.
  return typeof p === "string" || p.roles !== undefined ? p : { ...p, roles: [] };
}

export function asRole(v: unknown): WireRole | string {
  return decode<WireRole>(v, "role", { id: "string", name: "string" });
}

export function asOrganization(v: unknown): WireOrganization | string {
  return decode<WireOrganization>(v, "organization", { id: "string", displayName: "string?", created: "string?" });
}

export function asManagedOrg(v: unknown): WireManagedOrg | string {
  return decode<WireManagedOrg>(v, "managed organization", { orgId: "string", role: "string?" });
}

export function asPartnerAdmin(v: unknown): WirePartnerAdmin | string {
  return decode<WirePartnerAdmin>(v, "partner admin", {
    id: "string",
    displayName: "string?",
    firstName: "string?",
    lastName: "string?",
    emails: "strings?",
    roleInCustomerOrg: "string?",
  });
}

export function asAuditEvent(v: unknown): WireAuditEvent | string {
  return decode<WireAuditEvent>(v, "audit event", {
    id: "string",
    created: "string",
    actorId: "string?",
    actorOrgId: "string?",
    data: "object",
  });
}

export function asExternalAdmin(v: unknown): WireExternalAdmin | string {
  return decode<WireExternalAdmin>(v, "external admin", {
    orgId: "string",
    personId: "string",
    email: "string",
    homeOrgId: "string",
    role: "string",
    expiresAt: "string?",
    contactCenterServiceAdmin: "boolean",
  });
}

export function asRestrictedMode(v: unknown): WireRestrictedMode | string {
  return decode<WireRestrictedMode>(v, "restrictedMode", { orgId: "string", enabled: "boolean" });
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
  const read: Rec = { ...p };
  const body: Rec = {};
  for (const field of [...PERSON_PUT_FIELDS, ...PERSON_EXTENSION_FIELDS]) {
    const v = read[field];
    if (v !== undefined && v !== null) body[field] = structuredClone(v);
  }
  if (Array.isArray(body.phoneNumbers)) {
    // The PUT takes `work` numbers only; the others (mobile, fax, the extension's) are not set
    // through it, and the Hub keeps them.
    body.phoneNumbers = (body.phoneNumbers as unknown[]).filter(
      (n) => isRec(n) && (n.type === undefined || n.type === "work"),
    );
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
  if (add.length > 0)
    ops.push({ op: "add", path: "roles", value: add.map((r) => ({ ...r, type: r.type ?? "cirole" })) });
  for (const value of remove) ops.push({ op: "remove", path: `roles[value eq ${JSON.stringify(value)}]` });
  return { schemas: [SCIM_PATCH_SCHEMA], Operations: ops };
}

/** The part of a SCIM user this client reads back: it exists, and its roles. */
export interface ScimUser {
  id: string;
  roles: ScimRole[];
}

export function asScimUser(v: unknown): ScimUser | string {
  const user = decode<{ id: string; roles?: ScimRole[] }>(v, "SCIM user", { id: "string", roles: "objects?" });
  if (typeof user === "string") return user;
  if (!(user.roles ?? []).every((r) => typeof r.value === "string")) return "SCIM user.roles is not a list of {value}";
  return { ...user, roles: user.roles ?? [] };
}
