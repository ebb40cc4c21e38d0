/**
 * Profiles of the one mock Hub. `default` serves the Webex API plus the webexhub extensions (external
 * administrators, Restricted Administrator Mode, site roles, the roles Webex does not list), so every
 * feature can be exercised. `webex` serves only what the Webex Admin API reference documents, as
 * strictly as Webex: extension paths answer 404 like any unknown path, ids in `/v1` paths are opaque
 * ids only, SCIM lives at the host root only, `?email=` finds only people the token may administer,
 * and a person's role ids are not their SCIM role values — so a client that assumes either is caught.
 */
import { WEBEX_ROLE_NAMES, WEBEX_ROLE_TABLE, parseWebexId, webexId } from "../api";
import { ROLE_IDS, type RoleId } from "../core";

export const PROFILES = ["default", "webex"] as const;
export type ProfileName = (typeof PROFILES)[number];

/** How one profile names roles on the wire. */
export interface RoleCodec {
  /** The roles `GET /roles` lists. */
  readonly listed: readonly RoleId[];
  /** The People API role id (`Y2lz…`) of a catalog role. */
  wireId(role: RoleId): string;
  catalogOfId(id: string): RoleId | undefined;
  /** SCIM `roles[].value` and `display`. */
  scimValue(role: RoleId): string;
  scimDisplay(role: RoleId): string;
  catalogOfValue(value: string): RoleId | undefined;
}

export interface Profile {
  readonly name: ProfileName;
  readonly roles: RoleCodec;
  /** External administrators, Restricted Administrator Mode and site roles are served. */
  readonly extensions: boolean;
  /** A plain UUID is taken where an opaque id belongs (and an opaque id where SCIM takes a UUID). */
  readonly lenientIds: boolean;
  /** SCIM is also served under `/v1`. */
  readonly scimUnderV1: boolean;
  /** `?email=` finds a person of any org (with the public view), not only of orgs the token administers. */
  readonly emailAnywhere: boolean;
  /** A PUT body is held to the mock's own schema (unknown fields refused, every phone type taken). */
  readonly mockPutSchema: boolean;
}

type WireNames = { tail: string; value: string; display: string };

/**
 * `listed` are the roles `GET /roles` shows; a person may still hold another catalog role (a seeded
 * help desk administrator): it keeps an id of its own, unlisted, so that sending a person back as read
 * keeps it, and a client shows it as a role it does not know.
 */
function codecOf(listed: ReadonlyMap<RoleId, WireNames>): RoleCodec {
  const entries = new Map(listed);
  for (const role of ROLE_IDS) {
    if (!entries.has(role))
      entries.set(role, { tail: `webexhub.${role}`, value: `webexhub.${role}`, display: WEBEX_ROLE_NAMES[role] });
  }
  const byId = new Map<string, RoleId>();
  const byValue = new Map<string, RoleId>();
  const byTail = new Map<string, RoleId>();
  for (const [role, e] of entries) {
    byId.set(webexId("ROLE", e.tail), role);
    // SCIM compares values without case, and a role id in another spelling is that role.
    byTail.set(e.tail.toLowerCase(), role);
    byValue.set(e.value.toLowerCase(), role);
  }
  const entry = (role: RoleId) => {
    const e = entries.get(role);
    if (e === undefined) throw new Error(`no wire role for catalog role ${role}`);
    return e;
  };
  return {
    listed: [...listed.keys()],
    wireId: (role) => webexId("ROLE", entry(role).tail),
    // An id minted elsewhere with another base64 padding still names the same role.
    catalogOfId: (id) =>
      byId.get(id) ??
      (parseWebexId(id)?.kind === "ROLE" ? byTail.get((parseWebexId(id)?.tail ?? "").toLowerCase()) : undefined),
    scimValue: (role) => entry(role).value,
    scimDisplay: (role) => entry(role).display,
    catalogOfValue: (value) => byValue.get(value.toLowerCase()),
  };
}

/** The default profile: the id's tail is the SCIM value, the display the role's name (api/roles.ts). */
const DEFAULT_ROLES = codecOf(
  new Map(
    ROLE_IDS.map((role): [RoleId, WireNames] => {
      const name = WEBEX_ROLE_NAMES[role];
      const value = WEBEX_ROLE_TABLE[name]?.value ?? role;
      return [role, { tail: value, value, display: name }];
    }),
  ),
);

/**
 * The webex profile's roles, in the forms the Webex reference's examples show: People role ids whose
 * tail is a UUID (`96abc2aa-…` is Full Administrator's in the reference) or `atlas-portal.partner.*`,
 * and SCIM values such as `id_full_admin` with a display in Webex's own capitalisation. Values the
 * reference does not show (the partner roles') are this mock's reading; none equals its id's tail.
 */
const WEBEX_ROLES = codecOf(
  new Map<RoleId, WireNames>([
    [
      "full_admin",
      { tail: "96abc2aa-3dcc-11e5-a152-fe34819cdc9a", value: "id_full_admin", display: "Full administrator" },
    ],
    [
      "readonly_admin",
      {
        tail: "96abc2aa-3dcc-11e5-b263-0f4592adefab",
        value: "id_readonly_admin",
        display: "Read-only administrator",
      },
    ],
    [
      "user_device_admin",
      {
        tail: "96abc2aa-3dcc-11e5-9a3f-5c1c24d1b0a2",
        value: "id_user_admin",
        display: "User and device administrator",
      },
    ],
    [
      "device_admin",
      { tail: "96abc2aa-3dcc-11e5-8e1d-3f7b8d1c2e4f", value: "id_device_admin", display: "Device administrator" },
    ],
    [
      "support_admin",
      {
        tail: "96abc2aa-3dcc-11e5-a7c2-9b5e0d4f6a18",
        value: "atlas-portal.support",
        display: "Support administrator",
      },
    ],
    [
      "compliance_officer",
      {
        tail: "96abc2aa-3dcc-11e5-b0d9-2e6a7c8f1b3d",
        value: "spark.kms_administrator",
        display: "Compliance officer",
      },
    ],
    [
      "partner_full_admin",
      {
        tail: "atlas-portal.partner.provision_admin",
        value: "id_partner_full_admin",
        display: "Partner full administrator",
      },
    ],
    [
      "partner_admin",
      { tail: "atlas-portal.partner.admin", value: "id_partner_admin", display: "Partner administrator" },
    ],
    [
      "partner_readonly_admin",
      {
        tail: "atlas-portal.partner.readonly_admin",
        value: "id_partner_readonly_admin",
        display: "Partner read-only administrator",
      },
    ],
    [
      "sales_full_admin",
      { tail: "atlas-portal.partner.salesfull", value: "id_sales_full_admin", display: "Sales full administrator" },
    ],
    [
      "sales_admin",
      { tail: "atlas-portal.partner.salesadmin", value: "id_sales_admin", display: "Sales administrator" },
    ],
  ]),
);

export const DEFAULT_PROFILE: Profile = {
  name: "default",
  roles: DEFAULT_ROLES,
  extensions: true,
  lenientIds: true,
  scimUnderV1: true,
  emailAnywhere: true,
  mockPutSchema: true,
};

export const WEBEX_PROFILE: Profile = {
  name: "webex",
  roles: WEBEX_ROLES,
  extensions: false,
  lenientIds: false,
  scimUnderV1: false,
  emailAnywhere: false,
  mockPutSchema: false,
};

export function profileOf(name: ProfileName | undefined): Profile {
  return name === "webex" ? WEBEX_PROFILE : DEFAULT_PROFILE;
}
