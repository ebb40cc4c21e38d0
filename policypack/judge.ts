/**
 * The rules engine run over a stack's declared state, offline: the same functions `webexhub validate`
 * runs on a file without a Hub, so only what the declarations themselves show is judged (role
 * conflicts, derived roles, site roles, expiry, an admin declared twice, the org's policy file); what
 * needs the live Hub (who holds roles outside the stack, the token's privileges) stays with the
 * providers at preview.
 */
import { evaluate, seeRuleDoc, type Severity } from "../core";
import type { OrgPolicyJudge } from "./orgPolicy";
import type { DeclaredResource } from "./resources";
import { resourcePath, stackDesired } from "./state";

/** A violation as the pack reports it: the rule's data, the line to print and the resource it is about. */
export interface PackViolation {
  readonly code: string;
  readonly severity: Severity;
  readonly path: string;
  readonly message: string;
  /** The webexhub resource the path names, when it names one. */
  readonly urn?: string;
}

export interface JudgeOptions {
  readonly now: Date;
  /** The org's policy file, read: judged on each org the stack declares. */
  readonly orgPolicy?: OrgPolicyJudge;
  /** The partner org's id when the stack tells it (policy entries may be limited to listed orgs). */
  readonly partnerOrgId?: string | undefined;
}

/** The violations of a set of resources judged together, each once, in the engine's order. */
export function judgeResources(resources: readonly DeclaredResource[], options: JudgeOptions): PackViolation[] {
  const seen = new Set<string>();
  const out: PackViolation[] = [];
  for (const desired of stackDesired(resources, options.partnerOrgId)) {
    const found = [...evaluate({ desired, now: options.now }), ...(options.orgPolicy?.(desired, options.now) ?? [])];
    for (const v of found) {
      const key = `${v.code}\u0000${v.path}\u0000${v.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const urn = resourceOfPath(resources, v.path)?.urn;
      out.push({ code: v.code, severity: v.severity, path: v.path, message: v.message, ...(urn ? { urn } : {}) });
    }
  }
  return out;
}

/** The resource a violation's path starts with (`PartnerAdmin "alice".roles` → alice's PartnerAdmin). */
function resourceOfPath(resources: readonly DeclaredResource[], path: string): DeclaredResource | undefined {
  return resources.find((r) => {
    const prefix = resourcePath(r);
    return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix} `);
  });
}

/** One line per violation: the code, where, what, and where the rule is explained. */
export function violationText(v: PackViolation): string {
  return `${v.code} at ${v.path || "(stack)"}: ${v.message}${seeRuleDoc(v.code)}`;
}
