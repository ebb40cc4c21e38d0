/**
 * The typed resources users declare. Type tokens: `pulumi-nodejs:dynamic/webexhub:<Resource>`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ExternalRoleId, RoleId, SiteRoleId } from "../core";
import { accessSummary, externalSummary, type AccessSummary } from "../core";
import { WebexhubResource } from "./providers";
import { planCustomerAdmin, planCustomerAssignment, planOther, planPartnerAdmin } from "./plan";


export interface PartnerAdminArgs {
  /** The email of an existing user of the partner org. */
  email: pulumi.Input<string>;
  /** The person's organization roles, authoritative (an empty list: no admin role). */
  roles: pulumi.Input<pulumi.Input<RoleId>[]>;
  /**
   * Webex site roles on the partner's own sites, site URL → role, one per site; authoritative
   * (`{}`: none). Absent: the resource leaves the person's site roles as they are.
   */
  sites?: pulumi.Input<Record<string, pulumi.Input<SiteRoleId>>>;
  /** Take over a person who already holds other admin roles or site roles (otherwise create refuses). */
  adopt?: pulumi.Input<boolean>;
}

export class PartnerAdmin extends WebexhubResource {
  declare readonly email: pulumi.Output<string>;
  declare readonly roles: pulumi.Output<RoleId[]>;
  declare readonly sites: pulumi.Output<Record<string, SiteRoleId> | undefined>;
  declare readonly adopt: pulumi.Output<boolean | undefined>;
  declare readonly personId: pulumi.Output<string>;
  declare readonly orgId: pulumi.Output<string>;
  declare readonly displayName: pulumi.Output<string>;
  /**
   * What the roles allow, in the partner org and its customers. Worked out in the program from the
   * roles, not kept in the state: the state is written after every step of an up.
   */
  readonly access: pulumi.Output<AccessSummary>;
  /** The email and roles as declared (known at preview, unlike the outputs of a resource not created yet). */
  readonly declaredEmail: pulumi.Input<string>;
  readonly declaredRoles: pulumi.Input<pulumi.Input<RoleId>[]>;

  constructor(name: string, args: PartnerAdminArgs, opts?: pulumi.CustomResourceOptions) {
    const plan = planPartnerAdmin(name, args, opts);
    super("partnerAdmin", "PartnerAdmin", name, { ...args, __planned: plan.planned, personId: undefined, orgId: undefined, displayName: undefined }, plan.opts);
    plan.attach(this);
    this.access = pulumi.all([this.roles, this.sites]).apply(([roles, sites]) => accessSummary(roles ?? [], undefined, sites ?? undefined));
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

export class CustomerAssignment extends WebexhubResource {
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
      "customerAssignment",
      "CustomerAssignment",
      name,
      {
        adminEmail,
        customerOrgIds: args.customerOrgIds,
        ...(args.admin ? { __plannedAdminRoles: args.admin.declaredRoles } : {}),
        ...(args.adopt !== undefined ? { adopt: args.adopt } : {}),
        __planned: plan.planned,
        personId: undefined,
        adminRoles: undefined,
        count: undefined,
      },
      plan.opts,
    );
    plan.attach(this);
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

export class ExternalAdmin extends WebexhubResource {
  declare readonly orgId: pulumi.Output<string>;
  declare readonly email: pulumi.Output<string>;
  declare readonly role: pulumi.Output<ExternalRoleId>;
  declare readonly expiresAt: pulumi.Output<string | undefined>;
  declare readonly contactCenterServiceAdmin: pulumi.Output<boolean>;
  declare readonly personId: pulumi.Output<string>;
  declare readonly homeOrgId: pulumi.Output<string>;
  /** What the role allows in the customer org, worked out in the program (not kept in the state). */
  readonly access: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: ExternalAdminArgs, opts?: pulumi.CustomResourceOptions) {
    const plan = planOther(opts, { name, orgId: args.orgId, email: args.email, role: args.role });
    super("externalAdmin", "ExternalAdmin", name, { ...args, personId: undefined, homeOrgId: undefined }, plan.opts);
    plan.attach(this);
    this.access = pulumi.all([this.role, this.contactCenterServiceAdmin]).apply(([role, ccsa]) => externalSummary(role, { contactCenterServiceAdmin: ccsa === true }));
  }
}

export interface RestrictedModeArgs {
  orgId: pulumi.Input<string>;
  /** Default true: Webex enables the mode until a partner administrator turns it off. */
  enabled?: pulumi.Input<boolean>;
}

export class RestrictedMode extends WebexhubResource {
  declare readonly orgId: pulumi.Output<string>;
  declare readonly enabled: pulumi.Output<boolean>;
  declare readonly withheld: pulumi.Output<string[]>;

  constructor(name: string, args: RestrictedModeArgs, opts?: pulumi.CustomResourceOptions) {
    const plan = planOther(opts, undefined, { name, orgId: args.orgId });
    super("restrictedMode", "RestrictedMode", name, { ...args, withheld: undefined }, plan.opts);
    plan.attach(this);
  }
}

export interface CustomerAdminArgs {
  /** The customer org. */
  orgId: pulumi.Input<string>;
  /** The email of an existing member of that org (a user of another org is an ExternalAdmin). */
  email: pulumi.Input<string>;
  /** Control Hub organization roles, Contact Center Service Administrator included; authoritative. */
  roles: pulumi.Input<pulumi.Input<RoleId>[]>;
  /** Webex site roles, site URL → role, one per site; authoritative (absent: none). */
  sites?: pulumi.Input<Record<string, pulumi.Input<SiteRoleId>>>;
  /** Take over a person who already holds other roles or site roles (otherwise create refuses). */
  adopt?: pulumi.Input<boolean>;
}

/**
 * A customer org's own administrator: applied with the token of one of that customer's full
 * admins (an external full admin there, or a partner admin whose access there still allows it).
 */
export class CustomerAdmin extends WebexhubResource {
  declare readonly orgId: pulumi.Output<string>;
  declare readonly email: pulumi.Output<string>;
  declare readonly roles: pulumi.Output<RoleId[]>;
  declare readonly sites: pulumi.Output<Record<string, SiteRoleId> | undefined>;
  declare readonly adopt: pulumi.Output<boolean | undefined>;
  declare readonly personId: pulumi.Output<string>;
  declare readonly displayName: pulumi.Output<string>;
  declare readonly access: pulumi.Output<AccessSummary>;

  constructor(name: string, args: CustomerAdminArgs, opts?: pulumi.CustomResourceOptions) {
    const plan = planCustomerAdmin(name, args, opts);
    super("customerAdmin", "CustomerAdmin", name, { ...args, __planned: plan.planned, personId: undefined, displayName: undefined, access: undefined }, plan.opts);
    plan.attach(this);
  }
}
