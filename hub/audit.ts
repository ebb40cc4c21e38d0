/**
 * The admin audit trail of an org, read to say who changed what outside the stack: one bounded,
 * paged read per org and session (so per process), made only when someone asks (drift was found).
 * A Hub or a token that cannot read the trail gives a reason instead of events, never an error: a
 * preview does not fail because its drift cannot be attributed.
 */
import type { WireAuditEvent } from "../api";
import { isHubError } from "./errors";
import { authorOf, authorPhrase, type AuditAuthor, type AuditChange } from "./auditMatch";
import type { HubSession } from "./session";

export { authorOf, authorPhrase, categoryOf, targetsPerson, utcMinute } from "./auditMatch";
export type { AuditAuthor, AuditChange, AuditChangeKind } from "./auditMatch";

export const ENV_AUDIT_DAYS = "WEBEXHUB_AUDIT_DAYS";
export const DEFAULT_AUDIT_DAYS = 30;
/** Webex answers at most 200 events a page. */
export const AUDIT_PAGE_SIZE = 200;
/** Pages read at most per org and run: 1,000 events. */
export const AUDIT_MAX_PAGES = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface AuditWindow {
  readonly from: Date;
  readonly to: Date;
}

export type AuditTrail =
  | {
      readonly ok: true;
      readonly events: readonly WireAuditEvent[];
      readonly window: AuditWindow;
      readonly truncated: boolean;
    }
  | { readonly ok: false; readonly reason: string; readonly window: AuditWindow };

export interface AuditReadOptions {
  readonly now?: Date;
  /** How far back to read; else `WEBEXHUB_AUDIT_DAYS`, else 30 days. */
  readonly days?: number;
  readonly maxPages?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The window's length from the options or the environment; a bad value falls back to the default. */
export function auditDays(options: AuditReadOptions = {}): number {
  if (options.days !== undefined) return options.days;
  const text = (options.env ?? process.env)[ENV_AUDIT_DAYS]?.trim();
  const days = text ? Number(text) : NaN;
  return Number.isFinite(days) && days > 0 && days <= 365 ? days : DEFAULT_AUDIT_DAYS;
}

/** Why the trail cannot be read, said once: a token without the audit scope, or a Hub without the API. */
function reasonOf(error: unknown): string {
  if (isHubError(error, "hub-forbidden")) {
    return "this token may not read the admin audit events (403: it lacks the audit scope or role)";
  }
  // A 404 with the Hub's own message is about the query (an org not in sight), not a missing API.
  if (isHubError(error, "hub-not-found") && error.hubMessage !== undefined) {
    return `the Hub answered 404: ${error.hubMessage}`;
  }
  if (isHubError(error, "hub-unsupported") || isHubError(error, "hub-not-found")) {
    return "this Hub does not offer GET /adminAudit/events";
  }
  if (isHubError(error)) return `the admin audit events could not be read (${error.code})`;
  return `the admin audit events could not be read (${error instanceof Error ? error.message : String(error)})`;
}

/**
 * Reads the org's trail in the window, at most `maxPages` pages of 200 by `offset`. A window with
 * more than the pages hold is narrowed to its recent half and read again (within the same pages):
 * drift is recent, and the trail's order is not something to rely on.
 */
export async function readAuditTrail(
  hub: HubSession,
  orgId: string,
  window: AuditWindow,
  maxPages = AUDIT_MAX_PAGES,
): Promise<AuditTrail> {
  let events: WireAuditEvent[] = [];
  let from = window.from;
  try {
    for (let page = 0; page < maxPages; page++) {
      const range = { orgId, from: from.toISOString(), to: window.to.toISOString() };
      const read = await hub.client.auditEventsPage({ ...range, max: AUDIT_PAGE_SIZE, offset: events.length });
      events.push(...read.events);
      if (!read.more) return { ok: true, events, window: { from, to: window.to }, truncated: false };
      if (page === Math.floor(maxPages / 2) - 1) {
        from = new Date(from.getTime() + (window.to.getTime() - from.getTime()) / 2);
        events = [];
      }
    }
    return { ok: true, events, window: { from, to: window.to }, truncated: true };
  } catch (error) {
    return { ok: false, reason: reasonOf(error), window };
  }
}

/**
 * The trails a session has read and the reasons it has said: kept on the session (`HubSession.audit`),
 * so the trail is read once per org and run and forgotten with the session's other reads.
 */
export class AuditMemo {
  readonly trails = new Map<string, Promise<AuditTrail>>();
  /** The reasons already said, so a refusing trail is one line, not one per resource. */
  readonly said = new Set<string>();

  clear(): void {
    this.trails.clear();
    this.said.clear();
  }
}

/** The org's trail for this session, read on first use (concurrent askers share the one read). */
export function auditTrail(hub: HubSession, orgId: string, options: AuditReadOptions = {}): Promise<AuditTrail> {
  const audit = hub.audit;
  let trail = audit.trails.get(orgId);
  if (!trail) {
    const to = options.now ?? new Date();
    const window = { from: new Date(to.getTime() - auditDays(options) * DAY_MS), to };
    trail = readAuditTrail(hub, orgId, window, options.maxPages);
    audit.trails.set(orgId, trail);
  }
  return trail;
}

/** The reason a trail could not be read, the first time this session meets it; else undefined. */
export function auditNoticeOnce(hub: HubSession, trail: AuditTrail): string | undefined {
  if (trail.ok) return undefined;
  const audit = hub.audit;
  if (audit.said.has(trail.reason)) return undefined;
  audit.said.add(trail.reason);
  return `drift is shown without its author: ${trail.reason}`;
}

const windowText = (w: AuditWindow): string => {
  const days = Math.round((w.to.getTime() - w.from.getTime()) / DAY_MS);
  return `the last ${days} day${days === 1 ? "" : "s"}`;
};

/** The author of a change, or why there is none. */
export function attribute(trail: AuditTrail, change: AuditChange): { author?: AuditAuthor; text: string } {
  if (!trail.ok) return { text: "author unknown (the audit trail could not be read)" };
  const author = authorOf(trail.events, change);
  if (author) return { author, text: authorPhrase(author) };
  const more = trail.truncated ? `; only ${trail.events.length} of its events were read` : "";
  return { text: `author unknown (no audit event in ${windowText(trail.window)}${more})` };
}
