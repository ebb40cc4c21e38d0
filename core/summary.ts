/** The effective-access summaries that resources output and that `webexhub access` prints. */
import {
  effectiveAccess,
  externalAccess,
  summarize,
  type CustomerList,
  type ExternalAccessOptions,
} from "./rules/access";
import type { RoleId, SiteRoleId } from "./rules/catalog";
import type { Org, Person } from "./rules/types";
import { privilegeDeltaLines } from "./delta";

export interface AccessSummary {
  /** Privilege → level in the person's own organization. */
  readonly organization: Record<string, string>;
  /** Which customers the person manages, and how. */
  readonly customers: { readonly list: CustomerList; readonly privileges: Record<string, string> };
  readonly withheld: readonly string[];
  /** Per Webex site URL, privilege → level; only when the person holds a site role. */
  readonly sites?: Readonly<Record<string, Record<string, string>>>;
}

export type SiteRoles = Readonly<Record<string, SiteRoleId>>;

export function accessSummary(roles: readonly RoleId[], org: Org | undefined, sites?: SiteRoles): AccessSummary {
  const access = effectiveAccess({
    roles,
    orgKind: org?.kind ?? "partner",
    ...(org?.kind === "customer" ? { restrictedMode: org.restrictedMode !== false } : {}),
    ...(sites ? { sites } : {}),
  });
  const siteEntries = Object.entries(access.sites).sort(([a], [b]) => a.localeCompare(b));
  return {
    organization: summarize(access.organization),
    customers: { list: access.customers.list, privileges: summarize(access.customers.privileges) },
    withheld: [...access.withheld],
    ...(siteEntries.length > 0
      ? { sites: Object.fromEntries(siteEntries.map(([url, map]) => [url, summarize(map)])) }
      : {}),
  };
}

export function externalSummary(
  role: "external_full_admin" | "external_readonly_admin",
  options: ExternalAccessOptions = {},
): Record<string, string> {
  return summarize(externalAccess(role, options));
}

/** "gains X; loses Y" in privilege terms, for the reviewer of a preview. */
export function privilegeDelta(
  before: readonly RoleId[],
  after: readonly RoleId[],
  org: Org | undefined,
  sites?: { before: SiteRoles; after: SiteRoles },
): string {
  const lines = privilegeDeltaLines(accessSummary(before, org, sites?.before), accessSummary(after, org, sites?.after));
  return lines.length ? lines.join("; ") : "no privilege changes";
}

export function personLabel(person: Person | undefined, email: string): string {
  return person?.displayName ? `${person.displayName} <${email}>` : email;
}
