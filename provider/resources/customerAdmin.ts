/**
 * CustomerAdmin: the Control Hub organization roles (Contact Center Service Administrator
 * included) of an existing member of a customer org, and their Webex site roles per site.
 * Authoritative for that person's roles and site roles; applied with the token of one of the
 * customer's full admins, an external full admin there, or a partner administrator whose access in
 * that customer still lets it assign roles. Its id is the Hub person id. The operations are the
 * person-roles ones (../personAdmin.ts); this is what makes them a customer org's.
 */
import {
  accessSummary,
  customerAdminDescriptor,
  personDesired,
  type AccessSummary,
  type CustomerAdminFields,
} from "../../core";
import type { World } from "../../core";
import type { HubPerson } from "../../hub";
import { providerOf } from "../context";
import { plannedOf, withoutDrift } from "../internal";
import { personOperations, type PersonInputs, type PersonScope } from "../personAdmin";
import { siteKey, sortRoles } from "../personRoles";
import { orgName } from "../summary";
import { known } from "../unknowns";

export type { SiteRoles } from "../personRoles";
export { siteKey } from "../personRoles";

export interface CustomerAdminInputs extends Omit<PersonInputs, "orgId">, CustomerAdminFields {}

export interface CustomerAdminOutputs extends CustomerAdminInputs {
  personId: string;
  displayName: string;
  access: AccessSummary;
}

const orgOf = (world: World, orgId: string): World["orgs"][number] | undefined =>
  world.orgs.find((o) => o.id === orgId);

function outputsOf(inputs: CustomerAdminInputs, person: HubPerson, world: World): CustomerAdminOutputs {
  return {
    ...withoutDrift(inputs),
    personId: person.id,
    displayName: person.displayName ?? inputs.email,
    access: accessSummary(person.roles, orgOf(world, inputs.orgId), siteKey(person.siteRoles)),
  };
}

const customerScope: PersonScope<CustomerAdminInputs, CustomerAdminOutputs> = {
  descriptor: customerAdminDescriptor,
  org: (inputs) => ({ kind: "customer", orgId: inputs.orgId ?? "" }),
  // No `sites`: the person holds no site role.
  managed: (sites) => sites ?? {},
  holds: (person, inputs) => person.orgId === inputs.orgId,
  where: (inputs, world) => ` in ${world ? orgName(world, inputs.orgId ?? "") : (inputs.orgId ?? "")}`,
  unknownUser: (inputs) =>
    `[unknown-user] no user ${inputs.email} in ${inputs.orgId}; create the user in the Hub first, ` +
    "or declare a user of another org as an ExternalAdmin",
  /** The org and the email first: without them only the static rules run; an org out of sight is said as such. */
  async precheck(ctx, news) {
    const [orgId, email] = [known(news.orgId), known(news.email)];
    if (orgId === undefined || email === undefined) {
      const sites = known(news.sites) === undefined && news.sites !== undefined ? undefined : (news.sites ?? {});
      return ctx.failures({
        desired: personDesired({ kind: "customer", orgId: orgId ?? "" }, email ?? "", known(news.roles), sites),
      });
    }
    const missing = await ctx.orgFailures(orgId);
    return missing.length > 0 ? missing : undefined;
  },
  outputsOf,
  readBack(person, props) {
    if (person.orgId !== props.orgId) return undefined;
    const sites = siteKey(person.siteRoles);
    return {
      orgId: props.orgId,
      email: person.emails[0] ?? props.email,
      roles: sortRoles(person.roles),
      // Keep "no sites" as the program wrote it, so a refresh of an unchanged person is no diff.
      ...(props.sites !== undefined || Object.keys(sites).length > 0 ? { sites } : {}),
      ...(props.adopt !== undefined ? { adopt: props.adopt } : {}),
      ...(plannedOf(props) !== undefined ? { __planned: plannedOf(props) === true } : {}),
    };
  },
};

const operations = personOperations(customerScope);

/** The provider for one configuration (the dynamic-provider process calls this in `configure()`). */
export const createProvider = providerOf(operations);
