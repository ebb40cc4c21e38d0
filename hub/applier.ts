/**
 * Who a preview judges: the applier the stack names (webexhub:applier / WEBEXHUB_APPLIER), else the
 * token's person. A pull-request job holds a read-only token, and the rules about who may make a
 * change are about the person whose token will apply it. Never used before a write: a write is
 * always judged as the token's own person.
 */
import type { Person } from "../core";
import { ConfigurationError } from "./credentials";
import { CONFIG_APPLIER, ENV_APPLIER } from "./settings";
import { toPerson } from "./shapes";
import type { HubSession } from "./session";

export async function previewActor(hub: HubSession, applier: string | undefined): Promise<Person> {
  if (applier === undefined) return hub.actor();
  const person = await hub.personByEmail(applier);
  if (person === undefined) {
    throw new ConfigurationError(
      `${CONFIG_APPLIER} (or ${ENV_APPLIER}) is ${applier}, but the Hub has no person with this email; ` +
        "set it to the email of the administrator whose token runs pulumi up",
    );
  }
  return toPerson(person);
}
