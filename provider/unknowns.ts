/**
 * Unknown values: during a preview the engine hands these over for inputs that depend on
 * resources not created yet. A provider never throws on one; the rules that need it wait.
 */
import * as pulumi from "@pulumi/pulumi";

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
