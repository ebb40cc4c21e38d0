/**
 * A Pulumi program with all four pulumi-webexhub resources, written against the mock Hub's demo
 * seed (`npx webexhub mock-hub --seed demo`). One program, two kinds of stack, because two
 * different people apply them:
 *
 * - a partner stack (token of a partner full admin): the partner's administrators, the customers
 *   of its partner and sales administrators, and Restricted Administrator Mode of its customers;
 * - a customer stack (config `customerOrgId`, token of one of that customer's own full admins): the
 *   external administrators of that customer org. A partner token is refused there
 *   (`external-admin-chain`): external admins cannot add external admins.
 *
 * In your own project, import from the package: `from "pulumi-webexhub"`. Inside this repository
 * the root tsconfig compiles this file, and TypeScript's `node` module resolution cannot resolve
 * the package's own name, so it imports the SDK by relative path; it runs from the build output
 * (see Pulumi.yaml), as the serialized providers must load compiled JavaScript.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  CustomerAssignment,
  ExternalAdmin,
  PartnerAdmin,
  RestrictedMode,
  type AccessSummary,
  type RoleId,
} from "../../sdk"; // "pulumi-webexhub"
// Org ids are opaque on Webex (`Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8…`); against the demo seed
// they come from its helper. In your own project, write your customers' org ids here.
import { demoCustomerOrgId } from "../../mockhub";

const config = new pulumi.Config();
// Declared in Pulumi.yaml with an empty default: empty means unset.
const customerOrgId = config.get("customerOrgId") || undefined;

// ---------------------------------------------------------------------------------------------
// Partner stack.

interface Admin {
  email: string;
  roles: RoleId[];
  /** Only for partner_admin / sales_admin: the customers they manage (authoritative). */
  customers?: string[];
  /** The platform team's own access: never stripped by a destroy or a removal from this file. */
  breakGlass?: boolean;
}

const partnerAdmins: Admin[] = [
  // Two full admins, so nobody is ever locked out (last-full-admin refuses the last one anyway).
  { email: "admin@partner.example", roles: ["full_admin", "partner_full_admin"], breakGlass: true },
  { email: "second@partner.example", roles: ["full_admin", "partner_full_admin"], breakGlass: true },
  { email: "ro@partner.example", roles: ["partner_readonly_admin"] },
  {
    email: "pa@partner.example",
    roles: ["partner_admin"],
    customers: [demoCustomerOrgId(1), demoCustomerOrgId(2), demoCustomerOrgId(3)],
  },
  { email: "user4@partner.example", roles: ["sales_admin"], customers: [demoCustomerOrgId(4), demoCustomerOrgId(5)] },
  { email: "user1@partner.example", roles: ["helpdesk_advanced"] },
];

/** Customers whose own admins run their org: Restricted Administrator Mode off. */
const selfManagedCustomers = [demoCustomerOrgId(1)];

function declarePartner(): {
  access: pulumi.Output<Record<string, AccessSummary>>;
  customers: pulumi.Output<Record<string, number>>;
} {
  const access: Record<string, pulumi.Output<AccessSummary>> = {};
  const customers: Record<string, pulumi.Output<number>> = {};
  for (const a of partnerAdmins) {
    const name = a.email.split("@")[0] ?? a.email;
    const admin = new PartnerAdmin(
      name,
      { email: a.email, roles: a.roles },
      a.breakGlass ? { retainOnDelete: true } : undefined,
    );
    access[a.email] = admin.access;
    if (a.customers)
      customers[a.email] = new CustomerAssignment(`${name}-customers`, { admin, customerOrgIds: a.customers }).count;
  }
  for (const orgId of selfManagedCustomers) new RestrictedMode(`restricted-${orgId}`, { orgId, enabled: false });
  return { access: pulumi.all(access), customers: pulumi.all(customers) };
}

// ---------------------------------------------------------------------------------------------
// Customer stack.

function missing(key: string): never {
  throw new Error(`set ${key} on this customer stack: pulumi config set ${key} <value>`);
}

function declareCustomer(orgId: string): { externalAdmins: pulumi.Output<Record<string, string>> } {
  const msp = new ExternalAdmin("msp-helper", {
    orgId,
    email: "helper@msp.example",
    role: "external_readonly_admin",
    // The MSP's support desk: read-only until the Hub revokes it (RFC 3339, in the future).
    expiresAt: config.get("mspAccessUntil") || missing("mspAccessUntil"),
  });
  // The partner's administrator, promoted to full admin by the customer (only the customer may do that), with the
  // Contact Center role that only the customer's own full admins may grant.
  const partner = new ExternalAdmin("partner-admin", {
    orgId,
    email: "pa@partner.example",
    role: "external_full_admin",
    contactCenterServiceAdmin: true,
  });
  const describe = (x: ExternalAdmin): pulumi.Output<[string, string]> =>
    pulumi
      .all([x.email, x.role, x.expiresAt])
      .apply(([email, role, until]): [string, string] => [email, until ? `${role} until ${until}` : role]);
  return { externalAdmins: pulumi.all([describe(msp), describe(partner)]).apply((pairs) => Object.fromEntries(pairs)) };
}

/**
 * The stack's one output. Partner stack: each administrator's effective access (privilege →
 * level) and how many customers each partner or sales administrator manages. Customer stack: who
 * from outside administers the org, and how.
 */
export const summary = customerOrgId ? declareCustomer(customerOrgId) : declarePartner();
