/**
 * The limit on how long an external administrator's access may last: a grant the change declares
 * must set `expiresAt` at most `maxExpiryDays` ahead of the clock the rules are given.
 */
import { joinPath, type Evaluation } from "../rules/evaluation";
import type { Say } from "./judge";
import type { ExternalLimit } from "./types";

const DAY_MS = 24 * 60 * 60 * 1000;

export function judgeExpiry(e: Evaluation, limit: ExternalLimit, say: Say): void {
  if (e.desired.org.kind !== "customer") return;
  const latest = new Date(e.ctx.now.getTime() + limit.maxExpiryDays * DAY_MS);
  const label = `maxExpiryDays ${limit.role ?? "external administrators"}: ${limit.maxExpiryDays}`;
  for (const x of e.desired.externalAdmins) {
    if (x.remove === true || x.role === undefined || x.expiresAtUnknown === true) continue;
    if (limit.role !== undefined && x.role !== limit.role) continue;
    const by = `no later than ${latest.toISOString().replace(/\.\d{3}Z$/, "Z")}`;
    const fix =
      x.role === "external_readonly_admin"
        ? `Set expiresAt ${by}, or raise maxExpiryDays in the policy.`
        : `Webex lets only external_readonly_admin expire: grant that with expiresAt ${by}, or remove the grant.`;
    if (x.expiresAt === undefined) {
      const never = `${x.email} is given ${x.role} with no expiresAt, so it never ends`;
      const most = `the policy lets it last at most ${limit.maxExpiryDays} days`;
      say(limit, "maxExpiryDays", label, joinPath(x.path, "expiresAt"), `${never}; ${most}. ${fix}`);
      continue;
    }
    const at = Date.parse(x.expiresAt);
    if (Number.isNaN(at) || at <= latest.getTime()) continue;
    const until = `${x.email} is given ${x.role} until ${x.expiresAt}, more than ${limit.maxExpiryDays} days ahead`;
    say(limit, "maxExpiryDays", label, joinPath(x.path, "expiresAt"), `${until}. ${fix}`);
  }
}
