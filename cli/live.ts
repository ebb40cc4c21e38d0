/** The live Hub for the CLI: the one live world every judge reads (hub/live.ts). */
import { hubSession, liveView, type HubSession } from "../hub";
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
  const { world, actor, notes } = await liveView(cliSession({ endpoint, token }), [desired]);
  return { world, actor, ...(notes.length > 0 ? { notes } : {}) };
}
