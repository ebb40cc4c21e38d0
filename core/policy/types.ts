/**
 * An org policy as the judge reads it: plain data (the CrossGuard pack and the providers hold it
 * between calls), each limit with the line of the policy file it was written on, so a violation
 * can name `webexhub-policy.yaml:7`.
 */
import type { ExternalRoleId, RoleId } from "../rules/catalog";
import type { AccessLevel } from "../rules/privileges";
import type { Severity } from "../rules/types";
import type { PrivilegeScope } from "./privilegeNames";

/** What every entry of the policy has: where it is written and how a broken limit is reported. */
export interface PolicyEntry {
  /** The entry's path in the policy file, e.g. `roles[0]`. */
  readonly path: string;
  /** 1-based line of each limit's key in the policy file, by key (`maxHolders` → 7). */
  readonly lines: Readonly<Record<string, number>>;
  readonly severity: Severity;
  /** Only these organizations are judged; absent: every one. */
  readonly orgs?: readonly string[];
}

export interface RoleLimit extends PolicyEntry {
  readonly role: RoleId;
  readonly maxHolders?: number;
  readonly minHolders?: number;
  /** Lower-case domains; `*.example.com` admits the subdomains of example.com. */
  readonly emailDomains?: readonly string[];
  /** Normalized emails. */
  readonly holders?: readonly string[];
  readonly forbidden?: true;
}

export interface PrivilegeLimit extends PolicyEntry {
  /** As written: `customers.*`, `organization.assign_admin_roles`. */
  readonly privilege: string;
  readonly scope: PrivilegeScope;
  /** A privilege id, or `*` for any privilege of the scope. */
  readonly name: string;
  readonly level: Exclude<AccessLevel, "none">;
  readonly holders?: readonly string[];
  readonly emailDomains?: readonly string[];
  readonly maxHolders?: number;
  readonly forbidden?: true;
}

export interface ExternalLimit extends PolicyEntry {
  /** Absent: every external role. */
  readonly role?: ExternalRoleId;
  readonly maxExpiryDays: number;
}

export interface OrgPolicy {
  /** How the policy file is named in messages (the path as given, e.g. `webexhub-policy.yaml`). */
  readonly source: string;
  readonly roles: readonly RoleLimit[];
  readonly privileges: readonly PrivilegeLimit[];
  readonly externalAdmins: readonly ExternalLimit[];
}
