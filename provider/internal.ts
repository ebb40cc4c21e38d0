/**
 * Inputs the SDK sets for the provider, never the user: whether the program's plan judges the
 * org-wide rules (`__planned`) and the roles a CustomerAssignment's admin is declared with
 * (`__plannedAdminRoles`). Their names start with `__` because Pulumi's display leaves such keys out
 * of every diff and every list of inputs, as it does `__provider`: a reviewer reads only what they
 * declared. States written before carry them as `planned` and `plannedAdminRoles`; `check` moves
 * them, so the next apply stores the new names.
 */
import type { RoleId } from "../core";

export interface Internal {
  /** Set by the SDK: the program's plan judges the org-wide rules (a handover may span resources). */
  __planned?: boolean;
  /** Set by the SDK from the admin's PartnerAdmin: the roles the program declares for them. */
  __plannedAdminRoles?: RoleId[];
}

/** The names earlier versions used, read from older states only. */
interface Legacy {
  planned?: boolean;
  plannedAdminRoles?: RoleId[];
}

export const INTERNAL_KEYS: readonly string[] = ["__planned", "__plannedAdminRoles"];

/** Whether the plan judges the org-wide rules of these inputs (either name). */
export function plannedOf(inputs: Internal & Legacy): unknown {
  return inputs.__planned ?? inputs.planned;
}

export function plannedRolesOf(inputs: Internal & Legacy): RoleId[] | undefined {
  return inputs.__plannedAdminRoles ?? inputs.plannedAdminRoles;
}

const MOVED: Readonly<Record<string, string>> = { planned: "__planned", plannedAdminRoles: "__plannedAdminRoles" };

/**
 * A copy of `inputs` without `drop` and with the legacy names moved; `inputs` itself when there is
 * nothing to change (so a value that is not an object, or a prototype a schema must still see,
 * reaches the schema as it came).
 */
function rewritten<T>(inputs: T, drop: readonly string[], move: Readonly<Record<string, string>>): T {
  if (inputs === null || typeof inputs !== "object" || Array.isArray(inputs)) return inputs;
  const own = Object.keys(inputs);
  // Own keys only: `move["__proto__"]` would read the prototype.
  const renamed = (k: string): string | undefined => (Object.hasOwn(move, k) ? move[k] : undefined);
  if (!own.some((k) => drop.includes(k) || renamed(k) !== undefined)) return inputs;
  const out = Object.create(Object.getPrototypeOf(inputs) as object | null) as Record<string, unknown>;
  const source = inputs as Record<string, unknown>;
  for (const key of own) {
    const to = renamed(key);
    // A legacy name gives way to the internal one when both are there.
    if (drop.includes(key) || (to !== undefined && Object.hasOwn(source, to))) continue;
    Object.defineProperty(out, to ?? key, { value: source[key], enumerable: true, writable: true, configurable: true });
  }
  return out as T;
}

/** The inputs with the legacy names moved to the internal ones, and no `drift` from an earlier check. */
export function normalized<T>(inputs: T): T {
  return rewritten(inputs, ["drift"], MOVED);
}

/** Outputs carry what the resource declares and what the Hub answered, never a check's `drift` note. */
export function withoutDrift<T>(inputs: T): T {
  return rewritten(inputs, ["drift"], {});
}
