/**
 * What every resource provider shares inside the dynamic-provider process: the configuration
 * (read in `configure()` or from the environment, never captured in the serialized provider), the
 * process-wide Hub session, unknown-value handling, and the translation of rule violations into
 * check failures and errors.
 */
import * as pulumi from "@pulumi/pulumi";
import { hubSession, type HubSession } from "../../hub/world";
import { isHubError } from "../../hub/errors";
import { hasErrors } from "../../core/rules/engine";
import type { RuleCode, Violation } from "../../core/rules/types";
import { validateSchema, type SchemaName } from "../../core/schema";

export const CONFIG_ENDPOINT = "webexhub:endpoint";
export const CONFIG_TOKEN = "webexhub:token";

interface Settings {
  endpoint?: string;
  token?: string;
}

let settings: Settings = {};

/** Called by the provider's `configure()` with the stack's configuration. */
export function configure(config: { get(key: string): string | undefined }): void {
  settings = { endpoint: config.get(CONFIG_ENDPOINT) || undefined, token: config.get(CONFIG_TOKEN) || undefined };
}

/** Tests reset what `configure()` stored. */
export function resetConfiguration(): void {
  settings = {};
}

/** A configuration problem: reported as a check failure naming the key and the fix. */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
  readonly code = "config-missing";
}

export function session(): HubSession {
  const endpoint = settings.endpoint ?? process.env.WEBEXHUB_ENDPOINT;
  const token = settings.token ?? process.env.WEBEXHUB_TOKEN;
  if (!endpoint) {
    throw new ConfigurationError(`the Hub endpoint is not set: run \`pulumi config set ${CONFIG_ENDPOINT} https://…\` or set WEBEXHUB_ENDPOINT`);
  }
  if (!token) {
    throw new ConfigurationError(`the Hub token is not set: run \`pulumi config set --secret ${CONFIG_TOKEN} …\` or set WEBEXHUB_TOKEN`);
  }
  return hubSession({ endpoint, token, userAgent: "pulumi-webexhub-provider" });
}

// ---------------------------------------------------------------------------------------------
// Unknown values: a preview hands them over for inputs that depend on resources not yet created.

export function isUnknown(value: unknown): boolean {
  return value === pulumi.runtime.unknownValue;
}

export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** The value when it is fully known, else undefined (the rules that need it are skipped). */
export function known<T>(value: T): T | undefined {
  return containsUnknown(value) ? undefined : value;
}

export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

/**
 * Schema failures of the known part of the inputs: unknown fields are left out, and so is the
 * "required" complaint about them (they will be known at apply time, and checked again then).
 */
export function schemaFailures(name: SchemaName, inputs: Record<string, unknown>): CheckFailure[] {
  const knownPart: Record<string, unknown> = {};
  const unknownKeys = new Set<string>();
  for (const [key, value] of Object.entries(inputs)) {
    if (key === "__provider") continue;
    if (containsUnknown(value)) unknownKeys.add(key);
    else if (value !== undefined) knownPart[key] = value;
  }
  return validateSchema(name, knownPart)
    .filter((error) => !unknownKeys.has(error.path.split(/[.[]/)[0] ?? ""))
    .map((error) => ({ property: error.path, reason: `${error.path || "inputs"} ${error.message}` }));
}

export function failuresOf(violations: readonly Violation[]): CheckFailure[] {
  warnAbout(violations);
  return violations.filter((v) => v.severity === "error").map((v) => ({ property: v.path, reason: `[${v.code}] ${v.message}` }));
}

function warnAbout(violations: readonly Violation[]): void {
  for (const v of violations) if (v.severity === "warning") logWarn(`[${v.code}] ${v.message}`);
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
    super(`${action} refused: ${errors.map((v) => `[${v.code}] ${v.path ? `${v.path}: ` : ""}${v.message}`).join("; ")}`);
    this.code = (errors[0] ?? violations[0])?.code ?? "unknown-user";
    this.violations = violations;
  }
}

export function throwOnErrors(violations: readonly Violation[], action: string): void {
  warnAbout(violations);
  if (hasErrors(violations)) throw new RuleViolationError(violations, action);
}

/** Hub failures during `check` become a failure with the error's code, not a stack trace. */
export function failureOfError(error: unknown): CheckFailure[] {
  if (error instanceof ConfigurationError) return [{ property: "", reason: `[${error.code}] ${error.message}` }];
  if (isHubError(error)) return [{ property: "", reason: `[${error.code}] could not read the Hub to check this resource: ${error.message}` }];
  throw error;
}

export function logWarn(message: string): void {
  try {
    void pulumi.log.warn(message);
  } catch {
    // Outside an engine (unit tests) there is nobody to tell.
  }
}

export function logInfo(message: string): void {
  try {
    void pulumi.log.info(message);
  } catch {
    // As above.
  }
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}

export const normalize = (email: string): string => email.trim().toLowerCase();
