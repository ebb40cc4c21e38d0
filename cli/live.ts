/** The live Hub for the CLI: one bulk read, plus exactly the lazy parts the file needs. */
import { hubSession, type HubSession } from "../hub";
import type { Desired } from "../core";
import type { LiveContext } from "./validate";
import { CLI_HINTS, EXTENSIONS, isHubError } from "../hub";
import { UsageError } from "./io";

export function cliSession({ endpoint, token }: { endpoint?: string; token?: string }): HubSession {
  if (!endpoint) throw new UsageError(`no Hub endpoint: ${CLI_HINTS.endpoint}`);
  if (!token) throw new UsageError(`no Hub token: ${CLI_HINTS.token}`);
  try {
    return hubSession({ endpoint, token, userAgent: "webexhub-cli" });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export async function loadLive(endpoint: string, token: string, desired: Desired): Promise<LiveContext> {
  const hub = cliSession({ endpoint, token });
  const base = await hub.world();
  const emails = new Set(desired.members.filter((m) => m.customers !== undefined).map((m) => m.email.trim().toLowerCase()));
  const assignmentsOf = base.people.filter((p) => emails.has(p.email.toLowerCase()) && (p.roles.includes("partner_admin") || p.roles.includes("sales_admin"))).map((p) => p.id);
  const actor = await hub.actor();
  // In a customer org a partner administrator's rights follow the customers assigned to them.
  if (desired.org.kind === "customer" && actor.roles.includes("partner_admin")) assignmentsOf.push(actor.id);
  // A customer file that declares external administrators needs them read (a Hub without the
  // extension stops here, saying so); one that does not is judged on them where the Hub has them.
  const customerOrg = desired.org.kind === "customer" ? [desired.org.orgId] : [];
  const declaresExternal = desired.externalAdmins.length > 0;
  const needs = {
    assignmentsOf,
    externalAdminsOf: declaresExternal ? customerOrg : [],
    externalAdminsIfOffered: declaresExternal ? [] : customerOrg,
    restrictedModeOf: desired.restrictedMode.map((r) => r.orgId).filter((id) => base.orgs.some((o) => o.id === id && o.kind === "customer")),
  };
  try {
    return { world: await hub.world(needs), actor };
  } catch (error) {
    // Against Webex, which has no Restricted Administrator Mode API, the rest of the file can still
    // be judged live: the mode's current value is then taken as the Webex default (on).
    if (!isHubError(error) || !("extension" in error) || error.extension !== "restrictedMode") throw error;
    const world = await hub.world({ ...needs, restrictedModeOf: [] });
    return { world, actor, notes: [`this Hub does not offer ${EXTENSIONS.restrictedMode} (a webexhub mock extension): the customers: entries were judged as if it were on everywhere, the Webex default`] };
  }
}
