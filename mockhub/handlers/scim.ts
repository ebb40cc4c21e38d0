/**
 * SCIM 2 users: `GET` and `PATCH /identity/scim/{orgId}/v2/Users/{userId}`. The PATCH takes `add`,
 * `remove` and `replace` on `roles`: an add or remove names only the roles it changes, so two writers'
 * changes to one person never overwrite each other. Other attributes are not patchable on this Hub.
 */
import { checkScimPatch } from "../../api";
import type { WireScimPatch } from "../../api";
import type { RoleId } from "../../core";
import type { HubContext } from "../context";
import { badRequest, notFound, type Call, type RouteFn } from "../pipeline";
import type { HubState, StoredPerson } from "../state";
import { catalogRoleOfValue, scimUser } from "../views";
import { givesUpOwnRoles, writePerson } from "./people";

/** `roles[value eq "id_full_admin"]`, the RFC 7644 filter form of a remove. */
const ROLE_FILTER = /^roles\[\s*value\s+eq\s+"([^"]+)"\s*\]$/i;

function applyOperations(patch: WireScimPatch, start: readonly RoleId[]): RoleId[] {
  let roles = [...start];
  const problems: string[] = [];
  patch.Operations.forEach((operation, i) => {
    const op = operation.op.toLowerCase();
    const path = operation.path?.trim();
    const at = `Operations[${i}]`;
    const named = (operation.value ?? []).flatMap((v, j): RoleId[] => {
      const role = catalogRoleOfValue(v.value);
      if (role === undefined) problems.push(`${at}.value[${j}].value: "${v.value}" is not a role of this Hub`);
      return role === undefined ? [] : [role];
    });
    const filtered = path === undefined ? null : ROLE_FILTER.exec(path);
    if (filtered && op === "remove") {
      const role = catalogRoleOfValue(filtered[1] ?? "");
      if (role === undefined) problems.push(`${at}.path: "${filtered[1]}" is not a role of this Hub`);
      roles = roles.filter((r) => r !== role);
      return;
    }
    if (path === undefined) {
      problems.push(`${at}.path: is required (noTarget); this Hub patches "roles" only`);
      return;
    }
    if (path.toLowerCase() !== "roles") {
      problems.push(`${at}.path: "${path}" cannot be patched on this Hub; only "roles" can`);
      return;
    }
    if (op === "add") roles = [...roles, ...named.filter((r) => !roles.includes(r))];
    else if (op === "replace") roles = [...new Set(named)];
    // A remove without a value removes the attribute: every role.
    else roles = operation.value === undefined ? [] : roles.filter((r) => !named.includes(r));
  });
  if (problems.length > 0) throw badRequest(problems);
  return roles;
}

export function registerScim(route: RouteFn, ctx: HubContext): void {
  const userOf = (state: Readonly<HubState>, call: Call): StoredPerson => {
    const org = ctx.findOrg(state, call.params.orgId);
    const person = ctx.findPerson(state, call.params.userId);
    if (person.orgId !== org.id) throw notFound(`User ${call.params.userId} in organization ${call.params.orgId}`);
    return person;
  };
  const location = (call: Call): string => `${ctx.baseUrl()}${call.path}`;

  // Webex serves SCIM at the host root (`/identity/scim/…`); the `/v1` alias costs nothing.
  for (const base of ["", "/v1"]) {
    route("GET", `${base}/identity/scim/{orgId}/v2/Users/{userId}`, (call) => {
      const state = ctx.state;
      const person = userOf(state, call);
      ctx.requireReader(state, call.actor, person.orgId);
      return { status: 200, body: scimUser(person, location(call)) };
    });

    route("PATCH", `${base}/identity/scim/{orgId}/v2/Users/{userId}`, async (call) => {
      const patch = ctx.body(call, checkScimPatch);
      return ctx.store.update((state) => {
        const before = userOf(state, call);
        const roles = applyOperations(patch, before.roles);
        // Giving up one's own roles takes no writer (as PUT /people: see givesUpOwnRoles).
        const admin = ctx.isAdminOf(state, call.actor, before.orgId);
        const givesUp = givesUpOwnRoles(admin, call.actor, before, { ...before, roles });
        if (!givesUp) ctx.requireWriter(state, call.actor, before.orgId);
        const after = writePerson(ctx, state, call.actor.id, before, { ...before, roles });
        return { status: 200, body: scimUser(after, location(call)) };
      });
    });
  }
}
