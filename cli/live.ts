/** The live Hub for the CLI: the one live world every judge reads (hub/live.ts). */
import { hubSession, liveView, type HubSession } from "../hub";
import type { Desired } from "../core";
import type { LiveContext } from "./validate";
import { CLI_HINTS, EXTENSIONS } from "../hub";
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
  const { hub, world, actor, notes, unsupported } = await liveView(cliSession({ endpoint, token }), [desired]);
  // A file that declares external administrators on a Hub without them (Webex) cannot be applied:
  // that is the file's problem, said once, not a rule left unchecked.
  if (desired.externalAdmins.length > 0 && unsupported.includes("externalAdmins")) {
    throw new UsageError(
      `externalAdmins: this Hub does not offer ${EXTENSIONS.externalAdmins}; it is a webexhub mock extension ` +
        "(Webex has no public API for it): manage them in Control Hub and remove externalAdmins: from the file",
    );
  }
  return { world, actor, hub, ...(notes.length > 0 ? { notes } : {}) };
}
