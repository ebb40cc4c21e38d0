/**
 * Rules on the token's owner: who may grant, remove or switch what. Nobody raises their own
 * privileges (roles go to other users; the only change a person makes to themselves is giving a
 * role up), and a partner's rights inside a customer org follow what that customer has left it.
 */
import { ROLES, type RoleId, type SiteRoleId } from "./catalog";
import { effectiveAccess } from "./access";
import { ACCESS_LEVELS } from "./privileges";
import type { DesiredMember, OrgKind, Person, RuleCode } from "./types";
import { sameSet } from "../sets";
import {
  joinPath,
  type Emit,
  type Evaluation,
  type Rule,
  rolesPathOf,
  customersPathOf,
  sitesPathOf,
  personOf,
  heldNow,
  assignmentsOf,
  orgName,
  hasAny,
  actorManagesCustomer,
  externalGrantOf,
  partnerGrantIn,
  omittedMembers,
  externalEntries,
  externalChange,
  normalizeEmail,
  unknownReason,
  notCheckedMessage,
} from "./evaluation";

/** Customer-management roles: a partner full administrator assigns them to other users. */
const CUSTOMER_MANAGEMENT_ROLES: readonly RoleId[] = [
  "partner_full_admin",
  "partner_admin",
  "partner_readonly_admin",
  "helpdesk_basic",
  "helpdesk_advanced",
  "wholesale_admin",
];
const SALES_ROLES: readonly RoleId[] = ["sales_full_admin", "sales_admin"];

/** Who may give or take `role` from another member of the partner org. */
function partnerRoleNeeds(role: RoleId): readonly RoleId[] {
  if (role === "advanced_troubleshooting") return ["full_admin"];
  if (SALES_ROLES.includes(role)) return ["full_admin", "sales_full_admin"];
  if (CUSTOMER_MANAGEMENT_ROLES.includes(role)) return ["full_admin", "partner_full_admin"];
  // The partner org's own organization roles are the full administrator's to assign.
  return ["full_admin"];
}

const isSelf = (actor: Person, m: DesiredMember): boolean => normalizeEmail(actor.email) === normalizeEmail(m.email);

/** Roles a change adds and removes for one declared member (none when the roles are unknown). */
function roleChange(e: Evaluation, m: DesiredMember): { added: RoleId[]; removed: RoleId[] } {
  const before = heldNow(e, m.email);
  const after = m.customersOnly ? before : m.roles;
  if (!after) return { added: [], removed: [] };
  return { added: after.filter((r) => !before.includes(r)), removed: before.filter((r) => !after.includes(r)) };
}

/**
 * A role a person gives themselves is a step down when it replaces a stronger role of the same
 * tier (full_admin → readonly_admin) and their effective access gains nothing; anything else is a
 * raise. `ata-self-grant` already speaks for advanced troubleshooting.
 */
function raisedRoles(actor: Person, added: readonly RoleId[], removed: readonly RoleId[], orgKind: OrgKind): RoleId[] {
  const candidates = added.filter((r) => r !== "advanced_troubleshooting");
  const after = [...actor.roles.filter((r) => !removed.includes(r)), ...added];
  const gains = accessGains(actor.roles, after, orgKind);
  return candidates.filter(
    (r) => gains || !removed.some((x) => ROLES[x].group !== undefined && ROLES[x].group === ROLES[r].group),
  );
}

function accessGains(before: readonly RoleId[], after: readonly RoleId[], orgKind: OrgKind): boolean {
  const rank = (level: string | undefined): number =>
    level === undefined ? 0 : ACCESS_LEVELS.indexOf(level as (typeof ACCESS_LEVELS)[number]);
  const a = effectiveAccess({ roles: before, orgKind });
  const b = effectiveAccess({ roles: after, orgKind });
  const rises = (x: Record<string, { level: string }>, y: Record<string, { level: string }>): boolean =>
    Object.entries(y).some(([k, g]) => rank(g.level) > rank(x[k]?.level));
  const lists = ["none", "assigned", "all"];
  return (
    rises(a.organization, b.organization) ||
    rises(a.customers.privileges, b.customers.privileges) ||
    lists.indexOf(b.customers.list) > lists.indexOf(a.customers.list)
  );
}

function selfRaise(
  e: Evaluation,
  actor: Person,
  m: DesiredMember,
  added: readonly RoleId[],
  removed: readonly RoleId[],
  emit: Emit,
): boolean {
  if (!isSelf(actor, m)) return false;
  const kind = e.index?.orgs.get(actor.orgId)?.kind ?? e.desired.org.kind;
  const raised = raisedRoles(actor, added, removed, kind);
  if (raised.length === 0) return false;
  emit(
    "actor-lacks-privilege",
    rolesPathOf(m),
    `${actor.email} may not give themselves ${raised.join(", ")}: nobody raises their own privileges. Another administrator who may grant ${raised.length === 1 ? "it" : "them"} must apply this change.`,
  );
  return true;
}

/**
 * A member declared with no roles whose roles this token was not shown (Webex shows them only to an
 * admin of the person's org): whether the change takes any away is unknown, so the privilege it
 * needs is said as not checked rather than passed as no change. (Declared roles are judged as
 * gained, as before: a token that could not make the change is refused it.) An actor who may change
 * some role there would have been shown them, so only an actor who could not is told.
 */
function hiddenLoss(e: Evaluation, actor: Person, m: DesiredMember, emit: Emit, couldChange: boolean): boolean {
  const hidden = personOf(e, m.email)?.rolesHidden === true && !m.customersOnly && m.roles?.length === 0;
  if (!hidden || couldChange || isSelf(actor, m)) return false;
  const why = [
    `this token is not shown the roles ${m.email} holds (Webex shows them only to an administrator of their org),`,
    `so whether this takes any away is unknown; ${actor.email} could not take them away in any case.`,
    "Apply it with the token of an administrator of that org",
  ].join(" ");
  emit("not-checked", rolesPathOf(m), notCheckedMessage("actor-lacks-privilege", `for the roles of ${m.email}`, why));
  return true;
}

/** Roles of the partner org some of which the holder may give or take from others. */
const PARTNER_ROLE_ADMINS: readonly RoleId[] = ["full_admin", "partner_full_admin", "sales_full_admin"];

function partnerMemberRoles(e: Evaluation, actor: Person, m: DesiredMember, emit: Emit): void {
  const org = e.desired.org;
  const { added, removed } = roleChange(e, m);
  const partnerMember = actor.orgId === org.orgId;
  if (hiddenLoss(e, actor, m, emit, partnerMember && hasAny(actor.roles, PARTNER_ROLE_ADMINS))) return;
  if (!selfRaise(e, actor, m, added, removed, emit)) {
    // Giving up one's own roles (or stepping down a tier) needs no privilege; every other change does.
    const changed = isSelf(actor, m) ? [] : [...added, ...removed];
    const denied = changed.filter((role) => !partnerMember || !hasAny(actor.roles, partnerRoleNeeds(role)));
    if (denied.length > 0) {
      const need = partnerRoleNeeds(denied[0] as RoleId);
      emit(
        "actor-lacks-privilege",
        rolesPathOf(m),
        `${actor.email} may not change ${denied.join(", ")} of ${m.email}: that takes ${need.join(" or ")} in the partner org. Apply this change with the token of such an administrator.`,
      );
    }
  }
  if (!m.customers || !e.index) return;
  const person = personOf(e, m.email);
  const hidden = person ? unknownReason(e, { kind: "assignments", personId: person.id }) : undefined;
  if (hidden !== undefined) {
    emit(
      "not-checked",
      customersPathOf(m),
      notCheckedMessage("actor-lacks-privilege", `for the customers of ${m.email}`, hidden),
    );
    return;
  }
  const current = person ? assignmentsOf(e, person.id) : [];
  const wanted = new Set(m.customers);
  if (sameSet(current, m.customers)) return;
  const roles = (m.customersOnly ? (m.plannedRoles ?? heldNow(e, m.email)) : m.roles) ?? [];
  // Someone who gives up their assignable role loses their customers with it (the Hub drops them):
  // the role change, judged above, is the change; giving one's own role up needs no privilege. For
  // someone who held neither role, clearing customers is a change of customers like any other.
  const assignable = (rs: readonly RoleId[]): boolean => rs.includes("partner_admin") || rs.includes("sales_admin");
  if (wanted.size === 0 && !assignable(roles) && assignable(heldNow(e, m.email) ?? [])) return;
  const need: readonly RoleId[] =
    roles.includes("sales_admin") && !roles.includes("partner_admin")
      ? ["full_admin", "sales_full_admin"]
      : ["partner_full_admin"];
  if (!partnerMember || !hasAny(actor.roles, need)) {
    emit(
      "actor-lacks-privilege",
      customersPathOf(m),
      `${actor.email} may not change the customers of ${m.email}: that takes ${need.join(" or ")}. Apply it with the token of such an administrator.`,
    );
  }
}

function customerMemberRoles(e: Evaluation, actor: Person, m: DesiredMember, emit: Emit): void {
  const orgId = e.desired.org.orgId;
  const { added, removed } = roleChange(e, m);
  const memberFull = actor.orgId === orgId && actor.roles.includes("full_admin");
  const mayAdminister = memberFull || administersFromOutside(e, actor, orgId);
  if (hiddenLoss(e, actor, m, emit, mayAdminister)) return;
  if (added.length + removed.length === 0) return;
  if (selfRaise(e, actor, m, added, removed, emit)) return;
  if (isSelf(actor, m)) return; // giving roles up, or stepping down a tier
  const ownGrant = externalGrantOf(e, orgId, actor.id)?.role;
  const managing = actorManagesCustomer(e, actor, orgId, ["partner_full_admin", "partner_admin"]);
  const left = partnerGrantIn(e, orgId);
  const path = rolesPathOf(m);
  if (!mayAdminister) {
    const why =
      managing && (ownGrant !== undefined || left !== undefined)
        ? ` ${orgName(e, orgId)} has left the partner only ${ownGrant ?? left} there, which cannot assign roles; its own full administrator can restore external_full_admin.`
        : "";
    emit(
      "actor-lacks-privilege",
      path,
      `${actor.email} may not change the roles of ${m.email} in ${orgName(e, orgId)}: that takes the org's full_admin, an external_full_admin there, or a partner administrator managing that customer whose access there still allows it.${why}`,
    );
    return;
  }
  if ([...added, ...removed].includes("advanced_troubleshooting") && !memberFull) {
    emit(
      "actor-lacks-privilege",
      path,
      `Only a full_admin of ${orgName(e, orgId)} can grant or remove advanced_troubleshooting; ${actor.email} is not one.`,
    );
  }
}

/**
 * Whether someone outside a customer org may assign roles there: an external full administrator
 * (Webex's table of external administrator roles gives them Assign Roles and Add and Delete Sites),
 * or a partner administrator managing the customer while the customer has left the partner full access.
 */
function administersFromOutside(e: Evaluation, actor: Person, orgId: string): boolean {
  if (e.desired.org.kind !== "customer" || actor.orgId === orgId) return false;
  const ownGrant = externalGrantOf(e, orgId, actor.id)?.role;
  if (ownGrant !== undefined) return ownGrant === "external_full_admin";
  const left = partnerGrantIn(e, orgId);
  return (
    actorManagesCustomer(e, actor, orgId, ["partner_full_admin", "partner_admin"]) &&
    (left === undefined || left === "external_full_admin")
  );
}

/**
 * Webex site roles: whoever administers the org's roles (its full administrator, or an external full
 * administrator in a customer org), or that site's site administrator for their own site.
 */
function siteRoles(e: Evaluation, actor: Person, m: DesiredMember, emit: Emit): void {
  if (m.sites === undefined) return;
  const orgId = e.desired.org.orgId;
  const lower = (sites: Readonly<Record<string, SiteRoleId>> | undefined): Map<string, SiteRoleId> =>
    new Map(Object.entries(sites ?? {}).map(([url, role]) => [url.toLowerCase(), role]));
  const before = lower(personOf(e, m.email)?.siteRoles);
  const after = lower(m.sites);
  const actorSites = lower(actor.siteRoles);
  const orgFull =
    (actor.orgId === orgId && actor.roles.includes("full_admin")) || administersFromOutside(e, actor, orgId);
  const denied: string[] = [];
  for (const site of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(site);
    const will = after.get(site);
    if (was === will) continue;
    if (isSelf(actor, m)) {
      if (will !== undefined) denied.push(site); // giving a site role up is the only self-change
      continue;
    }
    if (!orgFull && !(actor.orgId === orgId && actorSites.get(site) === "site_admin")) denied.push(site);
  }
  if (denied.length === 0) return;
  emit(
    "actor-lacks-privilege",
    sitesPathOf(m),
    isSelf(actor, m)
      ? `${actor.email} may not give themselves a Webex site role (${denied.join(", ")}): nobody raises their own privileges; another administrator must.`
      : `${actor.email} may not change the Webex site roles of ${m.email} for ${denied.join(", ")}: that takes a full_admin of ${orgName(e, orgId)}${e.desired.org.kind === "customer" ? " (or an external_full_admin there)" : ""} or the site_admin of that site.`,
  );
}

/**
 * A file that says every external administrator of its org (authoritative) removes those it omits;
 * a token that may not list them cannot tell whether it omits any, and a member who is not a full
 * administrator could remove none: said as not checked, never passed as "nothing removed".
 */
function unseenExternalRemovals(e: Evaluation, actor: Person, emit: Emit): void {
  const orgId = e.desired.org.orgId;
  const hidden = e.desired.authoritative ? unknownReason(e, { kind: "externalAdmins", orgId }) : undefined;
  if (hidden === undefined) return;
  const what = `for the external administrators of ${orgName(e, orgId)} the file leaves out (they would be removed)`;
  const why = `${hidden}; ${actor.email} could not remove them in any case (only that org's full administrators can)`;
  emit("not-checked", "externalAdmins", notCheckedMessage("actor-lacks-privilege", what, why));
}

export const privilegeRules = {
  "actor-lacks-privilege": (e, emit) => {
    const actor = e.actor;
    if (!actor) return;
    const org = e.desired.org;
    for (const m of [...e.members, ...omittedMembers(e)]) {
      if (org.kind === "partner") partnerMemberRoles(e, actor, m, emit);
      else customerMemberRoles(e, actor, m, emit);
      siteRoles(e, actor, m, emit);
    }
    // External administrators of a customer org are the customer's own full admins' business;
    // a member who is not a full admin is refused here, outsiders by `external-admin-chain`.
    if (org.kind === "customer" && actor.orgId === org.orgId && !actor.roles.includes("full_admin")) {
      unseenExternalRemovals(e, actor, emit);
      for (const x of externalEntries(e)) {
        if (externalChange(e, x).ccsa) continue; // contact-center-external says it
        if (externalChange(e, x).any)
          emit(
            "actor-lacks-privilege",
            joinPath(x.path, "role"),
            `${actor.email} may not manage external administrators of ${orgName(e, org.orgId)}; only that org's own full administrators can.`,
          );
      }
    }
  },

  "restricted-mode-actor": (e, emit) => {
    const actor = e.actor;
    if (!actor) return;
    for (const r of e.desired.restrictedMode) {
      if (r.enabled === undefined) continue;
      const current = e.index?.orgs.get(r.orgId)?.restrictedMode ?? true;
      if (e.index && current === r.enabled) continue;
      if (!actorManagesCustomer(e, actor, r.orgId, ["partner_full_admin", "partner_admin"])) {
        emit(
          "restricted-mode-actor",
          r.path ? joinPath(r.path, "restrictedMode") : "enabled",
          `${actor.email} may not change Restricted Administrator Mode of ${orgName(e, r.orgId)}: only a partner_full_admin, or a partner_admin who manages that customer, can.`,
        );
      }
    }
  },
} satisfies Partial<Record<RuleCode, Rule>>;
