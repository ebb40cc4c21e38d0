/**
 * Webex role names and the catalog ids they stand for, kept as data: on the wire a role is an opaque
 * id whose name comes from `GET /roles`, and the names are what the two sides agree on. Keyed by the
 * Webex role name. `value` is the role's name inside Webex Identity (SCIM `roles[].value`, and the
 * `roleInCustomerOrg` of partner administrators); where Webex documents none, the value is
 * `webexhub.<catalog id>` and the entry is marked `extension` (the mock Hub serves it, Webex has no
 * such role in `GET /roles`). Only the `id_*` values and `atlas-portal.partner.salesadmin` appear in
 * the official spec; the other `atlas-portal.*`/`spark.*` values are the mock's reading of Webex, so
 * a client must match roles by name, never by value or id.
 *
 * The client joins the Hub's roles to the catalog by these names (RoleDirectory), and a deployment
 * whose Hub names a role differently overrides them (`webexhub:roleNames` / `WEBEXHUB_ROLE_NAMES`,
 * JSON) without a release.
 */
import { ROLE_IDS, ROLES, isRoleId, type RoleId } from "../core";
import { idUuid } from "./ids";
import type { WireRole } from "./wire";

export interface WebexRoleEntry {
  readonly catalogId: RoleId;
  readonly value: string;
  /** The role this one grants inside a customer org the person manages (partner-side roles only). */
  readonly inCustomerOrg?: string;
  readonly extension?: true;
}

export const WEBEX_ROLE_TABLE: Readonly<Record<string, WebexRoleEntry>> = {
  "Full Administrator": { catalogId: "full_admin", value: "id_full_admin" },
  "Read-only Administrator": { catalogId: "readonly_admin", value: "id_readonly_admin" },
  "Support Administrator": { catalogId: "support_admin", value: "atlas-portal.support" },
  "User and Device Administrator": { catalogId: "user_device_admin", value: "id_user_admin" },
  "Device Administrator": { catalogId: "device_admin", value: "id_device_admin" },
  "Compliance Officer": { catalogId: "compliance_officer", value: "spark.kms_administrator" },
  "Partner Full Administrator": {
    catalogId: "partner_full_admin",
    value: "atlas-portal.partner.provision_admin",
    inCustomerOrg: "id_full_admin",
  },
  "Partner Administrator": {
    catalogId: "partner_admin",
    value: "atlas-portal.partner.admin",
    inCustomerOrg: "id_full_admin",
  },
  "Partner Read-only Administrator": {
    catalogId: "partner_readonly_admin",
    value: "atlas-portal.partner.readonly_admin",
    inCustomerOrg: "id_readonly_admin",
  },
  "Sales Full Administrator": {
    catalogId: "sales_full_admin",
    value: "atlas-portal.partner.salesfull",
    inCustomerOrg: "id_full_admin",
  },
  "Sales Administrator": {
    catalogId: "sales_admin",
    value: "atlas-portal.partner.salesadmin",
    inCustomerOrg: "id_full_admin",
  },
  "Help Desk Administrator (Basic)": {
    catalogId: "helpdesk_basic",
    value: "webexhub.helpdesk_basic",
    inCustomerOrg: "webexhub.helpdesk_basic",
    extension: true,
  },
  "Help Desk Administrator (Advanced)": {
    catalogId: "helpdesk_advanced",
    value: "webexhub.helpdesk_advanced",
    inCustomerOrg: "webexhub.helpdesk_advanced",
    extension: true,
  },
  "Webex for Wholesale Administrator": {
    catalogId: "wholesale_admin",
    value: "webexhub.wholesale_admin",
    extension: true,
  },
  "Advanced Troubleshooting": {
    catalogId: "advanced_troubleshooting",
    value: "webexhub.advanced_troubleshooting",
    extension: true,
  },
  "External Full Administrator": {
    catalogId: "external_full_admin",
    value: "webexhub.external_full_admin",
    extension: true,
  },
  "External Read-only Administrator": {
    catalogId: "external_readonly_admin",
    value: "webexhub.external_readonly_admin",
    extension: true,
  },
  "Provisioning Administrator": {
    catalogId: "provisioning_admin",
    value: "webexhub.provisioning_admin",
    extension: true,
  },
  "Contact Center Service Administrator": {
    catalogId: "contact_center_service_admin",
    value: "webexhub.contact_center_service_admin",
    extension: true,
  },
};

/** Catalog id → Webex role name, the inverse of WEBEX_ROLE_TABLE. */
export const WEBEX_ROLE_NAMES: Readonly<Record<RoleId, string>> = Object.fromEntries(
  Object.entries(WEBEX_ROLE_TABLE).map(([name, entry]) => [entry.catalogId, name]),
) as Record<RoleId, string>;

/** The table entry of a Webex role value (`id_full_admin`), with its name. */
export function roleByValue(value: string): (WebexRoleEntry & { name: string }) | undefined {
  for (const [name, entry] of Object.entries(WEBEX_ROLE_TABLE)) if (entry.value === value) return { ...entry, name };
  return undefined;
}

/** Other names a Hub may show for a role; the catalog's own label is accepted too. */
const ALIASES: Readonly<Partial<Record<RoleId, readonly string[]>>> = {
  advanced_troubleshooting: ["Advanced Troubleshooting Access"],
  helpdesk_basic: ["Help Desk Basic"],
  helpdesk_advanced: ["Help Desk Advanced"],
  wholesale_admin: ["Wholesale Administrator"],
};

/**
 * The names each catalog role is recognised by, first the one Webex shows. Matching ignores case,
 * spaces and punctuation, so "Read-only administrator" and "Read-Only Administrator" are one role.
 */
export const DEFAULT_ROLE_NAMES: Readonly<Record<RoleId, readonly string[]>> = Object.fromEntries(
  ROLE_IDS.map((id) => [id, [WEBEX_ROLE_NAMES[id], ...(ALIASES[id] ?? [])]]),
) as unknown as Record<RoleId, readonly string[]>;

export type RoleNames = Readonly<Partial<Record<RoleId, readonly string[]>>>;

/** Names compare without case, spaces or punctuation. */
export function roleNameKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "");
}

/**
 * Parses an override: a JSON object of catalog id → name (or list of names). Returns the names,
 * or a one-line reason naming the bad key or value and the fix.
 */
export function parseRoleNames(text: string, source: string): RoleNames | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `${source} is not JSON: write an object of catalog role id to Webex role name, like {"full_admin": "Full Administrator"}`;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return `${source} must be a JSON object of catalog role id to Webex role name, like {"full_admin": "Full Administrator"}`;
  }
  const out: Partial<Record<RoleId, readonly string[]>> = {};
  for (const [key, names] of Object.entries(value as Record<string, unknown>)) {
    if (!isRoleId(key)) return `${source}: "${key}" is not a catalog role id; use one of ${ROLE_IDS.join(", ")}`;
    const list = typeof names === "string" ? [names] : names;
    if (!Array.isArray(list) || list.length === 0 || !list.every((n) => typeof n === "string" && n.trim() !== "")) {
      return `${source}: ${key} must be a role name or a non-empty list of role names, not ${JSON.stringify(names)}`;
    }
    out[key] = list as string[];
  }
  return out;
}

/** A role the Hub holds that has no catalog id here: kept untouched by every write, and shown. */
export interface UnknownHubRole {
  readonly id: string;
  readonly name: string;
}

/**
 * The Hub's roles as read from `GET /roles`, joined to the catalog by name. Hub roles whose name the
 * table does not know map to nothing and stay unknown; catalog roles the Hub lacks cannot be written.
 */
export class RoleDirectory {
  readonly #byId = new Map<string, WireRole>();
  readonly #catalogOf = new Map<string, RoleId>();
  readonly #hubOf = new Map<RoleId, WireRole>();
  readonly #byName = new Map<string, RoleId>();

  constructor(hubRoles: readonly WireRole[], names: RoleNames = {}) {
    const keyToCatalog = this.#byName;
    for (const id of ROLE_IDS) {
      for (const n of [...(names[id] ?? DEFAULT_ROLE_NAMES[id]), ROLES[id].label]) keyToCatalog.set(roleNameKey(n), id);
    }
    for (const role of hubRoles) {
      this.#byId.set(role.id, role);
      const catalog = keyToCatalog.get(roleNameKey(role.name));
      if (catalog === undefined || this.#hubOf.has(catalog)) continue;
      this.#catalogOf.set(role.id, catalog);
      this.#hubOf.set(catalog, role);
    }
  }

  /** The catalog id of a Hub role id (or of a SCIM role value), if the name is known. */
  catalogOf(hubRoleId: string): RoleId | undefined {
    const direct = this.#catalogOf.get(hubRoleId);
    if (direct !== undefined) return direct;
    for (const [id, catalog] of this.#catalogOf) if (idUuid(id) === hubRoleId) return catalog;
    return undefined;
  }

  /** The catalog id a role name stands for (a SCIM role's `display`: "Full administrator"), if known. */
  catalogByName(name: string): RoleId | undefined {
    return this.#byName.get(roleNameKey(name));
  }

  /** The Hub's role for a catalog id, or undefined when this Hub has no role of that name. */
  hubRole(catalog: RoleId): WireRole | undefined {
    return this.#hubOf.get(catalog);
  }

  /** Splits a person's Hub role ids into catalog roles and roles this table does not know. */
  split(hubRoleIds: readonly string[]): { roles: RoleId[]; unknown: UnknownHubRole[] } {
    const roles: RoleId[] = [];
    const unknown: UnknownHubRole[] = [];
    for (const id of hubRoleIds) {
      const catalog = this.catalogOf(id);
      if (catalog !== undefined) {
        if (!roles.includes(catalog)) roles.push(catalog);
      } else unknown.push({ id, name: this.#byId.get(id)?.name ?? id });
    }
    return { roles, unknown };
  }

  /** The names this Hub uses, for a message that says what is there. */
  names(): string[] {
    return [...this.#byId.values()].map((r) => r.name);
  }
}
