/**
 * How a provider reports what it refuses: check failures (property + reason) at `check`, and
 * errors without a stack trace at `diff`, `create`, `update` and `delete`. Rule violations and
 * transport errors stay apart: a violation is the user's to fix, a Hub error is the Hub's.
 */
import { seeRuleDoc } from "../core";
import { hasErrors } from "../core";
import type { RuleCode, Violation } from "../core";
import { validateInputs, visible, type ResourceDescriptor } from "../core";
import { ConfigurationError } from "../hub";
import { isHubError } from "../hub";
import { logWarn } from "./log";
import { containsUnknown } from "./unknowns";
import { INTERNAL_KEYS } from "./internal";

export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

/**
 * Schema failures of the known part of the inputs: unknown fields are left out, and so is the
 * "required" complaint about them (they will be known at apply time, and checked again then).
 */
export function schemaFailures(descriptor: Pick<ResourceDescriptor, "schema">, inputs: unknown): CheckFailure[] {
  if (inputs === null || typeof inputs !== "object" || Array.isArray(inputs)) {
    return [{ property: "", reason: "the inputs must be an object of named properties" }];
  }
  const knownPart: Record<string, unknown> = {};
  const unknownKeys = new Set<string>();
  for (const [key, value] of Object.entries(inputs)) {
    if (key === "__provider" || INTERNAL_KEYS.includes(key)) continue;
    if (containsUnknown(value)) unknownKeys.add(key);
    // defineProperty, not assignment: `knownPart.__proto__ = v` would set the prototype and the
    // key would vanish from what the schema sees.
    else if (value !== undefined)
      Object.defineProperty(knownPart, key, { value, enumerable: true, writable: true, configurable: true });
  }
  const failures = validateInputs(descriptor, knownPart)
    .filter((error) => !unknownKeys.has(error.path.split(/[.[]/)[0] ?? ""))
    // The path holds the key as written: a hidden character in it is shown, not obeyed.
    .map((error) => ({ property: error.path, reason: `${visible(error.path) || "inputs"} ${error.message}` }));
  // A `__proto__` key that reached us as the object's prototype (a plain assignment upstream).
  const proto: unknown = Object.getPrototypeOf(inputs);
  if (proto !== Object.prototype && proto !== null && !failures.some((f) => f.property === "__proto__")) {
    failures.push({ property: "__proto__", reason: `__proto__ unknown field "__proto__". Remove it.` });
  }
  return failures;
}

/** Errors become check failures; warnings are logged, since a check failure would block. */
export function failuresOf(violations: readonly Violation[]): CheckFailure[] {
  warnAbout(violations);
  return violations
    .filter((v) => v.severity === "error")
    .map((v) => ({ property: v.path, reason: `[${v.code}] ${v.message}${seeRuleDoc(v.code)}` }));
}

function warnAbout(violations: readonly Violation[]): void {
  for (const v of violations) if (v.severity === "warning") logWarn(`[${v.code}] ${v.message}${seeRuleDoc(v.code)}`);
}

/**
 * A refusal the user must act on (a broken rule, a person who must be adopted): the message says
 * what and how to fix it, and the stack is left out, since the engine would print it and it
 * only shows this package's file paths.
 */
export class RefusedError extends Error {
  override readonly name: string = "RefusedError";

  constructor(message: string) {
    super(message);
    this.stack = message;
  }
}

/** Rule violations that stop a diff, a create, an update or a delete (never a transport error). */
export class RuleViolationError extends RefusedError {
  override readonly name = "RuleViolationError";
  readonly code: RuleCode;
  readonly violations: readonly Violation[];

  constructor(violations: readonly Violation[], action: string) {
    const errors = violations.filter((v) => v.severity === "error");
    super(
      `${action} refused: ${errors.map((v) => `[${v.code}] ${v.path ? `${v.path}: ` : ""}${v.message}${seeRuleDoc(v.code)}`).join("; ")}`,
    );
    this.code = (errors[0] ?? violations[0])?.code ?? "unknown-user";
    this.violations = violations;
  }
}

export function throwOnErrors(violations: readonly Violation[], action: string): void {
  warnAbout(violations);
  if (hasErrors(violations)) throw new RuleViolationError(violations, action);
}

/** Hub and configuration failures during `check` become a failure with the error's code. */
export function failureOfError(error: unknown): CheckFailure[] {
  if (error instanceof ConfigurationError) return [{ property: "", reason: `[${error.code}] ${error.message}` }];
  // The Hub lacks the feature altogether: the message already says what and where instead.
  if (isHubError(error, "hub-unsupported")) return [{ property: "", reason: `[${error.code}] ${error.message}` }];
  if (isHubError(error))
    return [
      { property: "", reason: `[${error.code}] could not read the Hub to check this resource: ${error.message}` },
    ];
  throw error;
}
