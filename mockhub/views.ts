/**
 * Views of the mock Hub's state: the Webex wire shapes it answers with (role ids through the
 * api/roles.ts table), and the rules engine's `World` it checks writes against.
 */
import { idUuid } from "../api";
import { WEBEX_ROLE_NAMES } from "../api";
import {
  SCIM_CISCO_SCHEMA,
  SCIM_ENTERPRISE_SCHEMA,
  SCIM_USER_SCHEMA,
  type WireExternalAdmin,
  type WireOrganization,
  type WirePerson,
  type WireRole,
  type WireScimUser,
} from "../api";
import type { RoleId } from "../core";
import type { Org, Person, World } from "../core";
import { DEFAULT_PROFILE, type Profile } from "./profile";
import type { HubState, StoredExternalAdmin, StoredOrg, StoredPerson } from "./state";

export const primaryEmail = (p: StoredPerson): string => p.emails[0] ?? "";

/** The opaque Webex role id of a catalog role, as the default profile names it. */
export function wireRoleId(id: RoleId, profile: Profile = DEFAULT_PROFILE): string {
  return profile.roles.wireId(id);
}

export function wireRole(id: RoleId, profile: Profile = DEFAULT_PROFILE): WireRole {
  return { id: profile.roles.wireId(id), name: WEBEX_ROLE_NAMES[id] };
}

/** The catalog role behind a Webex role id, or undefined when the Hub has no such role. */
export function catalogRoleOfId(id: string, profile: Profile = DEFAULT_PROFILE): RoleId | undefined {
  return profile.roles.catalogOfId(id);
}

/** The catalog role behind a SCIM role value (`id_full_admin`). */
export function catalogRoleOfValue(value: string, profile: Profile = DEFAULT_PROFILE): RoleId | undefined {
  return profile.roles.catalogOfValue(value);
}

/**
 * The fields of `from` named in `keys` that are set, in the order of `keys`: a person's optional
 * fields are copied this way wherever one is built (the stored person from a PUT, the wire person
 * from the stored one), so a field is added to both or to neither.
 */
export function definedFields<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
  return out;
}

/** The person's optional fields Webex shows to administrators only, after their roles. */
export const ADMIN_DETAILS = ["licenses", "department", "manager", "managerId", "title", "addresses"] as const;

/**
 * The Webex `Person`. `admin` is whether the reader administers the person's org: Webex shows roles,
 * licenses and the other administrative fields to admins only.
 */
export function wirePerson(p: StoredPerson, admin = true, profile: Profile = DEFAULT_PROFILE): WirePerson {
  const out: WirePerson = {
    id: p.id,
    emails: [...p.emails],
    ...(admin && structuredClone(definedFields(p, ["phoneNumbers", "extension", "locationId"]))),
    displayName: p.displayName,
    ...definedFields(p, ["nickName", "firstName", "lastName", "avatar"]),
    orgId: p.orgId,
  };
  if (admin) {
    // Webex leaves `roles` out for a person without admin roles, rather than sending [].
    if (p.roles.length > 0) out.roles = p.roles.map((r) => profile.roles.wireId(r));
    Object.assign(out, structuredClone(definedFields(p, ADMIN_DETAILS)));
  }
  out.created = p.created;
  if (admin) out.lastModified = p.lastModified;
  if (admin && p.siteUrls !== undefined) out.siteUrls = [...p.siteUrls];
  if (admin) {
    out.invitePending = "false";
    out.loginEnabled = p.loginEnabled ? "true" : "false";
  }
  out.type = "person";
  // Always there for an admin (even empty), so a client can tell this Hub has site roles at all.
  if (admin && profile.extensions) out.siteRoles = { ...p.siteRoles };
  return out;
}

export function wireOrg(o: StoredOrg): WireOrganization {
  return { id: o.id, displayName: o.displayName, created: o.created };
}

/** SCIM `meta.version`: changes whenever the person does. */
function scimVersion(p: StoredPerson): string {
  return `W/"${Date.parse(p.lastModified).toString(36)}"`;
}

/** Spec `GetUserResponse` of a person; `location` is the resource's own URL. */
export function scimUser(p: StoredPerson, location: string, profile: Profile = DEFAULT_PROFILE): WireScimUser {
  const out: WireScimUser = {
    schemas: [SCIM_USER_SCHEMA, SCIM_ENTERPRISE_SCHEMA, SCIM_CISCO_SCHEMA],
    id: idUuid(p.id),
    userName: primaryEmail(p),
    active: p.loginEnabled,
    displayName: p.displayName,
    emails: p.emails.map((value, i) => ({ value, type: "work" as const, ...(i === 0 && { primary: true }) })),
    userType: "user",
    [SCIM_CISCO_SCHEMA]: { accountStatus: "active" },
    meta: {
      resourceType: "User",
      organizationID: idUuid(p.orgId),
      created: p.created,
      lastModified: p.lastModified,
      version: scimVersion(p),
      location,
    },
  };
  if (p.roles.length > 0) {
    out.roles = p.roles.map((id) => ({
      value: profile.roles.scimValue(id),
      type: "cirole",
      display: profile.roles.scimDisplay(id),
    }));
  }
  if (p.firstName !== undefined || p.lastName !== undefined) {
    out.name = {
      ...(p.firstName !== undefined && { givenName: p.firstName }),
      ...(p.lastName !== undefined && { familyName: p.lastName }),
    };
  }
  if (p.nickName !== undefined) out.nickName = p.nickName;
  if (p.title !== undefined) out.title = p.title;
  if (p.phoneNumbers !== undefined) {
    out.phoneNumbers = p.phoneNumbers.map((n) => ({
      value: n.value ?? "",
      ...(n.type && { type: n.type }),
      ...(n.primary !== undefined && { primary: n.primary }),
    }));
  }
  if (p.addresses !== undefined) out.addresses = structuredClone(p.addresses);
  if (p.department !== undefined || p.managerId !== undefined) {
    out[SCIM_ENTERPRISE_SCHEMA] = {
      ...(p.department !== undefined && { department: p.department }),
      ...(p.managerId !== undefined && {
        manager: { value: idUuid(p.managerId), ...(p.manager !== undefined && { displayName: p.manager }) },
      }),
    };
  }
  return out;
}

/** The Hub revokes an expired grant by itself, so an expired grant is gone. */
export function activeGrants(state: Readonly<HubState>, now: Date): StoredExternalAdmin[] {
  return state.externalAdmins.filter((g) => g.expiresAt === undefined || Date.parse(g.expiresAt) > now.getTime());
}

export function wireExternalAdmin(state: Readonly<HubState>, g: StoredExternalAdmin): WireExternalAdmin {
  const person = state.people.find((p) => p.id === g.personId);
  const out: WireExternalAdmin = {
    orgId: g.orgId,
    personId: g.personId,
    email: person ? primaryEmail(person) : "",
    homeOrgId: person?.orgId ?? "",
    role: g.role,
    contactCenterServiceAdmin: g.contactCenterServiceAdmin,
  };
  if (g.expiresAt !== undefined) out.expiresAt = g.expiresAt;
  return out;
}

/**
 * Stored people are replaced, never edited, by a write: one view per stored person keeps unchanged
 * people the same objects from one world to the next, so the rules patch their index of it.
 */
const personViews = new WeakMap<StoredPerson, Person>();

export function toPerson(p: StoredPerson): Person {
  const cached = personViews.get(p);
  if (cached !== undefined) return cached;
  const view: Person = {
    id: p.id,
    email: primaryEmail(p),
    orgId: p.orgId,
    displayName: p.displayName,
    firstName: p.firstName,
    lastName: p.lastName,
    roles: p.roles,
    siteRoles: p.siteRoles,
    // The sites a person uses tell the guard which org a site belongs to (site-not-in-org).
    ...(p.siteUrls === undefined ? {} : { siteUrls: p.siteUrls }),
  };
  personViews.set(p, view);
  return view;
}

export function toWorld(state: Readonly<HubState>, now: Date): World {
  const orgs = state.orgs.map((o): Org => ({
    id: o.id,
    displayName: o.displayName,
    kind: o.type,
    wholesale: o.type === "partner" ? (o.wholesale ?? false) : undefined,
    managedBy: o.partnerOrgId,
    restrictedMode: o.type === "customer" ? state.restrictedMode[o.id] : undefined,
  }));
  return {
    partnerOrgId: state.orgs.find((o) => o.type === "partner")?.id ?? "",
    orgs,
    people: state.people.map(toPerson),
    assignments: state.assignments,
    externalAdmins: activeGrants(state, now).map((g) => ({ ...g })),
  };
}
