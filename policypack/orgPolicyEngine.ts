/**
 * The org policy engine the pack uses: the core's reader and judge, the same `webexhub validate`,
 * `plan` and the providers use, so a line of the policy file is reported with the same code and
 * the same words everywhere.
 *
 * Without the Hub, the pack judges the holders the stack declares as the only ones: a count over a
 * limit is then certain (the Hub can only add holders), and a count under a minimum is left to the
 * providers and `webexhub plan`, which see who else holds the role.
 */
import { judgeOrgPolicy, readOrgPolicy, type Desired, type World } from "../core";
import type { OrgPolicyEngine } from "./orgPolicy";

/** A Hub holding nothing beyond what the stack declares: what the org-wide counts are taken on. */
export function declaredOnly(desired: Desired): World {
  const partnerOrgId = desired.org.kind === "partner" ? desired.org.orgId : "";
  return { partnerOrgId, orgs: [], people: [], assignments: {}, externalAdmins: [] };
}

export const ORG_POLICY_ENGINE: OrgPolicyEngine = {
  read(bytes, source) {
    const read = readOrgPolicy(bytes, source);
    if (read.policy === undefined || read.problems.length > 0) {
      const where = (line: number | undefined): string => (line !== undefined ? `${source}:${line}` : source);
      return { problems: read.problems.map((p) => `${where(p.line)}: ${p.message}`) };
    }
    const policy = read.policy;
    return { judge: (desired, now) => judgeOrgPolicy(policy, { desired, world: declaredOnly(desired), now }) };
  },
};
