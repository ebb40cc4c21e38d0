/**
 * `--applier EMAIL` (default: WEBEXHUB_APPLIER) for `validate` and `plan`: a pull-request job holds
 * a read-only token, so the rules about who may make a change are judged as the person whose
 * token will apply it. Neither command writes; `pulumi up` always judges its writes as its own
 * token's person.
 */
import { normalizeEmail, type Person, type World } from "../core";
import { ENV_APPLIER } from "../hub";
import { stringFlag, UsageError } from "./io";

export interface Judged {
  readonly actor: Person;
  readonly source: "token" | "applier";
}

/** The person to judge as: the applier when one is named, else the token's person. */
export function judgeAs(
  flags: Record<string, string | boolean>,
  live: { readonly world: World; readonly actor: Person },
  env: Readonly<Record<string, string | undefined>> = process.env,
): Judged {
  const flag = stringFlag(flags, "applier");
  const email = flag ?? (env[ENV_APPLIER]?.trim() || undefined);
  if (email === undefined) return { actor: live.actor, source: "token" };
  const where = flag !== undefined ? "--applier" : ENV_APPLIER;
  const person = live.world.people.find((p) => normalizeEmail(p.email) === normalizeEmail(email));
  if (!person) {
    throw new UsageError(
      `${where} ${email}: no person with this email on the Hub; ` +
        "name the administrator whose token will apply the change",
    );
  }
  return { actor: person, source: "applier" };
}

/** --applier without a Hub is a mistake worth naming: offline, no rule looks at who applies. */
export function applierNeedsHub(flags: Record<string, string | boolean>, live: boolean): void {
  if (!live && stringFlag(flags, "applier") !== undefined) {
    throw new UsageError(
      "--applier needs the Hub: who may make a change is judged against the live roles; " +
        "pass --endpoint URL (or set WEBEXHUB_ENDPOINT), or drop --applier",
    );
  }
}
