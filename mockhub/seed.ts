/**
 * `--seed demo`: the world that tests, examples and the demo rely on. Ids are opaque Webex ids, as
 * on Webex, but stable (derived from names) so fixtures can compute them with the helpers below;
 * tokens are random per seeding because they are credentials, even if only for a local mock.
 * People carry licenses, phone numbers, extensions, locations, site URLs, titles, managers and
 * addresses, so a client that loses any field on a write shows it.
 */
import { createHash, randomBytes } from "node:crypto";
import { webexId, type WebexIdKind } from "../api";
import type { RoleId } from "../core";
import { emptyState, type HubState, type StoredOrg, type StoredPerson } from "./state";

export const SEED_NAMES = ["demo"] as const;
export type SeedName = (typeof SEED_NAMES)[number];

/** A name-based (version 5 style) UUID: the same name always gives the same id. */
export function nameUuid(name: string): string {
  const h = createHash("sha1").update(`webexhub-demo:${name}`).digest("hex");
  const variant = ((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

const demoId = (kind: WebexIdKind, name: string): string => webexId(kind, nameUuid(name));

export const DEMO_PARTNER_ORG_ID = demoId("ORGANIZATION", "org-partner");
export const DEMO_MSP_ORG_ID = demoId("ORGANIZATION", "org-msp");
export const DEMO_CUSTOMER_COUNT = 20;

/** The licenses every demo org has bought: kind → name. */
export const DEMO_LICENSE_NAMES = {
  messaging: "Messaging",
  meetings: "Meeting - Webex Enterprise Edition",
  calling: "Webex Calling - Professional",
} as const;
export type DemoLicense = keyof typeof DEMO_LICENSE_NAMES;

/** The id of one of an org's demo licenses (licenses belong to an org, as on Webex). */
export function demoLicenseId(orgId: string, kind: DemoLicense): string {
  return demoId("LICENSE", `license-${kind}-${orgId}`);
}

/** The org id of `Customer NN` (1 … 20). */
export function demoCustomerOrgId(n: number): string {
  return demoId("ORGANIZATION", `org-customer-${String(n).padStart(2, "0")}`);
}

/** The person id of a demo email, e.g. `demoPersonId("admin@customer07.example")`. */
export function demoPersonId(email: string): string {
  return demoId("PEOPLE", email.toLowerCase());
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
  title: string;
  /** Email of the manager, in the same org. */
  manager?: string;
}

function demoPeople(): SeedPerson[] {
  const partner = (
    local: string,
    firstName: string,
    lastName: string,
    roles: RoleId[],
    title: string,
    manager?: string,
  ): SeedPerson => ({
    email: `${local}@partner.example`,
    firstName,
    lastName,
    orgId: DEMO_PARTNER_ORG_ID,
    roles,
    title,
    ...(manager !== undefined && { manager: `${manager}@partner.example` }),
  });
  const numbers = ["One", "Two", "Three", "Four", "Five"];
  const people: SeedPerson[] = [
    // The first user of a provisioned partner org holds both full roles, as Webex provisions it.
    partner("admin", "Alice", "Admin", ["full_admin", "partner_full_admin"], "Head of IT"),
    partner("second", "Sam", "Second", ["full_admin"], "IT Manager", "admin"),
    partner("pa", "Pat", "Partner", ["partner_admin"], "Customer Success Manager", "admin"),
    partner("ro", "Rory", "Reader", ["partner_readonly_admin"], "Auditor", "admin"),
    ...numbers.map((word, i) => partner(`user${i + 1}`, "User", word, [], "Support Engineer", "second")),
  ];
  for (let n = 1; n <= DEMO_CUSTOMER_COUNT; n++) {
    const nn = String(n).padStart(2, "0");
    people.push({
      email: `admin@customer${nn}.example`,
      firstName: "Admin",
      lastName: `Customer ${nn}`,
      orgId: demoCustomerOrgId(n),
      roles: ["full_admin"],
      title: "IT Administrator",
    });
  }
  people.push({
    email: "helper@msp.example",
    firstName: "Harper",
    lastName: "Helper",
    orgId: DEMO_MSP_ORG_ID,
    roles: [],
    title: "Consultant",
  });
  return people;
}

function domainOf(email: string): string {
  return (email.split("@")[1] ?? "").split(".")[0] ?? "";
}

/** The partner, its customers (managed by it) and an unrelated MSP org, all created at `created`. */
function demoOrgs(created: string): StoredOrg[] {
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
  return orgs;
}

/**
 * One seed person as the Hub stores them, with every profile field filled in (numbers, address,
 * avatar and extension derived from their position `i`), so a client that drops a field shows it.
 */
function storedDemoPerson(p: SeedPerson, i: number, manager: SeedPerson | undefined, created: string): StoredPerson {
  const domain = domainOf(p.email);
  const extension = String(1000 + i);
  return {
    id: demoPersonId(p.email),
    emails: [p.email],
    phoneNumbers: [
      { type: "work", value: `+1 408 555 ${extension}`, primary: true },
      { type: "mobile", value: `+1 650 555 ${extension}`, primary: false },
      // Webex lists the calling extension with its location's routing prefix.
      { type: "work_extension", value: `8${extension}`, primary: false },
    ],
    extension,
    locationId: demoId("LOCATION", `location-${domain}`),
    displayName: `${p.firstName} ${p.lastName}`,
    nickName: p.firstName,
    firstName: p.firstName,
    lastName: p.lastName,
    avatar: `https://avatars.example/${domain}/${i}.png`,
    orgId: p.orgId,
    roles: p.roles,
    licenses: (Object.keys(DEMO_LICENSE_NAMES) as DemoLicense[]).map((kind) => demoLicenseId(p.orgId, kind)),
    department: p.roles.length > 0 ? "IT" : "Support",
    ...(manager !== undefined && {
      manager: `${manager.firstName} ${manager.lastName}`,
      managerId: demoPersonId(manager.email),
    }),
    title: p.title,
    addresses: [
      {
        type: "work",
        country: "US",
        locality: "San Jose",
        region: "California",
        streetAddress: `${100 + i} Tasman Dr.`,
        postalCode: "95134",
      },
    ],
    siteUrls: [`${domain}.webex.com`, `${domain}-events.webex.com#attendee`],
    loginEnabled: true,
    created,
    lastModified: created,
  };
}

/** Builds the demo world. `now` stamps `created`; `token` is injectable so tests can be exact. */
export function buildDemoState(now: Date, token: () => string = newToken): HubState {
  const created = now.toISOString();
  const state = emptyState();
  state.orgs = demoOrgs(created);
  const seedPeople = demoPeople();
  const byEmail = new Map(seedPeople.map((p) => [p.email, p]));
  state.people = seedPeople.map((p, i) =>
    storedDemoPerson(p, i, p.manager === undefined ? undefined : byEmail.get(p.manager), created),
  );
  for (const org of state.orgs) {
    for (const [kind, name] of Object.entries(DEMO_LICENSE_NAMES)) {
      state.licenses.push({ id: demoLicenseId(org.id, kind as DemoLicense), orgId: org.id, name, totalUnits: 100 });
    }
  }
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
