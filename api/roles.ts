/**
 * Catalog role ids ↔ the Hub's roles, by NAME. Webex role ids are opaque (`Y2lzY29zcGFyazovL3VzL1JPTEUv…`)
 * and differ between Hubs, while their names ("Full Administrator") are what Control Hub shows and
 * what an admin can check; so the table below is data, and a deployment whose Hub names a role
 * differently overrides it (`webexhub:roleNames` / `WEBEXHUB_ROLE_NAMES`, JSON) without a release.
 */
import { ROLE_IDS, ROLES, isRoleId, type RoleId } from "../core/rules/catalog";
import type { WireRole } from "./wire";

/**
 * The names Webex gives each catalog role, first the one it shows. The catalog's own label is
 * accepted too (matching ignores case, spaces and punctuation), so "Read-only administrator" and
 * "Read-Only Administrator" are the same role.
 */
export const DEFAULT_ROLE_NAMES: Readonly<Record<RoleId, readonly string[]>> = {
  full_admin: ["Full Administrator"],
  readonly_admin: ["Read-only Administrator"],
  support_admin: ["Support Administrator"],
  user_device_admin: ["User and Device Administrator"],
  device_admin: ["Device Administrator"],
  compliance_officer: ["Compliance Officer"],
  advanced_troubleshooting: ["Advanced Troubleshooting", "Advanced Troubleshooting Access"],
  partner_full_admin: ["Partner Full Administrator"],
  partner_admin: ["Partner Administrator"],
  partner_readonly_admin: ["Partner Read-only Administrator"],
  helpdesk_basic: ["Help Desk Administrator (Basic)", "Help Desk Basic"],
  helpdesk_advanced: ["Help Desk Administrator (Advanced)", "Help Desk Advanced"],
  sales_full_admin: ["Sales Full Administrator"],
  sales_admin: ["Sales Administrator"],
  wholesale_admin: ["Webex for Wholesale Administrator", "Wholesale Administrator"],
  external_full_admin: ["External Full Administrator"],
  external_readonly_admin: ["External Read-only Administrator"],
  provisioning_admin: ["Provisioning Administrator"],
  contact_center_service_admin: ["Contact Center Service Administrator"],
};

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

/** The last segment of a `ciscospark://us/<TYPE>/<value>` id, or the id itself when it is not one. */
export function opaqueValue(id: string): string {
  try {
    const text = Buffer.from(id.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
    const m = /^ciscospark:\/\/[^/]+\/[A-Z_]+\/([^/]+)$/.exec(text);
    if (m) return m[1]!;
  } catch {
    // not base64: an id in plain text, used as it is
  }
  return id;
}

/**
 * The Hub's roles as read from `GET /roles`, joined to the catalog by name. Hub roles whose name the
 * table does not know map to nothing and stay unknown; catalog roles the Hub lacks cannot be written.
 */
export class RoleDirectory {
  readonly #byId = new Map<string, WireRole>();
  readonly #catalogOf = new Map<string, RoleId>();
  readonly #hubOf = new Map<RoleId, WireRole>();

  constructor(hubRoles: readonly WireRole[], names: RoleNames = {}) {
    const keyToCatalog = new Map<string, RoleId>();
    for (const id of ROLE_IDS) {
      for (const n of [...(names[id] ?? DEFAULT_ROLE_NAMES[id]), ROLES[id].label, id]) keyToCatalog.set(roleNameKey(n), id);
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
    for (const [id, catalog] of this.#catalogOf) if (opaqueValue(id) === hubRoleId) return catalog;
    return undefined;
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
