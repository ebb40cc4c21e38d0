/**
 * A Hub world and a stack of matching size for the scale benchmark and the scale tests: N
 * resources in the mix of a large partner (44% PartnerAdmin, 45% CustomerAssignment, 8%
 * RestrictedMode, 3% ExternalAdmin), over the demo world grown with enough people and customers.
 * Deterministic: resource i always names the same person and customers.
 */
import type { RoleId } from "../core";
import { buildDemoState, demoCustomerOrgId, DEMO_MSP_ORG_ID, DEMO_PARTNER_ORG_ID, type HubState } from "../mockhub";

export interface ScaleMix {
  readonly partnerAdmins: number;
  readonly customerAssignments: number;
  readonly restrictedModes: number;
  readonly externalAdmins: number;
  /** Customer orgs in the world: one per 10 resources, at least enough for the restricted modes. */
  readonly customers: number;
}

export function scaleMix(n: number): ScaleMix {
  const restrictedModes = Math.round(n * 0.08);
  const externalAdmins = Math.round(n * 0.03);
  const customerAssignments = Math.round(n * 0.45);
  const partnerAdmins = n - restrictedModes - externalAdmins - customerAssignments;
  return {
    partnerAdmins,
    customerAssignments,
    restrictedModes,
    externalAdmins,
    customers: Math.max(20, restrictedModes, Math.ceil(n / 10)),
  };
}

export const PA_ROLES: RoleId[][] = [["support_admin"], ["user_device_admin"], ["device_admin"], ["readonly_admin"]];
/**
 * Only a customer's own full administrator may add its external administrators, so those
 * resources live in a second stack acting with that administrator's token.
 */
export const EXTERNAL_ADMIN_ORG = demoCustomerOrgId(1);
export const EXTERNAL_ADMIN_ACTOR = "admin@customer01.example";
export const PARTNER_ACTOR = "admin@partner.example";

/** Each assignment holds this many customers. */
export const CUSTOMERS_PER_ASSIGNMENT = 3;

const pad = (i: number): string => String(i).padStart(5, "0");
export const customerId = (i: number): string => `org-scale-${pad(i)}`;
export const paEmail = (i: number): string => `pa${pad(i)}@partner.example`;
export const caEmail = (i: number): string => `ca${pad(i)}@partner.example`;
export const extEmail = (i: number): string => `ext${pad(i)}@msp.example`;

export interface ScaleDeclaration {
  readonly partnerAdmins: ReadonlyArray<{ name: string; email: string; roles: RoleId[] }>;
  readonly customerAssignments: ReadonlyArray<{ name: string; adminEmail: string; customerOrgIds: string[] }>;
  readonly restrictedModes: ReadonlyArray<{ name: string; orgId: string; enabled: boolean }>;
  readonly externalAdmins: ReadonlyArray<{ name: string; orgId: string; email: string; role: "external_full_admin" }>;
}

/** What the stack declares, resource by resource. */
export function scaleDeclaration(n: number): ScaleDeclaration {
  const mix = scaleMix(n);
  const range = (k: number): number[] => Array.from({ length: k }, (_, i) => i);
  return {
    partnerAdmins: range(mix.partnerAdmins).map((i) => ({
      name: `pa-${i}`,
      email: paEmail(i),
      roles: PA_ROLES[i % PA_ROLES.length]!,
    })),
    customerAssignments: range(mix.customerAssignments).map((i) => ({
      name: `ca-${i}`,
      adminEmail: caEmail(i),
      customerOrgIds: range(CUSTOMERS_PER_ASSIGNMENT).map((k) => customerId((i + k * 7) % mix.customers)),
    })),
    restrictedModes: range(mix.restrictedModes).map((i) => ({ name: `rm-${i}`, orgId: customerId(i), enabled: false })),
    externalAdmins: range(mix.externalAdmins).map((i) => ({
      name: `ea-${i}`,
      orgId: EXTERNAL_ADMIN_ORG,
      email: extEmail(i),
      role: "external_full_admin",
    })),
  };
}

/**
 * The demo world plus the people and customers the declaration names: PartnerAdmin people with no
 * role yet, assignment holders already partner administrators (their roles are managed elsewhere),
 * external helpers in the MSP org.
 */
export function scaleState(n: number, now = new Date()): HubState {
  const mix = scaleMix(n);
  const state = buildDemoState(now);
  const created = now.toISOString();
  for (let i = 0; i < mix.customers; i++) {
    state.orgs.push({
      id: customerId(i),
      displayName: `Scale Customer ${pad(i)}`,
      created,
      type: "customer",
      partnerOrgId: DEMO_PARTNER_ORG_ID,
    });
  }
  const person = (email: string, orgId: string, roles: RoleId[]): void => {
    const [local = ""] = email.split("@");
    state.people.push({
      id: `p-scale-${email.replace(/[@.]/g, "-")}`,
      emails: [email],
      displayName: `Scale ${local}`,
      firstName: "Scale",
      lastName: local,
      orgId,
      roles,
      loginEnabled: true,
      created,
      lastModified: created,
    });
  };
  for (let i = 0; i < mix.partnerAdmins; i++) person(paEmail(i), DEMO_PARTNER_ORG_ID, []);
  for (let i = 0; i < mix.customerAssignments; i++) person(caEmail(i), DEMO_PARTNER_ORG_ID, ["partner_admin"]);
  for (let i = 0; i < mix.externalAdmins; i++) person(extEmail(i), DEMO_MSP_ORG_ID, []);
  return state;
}
