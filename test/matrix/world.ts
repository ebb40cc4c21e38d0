/**
 * The matrix's Hub: the demo seed plus one person for every actor kind the Webex articles define
 * (partner full admin with and without partner_full_admin, partner full / admin / read-only, sales
 * full / sales, help desk, wholesale, a plain user; a customer's full admin, each other admin role,
 * a plain user, a site admin; external full and read-only admins; a user of an unrelated org).
 * Tokens are fixed strings, so a printed case can be run again as is.
 */
import type { RoleId, SiteRoleId } from "../../core";
import {
  buildDemoState,
  demoCustomerOrgId,
  demoPersonId,
  DEMO_MSP_ORG_ID,
  DEMO_PARTNER_ORG_ID,
} from "../../mockhub/seed";
import type { HubState, StoredPerson } from "../../mockhub/state";

export const NOW = new Date("2026-06-01T00:00:00Z");
export const FUTURE = "2099-01-31T00:00:00Z";
export const C01 = demoCustomerOrgId(1);
export const C04 = demoCustomerOrgId(4);

interface Extra {
  readonly email: string;
  readonly orgId: string;
  readonly roles: readonly RoleId[];
  readonly siteRoles?: Readonly<Record<string, SiteRoleId>>;
}

const partner = (local: string, roles: RoleId[], siteRoles?: Record<string, SiteRoleId>): Extra => ({
  email: `${local}@partner.example`,
  orgId: DEMO_PARTNER_ORG_ID,
  roles,
  ...(siteRoles ? { siteRoles } : {}),
});
const customer = (
  local: string,
  n: string,
  orgId: string,
  roles: RoleId[],
  siteRoles?: Record<string, SiteRoleId>,
): Extra => ({ email: `${local}@customer${n}.example`, orgId, roles, ...(siteRoles ? { siteRoles } : {}) });

const EXTRA: readonly Extra[] = [
  partner("pfa", ["partner_full_admin"]),
  partner("salesfull", ["sales_full_admin"]),
  partner("sales", ["sales_admin"]),
  partner("hdb", ["helpdesk_basic"]),
  partner("hda", ["helpdesk_advanced"]),
  partner("wholesale", ["partner_admin", "wholesale_admin"]),
  partner("psite", [], { "partner.webex.com": "site_admin" }),
  customer("ro", "01", C01, ["readonly_admin"]),
  customer("support", "01", C01, ["support_admin"]),
  customer("uda", "01", C01, ["user_device_admin"]),
  customer("device", "01", C01, ["device_admin"]),
  customer("compliance", "01", C01, ["compliance_officer"]),
  customer("ccsa", "01", C01, ["contact_center_service_admin"]),
  customer("user", "01", C01, []),
  customer("site", "01", C01, [], { "customer01.webex.com": "site_admin" }),
  customer("user", "04", C04, []),
  { email: "reader@msp.example", orgId: DEMO_MSP_ORG_ID, roles: [] },
  { email: "stranger@msp.example", orgId: DEMO_MSP_ORG_ID, roles: [] },
];

/** The actors, by kind: the person whose token applies the change. */
export const ACTORS = {
  "partner full admin + partner_full_admin": "admin@partner.example",
  "partner full admin without partner_full_admin": "second@partner.example",
  "partner full administrator": "pfa@partner.example",
  "partner administrator": "pa@partner.example",
  "partner read-only administrator": "ro@partner.example",
  "sales full administrator": "salesfull@partner.example",
  "sales administrator": "sales@partner.example",
  "help desk (basic)": "hdb@partner.example",
  "help desk (advanced)": "hda@partner.example",
  "wholesale administrator": "wholesale@partner.example",
  "partner site administrator": "psite@partner.example",
  "partner plain user": "user1@partner.example",
  "customer full admin": "admin@customer01.example",
  "customer read-only admin": "ro@customer01.example",
  "customer support admin": "support@customer01.example",
  "customer user and device admin": "uda@customer01.example",
  "customer device admin": "device@customer01.example",
  "customer compliance officer": "compliance@customer01.example",
  "customer contact center service admin": "ccsa@customer01.example",
  "customer site admin": "site@customer01.example",
  "customer plain user": "user@customer01.example",
  "external full admin": "helper@msp.example",
  "external read-only admin": "reader@msp.example",
  "user of an unrelated org": "stranger@msp.example",
} as const;
export type ActorKind = keyof typeof ACTORS;

/** A fixed token per person: the printed case names the actor, and the token follows from it. */
export const tokenOf = (email: string): string => `matrix_${email.replace(/[^a-z0-9]/gi, "_")}`;

function stored(base: StoredPerson, extra: Extra): StoredPerson {
  const id = demoPersonId(extra.email);
  const [local = "", domain = ""] = extra.email.split("@");
  return {
    ...base,
    id,
    emails: [extra.email],
    orgId: extra.orgId,
    roles: [...extra.roles],
    displayName: `${local} ${domain.split(".")[0] ?? ""}`,
    firstName: local,
    lastName: domain.split(".")[0] ?? "",
    nickName: local,
    ...(extra.siteRoles ? { siteRoles: { ...extra.siteRoles } } : {}),
  };
}

/** The matrix world, built once per run. */
export function matrixState(): HubState {
  const state = buildDemoState(NOW, () => "unused");
  const template = state.people[0] as StoredPerson;
  const { managerId: _managerId, manager: _manager, siteRoles: _siteRoles, ...base } = template;
  for (const extra of EXTRA) state.people.push(stored(base as StoredPerson, extra));
  state.tokens = Object.fromEntries(state.people.map((p) => [tokenOf(p.emails[0] ?? ""), p.id]));
  state.assignments[demoPersonId("sales@partner.example")] = [demoCustomerOrgId(2)];
  state.assignments[demoPersonId("wholesale@partner.example")] = [demoCustomerOrgId(5)];
  state.externalAdmins.push(
    {
      orgId: C01,
      personId: demoPersonId("helper@msp.example"),
      role: "external_full_admin",
      contactCenterServiceAdmin: false,
    },
    {
      orgId: C01,
      personId: demoPersonId("reader@msp.example"),
      role: "external_readonly_admin",
      expiresAt: FUTURE,
      contactCenterServiceAdmin: false,
    },
  );
  return state;
}
