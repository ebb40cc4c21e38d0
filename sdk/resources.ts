/**
 * The typed resources users declare. Type tokens: `pulumi-nodejs:dynamic/webexhub:<Resource>`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ExternalRoleId, RoleId } from "../core/rules/catalog";
import type { AccessSummary } from "../core/summary";
import { providers } from "./providers";

const MODULE = "webexhub";

export interface PartnerAdminArgs {
  /** The email of an existing user of the partner org. */
  email: pulumi.Input<string>;
  /** The person's organization roles, authoritative (an empty list: no admin role). */
  roles: pulumi.Input<pulumi.Input<RoleId>[]>;
  /** Take over a person who already holds other admin roles (otherwise create refuses). */
  adopt?: pulumi.Input<boolean>;
}

export class PartnerAdmin extends pulumi.dynamic.Resource {
  declare readonly email: pulumi.Output<string>;
  declare readonly roles: pulumi.Output<RoleId[]>;
  declare readonly adopt: pulumi.Output<boolean | undefined>;
  declare readonly personId: pulumi.Output<string>;
  declare readonly orgId: pulumi.Output<string>;
  declare readonly displayName: pulumi.Output<string>;
  declare readonly access: pulumi.Output<AccessSummary>;

  constructor(name: string, args: PartnerAdminArgs, opts?: pulumi.CustomResourceOptions) {
    super(providers.partnerAdmin, name, { ...args, personId: undefined, orgId: undefined, displayName: undefined, access: undefined }, opts, MODULE, "PartnerAdmin");
  }
}

export interface CustomerAssignmentArgs {
  /**
   * The partner or sales administrator. Pass a `PartnerAdmin` declared in the same program and
   * the assignment waits for it, checking the administrator's roles once they exist.
   */
  admin?: PartnerAdmin;
  /** Or the administrator's email, when their roles are managed elsewhere. */
  adminEmail?: pulumi.Input<string>;
  /** The authoritative set of customer org ids (at most 500). */
  customerOrgIds: pulumi.Input<pulumi.Input<string>[]>;
}

export class CustomerAssignment extends pulumi.dynamic.Resource {
  declare readonly adminEmail: pulumi.Output<string>;
  declare readonly customerOrgIds: pulumi.Output<string[]>;
  declare readonly personId: pulumi.Output<string>;
  declare readonly adminRoles: pulumi.Output<string[]>;
  declare readonly count: pulumi.Output<number>;

  constructor(name: string, args: CustomerAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
    if ((args.admin === undefined) === (args.adminEmail === undefined)) {
      throw new Error(`CustomerAssignment ${name}: set exactly one of admin (a PartnerAdmin) or adminEmail`);
    }
    // Through the PartnerAdmin's computed id, the email stays unknown in a preview that creates
    // both: the assignment's role rules then wait for apply time, when the roles exist.
    const adminEmail = args.admin ? pulumi.all([args.admin.email, args.admin.personId]).apply(([email]) => email) : args.adminEmail;
    super(
      providers.customerAssignment,
      name,
      { adminEmail, customerOrgIds: args.customerOrgIds, personId: undefined, adminRoles: undefined, count: undefined },
      { ...opts, dependsOn: args.admin ? [args.admin, ...toArray(opts?.dependsOn)] : opts?.dependsOn },
      MODULE,
      "CustomerAssignment",
    );
  }
}

function toArray(value: pulumi.CustomResourceOptions["dependsOn"]): pulumi.Input<pulumi.Resource>[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value as pulumi.Input<pulumi.Resource>];
}

export interface ExternalAdminArgs {
  /** The customer org. */
  orgId: pulumi.Input<string>;
  /** A user of another org. */
  email: pulumi.Input<string>;
  role: pulumi.Input<ExternalRoleId>;
  /** Only for external_readonly_admin: the Hub revokes the access then (RFC 3339). */
  expiresAt?: pulumi.Input<string>;
  contactCenterServiceAdmin?: pulumi.Input<boolean>;
}

export class ExternalAdmin extends pulumi.dynamic.Resource {
  declare readonly orgId: pulumi.Output<string>;
  declare readonly email: pulumi.Output<string>;
  declare readonly role: pulumi.Output<ExternalRoleId>;
  declare readonly expiresAt: pulumi.Output<string | undefined>;
  declare readonly contactCenterServiceAdmin: pulumi.Output<boolean>;
  declare readonly personId: pulumi.Output<string>;
  declare readonly homeOrgId: pulumi.Output<string>;
  declare readonly access: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: ExternalAdminArgs, opts?: pulumi.CustomResourceOptions) {
    super(providers.externalAdmin, name, { ...args, personId: undefined, homeOrgId: undefined, access: undefined }, opts, MODULE, "ExternalAdmin");
  }
}

export interface RestrictedModeArgs {
  orgId: pulumi.Input<string>;
  /** Default true, as in the Hub (002). */
  enabled?: pulumi.Input<boolean>;
}

export class RestrictedMode extends pulumi.dynamic.Resource {
  declare readonly orgId: pulumi.Output<string>;
  declare readonly enabled: pulumi.Output<boolean>;
  declare readonly withheld: pulumi.Output<string[]>;

  constructor(name: string, args: RestrictedModeArgs, opts?: pulumi.CustomResourceOptions) {
    super(providers.restrictedMode, name, { ...args, withheld: undefined }, opts, MODULE, "RestrictedMode");
  }
}
