/**
 * The org policy engine the pack uses. This build has none yet: a stack naming a policy file is
 * refused with a message saying so (see policies.ts), never judged without it.
 */
import type { OrgPolicyEngine } from "./orgPolicy";

export const ORG_POLICY_ENGINE: OrgPolicyEngine | undefined = undefined;
