/**
 * The pack's policies. Errors are mandatory (they fail the preview), warnings advisory.
 *
 * - `webexhub-resource`: each webexhub resource alone. The engine runs resource policies on every
 *   resource even when a provider has refused it, so a preview names the rule from the pack too.
 * - `webexhub-stack` / `webexhub-stack-warnings`: the whole stack together, with the org's policy
 *   file: what no single resource shows (a person declared twice in one org, the org's limits). The
 *   engine runs stack policies only after a preview with no error, which is also why the resource
 *   policy reports errors only: a warning would otherwise be said twice.
 */
import type {
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { judgeResources, violationText, type PackViolation } from "./judge";
import { loadOrgPolicy, policyFileOf, POLICY_FILE_ENV, type OrgPolicyEngine } from "./orgPolicy";
import { partnerOrgIdOf, webexhubResources, type StackResource } from "./resources";

export interface PackOptions {
  /** Reads and judges the org's policy file. */
  readonly orgPolicy: OrgPolicyEngine;
  /** Whether an error is `@pulumi/policy`'s "unknown during preview" (the values rules wait for). */
  readonly isUnknown: (error: unknown) => boolean;
  readonly now?: () => Date;
  readonly env?: NodeJS.ProcessEnv;
}

const CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    policyFile: {
      type: "string",
      description: `Absolute path of the org's policy file (YAML); else the environment variable ${POLICY_FILE_ENV}.`,
    },
  },
};

function report(violations: readonly PackViolation[], reportViolation: ReportViolation, urn?: string): void {
  for (const v of violations) reportViolation(violationText(v), urn ?? v.urn);
}

export function resourcePolicy(options: PackOptions): ResourceValidationPolicy {
  return {
    name: "webexhub-resource",
    description:
      "Each webexhub resource follows the Webex role rules (role conflicts, derived roles, site roles, expiry).",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
      const resource: StackResource = { type: args.type, urn: args.urn, name: args.name, props: args.props };
      const declared = webexhubResources([resource], options.isUnknown);
      if (declared.length === 0) return;
      const now = options.now?.() ?? new Date();
      const errors = judgeResources(declared, { now }).filter((v) => v.severity === "error");
      report(errors, reportViolation, args.urn);
    },
  };
}

/** The stack policy reporting the violations of one severity. */
export function stackPolicy(options: PackOptions, severity: "error" | "warning"): StackValidationPolicy {
  const errors = severity === "error";
  return {
    name: errors ? "webexhub-stack" : "webexhub-stack-warnings",
    description: errors
      ? "The webexhub resources of the stack, judged together, break no Webex role rule and no line of the " +
        "org's policy file."
      : "Warnings of the Webex role rules and the org's policy file on the stack's webexhub resources (advisory).",
    enforcementLevel: errors ? "mandatory" : "advisory",
    configSchema: CONFIG_SCHEMA,
    validateStack: (args, reportViolation) => {
      const declared = webexhubResources(args.resources, options.isUnknown);
      if (declared.length === 0) return;
      const partnerOrgId = partnerOrgIdOf(args.resources, declared, options.isUnknown);
      const path = policyFileOf(args.getConfig<{ policyFile?: string }>(), options.env ?? process.env);
      const loaded = path === undefined ? undefined : loadOrgPolicy(path, options.orgPolicy);
      // A policy file that cannot be used fails the preview (once, from the mandatory policy):
      // judging without it would pass a stack the org meant to refuse.
      if (loaded !== undefined && !loaded.ok) {
        if (errors) reportViolation(`policy-file: ${loaded.message}`);
        return;
      }
      const now = options.now?.() ?? new Date();
      const found = judgeResources(declared, { now, partnerOrgId, ...(loaded?.ok ? { orgPolicy: loaded.judge } : {}) });
      report(
        found.filter((v) => v.severity === severity),
        reportViolation,
      );
    },
  };
}

/** Every policy of the pack, in the order the preview lists them. */
export function policies(
  options: PackOptions,
): [ResourceValidationPolicy, StackValidationPolicy, StackValidationPolicy] {
  return [resourcePolicy(options), stackPolicy(options, "error"), stackPolicy(options, "warning")];
}
