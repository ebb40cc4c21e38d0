/**
 * The one live world: the Hub as this token sees it, read the same way for `validate`, `plan`,
 * `access` and `export`, for every provider and for the program's plan, so every judge reaches the
 * same conclusions about the same facts.
 *
 * - Who someone is comes from the Hub, not from what happens to be listed: a person the lists do not
 *   hold (a user of another org, an external administrator) is looked up by email before anyone is
 *   called unknown.
 * - Which org is the partner is evidence (the session's bulk read: configuration, or a partner role
 *   held by any of its people), and the file's own word when it declares the token's org a partner.
 * - Which org a Webex site belongs to is learned from the people who use it; when a declared site is
 *   used by nobody in the loaded lists, the people of the other orgs in sight are read.
 * - What the token may not read (an org's external administrators, a person's assigned customers,
 *   the Hub's roles) is recorded as unknown, and the rules that need it say `not-checked`.
 */
import type { Desired, Person, UnknownFact, World } from "../core";
import { siteHost } from "../core";
import { EXTENSIONS, isHubError, type Extension } from "./errors";
import { asPartnerWorld, type WorldNeeds } from "./shapes";
import type { HubSession } from "./session";

export interface LiveView {
  readonly hub: HubSession;
  readonly world: World;
  /** The token's person. */
  readonly actor: Person;
  /** What the Hub could not tell (a mock extension it lacks), for the caller to show beside the result. */
  readonly notes: readonly string[];
  /** The webexhub mock extensions this Hub lacks, among those the view asked for. */
  readonly unsupported: readonly Extension[];
}

/** What a missing extension means for the judgment, said beside the result. */
const LACKING: Readonly<Record<Extension, string>> = {
  externalAdmins: `this Hub does not offer ${EXTENSIONS.externalAdmins} (a webexhub mock extension): the rules that count them were not checked`,
  restrictedMode: `this Hub does not offer ${EXTENSIONS.restrictedMode} (a webexhub mock extension): the customers: entries were judged as if it were on everywhere, the Webex default`,
  siteRoles: `this Hub does not offer ${EXTENSIONS.siteRoles} (a webexhub mock extension)`,
};

const lower = (email: string): string => email.trim().toLowerCase();

/** Every address a change names: its members and its external administrators. */
function emailsOf(desired: readonly Desired[]): string[] {
  const out = new Set<string>();
  for (const d of desired) {
    for (const m of d.members) if (m.email.trim() !== "") out.add(lower(m.email));
    for (const x of d.externalAdmins) if (x.email.trim() !== "") out.add(lower(x.email));
  }
  return [...out];
}

/** Declared sites nobody in `world` uses: which org they belong to is not known yet. */
function unknownSites(desired: readonly Desired[], world: World): boolean {
  const used = new Set(world.people.flatMap((p) => (p.siteUrls ?? []).map(siteHost)));
  return desired.some((d) => d.members.some((m) => Object.keys(m.sites ?? {}).some((url) => !used.has(siteHost(url)))));
}

/** The lazy parts the change needs: assigned customers, external admins, restricted mode. */
function needsOf(desired: readonly Desired[], world: World, actor: Person, extra: WorldNeeds): Required<WorldNeeds> {
  const byEmail = new Map(world.people.map((p) => [lower(p.email), p]));
  const assignmentsOf = new Set(extra.assignmentsOf ?? []);
  const externalAdminsOf = new Set(extra.externalAdminsOf ?? []);
  const restrictedModeOf = new Set(extra.restrictedModeOf ?? []);
  const customers = new Set(world.orgs.filter((o) => o.kind === "customer").map((o) => o.id));
  for (const d of desired) {
    for (const m of d.members) {
      const person = byEmail.get(lower(m.email));
      if (person === undefined || m.customers === undefined) continue;
      // Webex lists assigned customers only for partner and sales administrators (400 otherwise).
      if (m.customersOnly || person.roles.includes("partner_admin") || person.roles.includes("sales_admin"))
        assignmentsOf.add(person.id);
    }
    if (d.org.kind === "customer") externalAdminsOf.add(d.org.orgId);
    for (const r of d.restrictedMode) if (customers.has(r.orgId)) restrictedModeOf.add(r.orgId);
  }
  // A partner administrator's rights in a customer org follow the customers assigned to them.
  const inCustomers = desired.some((d) => d.org.kind === "customer" || d.restrictedMode.length > 0);
  if (inCustomers && actor.roles.includes("partner_admin")) assignmentsOf.add(actor.id);
  return {
    peopleOf: [...(extra.peopleOf ?? [])],
    assignmentsOf: [...assignmentsOf],
    externalAdminsOf: [...externalAdminsOf],
    restrictedModeOf: [...restrictedModeOf],
    externalAdminsIfOffered: [...(extra.externalAdminsIfOffered ?? [])],
  };
}

/** Reads each org's external admins, keeping the orgs it could and saying why for the others. */
async function readableExternals(
  hub: HubSession,
  orgIds: readonly string[],
  unknown: UnknownFact[],
  lacks: Set<Extension>,
): Promise<string[]> {
  const ok: string[] = [];
  const unsupported = (orgId: string): void => {
    hub.externalAdminsOffered.lacking();
    lacks.add("externalAdmins");
    unknown.push({ kind: "externalAdmins", orgId, reason: `this Hub does not offer ${EXTENSIONS.externalAdmins}` });
  };
  await Promise.all(
    orgIds.map(async (orgId) => {
      // A Hub that said it has no such extension (Webex) is not asked again in this session.
      if (!hub.externalAdminsOffered.offered) return unsupported(orgId);
      try {
        await hub.externalAdmins(orgId);
        ok.push(orgId);
      } catch (error) {
        if (isHubError(error, "hub-unsupported")) {
          unsupported(orgId);
        } else if (isHubError(error, "hub-forbidden") || isHubError(error, "hub-not-found")) {
          unknown.push({
            kind: "externalAdmins",
            orgId,
            reason: `this token may not list the external administrators of ${orgId} (${isHubError(error, "hub-forbidden") ? "403" : "404"})`,
          });
        } else {
          throw error;
        }
      }
    }),
  );
  return ok;
}

/** Reads each customer's Restricted Administrator Mode; a Hub without the API keeps the Webex default. */
async function readableModes(hub: HubSession, orgIds: readonly string[], lacks: Set<Extension>): Promise<string[]> {
  const ok: string[] = [];
  await Promise.all(
    orgIds.map(async (orgId) => {
      try {
        await hub.restrictedMode(orgId);
        ok.push(orgId);
      } catch (error) {
        if (isHubError(error, "hub-unsupported")) {
          lacks.add("restrictedMode");
        } else if (!isHubError(error, "hub-forbidden") && !isHubError(error, "hub-not-found")) {
          throw error;
        }
      }
    }),
  );
  return ok;
}

/** Looks up by email everyone the change names whom the loaded lists do not hold. */
async function lookUpPeople(hub: HubSession, world: World, emails: readonly string[]): Promise<void> {
  const known = new Set(world.people.map((p) => lower(p.email)));
  await Promise.all(
    emails
      .filter((e) => !known.has(e))
      .map((email) =>
        hub.personByEmail(email).catch((error: unknown) => {
          // A token that may not search people leaves them unknown; the rules say so from there.
          if (!isHubError(error)) throw error;
          return undefined;
        }),
      ),
  );
}

/**
 * The people the readable external grants name whom the lists do not hold (a member of another
 * org), looked up by id: a grant whose person is unknown is one the rules could not weigh, so a
 * file that leaves it out would remove it unseen.
 */
async function lookUpGrantees(hub: HubSession, orgIds: readonly string[]): Promise<void> {
  if (orgIds.length === 0) return;
  const known = new Set((await hub.world()).people.map((p) => p.id));
  const grants = await Promise.all(orgIds.map((orgId) => hub.externalAdmins(orgId)));
  const ids = new Set(grants.flatMap((g) => [...g.keys()]).filter((id) => !known.has(id)));
  await Promise.all(
    [...ids].map((id) =>
      hub.person(id).catch((error: unknown) => {
        if (!isHubError(error)) throw error;
        return undefined;
      }),
    ),
  );
}

/**
 * The world the rules need to judge `desired` (one or more declarations: a file, a resource, a
 * whole program) as this token sees it, with the token's person and what could not be told.
 */
export async function liveView(
  hub: HubSession,
  desired: readonly Desired[],
  extra: WorldNeeds = {},
): Promise<LiveView> {
  const [base, actor] = await Promise.all([hub.world(), hub.actor()]);
  await lookUpPeople(hub, base, emailsOf(desired));
  const looked = await hub.world();
  const needs = needsOf(desired, looked, actor, extra);
  // A declared site nobody in sight uses may be another org's: its people tell.
  const peopleOf = unknownSites(desired, looked) ? looked.orgs.map((o) => o.id).filter((id) => id !== actor.orgId) : [];
  await Promise.all(peopleOf.map((id) => hub.peopleOf(id)));
  const unknown: UnknownFact[] = [];
  const lacks = new Set<Extension>();
  const externalAdminsOf = await readableExternals(hub, needs.externalAdminsOf, unknown, lacks);
  const restrictedModeOf = await readableModes(hub, needs.restrictedModeOf, lacks);
  await lookUpGrantees(hub, externalAdminsOf);
  // The people of an org asked about are read even where its external admins cannot be.
  const orgPeople = [...needs.peopleOf, ...needs.externalAdminsOf, ...peopleOf];
  let world = await hub.world({ ...needs, peopleOf: orgPeople, externalAdminsOf, restrictedModeOf });
  // The file's word that the token's own org is a partner is evidence too (a new partner whose
  // people hold no partner role yet).
  const declaresOwnPartner = desired.some((d) => d.org.kind === "partner" && d.org.orgId === actor.orgId);
  if (declaresOwnPartner) world = asPartnerWorld(world, actor.orgId);
  if (unknown.length > 0) world = { ...world, unknown: [...(world.unknown ?? []), ...unknown] };
  const unsupported = [...lacks];
  return { hub, world, actor, notes: unsupported.map((x) => LACKING[x]), unsupported };
}
