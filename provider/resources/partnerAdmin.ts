/**
 * PartnerAdmin: the organization roles of an existing user of the partner org, and, when `sites`
 * is given, their Webex site roles on the partner's own sites. The resource is authoritative for
 * what it declares (without `sites`, site roles are left as they are); its id is the Hub person id.
 * The operations are the person-roles ones (../personAdmin.ts); this is what makes them the partner org's.
 */
import { partnerAdminDescriptor, type PartnerAdminFields } from "../../core";
import type { HubPerson } from "../../hub";
import { providerOf } from "../context";
import { plannedOf, withoutDrift } from "../internal";
import { personOperations, type PersonInputs, type PersonScope } from "../personAdmin";
import { siteKey, sortRoles } from "../personRoles";

export { sortRoles } from "../personRoles";

export interface PartnerAdminInputs extends PersonInputs, PartnerAdminFields {}

export interface PartnerAdminOutputs extends PartnerAdminInputs {
  personId: string;
  orgId: string;
  displayName: string;
  /** Roles the Hub holds that the catalog has no id for, by name: kept by every write, shown here. */
  unknownRoles: string[];
}

/** Small on purpose (the state is written after every step); the SDK works out `access` from the roles. */
function outputsOf(inputs: PartnerAdminInputs, person: HubPerson): PartnerAdminOutputs {
  // `sites` stays as declared; the site roles the Hub holds are read back by `read`.
  const unknownRoles = person.unknownRoles.map((r) => r.name);
  return {
    ...withoutDrift(inputs),
    personId: person.id,
    orgId: person.orgId,
    displayName: person.displayName,
    unknownRoles,
  };
}

const partnerScope: PersonScope<PartnerAdminInputs, PartnerAdminOutputs> = {
  descriptor: partnerAdminDescriptor,
  // The live view is asked for "the partner org" before it knows the org's id.
  org: (_inputs, world) => ({ kind: "partner", orgId: world?.partnerOrgId ?? "" }),
  managed: (sites) => sites,
  holds: () => true,
  where: () => "",
  unknownUser: (inputs) =>
    `[unknown-user] no user ${inputs.email} in the partner org; create the user in the Hub first`,
  outputsOf,
  readBack: (person, props) => ({
    email: person.emails[0] ?? props.email,
    roles: sortRoles(person.roles),
    // Only a resource that manages site roles reads them back (and then sees them drift).
    ...(props.sites !== undefined ? { sites: siteKey(person.siteRoles) } : {}),
    ...(props.adopt !== undefined ? { adopt: props.adopt } : {}),
    ...(plannedOf(props) !== undefined ? { __planned: plannedOf(props) === true } : {}),
  }),
};

const operations = personOperations(partnerScope);

/** The provider for one configuration (the dynamic-provider process calls this in `configure()`). */
export const createProvider = providerOf(operations);
