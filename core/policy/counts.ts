/**
 * The count limits, `maxHolders` and `minHolders`: counted on the state the whole change leaves and
 * judged when the change moves the count. A count the token cannot settle (roles it is not shown,
 * external administrators it may not list) is said as `not-checked`, once per limit: neither an
 * error guessed nor a pass unsaid. A count waiting on an input a preview does not know yet, or a
 * lone resource judged without the Hub, waits silently, as every rule does.
 */
import { orgName, type Evaluation } from "../rules/evaluation";
import type { Holding, Settled } from "./holdings";
import type { Say } from "./judge";
import type { PolicyEntry, PrivilegeLimit, RoleLimit } from "./types";

/** Says a limit could not be checked: `what` was to be checked, `reason` why it could not. */
export type Note = (entry: PolicyEntry, key: string, label: string, path: string, what: string, reason: string) => void;

export interface Out {
  readonly say: Say;
  readonly note: Note;
}

export interface Holders {
  /** What is limited, for messages: `full_admin`, `customers.* at full`. */
  readonly subject: string;
  /** What to take away to fix it: the role, or the roles that give a privilege. */
  readonly remove: string;
  /** Where a holder's input is: their roles, or their site roles for a privilege on sites. */
  readonly pathOf: (h: Holding) => string | undefined;
  /** Who holds it after the change, as far as the token sees; the declared ones are judged one by one. */
  readonly all: readonly Holding[];
  /** The change gives it to someone, or takes it from someone. */
  readonly gained: readonly Holding[];
  readonly lost: readonly Holding[];
  /** Members the token is not shown who may hold it: the count is not known without them. */
  readonly unseen: readonly Holding[];
  /** Declared members who do not hold it after the change and whose roles before are hidden: they may lose it. */
  readonly mayLose: readonly Holding[];
  /** Whether the parts of the org that may hold it are known. */
  readonly settled: Settled;
}

export const names = (holdings: readonly Holding[]): string => {
  const shown = holdings.slice(0, 5).map((h) => h.shown);
  return holdings.length > 5 ? `${shown.join(", ")}, …` : shown.join(", ");
};

const holdersOf = (count: number, subject: string): string => `${count} holder${count === 1 ? "" : "s"} of ${subject}`;

const people = (count: number): string => `${count} ${count === 1 ? "person" : "people"}`;

/** Webex shows a person's roles only to an administrator of the person's org. */
export const HIDDEN_WHY = "Webex shows them only to an administrator of their org";

/** Why the count is not known, or nothing when it is. */
function unsettledReasons(holders: Holders): string[] {
  const { unseen } = holders;
  if (unseen.length === 0) return [...holders.settled.hidden];
  const who = `${names(unseen)}; ${HIDDEN_WHY}`;
  const what = `the roles of ${people(unseen.length)} there are hidden from this token (${who})`;
  return [...holders.settled.hidden, what];
}

export function judgeCount(e: Evaluation, limit: RoleLimit | PrivilegeLimit, holders: Holders, out: Out): void {
  if (holders.settled.waiting) return;
  const reasons = unsettledReasons(holders);
  judgeMax(e, limit, holders, reasons, out);
  judgeMin(e, limit, holders, reasons, out);
}

function judgeMax(e: Evaluation, limit: RoleLimit | PrivilegeLimit, h: Holders, reasons: string[], out: Out): void {
  const max = limit.maxHolders;
  if (max === undefined) return;
  // Given to a member whose roles before are hidden: maybe held already, so maybe not moved.
  const seenGained = h.gained.filter((x) => x.hidden !== true);
  const moves = e.desired.authoritative || seenGained.length > 0;
  if (!moves && h.gained.length === 0) return;
  const count = h.all.length;
  const org = orgName(e, e.desired.org.orgId);
  const label = `maxHolders ${h.subject}: ${max}`;
  // The last one given it: the newcomer with the Hub, the one past the limit in a file judged offline.
  const past = h.all.filter((x) => x.path !== undefined)[max];
  const last = h.gained[h.gained.length - 1] ?? past;
  const path = (last && h.pathOf(last)) ?? "";
  // The holders the token sees are a floor: too many of them settle it, whoever else is hidden.
  const settledBySight = moves && count > max && h.settled.hidden.length === 0;
  if (reasons.length > 0 && !settledBySight) {
    out.note(limit, "maxHolders", label, path, `for the holders of ${h.subject} in ${org}`, reasons.join("; "));
    return;
  }
  if (count <= max) return;
  if (!moves) {
    const leaves = `this change leaves ${holdersOf(count, h.subject)} (${names(h.all)}), more than ${max}`;
    const unknown = `whether it gives ${h.subject} to ${names(h.gained)} is unknown: the roles they held are hidden`;
    const what = `for the holders of ${h.subject} in ${org}`;
    out.note(limit, "maxHolders", label, path, what, `${leaves}, but ${unknown} from this token (${HIDDEN_WHY})`);
    return;
  }
  const leaves = `this change leaves ${org} with ${holdersOf(count, h.subject)} (${names(h.all)})`;
  const fix = `Take ${h.remove} from ${count - max} of them, or raise maxHolders in the policy.`;
  out.say(limit, "maxHolders", label, path, `${leaves}; at most ${max} may hold it. ${fix}`);
}

function judgeMin(e: Evaluation, limit: RoleLimit | PrivilegeLimit, h: Holders, reasons: string[], out: Out): void {
  const min = "minHolders" in limit ? limit.minHolders : undefined;
  const count = h.all.length;
  // The holders the token sees are a floor: enough of them settle it, whatever is hidden.
  if (min === undefined || count >= min) return;
  const moves = e.desired.authoritative || h.lost.length > 0;
  if (!moves && h.mayLose.length === 0) return;
  const org = orgName(e, e.desired.org.orgId);
  const label = `minHolders ${h.subject}: ${min}`;
  const lost = h.lost[0] ?? h.mayLose[0];
  const path = (lost && h.pathOf(lost)) ?? (e.desired.authoritative ? "admins" : "");
  if (reasons.length > 0) {
    out.note(limit, "minHolders", label, path, `for the holders of ${h.subject} in ${org}`, reasons.join("; "));
    return;
  }
  const who = count === 0 ? "nobody" : names(h.all);
  if (!moves) {
    const leaves = `this change leaves ${holdersOf(count, h.subject)} (${who}), fewer than ${min}`;
    const unknown = `whether it takes ${h.subject} from ${names(h.mayLose)} is unknown: the roles they held are hidden`;
    const what = `for the holders of ${h.subject} in ${org}`;
    out.note(limit, "minHolders", label, path, what, `${leaves}, but ${unknown} from this token (${HIDDEN_WHY})`);
    return;
  }
  const leaves = `this change leaves ${org} with ${holdersOf(count, h.subject)} (${who})`;
  const fix = `Keep or give ${h.subject} to ${min - count} more, or lower minHolders in the policy.`;
  out.say(limit, "minHolders", label, path, `${leaves}; at least ${min} must hold it. ${fix}`);
}
