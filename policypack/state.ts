/**
 * The state a stack declares, rebuilt from its webexhub resources as the rules engine reads it: one
 * `Desired` for the partner org (its PartnerAdmins and CustomerAssignments) and one per customer org
 * (its CustomerAdmins, ExternalAdmins and RestrictedMode). Like a program's resources, it is not
 * authoritative: people the stack does not declare keep what they hold.
 *
 * Paths name the resource as the providers do (`PartnerAdmin "alice".roles`), so a violation points
 * at the line of the program to change.
 */
import { normalizeEmail, type Desired, type DesiredMember, type RoleId } from "../core";
import {
  boolOf,
  optionalTextOf,
  rolesOf,
  sitesOf,
  textOf,
  textsOf,
  type DeclaredResource,
  TYPE_NAMES,
} from "./resources";

/** The org id used for resources whose org is not known until apply. */
export const UNKNOWN_ORG = "(not known until apply)";

type DesiredExternalAdmin = Desired["externalAdmins"][number];
type DesiredRestrictedMode = Desired["restrictedMode"][number];

/** `PartnerAdmin "alice"`: how messages and paths name a resource. */
export const resourcePath = (r: DeclaredResource): string => `${TYPE_NAMES[r.kind]} "${r.name}"`;

function memberOf(r: DeclaredResource): DesiredMember {
  const path = resourcePath(r);
  const sites = sitesOf(r.props.sites);
  const email = textOf(r.props.email);
  return {
    // An unknown email could be anyone: the rules about a person wait for it.
    email: email ?? "",
    roles: email === null ? undefined : (rolesOf(r.props.roles) ?? undefined),
    ...(sites !== undefined && sites !== null ? { sites } : {}),
    path,
    rolesPath: `${path}.roles`,
    sitesPath: `${path}.sites`,
  };
}

function assignmentOf(r: DeclaredResource, planned: ReadonlyMap<string, readonly RoleId[]>): DesiredMember | undefined {
  const email = textOf(r.props.adminEmail);
  const customers = textsOf(r.props.customerOrgIds);
  if (email === null || customers === null) return undefined;
  const path = resourcePath(r);
  // The roles a PartnerAdmin of the same stack declares for them: what the assignment rules judge.
  const plannedRoles = planned.get(normalizeEmail(email)) ?? rolesOf(r.props.__plannedAdminRoles) ?? undefined;
  return {
    email,
    roles: undefined,
    customers,
    customersOnly: true,
    ...(plannedRoles !== undefined ? { plannedRoles } : {}),
    path,
    customersPath: `${path}.customerOrgIds`,
  };
}

function externalOf(r: DeclaredResource): DesiredExternalAdmin {
  const role = textOf(r.props.role);
  const expiresAt = optionalTextOf(r.props.expiresAt);
  const ccsa = r.props.contactCenterServiceAdmin;
  return {
    email: textOf(r.props.email) ?? "",
    role: (role ?? undefined) as RoleId | undefined,
    expiresAt: expiresAt === null ? undefined : expiresAt,
    contactCenterServiceAdmin: ccsa === undefined || ccsa === null ? false : (boolOf(ccsa) ?? undefined),
    path: resourcePath(r),
  };
}

function restrictedModeOf(r: DeclaredResource, orgId: string): DesiredRestrictedMode {
  const enabled = r.props.enabled;
  return {
    orgId,
    enabled: enabled === undefined || enabled === null ? true : (boolOf(enabled) ?? undefined),
    path: resourcePath(r),
  };
}

/** The partner org as the stack leaves it. */
export function partnerDesired(resources: readonly DeclaredResource[], partnerOrgId = ""): Desired {
  const admins = resources.filter((r) => r.kind === "partnerAdmin");
  const planned = new Map<string, readonly RoleId[]>();
  for (const a of admins) {
    const email = textOf(a.props.email);
    const roles = rolesOf(a.props.roles);
    const key = email === null ? undefined : normalizeEmail(email);
    if (key !== undefined && roles !== null && !planned.has(key)) planned.set(key, roles);
  }
  const assignments = resources.filter((r) => r.kind === "customerAssignment");
  const members = [...admins.map(memberOf), ...assignments.flatMap((r) => assignmentOf(r, planned) ?? [])];
  const org = { kind: "partner" as const, orgId: partnerOrgId };
  return { org, authoritative: false, members, externalAdmins: [], restrictedMode: [] };
}

/** Each customer org the stack declares something in, as the stack leaves it (by org id, sorted). */
export function customerDesired(resources: readonly DeclaredResource[]): Desired[] {
  const byOrg = new Map<string, DeclaredResource[]>();
  for (const r of resources) {
    if (r.kind !== "customerAdmin" && r.kind !== "externalAdmin" && r.kind !== "restrictedMode") continue;
    const orgId = textOf(r.props.orgId) ?? UNKNOWN_ORG;
    byOrg.set(orgId, [...(byOrg.get(orgId) ?? []), r]);
  }
  return [...byOrg.keys()].sort().map((orgId) => {
    const here = byOrg.get(orgId) ?? [];
    return {
      org: { kind: "customer", orgId },
      authoritative: false,
      members: here.filter((r) => r.kind === "customerAdmin").map(memberOf),
      externalAdmins: here.filter((r) => r.kind === "externalAdmin").map(externalOf),
      restrictedMode: here.filter((r) => r.kind === "restrictedMode").map((r) => restrictedModeOf(r, orgId)),
    };
  });
}

/** Every org the stack declares something in: the partner org first, then the customers. */
export function stackDesired(resources: readonly DeclaredResource[], partnerOrgId?: string): Desired[] {
  const partner = partnerDesired(resources, partnerOrgId);
  const customers = customerDesired(resources);
  return partner.members.length > 0 ? [partner, ...customers] : customers;
}
