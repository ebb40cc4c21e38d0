/**
 * The rules engine: pure functions from (desired state, optional world, optional actor,
 * clock) to violations. Rules that need the world or the actor simply do not fire without them,
 * and rules whose inputs are unknown (a preview with unresolved values) are skipped.
 */
import type { RuleCode, RuleContext, Severity, Violation } from "./types";

export const SEVERITY: Readonly<Record<RuleCode, Severity>> = {
  "derived-role": "error",
  "exclusive-roles": "error",
  "ata-requires-base-role": "error",
  "ata-self-grant": "error",
  "wholesale-requires-partner-role": "error",
  "wholesale-not-enabled": "error",
  "partner-org-only": "error",
  "external-only": "error",
  "assignment-target-role": "error",
  "assignment-limit": "error",
  "customer-not-managed": "error",
  "duplicate-admin": "error",
  "last-full-admin": "error",
  "no-partner-full-admin": "warning",
  "single-full-admin": "warning",
  "actor-lacks-privilege": "error",
  "external-admin-chain": "error",
  "partner-self-external-full": "error",
  "contact-center-external": "error",
  "restricted-mode-actor": "error",
  "expiry-readonly-only": "error",
  "expiry-in-past": "error",
  "unknown-user": "error",
  "customer-org-only": "error",
  "duplicate-site-role": "error",
  "duplicate-customer": "error",
  "site-not-in-org": "error",
  // The default only: each policy entry says its own severity.
  "org-policy": "error",
  "not-checked": "warning",
};

import { indexWorld, type Emit, type Evaluation, type Rule } from "./evaluation";
import { rolesRules } from "./roles";
import { assignmentsRules } from "./assignments";
import { peopleRules } from "./people";
import { lockoutRules } from "./lockout";
import { privilegeRules } from "./privilege";
import { externalRules } from "./external";
import { sitesRules } from "./sites";
import { judgePolicy } from "../policy/judge";

export { indexWorld, joinPath, normalizeEmail, WorldIndexer, type WorldIndex } from "./evaluation";

// The rules, one per code, grouped by concern. The record type makes the compiler insist that
// every code has exactly one.
const RULES: Readonly<Record<RuleCode, Rule>> = {
  ...rolesRules,
  ...assignmentsRules,
  ...peopleRules,
  ...lockoutRules,
  ...privilegeRules,
  ...externalRules,
  ...sitesRules,
  // Judged after the rules, from the context's policy, with each entry's severity (judgePolicy).
  "org-policy": () => undefined,
  // Emitted by the rule that could not be checked, with its reason: nothing to do on its own.
  "not-checked": () => undefined,
};

export function evaluate(ctx: RuleContext): Violation[] {
  const evaluation: Evaluation = {
    ctx,
    desired: ctx.desired,
    index: ctx.world ? indexWorld(ctx.world, ctx.indexer) : undefined,
    actor: ctx.actor,
    members: ctx.desired.members,
  };
  const violations: Violation[] = [];
  const emit: Emit = (code, path, message) => violations.push({ code, severity: SEVERITY[code], path, message });
  for (const rule of Object.values(RULES)) rule(evaluation, emit);
  if (ctx.policy !== undefined) violations.push(...judgePolicy(ctx.policy, evaluation));
  return violations;
}

export const hasErrors = (violations: readonly Violation[]): boolean => violations.some((v) => v.severity === "error");
