/**
 * The typed resources users declare. Type tokens: `pulumi-nodejs:dynamic/webexhub:<Resource>`. Each
 * class is its descriptor (core/resources) made a Pulumi resource: its arguments are the
 * descriptor's fields as Pulumi inputs, its registration in the program's plan is the descriptor's.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ExternalRoleId, RoleId, SiteRoleId } from "../core";
import { accessSummary, externalSummary, type AccessSummary } from "../core";
import { customerAdminDescriptor, customerAssignmentDescriptor, externalAdminDescriptor } from "../core";
import { partnerAdminDescriptor, restrictedModeDescriptor, type ResourceDescriptor } from "../core";
import type { CustomerAdminFields, CustomerAssignmentFields, ExternalAdminFields } from "../core";
import type { PartnerAdminFields, RestrictedModeFields } from "../core";
import { WebexhubResource } from "./providers";
import { planDeclaration } from "./plan";

/** A field as a Pulumi input: lists and maps may hold inputs too. */
type InputOf<T> = [T] extends [readonly (infer U)[]]
  ? pulumi.Input<pulumi.Input<U>[]>
  : [T] extends [object]
    ? pulumi.Input<{ [K in keyof T]: pulumi.Input<T[K]> }>
    : pulumi.Input<T>;

/** A descriptor's fields as the SDK class's arguments (their documentation carries over). */
export type ArgsOf<Fields> = { [K in keyof Fields]: InputOf<Exclude<Fields[K], undefined>> };

/**
 * A resource of the program, declared through its descriptor: entered into the program's plan, its
 * provider-set outputs registered unknown, and attached to the plan once made.
 */
export abstract class DeclaredResource extends WebexhubResource {
  constructor(
    descriptor: ResourceDescriptor,
    name: string,
    args: object,
    opts?: pulumi.CustomResourceOptions,
    extra: { readonly inputs?: pulumi.Inputs; readonly after?: pulumi.Resource } = {},
  ) {
    const plan = planDeclaration(descriptor, name, args as Readonly<Record<string, unknown>>, opts, extra.after);
    const outputs = Object.fromEntries(descriptor.outputs.map((o) => [o, undefined]));
    const planned = descriptor.judgedByPlan ? { __planned: plan.planned } : {};
    super(descriptor, name, { ...(extra.inputs ?? (args as pulumi.Inputs)), ...planned, ...outputs }, plan.opts);
    plan.attach(this);
  }
}

export type PartnerAdminArgs = ArgsOf<PartnerAdminFields>;

export class PartnerAdmin extends DeclaredResource {
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
    super(partnerAdminDescriptor, name, args, opts);
    this.access = pulumi
      .all([this.roles, this.sites])
      .apply(([roles, sites]) => accessSummary(roles ?? [], undefined, sites ?? undefined));
    this.declaredEmail = args.email;
    this.declaredRoles = args.roles;
  }
}

export type CustomerAssignmentArgs = ArgsOf<CustomerAssignmentFields> & {
  /**
   * The partner or sales administrator. Pass a `PartnerAdmin` declared in the same program and
   * the assignment waits for it, checking the administrator's roles once they exist.
   */
  admin?: PartnerAdmin;
};

export class CustomerAssignment extends DeclaredResource {
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
    const inputs = {
      adminEmail,
      customerOrgIds: args.customerOrgIds,
      ...(args.admin ? { __plannedAdminRoles: args.admin.declaredRoles } : {}),
      ...(args.adopt !== undefined ? { adopt: args.adopt } : {}),
    };
    const digested = { adminEmail, customerOrgIds: args.customerOrgIds };
    super(customerAssignmentDescriptor, name, digested, opts, { inputs, ...(args.admin ? { after: args.admin } : {}) });
  }
}

export type ExternalAdminArgs = ArgsOf<ExternalAdminFields>;

export class ExternalAdmin extends DeclaredResource {
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
    super(externalAdminDescriptor, name, args, opts);
    this.access = pulumi
      .all([this.role, this.contactCenterServiceAdmin])
      .apply(([role, ccsa]) => externalSummary(role, { contactCenterServiceAdmin: ccsa === true }));
  }
}

export type RestrictedModeArgs = ArgsOf<RestrictedModeFields>;

export class RestrictedMode extends DeclaredResource {
  declare readonly orgId: pulumi.Output<string>;
  declare readonly enabled: pulumi.Output<boolean>;
  declare readonly withheld: pulumi.Output<string[]>;

  constructor(name: string, args: RestrictedModeArgs, opts?: pulumi.CustomResourceOptions) {
    super(restrictedModeDescriptor, name, args, opts);
  }
}

export type CustomerAdminArgs = ArgsOf<CustomerAdminFields>;

/**
 * A customer org's own administrator: applied with the token of one of that customer's full
 * admins (an external full admin there, or a partner admin whose access there still allows it).
 */
export class CustomerAdmin extends DeclaredResource {
  declare readonly orgId: pulumi.Output<string>;
  declare readonly email: pulumi.Output<string>;
  declare readonly roles: pulumi.Output<RoleId[]>;
  declare readonly sites: pulumi.Output<Record<string, SiteRoleId> | undefined>;
  declare readonly adopt: pulumi.Output<boolean | undefined>;
  declare readonly personId: pulumi.Output<string>;
  declare readonly displayName: pulumi.Output<string>;
  declare readonly access: pulumi.Output<AccessSummary>;

  constructor(name: string, args: CustomerAdminArgs, opts?: pulumi.CustomResourceOptions) {
    super(customerAdminDescriptor, name, args, opts);
  }
}
