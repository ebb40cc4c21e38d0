/**
 * A SCIM 2 PatchOp (RFC 7644 §3.5.2) applied to a stored person: `add`, `remove` and `replace` on
 * any attribute this Hub keeps, with a path or — for `add` and `replace` — without one, the value
 * then being an object of attributes. `roles` is multi-valued: an add or a filtered remove names only
 * the roles it changes, so two writers' role changes never overwrite each other.
 */
import { SCIM_ENTERPRISE_SCHEMA, type ScimPatchAny, type WireAddress, type WirePhoneNumber } from "../../api";
import type { RoleId } from "../../core";
import type { Profile } from "../profile";
import type { StoredPerson } from "../state";
import { repeatedRole } from "./people";

/** `roles[value eq "id_full_admin"]`, the RFC 7644 filter form of a remove. */
const ROLE_FILTER = /^roles\[\s*value\s+eq\s+"([^"]+)"\s*\]$/i;

type Op = "add" | "remove" | "replace";

interface Patching {
  person: StoredPerson;
  readonly profile: Profile;
  readonly problems: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The roles an operation's values name, each once: a value the Hub does not know, or a role named
 * twice in one operation however it is spelt, is a problem naming it (two spellings of a list must
 * never mean two lists).
 */
function rolesOf(p: Patching, value: unknown, at: string): RoleId[] {
  const items = Array.isArray(value) ? value : [value];
  const firstAt = new Map<RoleId, number>();
  items.forEach((v, j) => {
    const text = isObject(v) && typeof v.value === "string" ? v.value : undefined;
    const role = text === undefined ? undefined : p.profile.roles.catalogOfValue(text);
    const earlier = role === undefined ? undefined : firstAt.get(role);
    if (role === undefined)
      p.problems.push(`${at}[${j}].value: ${JSON.stringify(text ?? v)} is not a role value of this Hub (invalidValue)`);
    else if (earlier !== undefined) p.problems.push(repeatedRole(at, j, text ?? "", earlier, role));
    else firstAt.set(role, j);
  });
  return [...firstAt.keys()];
}

function patchRoles(p: Patching, op: Op, value: unknown, at: string): void {
  const roles = p.person.roles;
  if (op === "remove" && value === undefined) {
    p.person = { ...p.person, roles: [] };
    return;
  }
  const named = rolesOf(p, value, at);
  const next =
    op === "add"
      ? [...roles, ...named.filter((r) => !roles.includes(r))]
      : op === "replace"
        ? [...new Set(named)]
        : roles.filter((r) => !named.includes(r));
  p.person = { ...p.person, roles: next };
}

function text(p: Patching, value: unknown, at: string): string | undefined {
  if (typeof value === "string") return value;
  p.problems.push(`${at}: must be a string (invalidValue)`);
  return undefined;
}

/** Sets (or, with `undefined`, removes) a single-valued field of the stored person. */
function setField<K extends keyof StoredPerson>(p: Patching, key: K, value: StoredPerson[K] | undefined): void {
  const next = { ...p.person };
  if (value === undefined) delete next[key];
  else next[key] = value;
  p.person = next;
}

function patchList<K extends "phoneNumbers" | "addresses">(
  p: Patching,
  key: K,
  op: Op,
  value: unknown,
  at: string,
): void {
  if (op === "remove") return setField(p, key, undefined);
  if (!Array.isArray(value) || !value.every(isObject)) {
    p.problems.push(`${at}: must be a list of objects (invalidValue)`);
    return;
  }
  const items = value as StoredPerson[K] & object[];
  setField(p, key, (op === "add" ? [...(p.person[key] ?? []), ...items] : items) as StoredPerson[K]);
}

/** One attribute by its path (lower-cased, as SCIM attribute names are case-insensitive). */
function patchAttribute(p: Patching, op: Op, path: string, value: unknown, at: string): void {
  const remove = op === "remove";
  switch (path.toLowerCase()) {
    case "roles":
      return patchRoles(p, op, value, `${at}.value`);
    case "displayname":
      if (remove) return void p.problems.push(`${at}.path: displayName is required and cannot be removed (mutability)`);
      return setField(p, "displayName", text(p, value, `${at}.value`) ?? p.person.displayName);
    case "nickname":
      return setField(p, "nickName", remove ? undefined : text(p, value, `${at}.value`));
    case "title":
      return setField(p, "title", remove ? undefined : text(p, value, `${at}.value`));
    case "name.givenname":
      return setField(p, "firstName", remove ? undefined : text(p, value, `${at}.value`));
    case "name.familyname":
      return setField(p, "lastName", remove ? undefined : text(p, value, `${at}.value`));
    case "name":
      if (remove) return void (setField(p, "firstName", undefined), setField(p, "lastName", undefined));
      return patchObject(
        p,
        op,
        {
          "name.givenName": (value as Record<string, unknown>)?.givenName,
          "name.familyName": (value as Record<string, unknown>)?.familyName,
        },
        at,
      );
    case "active":
      if (typeof value !== "boolean")
        return void p.problems.push(`${at}.value: active must be true or false (invalidValue)`);
      return setField(p, "loginEnabled", value);
    case "phonenumbers":
      return patchList(p, "phoneNumbers", op, value as WirePhoneNumber[], `${at}.value`);
    case "addresses":
      return patchList(p, "addresses", op, value as WireAddress[], `${at}.value`);
    case `${SCIM_ENTERPRISE_SCHEMA}:department`.toLowerCase():
      return setField(p, "department", remove ? undefined : text(p, value, `${at}.value`));
    default:
      p.problems.push(`${at}.path: "${path}" is not an attribute this Hub can patch (invalidPath)`);
  }
}

/** RFC 7644: without a path, the value is an object whose members are the attributes to add or replace. */
function patchObject(p: Patching, op: Op, value: unknown, at: string): void {
  if (!isObject(value))
    return void p.problems.push(`${at}.value: without a path, must be an object of attributes (invalidValue)`);
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (key === SCIM_ENTERPRISE_SCHEMA && isObject(v))
      patchObject(p, op, Object.fromEntries(Object.entries(v).map(([k, x]) => [`${key}:${k}`, x])), at);
    else patchAttribute(p, op, key, v, at);
  }
}

/** The person after the operations, or the problems that refuse the whole PATCH (nothing is applied). */
export function applyScimPatch(
  patch: ScimPatchAny,
  start: StoredPerson,
  profile: Profile,
): { person: StoredPerson; problems: string[] } {
  const p: Patching = { person: start, profile, problems: [] };
  patch.Operations.forEach((operation, i) => {
    const op = operation.op.toLowerCase() as Op;
    const path = operation.path?.trim();
    const at = `Operations[${i}]`;
    const filtered = path === undefined ? null : ROLE_FILTER.exec(path);
    if (filtered && op === "remove") {
      const role = profile.roles.catalogOfValue(filtered[1] ?? "");
      if (role === undefined)
        p.problems.push(`${at}.path: "${filtered[1]}" is not a role value of this Hub (invalidValue)`);
      p.person = { ...p.person, roles: p.person.roles.filter((r) => r !== role) };
    } else if (path === undefined) {
      if (op === "remove") p.problems.push(`${at}.path: a remove needs a path (noTarget)`);
      else patchObject(p, op, operation.value, at);
    } else patchAttribute(p, op, path, operation.value, at);
  });
  return p;
}
