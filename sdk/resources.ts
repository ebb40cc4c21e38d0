/**
 * The typed resources users declare. Type tokens: `pulumi-nodejs:dynamic/webexhub:<Resource>`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ExternalRoleId, RoleId } from "../core/rules/catalog";
import type { AccessSummary } from "../core/summary";
import { providers } from "./providers";
import { planCustomerAssignment, planOther, planPartnerAdmin } from "./plan";

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
  /** The email and roles as declared (known at preview, unlike the outputs of a resource not created yet). */
  readonly declaredEmail: pulumi.Input<string>;
  readonly declaredRoles: pulumi.Input<pulumi.Input<RoleId>[]>;

  constructor(name: string, args: PartnerAdminArgs, opts?: pulumi.CustomResourceOptions) {
    const plan = planPartnerAdmin(name, args, opts);
    super(providers.partnerAdmin, name, { ...args, planned: plan.planned, personId: undefined, orgId: undefined, displayName: undefined, access: undefined }, plan.opts, MODULE, "PartnerAdmin");
    plan.attach(this);
    this.declaredEmail = args.email;
    this.declaredRoles = args.roles;
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
  /**
   * Take over an administrator who already manages customers outside this list: create unassigns
   * them. Without it, create refuses (a takeover is never silent).
   */
  adopt?: pulumi.Input<boolean>;
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
    // With a PartnerAdmin of the same program, its DECLARED email and roles are known at preview,
    // so the assignment rules (who may be assigned customers) run then, not halfway through an up.
    const adminEmail = args.admin ? args.admin.declaredEmail : args.adminEmail;
    const plan = planCustomerAssignment(name, adminEmail, args.customerOrgIds, args.admin, opts);
    super(
      providers.customerAssignment,
      name,
      {
        adminEmail,
        customerOrgIds: args.customerOrgIds,
        ...(args.admin ? { plannedAdminRoles: args.admin.declaredRoles } : {}),
        ...(args.adopt !== undefined ? { adopt: args.adopt } : {}),
        planned: plan.planned,
        personId: undefined,
        adminRoles: undefined,
        count: undefined,
      },
      plan.opts,
      MODULE,
      "CustomerAssignment",
    );
  }
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
    const plan = planOther(opts, { name, orgId: args.orgId, email: args.email, role: args.role });
    super(providers.externalAdmin, name, { ...args, personId: undefined, homeOrgId: undefined, access: undefined }, plan.opts, MODULE, "ExternalAdmin");
  }
}

export interface RestrictedModeArgs {
  orgId: pulumi.Input<string>;
  /** Default true: Webex enables the mode until a partner administrator turns it off. */
  enabled?: pulumi.Input<boolean>;
}

export class RestrictedMode extends pulumi.dynamic.Resource {
  declare readonly orgId: pulumi.Output<string>;
  declare readonly enabled: pulumi.Output<boolean>;
  declare readonly withheld: pulumi.Output<string[]>;

  constructor(name: string, args: RestrictedModeArgs, opts?: pulumi.CustomResourceOptions) {
    super(providers.restrictedMode, name, { ...args, withheld: undefined }, planOther(opts).opts, MODULE, "RestrictedMode");
  }
}
