/**
 * The demo stack of this repository (Pulumi.yaml, project `webexhub-demo`), written against the
 * mock Hub's demo seed (mockhub/README.md). `npm run demo` runs it.
 *
 * Two stacks of one program, because two different people apply them: a partner's
 * platform team manages its own admins, their customers and Restricted Administrator Mode; only a
 * customer org's own full admins may manage that org's external administrators.
 *
 * | stack         | config `webexhub-demo:customerOrgId` | token (`webexhub:token`)   | declares |
 * | ------------- | ------------------------------------ | -------------------------- | -------- |
 * | `partner`     | unset                                | admin@partner.example      | PartnerAdmin, CustomerAssignment, RestrictedMode |
 * | `customer-01` | `demoCustomerOrgId(1)` (Customer 01)  | admin@customer01.example   | ExternalAdmin |
 *
 * How it runs here: the Pulumi Node.js language host cannot be built on this machine (the Go
 * module proxy refuses its module), so `pulumi up` in this folder cannot start `index.ts`. The
 * demo (scripts/demo.ts) runs the same program through the Automation API as an inline program,
 * with this folder's Pulumi.yaml: the demo's Node process serves the language runtime. Where the
 * language host exists, `npm run build && pulumi up` here runs it the usual way, from
 * dist/index.js (Pulumi.yaml explains why not from this file); the module exports one function,
 * which Pulumi calls.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomerAssignment, ExternalAdmin, PartnerAdmin, RestrictedMode } from "../../sdk";
// The demo seed's org ids: opaque, as on Webex.
import { demoCustomerOrgId } from "../../mockhub";

/** The first day of the month after next (UTC): a fixed date for a whole month of runs. */
function nextReview(now: Date = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1)).toISOString().replace(".000Z", "Z");
}

/** The partner's platform team: who administers the partner org, and which customers. */
function partnerStack(): Record<string, pulumi.Input<unknown>> {
  // Two full admins: nobody can be locked out (last-full-admin), and no single point of failure.
  const admin = new PartnerAdmin("admin", {
    email: "admin@partner.example",
    roles: ["full_admin", "partner_full_admin"],
  });
  const second = new PartnerAdmin("second", {
    email: "second@partner.example",
    roles: ["full_admin", "partner_full_admin"],
  });
  new PartnerAdmin("readonly", { email: "ro@partner.example", roles: ["partner_readonly_admin"] });

  // A partner administrator manages the customers assigned to them: the list is authoritative.
  const pa = new PartnerAdmin("pa", { email: "pa@partner.example", roles: ["partner_admin"] });
  const paCustomers = new CustomerAssignment("pa-customers", {
    admin: pa,
    customerOrgIds: [
      demoCustomerOrgId(1),
      demoCustomerOrgId(2),
      demoCustomerOrgId(3),
      demoCustomerOrgId(4),
      demoCustomerOrgId(5),
    ],
  });

  // A sales administrator of a new account team, with their own customers.
  const sales = new PartnerAdmin("sales", { email: "user1@partner.example", roles: ["sales_admin"] });
  const salesCustomers = new CustomerAssignment("sales-customers", {
    admin: sales,
    customerOrgIds: [demoCustomerOrgId(10), demoCustomerOrgId(11), demoCustomerOrgId(12)],
  });

  // Support engineer: advanced troubleshooting needs a base role and another full admin to grant it.
  new PartnerAdmin("support", { email: "user2@partner.example", roles: ["support_admin", "advanced_troubleshooting"] });

  // Customer 01 runs its own admin team: lift Restricted Administrator Mode there; keep it
  // (explicitly, as the default) on customer 02.
  const rm01 = new RestrictedMode("restricted-01", { orgId: demoCustomerOrgId(1), enabled: false });
  new RestrictedMode("restricted-02", { orgId: demoCustomerOrgId(2), enabled: true });

  return {
    fullAdmins: pulumi.all([admin.email, second.email]),
    paCustomers: paCustomers.count,
    salesCustomers: salesCustomers.count,
    customer01Withheld: rm01.withheld,
  };
}

/** A customer org's own full admins: who from outside may administer the org. */
function customerStack(orgId: string): Record<string, pulumi.Input<unknown>> {
  const config = new pulumi.Config();
  // The MSP's support desk: read-only, revoked by the Hub at the next review date.
  const msp = new ExternalAdmin("msp-helper", {
    orgId,
    email: "helper@msp.example",
    role: "external_readonly_admin",
    expiresAt: config.get("mspAccessUntil") || nextReview(),
  });
  // The partner's administrator promoted to full admin by the customer (only the customer may do that), with the
  // Contact Center role that only the customer's own full admins may grant.
  const partner = new ExternalAdmin("partner-pa", {
    orgId,
    email: "pa@partner.example",
    role: "external_full_admin",
    contactCenterServiceAdmin: true,
  });
  return { mspAccessUntil: msp.expiresAt, partnerAccess: partner.access };
}

/** The program: Pulumi calls the module's exported function. */
async function demoProgram(): Promise<Record<string, pulumi.Input<unknown>>> {
  const customerOrgId = new pulumi.Config().get("customerOrgId");
  return customerOrgId ? customerStack(customerOrgId) : partnerStack();
}

export = demoProgram;
