/**
 * Which customers each partner administrator manages, read in bulk once many are wanted.
 *
 * The Hub answers the question per person (`GET /partner/organizations?managedBy=`) or per customer
 * (`GET /partner/organizations/{orgId}/partnerAdmins`). A stack of a thousand resources asks it for
 * hundreds of people: once the people asked about reach a share of the number of customers, reading
 * every customer's administrators (one list each) answers everyone at once and costs at most that
 * number of requests, whatever the number of people. A small stack keeps the per-person reads.
 *
 * Both views hold the same facts: a person of the partner org manages a customer exactly when they
 * appear among its administrators. People of other orgs are never in the bulk view and are read
 * one by one.
 */
import type { WirePartnerAdmin } from "../api";
import { ALL_CUSTOMER_ROLES, ASSIGNABLE_ROLES, type Org } from "../core";

export interface BulkSource {
  /** The partner org's customers, and the partner org's people. */
  scope(): Promise<{ customers: readonly string[]; partnerPeople: readonly string[] }>;
  admins(customerOrgId: string): Promise<readonly WirePartnerAdmin[]>;
}

const reachesEveryCustomer = (roles: readonly string[]): boolean =>
  roles.some((r) => (ALL_CUSTOMER_ROLES as readonly string[]).includes(r));
const holdsAssignableRole = (roles: readonly string[]): boolean =>
  roles.some((r) => (ASSIGNABLE_ROLES as readonly string[]).includes(r));

/**
 * The customers of the partner, and the people the bulk view answers for: holders of an assigned
 * role (partner or sales administrator). Whoever reaches every customer is read alone, as before.
 */
export function bulkScope(base: {
  readonly partnerOrgId: string;
  readonly orgs: ReadonlyMap<string, Org>;
  readonly people: ReadonlyMap<
    string,
    { readonly id: string; readonly orgId: string; readonly roles: readonly string[] }
  >;
}): { customers: string[]; partnerPeople: string[] } {
  const customers = [...base.orgs.values()]
    .filter((o) => o.kind === "customer" && o.managedBy === base.partnerOrgId)
    .map((o) => o.id);
  const partnerPeople = [...base.people.values()]
    .filter((p) => p.orgId === base.partnerOrgId && holdsAssignableRole(p.roles) && !reachesEveryCustomer(p.roles))
    .map((p) => p.id);
  return { customers, partnerPeople };
}

/**
 * The bulk read starts once the people asked about reach this share of the customers, and at least
 * BULK_MIN_PEOPLE: a few people cost a few reads, fewer than one per customer.
 */
export const BULK_SHARE = 0.25;
export const BULK_MIN_PEOPLE = 10;

export class BulkAssignments {
  readonly #source: BulkSource;
  readonly #asked = new Set<string>();
  /** Written since the bulk read began: its answer for them may be stale. */
  readonly #written = new Set<string>();
  #all: Promise<Map<string, string[]>> | undefined;

  constructor(source: BulkSource) {
    this.#source = source;
  }

  /**
   * The customers of `personId` from the bulk view, reading it first if enough people have been
   * asked about; `undefined` when the caller should read the person alone.
   */
  async lookup(personId: string): Promise<readonly string[] | undefined> {
    this.#asked.add(personId);
    if (this.#all === undefined) {
      const { customers } = await this.#source.scope();
      if (customers.length === 0 || this.#asked.size < Math.max(BULK_MIN_PEOPLE, customers.length * BULK_SHARE))
        return undefined;
      this.#all ??= this.#load();
    }
    let all: Map<string, string[]>;
    try {
      all = await this.#all;
    } catch {
      return undefined; // the bulk read failed: the person's own read reports what is wrong
    }
    return this.#written.has(personId) ? undefined : all.get(personId);
  }

  /** A write changed the person's customers: the bulk view no longer speaks for them. */
  written(personId: string): void {
    if (this.#all !== undefined) this.#written.add(personId);
  }

  clear(): void {
    this.#asked.clear();
    this.#written.clear();
    this.#all = undefined;
  }

  async #load(): Promise<Map<string, string[]>> {
    const { customers, partnerPeople } = await this.#source.scope();
    const all = new Map<string, string[]>(partnerPeople.map((id) => [id, []]));
    const lists = await Promise.all(customers.map(async (orgId) => [orgId, await this.#source.admins(orgId)] as const));
    for (const [orgId, admins] of lists) for (const a of admins) all.get(a.id)?.push(orgId);
    return all;
  }
}
