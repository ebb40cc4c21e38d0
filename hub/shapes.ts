/**
 * Wire → rules-engine shapes. Role ids are translated by name through the session's role directory,
 * and org kinds come from what Webex documents (the token's org and its person's roles) and from
 * configuration, never from fields only a mock could return.
 */
import { PARTNER_ONLY_ROLES, type RoleId, type SiteRoleId } from "../core";
import type { ExternalAdminGrant, Org, Person, World } from "../core";
import type { RoleDirectory, UnknownHubRole } from "../api";
import type { WireExternalAdmin, WireOrganization, WirePerson } from "../api";
import type { HubSettings } from "./settings";

/** The lazily loaded parts a caller wants included in `world()`. */
export interface WorldNeeds {
  /** Orgs other than the token's whose people are needed (an org's external admins imply it). */
  readonly peopleOf?: readonly string[];
  /** People whose assigned customers are needed (`World.assignments`). */
  readonly assignmentsOf?: readonly string[];
  /** Orgs whose external admins are needed (`World.externalAdmins`). */
  readonly externalAdminsOf?: readonly string[];
  /**
   * Orgs whose external admins are wanted where the Hub offers them (a mock extension): for a
   * caller that does not manage them (the lockout rules of a CustomerAdmin, the Plan). A Hub without
   * them (Webex) is asked once per session and shows none; a token that may not list them, too.
   */
  readonly externalAdminsIfOffered?: readonly string[];
  /** Customer orgs whose Restricted Administrator Mode is needed (`Org.restrictedMode`). */
  readonly restrictedModeOf?: readonly string[];
}

/** What a person write changes: the catalog roles (as a set), and the site roles (extension). */
export interface PersonChange {
  readonly roles?: readonly RoleId[];
  readonly siteRoles?: Readonly<Record<string, SiteRoleId>>;
}

/** A person as the session hands it out: catalog roles, the Hub's unknown roles beside them. */
export interface HubPerson {
  readonly id: string;
  readonly emails: readonly string[];
  readonly displayName: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly orgId: string;
  readonly roles: readonly RoleId[];
  readonly unknownRoles: readonly UnknownHubRole[];
  readonly siteRoles?: Readonly<Record<string, SiteRoleId>>;
  /** The Webex sites the person uses (what tells which org a site belongs to). */
  readonly siteUrls?: readonly string[];
  /** Whether the token was shown none of the admin-only fields, roles among them (see `rolesHiddenOf`). */
  readonly rolesHidden?: boolean;
}

/**
 * Webex returns `invitePending` and `loginEnabled` "only if the authenticated user is an admin user
 * for the person's organization", and leaves `roles` out both for a person without roles and for a
 * reader who is no admin there (the decoder makes that `[]`): without either field and with no
 * roles, the roles are not known to be none.
 */
const rolesHiddenOf = (p: WirePerson): boolean =>
  (p.roles ?? []).length === 0 && p.invitePending === undefined && p.loginEnabled === undefined;

export function hubPerson(p: WirePerson, directory: RoleDirectory): HubPerson {
  const { roles, unknown } = directory.split((p.roles ?? []) as readonly string[]);
  return {
    id: p.id,
    emails: [...p.emails],
    displayName: p.displayName ?? p.emails[0] ?? p.id,
    ...(p.firstName === undefined ? {} : { firstName: p.firstName }),
    ...(p.lastName === undefined ? {} : { lastName: p.lastName }),
    orgId: p.orgId,
    roles,
    unknownRoles: unknown,
    ...(p.siteRoles === undefined ? {} : { siteRoles: { ...p.siteRoles } }),
    ...(p.siteUrls === undefined ? {} : { siteUrls: [...p.siteUrls] }),
    ...(rolesHiddenOf(p) ? { rolesHidden: true } : {}),
  };
}

export function toPerson(p: HubPerson): Person {
  return {
    id: p.id,
    email: p.emails[0] ?? "",
    orgId: p.orgId,
    roles: [...p.roles],
    ...(p.displayName === undefined ? {} : { displayName: p.displayName }),
    ...(p.firstName === undefined ? {} : { firstName: p.firstName }),
    ...(p.lastName === undefined ? {} : { lastName: p.lastName }),
    ...(p.siteRoles === undefined ? {} : { siteRoles: { ...p.siteRoles } }),
    ...(p.unknownRoles.length === 0 ? {} : { unknownRoles: p.unknownRoles.map((r) => ({ ...r })) }),
    ...(p.siteUrls === undefined ? {} : { siteUrls: [...p.siteUrls] }),
    ...(p.rolesHidden === true ? { rolesHidden: true } : {}),
  };
}

/**
 * Which org is the partner and which are its customers, from evidence rather than from the token's
 * own roles. Webex shows a token the orgs it may administer: its own and, for a partner's admin, the
 * customers the partner manages. The token's org is the partner when configuration names it (or says
 * the partner sells wholesale, which only a partner does), or when any of its people — the token's
 * person or another — holds a partner role; then every other org in sight is a customer of it. A
 * token of a customer org's admin sees its own org, a customer; its partner is known only when
 * configured or when the partner-management API names it.
 */
export function ownIsPartner(me: HubPerson, settings: HubSettings, ownPeople: Iterable<HubPerson> = []): boolean {
  const holdsPartnerRole = (p: HubPerson): boolean =>
    p.orgId === me.orgId && p.roles.some((r) => PARTNER_ONLY_ROLES.includes(r));
  if (holdsPartnerRole(me)) return true;
  if (settings.partnerOrgId !== undefined) return settings.partnerOrgId === me.orgId;
  if (settings.wholesale === true) return true;
  for (const p of ownPeople) if (holdsPartnerRole(p)) return true;
  return false;
}

export function classifyOrgs(
  me: HubPerson,
  orgs: readonly WireOrganization[],
  settings: HubSettings,
  partner: boolean = ownIsPartner(me, settings),
): { partnerOrgId: string; orgs: Map<string, Org> } {
  const own = me.orgId;
  const partnerOrgId = partner ? own : (settings.partnerOrgId ?? own);
  const out = new Map<string, Org>();
  for (const o of orgs) {
    const displayName = o.displayName ?? o.id;
    if (o.id === partnerOrgId && partner) {
      out.set(o.id, {
        id: o.id,
        displayName,
        kind: "partner",
        ...(settings.wholesale === undefined ? {} : { wholesale: settings.wholesale }),
      });
    } else if (partner || o.id === own) {
      const managedBy = partner ? own : settings.partnerOrgId;
      out.set(o.id, {
        id: o.id,
        displayName,
        kind: "customer",
        ...(managedBy === undefined || managedBy === o.id ? {} : { managedBy }),
      });
    } else {
      out.set(o.id, { id: o.id, displayName, kind: "other" });
    }
  }
  return { partnerOrgId, orgs: out };
}

/**
 * The world with `orgId` as the partner, when the file declares the token's own org a partner and
 * nothing in the Hub said so (no one there holds a partner role yet): the other orgs in sight are
 * then the ones it administers as that partner, its customers.
 */
export function asPartnerWorld(world: World, orgId: string): World {
  if (world.orgs.find((o) => o.id === orgId)?.kind === "partner" && world.partnerOrgId === orgId) return world;
  const orgs = world.orgs.map((o): Org => {
    if (o.id === orgId) return { id: o.id, displayName: o.displayName, kind: "partner" };
    if (o.kind === "partner") return o;
    return { ...o, kind: "customer", managedBy: orgId };
  });
  return { ...world, partnerOrgId: orgId, orgs };
}

export function withRestrictedMode(org: Org, restrictedMode: boolean | undefined): Org {
  return restrictedMode === undefined || org.kind !== "customer" ? org : { ...org, restrictedMode };
}

export function toGrant(g: WireExternalAdmin): ExternalAdminGrant {
  return {
    orgId: g.orgId,
    personId: g.personId,
    role: g.role,
    contactCenterServiceAdmin: g.contactCenterServiceAdmin === true,
    ...(g.expiresAt === undefined ? {} : { expiresAt: g.expiresAt }),
  };
}

/**
 * A session person as the rules see them, converted once: session people are replaced, never
 * changed, so a World rebuilt after one write converts only the person it wrote.
 */
const persons = new WeakMap<HubPerson, Person>();
export function asPerson(p: HubPerson): Person {
  let person = persons.get(p);
  if (person === undefined) {
    person = toPerson(p);
    persons.set(p, person);
  }
  return person;
}

/** What runs between deciding a person's change and writing it: may refuse by throwing. */
export type BeforeWrite = (fresh: HubPerson, change: PersonChange) => Promise<void>;
