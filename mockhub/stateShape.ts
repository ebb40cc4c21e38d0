/**
 * What the mock Hub keeps: Webex-shaped people and organizations, the mock's tokens, assignments,
 * external admins, Restricted Administrator Mode, licenses and the audit trail, as plain JSON.
 */
import type { WireAuditEvent, WirePerson } from "../api";
import type { ExternalRoleId, OrgKind, RoleId } from "../core";

/** 2: Webex-shaped people and ids, audit events in the documented shape. */
export const STATE_VERSION = 2;

/** Kind, wholesale and partner are the Hub's own knowledge; Webex does not put them on the wire. */
export interface StoredOrg {
  id: string;
  displayName: string;
  created: string;
  type: OrgKind;
  wholesale?: boolean;
  partnerOrgId?: string;
}

/**
 * A person as the Hub keeps it: the Webex `Person` fields a PUT can set, with roles as catalog ids
 * (the wire carries Webex role ids, mapped through api/roles.ts).
 */
export interface StoredPerson extends Pick<
  WirePerson,
  | "id"
  | "emails"
  | "phoneNumbers"
  | "extension"
  | "locationId"
  | "nickName"
  | "firstName"
  | "lastName"
  | "avatar"
  | "orgId"
  | "licenses"
  | "department"
  | "manager"
  | "managerId"
  | "title"
  | "addresses"
  | "siteUrls"
  | "siteRoles"
> {
  displayName: string;
  roles: RoleId[];
  loginEnabled: boolean;
  created: string;
  lastModified: string;
}

export interface StoredExternalAdmin {
  orgId: string;
  personId: string;
  role: ExternalRoleId;
  expiresAt?: string;
  contactCenterServiceAdmin: boolean;
}

export interface HubState {
  version: typeof STATE_VERSION;
  /** Counter behind audit event ids, so ids stay unique across restarts. */
  seq: number;
  orgs: StoredOrg[];
  people: StoredPerson[];
  /** token → personId. The mock's own bearer tokens; they are fake credentials for local use. */
  tokens: Record<string, string>;
  /** personId → assigned customer org ids (partner and sales administrators). */
  assignments: Record<string, string[]>;
  externalAdmins: StoredExternalAdmin[];
  /** Customer orgId → Restricted Administrator Mode; absent means the default, enabled. */
  restrictedMode: Record<string, boolean>;
  /** The licenses each org has bought (`GET /licenses`); people hold their ids. */
  licenses: StoredLicense[];
  /** Oldest first; `orgId` is the org whose state changed (what `GET /adminAudit/events?orgId=` filters on). */
  audit: StoredAuditEvent[];
}

export interface StoredLicense {
  id: string;
  orgId: string;
  name: string;
  totalUnits: number;
}

export interface StoredAuditEvent {
  orgId: string;
  event: WireAuditEvent;
}

export function emptyState(): HubState {
  return {
    version: STATE_VERSION,
    seq: 0,
    orgs: [],
    people: [],
    tokens: {},
    assignments: {},
    externalAdmins: [],
    restrictedMode: {},
    licenses: [],
    audit: [],
  };
}
