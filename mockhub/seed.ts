/**
 * `--seed demo`: the world that tests, examples and the demo rely on (issue 3, item 7). Ids are
 * stable and readable so fixtures can name them; tokens are random per seeding because they are
 * credentials, even if only for a local mock.
 */
import { randomBytes } from "node:crypto";
import type { RoleId } from "../core/rules/catalog";
import { emptyState, type HubState, type StoredOrg, type StoredPerson } from "./state";

export const SEED_NAMES = ["demo"] as const;
export type SeedName = (typeof SEED_NAMES)[number];

export const DEMO_PARTNER_ORG_ID = "org-partner";
export const DEMO_MSP_ORG_ID = "org-msp";
export const DEMO_CUSTOMER_COUNT = 20;

/** `org-customer-01` … `org-customer-20`. */
export function demoCustomerOrgId(n: number): string {
  return `org-customer-${String(n).padStart(2, "0")}`;
}

/** Person ids are `p-<local part>-<first label of the domain>`, e.g. `p-admin-customer07`. */
export function demoPersonId(email: string): string {
  const [local, domain] = email.split("@");
  return `p-${local}-${domain.split(".")[0]}`;
}

export function newToken(): string {
  return `mock_${randomBytes(24).toString("base64url")}`;
}

interface SeedPerson {
  email: string;
  firstName: string;
  lastName: string;
  orgId: string;
  roles: RoleId[];
}

function demoPeople(): SeedPerson[] {
  const partner = (local: string, firstName: string, lastName: string, roles: RoleId[]): SeedPerson => ({
    email: `${local}@partner.example`,
    firstName,
    lastName,
    orgId: DEMO_PARTNER_ORG_ID,
    roles,
  });
  const numbers = ["One", "Two", "Three", "Four", "Five"];
  const people: SeedPerson[] = [
    // The first user of a provisioned partner org holds both full roles, as Webex provisions it.
    partner("admin", "Alice", "Admin", ["full_admin", "partner_full_admin"]),
    partner("second", "Sam", "Second", ["full_admin"]),
    partner("pa", "Pat", "Partner", ["partner_admin"]),
    partner("ro", "Rory", "Reader", ["partner_readonly_admin"]),
    ...numbers.map((word, i) => partner(`user${i + 1}`, "User", word, [])),
  ];
  for (let n = 1; n <= DEMO_CUSTOMER_COUNT; n++) {
    const nn = String(n).padStart(2, "0");
    people.push({
      email: `admin@customer${nn}.example`,
      firstName: "Admin",
      lastName: `Customer ${nn}`,
      orgId: demoCustomerOrgId(n),
      roles: ["full_admin"],
    });
  }
  people.push({ email: "helper@msp.example", firstName: "Harper", lastName: "Helper", orgId: DEMO_MSP_ORG_ID, roles: [] });
  return people;
}

/** Builds the demo world. `now` stamps `created`; `token` is injectable so tests can be exact. */
export function buildDemoState(now: Date, token: () => string = newToken): HubState {
  const created = now.toISOString();
  const state = emptyState();
  const orgs: StoredOrg[] = [
    { id: DEMO_PARTNER_ORG_ID, displayName: "Demo Partner", created, type: "partner", wholesale: true },
  ];
  for (let n = 1; n <= DEMO_CUSTOMER_COUNT; n++) {
    orgs.push({
      id: demoCustomerOrgId(n),
      displayName: `Customer ${String(n).padStart(2, "0")}`,
      created,
      type: "customer",
      partnerOrgId: DEMO_PARTNER_ORG_ID,
    });
  }
  orgs.push({ id: DEMO_MSP_ORG_ID, displayName: "Example MSP", created, type: "other" });
  state.orgs = orgs;

  state.people = demoPeople().map(
    (p): StoredPerson => ({
      id: demoPersonId(p.email),
      emails: [p.email],
      displayName: `${p.firstName} ${p.lastName}`,
      firstName: p.firstName,
      lastName: p.lastName,
      orgId: p.orgId,
      roles: p.roles,
      created,
    }),
  );
  for (const person of state.people) state.tokens[token()] = person.id;
  state.assignments[demoPersonId("pa@partner.example")] = [1, 2, 3].map(demoCustomerOrgId);
  return state;
}

export function buildSeed(name: SeedName, now: Date): HubState {
  switch (name) {
    case "demo":
      return buildDemoState(now);
  }
}
