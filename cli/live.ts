/** The live Hub for the CLI: one bulk read, plus exactly the lazy parts the file needs. */
import { hubSession, type HubSession } from "../hub";
import type { Desired } from "../core";
import type { LiveContext } from "./validate";
import { CLI_HINTS } from "../hub";
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
  const world = await hub.world({
    assignmentsOf,
    externalAdminsOf: desired.org.kind === "customer" ? [desired.org.orgId] : [],
    restrictedModeOf: desired.restrictedMode.map((r) => r.orgId).filter((id) => base.orgs.some((o) => o.id === id && o.kind === "customer")),
  });
  return { world, actor };
}
