/**
 * `webexhub history EMAIL [--since DATE|DURATION] [--org ORG_ID] [--format text|json]`: a person's
 * admin-role changes from the Hub's admin audit trail, newest first — when, who, what, in which
 * org. The trail is read by its documented query (orgId, from, to), paged and bounded.
 */
import type { WireAuditEvent } from "../api";
import { categoryOf, readAuditTrail, targetsPerson, utcMinute, type HubSession } from "../hub";
import { HUB_FLAGS, hubTarget, type Io, parseFlags, stringFlag, UsageError } from "./io";
import { cliSession } from "./live";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Webex returns at most one year of events per request. */
const MAX_DAYS = 365;
/** The history reads further than a preview does: up to 5,000 events. */
const HISTORY_PAGES = 25;
const UNITS: Readonly<Record<string, number>> = { h: DAY_MS / 24, d: DAY_MS, w: 7 * DAY_MS };

/** `--since 2026-11-01`, `--since 2026-11-01T08:00:00Z` or `--since 30d` (h, d, w); default 30 days. */
export function parseSince(text: string | undefined, now: Date): Date {
  if (text === undefined) return new Date(now.getTime() - 30 * DAY_MS);
  const duration = /^(\d+)([hdw])$/.exec(text.trim());
  const unit = UNITS[duration?.[2] ?? "d"] ?? DAY_MS;
  const at = duration ? now.getTime() - Number(duration[1]) * unit : dateOf(text.trim());
  if (at === undefined) {
    throw new UsageError(
      `--since "${text}" is neither a date (2026-11-01, 2026-11-01T08:00:00Z) nor a duration (12h, 30d, 8w)`,
    );
  }
  if (at >= now.getTime()) throw new UsageError(`--since "${text}" is not in the past`);
  if (now.getTime() - at > MAX_DAYS * DAY_MS) {
    throw new UsageError(`--since "${text}" is more than a year ago: the Hub returns at most one year of audit events`);
  }
  return new Date(at);
}

function dateOf(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined;
  // A date alone, or a time without a zone, is UTC: the trail's times are.
  const iso = /T|\s/.test(text) ? text.replace(" ", "T") : `${text}T00:00:00Z`;
  const t = Date.parse(/[Zz]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(t) ? undefined : t;
}

/** An admin-role change: of a partner or external administrator, or a user update about roles. */
function isRoleChange(e: WireAuditEvent): boolean {
  const category = categoryOf(e);
  if (category === "PARTNER_ADMINS" || category === "EXTERNAL_ADMINS") return true;
  return /\brole|\badmin/i.test(`${e.data.eventDescription ?? ""} ${e.data.actionText ?? ""}`);
}

interface HistoryEntry {
  readonly at: string;
  readonly by: { readonly email?: string; readonly name?: string; readonly id?: string };
  readonly what: string;
  readonly category: string;
  readonly orgId: string;
  readonly orgName?: string;
}

const entryOf = (e: WireAuditEvent, orgId: string): HistoryEntry => ({
  at: e.created,
  by: {
    ...(e.data.actorEmail ? { email: e.data.actorEmail } : {}),
    ...(e.data.actorName ? { name: e.data.actorName } : {}),
    ...(e.actorId ? { id: e.actorId } : {}),
  },
  what: e.data.actionText ?? e.data.eventDescription ?? "",
  category: categoryOf(e),
  orgId: e.data.targetOrgId ?? orgId,
  ...(e.data.targetOrgName ? { orgName: e.data.targetOrgName } : {}),
});

async function personOf(
  hub: HubSession,
  email: string,
): Promise<{ id: string; email: string; orgId: string } | undefined> {
  const person = await hub.personByEmail(email);
  return person && { id: person.id, email: person.emails[0] ?? email, orgId: person.orgId };
}

function writeText(io: Io, email: string, from: Date, entries: readonly HistoryEntry[], truncated: boolean): void {
  if (entries.length === 0) {
    io.stdout.write(`no admin-role changes of ${email} since ${utcMinute(from.toISOString())}\n`);
  }
  for (const e of entries) {
    const who = e.by.email ?? e.by.name ?? e.by.id ?? "an unnamed admin";
    io.stdout.write(`${utcMinute(e.at)}  ${who}  ${e.what}  (in ${e.orgName ?? e.orgId})\n`);
  }
  if (truncated) io.stderr.write("note: the trail holds more events than were read; narrow it with --since\n");
}

export async function runHistory(argv: readonly string[], io: Io, now: Date = new Date()): Promise<number> {
  const { flags, positionals } = parseFlags(argv, { since: "string", org: "string", format: "string", ...HUB_FLAGS });
  if (positionals.length !== 1) throw new UsageError("name one person by email: webexhub history EMAIL");
  const email = (positionals[0] as string).trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new UsageError(`"${positionals[0] ?? ""}" is not an email address`);
  const format = stringFlag(flags, "format") ?? "text";
  if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, not "${format}"`);
  const from = parseSince(stringFlag(flags, "since"), now);
  const hub = cliSession(hubTarget(flags));
  const person = await personOf(hub, email);
  if (!person) {
    io.stderr.write(`webexhub history: no user ${email} in the Hub (as this token sees it)\n`);
    return 1;
  }
  const orgId = stringFlag(flags, "org") ?? person.orgId;
  const trail = await readAuditTrail(hub, orgId, { from, to: now }, HISTORY_PAGES);
  if (!trail.ok) {
    io.stderr.write(`webexhub history: cannot read the admin audit events of ${orgId}: ${trail.reason}\n`);
    return 1;
  }
  const entries = trail.events
    .filter((e) => !e.data.errorCode && targetsPerson(e, person) && isRoleChange(e))
    .sort((a, b) => Date.parse(b.created) - Date.parse(a.created))
    .map((e) => entryOf(e, orgId));
  if (format === "json") {
    const window = { from: trail.window.from.toISOString(), to: trail.window.to.toISOString() };
    const { truncated } = trail;
    const json = { email: person.email, personId: person.id, orgId, window, truncated, changes: entries };
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    writeText(io, person.email, trail.window.from, entries, trail.truncated);
  }
  return 0;
}
