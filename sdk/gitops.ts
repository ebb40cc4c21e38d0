/**
 * Declares the resources of a GitOps file (SPEC 7) in a Pulumi program, after the same schema and
 * offline rules as `webexhub validate`: a file that would fail validation declares nothing.
 */
import { readFileSync } from "node:fs";
import type * as pulumi from "@pulumi/pulumi";
import { desiredOfFile, parseGitOpsFile } from "../provider/gitops/file";
import { evaluate } from "../provider/rules/engine";
import type { ExternalRoleId } from "../provider/rules/catalog";
import { CustomerAssignment, ExternalAdmin, PartnerAdmin, RestrictedMode } from "./resources";

export interface GitOpsResources {
  readonly partnerAdmins: PartnerAdmin[];
  readonly customerAssignments: CustomerAssignment[];
  readonly restrictedModes: RestrictedMode[];
  readonly externalAdmins: ExternalAdmin[];
}

/** Pulumi resource names must be unique and stable: derive them from what identifies the entry. */
const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

export function declareGitOpsFile(path: string, opts?: pulumi.CustomResourceOptions, now: Date = new Date()): GitOpsResources {
  const parsed = parseGitOpsFile(readFileSync(path, "utf8"));
  if (!parsed.ok) {
    throw new Error(`${path} cannot be used:\n${parsed.problems.map((p) => `  ${p.line !== undefined ? `line ${p.line}, ` : ""}${p.path || "(file)"}: ${p.message}`).join("\n")}`);
  }
  const errors = evaluate({ desired: desiredOfFile(parsed.parsed), now }).filter((v) => v.severity === "error");
  if (errors.length > 0) {
    throw new Error(`${path} breaks ${errors.length} rule(s):\n${errors.map((v) => `  [${v.code}] ${v.path}: ${v.message}`).join("\n")}`);
  }
  const result: GitOpsResources = { partnerAdmins: [], customerAssignments: [], restrictedModes: [], externalAdmins: [] };
  if (parsed.parsed.kind === "partner") {
    for (const admin of parsed.parsed.file.admins) {
      // The file is authoritative for its admins, so it takes over whatever they hold now.
      const resource = new PartnerAdmin(`admin-${slug(admin.email)}`, { email: admin.email, roles: admin.roles, adopt: true }, opts);
      result.partnerAdmins.push(resource);
      if (admin.roles.includes("partner_admin") || admin.roles.includes("sales_admin")) {
        result.customerAssignments.push(new CustomerAssignment(`customers-${slug(admin.email)}`, { admin: resource, customerOrgIds: admin.customers ?? [] }, opts));
      }
    }
    for (const customer of parsed.parsed.file.customers ?? []) {
      result.restrictedModes.push(new RestrictedMode(`restricted-${slug(customer.orgId)}`, { orgId: customer.orgId, enabled: customer.restrictedMode ?? true }, opts));
    }
  } else {
    const orgId = parsed.parsed.file.customer.orgId;
    for (const x of parsed.parsed.file.externalAdmins ?? []) {
      result.externalAdmins.push(new ExternalAdmin(`external-${slug(orgId)}-${slug(x.email)}`, {
        orgId,
        email: x.email,
        role: x.role as ExternalRoleId,
        ...(x.expiresAt !== undefined ? { expiresAt: x.expiresAt } : {}),
        contactCenterServiceAdmin: x.contactCenterServiceAdmin ?? false,
      }, opts));
    }
  }
  return result;
}
