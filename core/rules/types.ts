/**
 * The data the rules engine reasons about. Everything here is plain data: the engine does no I/O,
 * so the provider (live Hub), the CLI (a YAML file, optionally with a Hub) and the mock Hub (its own
 * guard) all feed it the same shapes.
 */
import type { ExternalRoleId, RoleId, SiteRoleId } from "./catalog";
import type { OrgPolicy } from "../policy/types";
import type { WorldIndexer } from "./worldIndex";

export const RULE_CODES = [
  "derived-role",
  "exclusive-roles",
  "ata-requires-base-role",
  "ata-self-grant",
  "wholesale-requires-partner-role",
  "wholesale-not-enabled",
  "partner-org-only",
  "external-only",
  "assignment-target-role",
  "assignment-limit",
  "customer-not-managed",
  "duplicate-admin",
  "last-full-admin",
  "no-partner-full-admin",
  "single-full-admin",
  "actor-lacks-privilege",
  "external-admin-chain",
  "partner-self-external-full",
  "contact-center-external",
  "restricted-mode-actor",
  "expiry-readonly-only",
  "expiry-in-past",
  "unknown-user",
  "customer-org-only",
  "duplicate-site-role",
  "duplicate-customer",
  "site-not-in-org",
  "org-policy",
  "not-checked",
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

export type Severity = "error" | "warning";

/** A broken rule. Data, never an exception: callers decide whether it blocks. */
export interface Violation {
  readonly code: RuleCode;
  readonly severity: Severity;
  /** Where the offending input is, e.g. `admins[1].roles` in a file or `roles[0]` in a resource. */
  readonly path: string;
  readonly message: string;
}

/** Rule codes that mean "the token's person may not do this" (the Hub answers 403, not 409). */
export const PRIVILEGE_CODES: readonly RuleCode[] = [
  "actor-lacks-privilege",
  "external-admin-chain",
  "partner-self-external-full",
  "contact-center-external",
  "restricted-mode-actor",
  "ata-self-grant",
];

// ---------------------------------------------------------------------------------------------
// The world: what the Hub holds now.

export type OrgKind = "partner" | "customer" | "other";

export interface Org {
  readonly id: string;
  readonly displayName: string;
  readonly kind: OrgKind;
  /** Partner orgs only: the partner sells Webex for Wholesale. */
  readonly wholesale?: boolean;
  /** Customer orgs only: the partner org that manages it. */
  readonly managedBy?: string;
  /** Customer orgs only: Restricted Administrator Mode; absent means the Webex default, enabled. */
  readonly restrictedMode?: boolean;
}

export interface Person {
  readonly id: string;
  readonly email: string;
  /** The organization the person is a member of. */
  readonly orgId: string;
  readonly displayName?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  /** Organization roles held in the person's own org. */
  readonly roles: readonly RoleId[];
  /** Webex site roles, one per site. */
  readonly siteRoles?: Readonly<Record<string, SiteRoleId>>;
  /** Roles the Hub holds that have no catalog id (by name): never removed by a write, only shown. */
  readonly unknownRoles?: readonly { readonly id: string; readonly name: string }[];
  /**
   * The Webex sites the person uses, as hosts (`acme.webex.com`; Webex's `#attendee` suffix
   * dropped): what tells which org a site belongs to.
   */
  readonly siteUrls?: readonly string[];
  /**
   * The Hub showed this token none of the person's administrative fields (Webex returns them only
   * to an admin of the person's org): `roles` is then empty for want of sight, not known to be empty.
   */
  readonly rolesHidden?: boolean;
}

/** An administrator from another org inside a customer org. */
export interface ExternalAdminGrant {
  readonly orgId: string;
  readonly personId: string;
  readonly role: ExternalRoleId;
  readonly expiresAt?: string;
  readonly contactCenterServiceAdmin?: boolean;
}

/**
 * Something the token could not read, so the rules that need it say `not-checked` instead of
 * guessing: an assigned-customers list, an org's external administrators, the Hub's roles, the
 * orgs beyond what the token sees.
 */
export type UnknownFact =
  | { readonly kind: "assignments"; readonly personId: string; readonly reason: string }
  | { readonly kind: "externalAdmins"; readonly orgId: string; readonly reason: string }
  | { readonly kind: "roles"; readonly reason: string };

export interface World {
  /** The partner org whose admins are declared (the token's partner, "My Organization"). */
  readonly partnerOrgId: string;
  readonly orgs: readonly Org[];
  readonly people: readonly Person[];
  /** personId → customer org ids assigned to that partner or sales administrator. */
  readonly assignments: Readonly<Record<string, readonly string[]>>;
  readonly externalAdmins: readonly ExternalAdminGrant[];
  /** What the token could not read; absent when it read everything the rules asked for. */
  readonly unknown?: readonly UnknownFact[];
}

// ---------------------------------------------------------------------------------------------
// The desired state: what a file or a resource declares.

/** A declared member of the org: their organization roles and, when declared, their Webex site roles. */
export interface DesiredMember {
  readonly email: string;
  /** Unknown (a preview with an unresolved input) skips the rules that need it. */
  readonly roles: readonly RoleId[] | undefined;
  /** Partner files and `CustomerAssignment`: the authoritative set of assigned customers. */
  readonly customers?: readonly string[] | undefined;
  readonly sites?: Readonly<Record<string, SiteRoleId>>;
  /** Path of this entry, e.g. `admins[1]`, or "" for a resource whose inputs are the entry. */
  readonly path: string;
  /** Path of the roles list; defaults to `<path>.roles`. */
  readonly rolesPath?: string;
  /** Path of the site roles; defaults to `<path>.sites`. */
  readonly sitesPath?: string;
  /** Path of the customers list; defaults to `<path>.customers`. */
  readonly customersPath?: string;
  /** Set when only the customers are declared (CustomerAssignment): the roles are not changed. */
  readonly customersOnly?: boolean;
  /**
   * With `customersOnly`: the roles the rest of the plan declares for this person (a PartnerAdmin
   * of the same program), so the assignment rules judge the roles the plan leaves, at preview.
   */
  readonly plannedRoles?: readonly RoleId[];
}

export interface DesiredExternalAdmin {
  readonly email: string;
  /** `undefined` with `remove` set: the grant is being taken away. */
  readonly role: RoleId | undefined;
  readonly expiresAt?: string | undefined;
  /** `expiresAt` is not known until apply (a preview): the limits on it wait. */
  readonly expiresAtUnknown?: boolean;
  readonly contactCenterServiceAdmin?: boolean | undefined;
  readonly remove?: boolean;
  readonly path: string;
}

export interface DesiredRestrictedMode {
  readonly orgId: string;
  readonly enabled: boolean | undefined;
  readonly path: string;
}

export interface Desired {
  /** The organization whose admins are declared. */
  readonly org:
    | { readonly kind: "partner"; readonly orgId: string; readonly wholesale?: boolean }
    | { readonly kind: "customer"; readonly orgId: string };
  /**
   * A GitOps file is authoritative for its org's admins: an admin held in the Hub and absent here
   * loses their roles. A resource is not: the admins it does not name keep what they hold.
   */
  readonly authoritative: boolean;
  readonly members: readonly DesiredMember[];
  readonly externalAdmins: readonly DesiredExternalAdmin[];
  readonly restrictedMode: readonly DesiredRestrictedMode[];
}

export interface RuleContext {
  readonly desired: Desired;
  /** The live Hub; rules that need it do not fire without it. */
  readonly world?: World;
  /** The token's person; rules about who may make a change do not fire without it. */
  readonly actor?: Person;
  /** Injectable clock for the expiry rules. */
  readonly now: Date;
  /** The organization's own guardrails, judged as `org-policy` (core/policy/). */
  readonly policy?: OrgPolicy | undefined;
  /**
   * The evaluator's index of the worlds it judges in turn, so that a world a write or two from the
   * last one is patched rather than indexed whole; without one each evaluation indexes its world.
   */
  readonly indexer?: WorldIndexer;
}
