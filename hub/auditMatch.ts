/**
 * Which admin audit event made a change: matched on the documented fields of Webex's `AuditEvent`
 * (`data.targetId`, `data.targetName`, `data.eventCategory`, `data.eventDescription`,
 * `data.actionText`, `created`, `data.actorEmail`, `data.actorName`). `actionText` is free text:
 * it only tells apart two events on the same person, never decides alone whether one matches.
 */
import type { WireAuditEvent } from "../api";

/** What drifted: a person's roles, Webex site roles, or assigned customers. */
export type AuditChangeKind = "roles" | "sites" | "customers";

export interface AuditChange {
  readonly kind: AuditChangeKind;
  readonly person: { readonly id?: string; readonly email: string };
  /** The values gained or lost (role ids, site URLs, customer org ids or names), to prefer the event naming them. */
  readonly values: readonly string[];
}

export interface AuditAuthor {
  readonly email?: string;
  readonly name?: string;
  readonly actorId?: string;
  /** ISO 8601, as the event says it. */
  readonly at: string;
  readonly orgId?: string;
  readonly description?: string;
  readonly text?: string;
}

const lower = (s: string | undefined): string => (s ?? "").trim().toLowerCase();

/** The category without Webex's `EventCategory.` prefix, upper-case: `USERS`, `PARTNER_ADMINS`. */
export const categoryOf = (e: WireAuditEvent): string =>
  lower(e.data.eventCategory)
    .replace(/^eventcategory\./, "")
    .toUpperCase();

/** The event is about this person: by id first, else the name Webex gives the target (their email). */
export function targetsPerson(e: WireAuditEvent, person: AuditChange["person"]): boolean {
  if (person.id !== undefined && e.data.targetId !== undefined && e.data.targetId === person.id) return true;
  return lower(e.data.targetName) !== "" && lower(e.data.targetName) === lower(person.email);
}

/** Roles and site roles are changes of the user; customers are the partner administrator's assignments. */
function ofKind(e: WireAuditEvent, kind: AuditChangeKind): boolean {
  const category = categoryOf(e);
  const words = `${lower(e.data.eventDescription)} ${lower(e.data.actionText)}`;
  if (kind === "customers") return category === "PARTNER_ADMINS" || /\bassign|\bmanag/.test(words);
  return category === "USERS" || /\brole/.test(words);
}

const names = (e: WireAuditEvent, values: readonly string[]): boolean => {
  const text = lower(`${e.data.actionText ?? ""} ${e.data.eventDescription ?? ""}`);
  return values.some((v) => lower(v) !== "" && text.includes(lower(v)));
};

const authorOfEvent = (e: WireAuditEvent): AuditAuthor => ({
  ...(e.data.actorEmail ? { email: e.data.actorEmail } : {}),
  ...(e.data.actorName ? { name: e.data.actorName } : {}),
  ...(e.actorId ? { actorId: e.actorId } : {}),
  at: e.created,
  ...(e.data.targetOrgId ? { orgId: e.data.targetOrgId } : {}),
  ...(e.data.eventDescription ? { description: e.data.eventDescription } : {}),
  ...(e.data.actionText ? { text: e.data.actionText } : {}),
});

const latest = (events: readonly WireAuditEvent[]): WireAuditEvent | undefined =>
  events.reduce<WireAuditEvent | undefined>(
    (best, e) => (!best || Date.parse(e.created) > Date.parse(best.created) ? e : best),
    undefined,
  );

/**
 * The latest event on the person of the change's kind, preferring one whose text names a value that
 * drifted (another change to the same person later, by the stack itself say, is not the author).
 * Failed operations (`data.errorCode`) changed nothing and never count.
 */
export function authorOf(events: readonly WireAuditEvent[], change: AuditChange): AuditAuthor | undefined {
  const candidates = events.filter(
    (e) => !e.data.errorCode && targetsPerson(e, change.person) && ofKind(e, change.kind),
  );
  const named = candidates.filter((e) => names(e, change.values));
  const found = latest(named.length > 0 ? named : candidates);
  return found && authorOfEvent(found);
}

/** `2026-12-06 14:02 UTC` */
export function utcMinute(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `${new Date(t).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "changed in Control Hub by second@partner.example at 2026-12-06 14:02 UTC" */
export function authorPhrase(author: AuditAuthor): string {
  const who = author.email ?? author.name ?? author.actorId ?? "an unnamed admin";
  return `changed in Control Hub by ${who} at ${utcMinute(author.at)}`;
}
