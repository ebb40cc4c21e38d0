/** The requests of the response contract tests, shared by the two profiles of the mock Hub. */
import { personUpdateFrom } from "../../api/decode";
import { idUuid } from "../../api/ids";
import { SCIM_PATCH_SCHEMA, type WirePerson } from "../../api/wire";
import type { MockHub } from "../../mockhub/server";
import { DEMO_PARTNER_ORG_ID, demoCustomerOrgId, demoLicenseId, demoPersonId } from "../../mockhub/seed";
import { profileOf } from "../../mockhub/profile";
import { wireRoleId } from "../../mockhub/views";
import { call } from "../mockhub/helpers";

export const ADMIN = "admin@partner.example";
const from = "2000-01-01T00:00:00Z";
const to = "2100-01-01T00:00:00Z";

export interface Case {
  name: string;
  method: string;
  /** The spec's path template. */
  spec: string;
  /** The mock's path under /v1, given the hub (some need a body read first). */
  path: string;
  as?: string;
  body?: (hub: MockHub, t: string) => Promise<unknown>;
  status: number;
  /** Served at the host root, not under /v1 (SCIM, as on Webex). */
  root?: true;
}

const user1 = demoPersonId("user1@partner.example");
const pa = demoPersonId("pa@partner.example");
const c01 = demoCustomerOrgId(1);
const c09 = demoCustomerOrgId(9);

export const CASES: Case[] = [
  { name: "my own details", method: "GET", spec: "/people/me", path: "/people/me", status: 200 },
  { name: "list people of the token's org", method: "GET", spec: "/people", path: "/people", status: 200 },
  {
    name: "list people by email",
    method: "GET",
    spec: "/people",
    path: "/people?email=pa@partner.example",
    status: 200,
  },
  { name: "list people by id", method: "GET", spec: "/people", path: `/people?id=${user1},${pa}`, status: 200 },
  {
    name: "list people of a managed customer",
    method: "GET",
    spec: "/people",
    path: `/people?orgId=${c01}`,
    status: 200,
  },
  { name: "a person", method: "GET", spec: "/people/{personId}", path: `/people/${user1}`, status: 200 },
  {
    name: "a person updated the documented way (GET, change, PUT back)",
    method: "PUT",
    spec: "/people/{personId}",
    path: `/people/${user1}`,
    // The GET's updatable fields sent back (work numbers only, as the PUT's schema has them), one changed.
    body: async (hub, t) => ({
      ...personUpdateFrom((await call<WirePerson>(hub, t, "GET", `/people/${user1}`)).body),
      title: "Senior Support Engineer",
    }),
    status: 200,
  },
  { name: "roles", method: "GET", spec: "/roles", path: "/roles", status: 200 },
  { name: "a role", method: "GET", spec: "/roles/{roleId}", path: "/roles/{full_admin}", status: 200 },
  { name: "licenses of the token's org", method: "GET", spec: "/licenses", path: "/licenses", status: 200 },
  {
    name: "licenses of a managed customer",
    method: "GET",
    spec: "/licenses",
    path: `/licenses?orgId=${c01}`,
    status: 200,
  },
  {
    name: "a license",
    method: "GET",
    spec: "/licenses/{licenseId}",
    path: `/licenses/${demoLicenseId(DEMO_PARTNER_ORG_ID, "calling")}`,
    status: 200,
  },
  { name: "organizations", method: "GET", spec: "/organizations", path: "/organizations", status: 200 },
  {
    name: "an organization",
    method: "GET",
    spec: "/organizations/{orgId}",
    path: `/organizations/${DEMO_PARTNER_ORG_ID}`,
    status: 200,
  },
  {
    name: "customers of a partner administrator",
    method: "GET",
    spec: "/partner/organizations",
    path: `/partner/organizations?managedBy=${pa}`,
    status: 200,
  },
  {
    name: "partner admins of a customer",
    method: "GET",
    spec: "/partner/organizations/{orgId}/partnerAdmins",
    path: `/partner/organizations/${c01}/partnerAdmins`,
    status: 200,
  },
  {
    name: "assign a partner admin",
    method: "POST",
    spec: "/partner/organizations/{orgId}/partnerAdmin/{personId}/assign",
    path: `/partner/organizations/${c09}/partnerAdmin/${pa}/assign`,
    status: 200,
  },
  {
    name: "unassign a partner admin",
    method: "DELETE",
    spec: "/partner/organizations/{orgId}/partnerAdmin/{personId}/unassign",
    path: `/partner/organizations/${c09}/partnerAdmin/${pa}/unassign`,
    status: 200,
  },
  {
    name: "audit events",
    method: "GET",
    spec: "/adminAudit/events",
    path: `/adminAudit/events?orgId=${DEMO_PARTNER_ORG_ID}&from=${from}&to=${to}`,
    status: 200,
  },
  {
    name: "audit event categories",
    method: "GET",
    spec: "/adminAudit/eventCategories",
    path: "/adminAudit/eventCategories",
    status: 200,
  },
  {
    name: "a SCIM user",
    method: "GET",
    spec: "/identity/scim/{orgId}/v2/Users/{userId}",
    path: `/identity/scim/${idUuid(DEMO_PARTNER_ORG_ID)}/v2/Users/${idUuid(user1)}`,
    status: 200,
    root: true,
  },
  {
    name: "a SCIM role delta",
    method: "PATCH",
    spec: "/identity/scim/{orgId}/v2/Users/{userId}",
    path: `/identity/scim/${idUuid(DEMO_PARTNER_ORG_ID)}/v2/Users/${idUuid(user1)}`,
    root: true,
    body: () =>
      Promise.resolve({
        schemas: [SCIM_PATCH_SCHEMA],
        Operations: [{ op: "add", path: "roles", value: [{ value: "atlas-portal.support" }] }],
      }),
    status: 200,
  },
  {
    name: "revoke every partner role",
    method: "DELETE",
    spec: "/partner/organizations/partnerAdmin/{personId}",
    path: `/partner/organizations/partnerAdmin/${pa}`,
    status: 204,
  },
];

/** The case's URL on this Hub: SCIM at the host root, and the role id as this Hub's profile mints it. */
export function casePath(hub: MockHub, c: Case): string {
  const path = c.path.replace("{full_admin}", wireRoleId("full_admin", profileOf(hub.profile)));
  return c.root === true ? `${hub.url}${path}` : path;
}
