/**
 * Drift with its author: when `check` finds a person's roles, sites or customers changed outside
 * the stack, the org's admin audit trail (read once per org and run, hub/audit.ts) says who made
 * the change and when. The drift note says it beside each drifted property, and the preview log
 * once per resource. A trail that cannot be read leaves the drift without an author and is said once.
 */
import { attribute, auditNoticeOnce, auditTrail, type AuditChangeKind, type HubSession } from "../hub";
import { logInfo, logWarn } from "./log";
import type { DriftNote } from "./drift";

/** What drifted in one property of the note, as values (for the audit match) and as shown. */
export interface DriftFact {
  readonly kind: AuditChangeKind;
  readonly gained: readonly string[];
  readonly lost: readonly string[];
  /** The words an audit event would name a value by (a site's URL, a customer's name). */
  readonly match?: (value: string) => readonly string[];
  readonly show?: (value: string) => string;
}

export interface DriftSubject {
  /** What the log line names: `PartnerAdmin user3@partner.example`. */
  readonly label: string;
  readonly email: string;
  readonly personId?: string;
  /** The org whose trail records the change: the person's own. */
  readonly orgId: string;
}

const changeText = (email: string, fact: DriftFact): string => {
  const show = fact.show ?? ((x: string) => x);
  const parts = [
    ...(fact.gained.length ? [`gained ${fact.gained.map(show).join(", ")}`] : []),
    ...(fact.lost.length ? [`lost ${fact.lost.map(show).join(", ")}`] : []),
  ];
  return `${email} ${parts.join(" and ")}`;
};

/**
 * The note with each drifted property's author beside it (`rolesChangedBy: "user3@partner.example
 * gained full_admin — changed in Control Hub by second@partner.example at 2026-12-06 14:02 UTC"`).
 * Never throws: the author is a courtesy, the drift is the finding.
 */
export async function withAuthors(
  hub: HubSession,
  subject: DriftSubject,
  note: { drift?: DriftNote },
  facts: Readonly<Record<string, DriftFact | undefined>>,
): Promise<{ drift?: DriftNote }> {
  const drift = note.drift;
  if (drift === undefined || subject.orgId === "") return note;
  try {
    const trail = await auditTrail(hub, subject.orgId);
    const notice = auditNoticeOnce(hub, trail);
    if (notice) logWarn(notice);
    // Unreadable: the drift stands without an author, and the one notice above says why.
    if (!trail.ok) return note;
    const out: DriftNote = { ...drift };
    for (const property of Object.keys(drift)) {
      const fact = facts[property];
      if (fact === undefined) continue;
      const values = [...fact.gained, ...fact.lost].flatMap((v) => [v, ...(fact.match?.(v) ?? [])]);
      const person = { email: subject.email, ...(subject.personId ? { id: subject.personId } : {}) };
      const { text } = attribute(trail, { kind: fact.kind, person, values });
      const authored = `${changeText(subject.email, fact)} — ${text}`;
      // Its own entry: the engine shortens a long value in `--diff`, and the author must not be cut.
      out[`${property}ChangedBy`] = authored;
      logInfo(`${subject.label}: drift: ${authored}`);
    }
    return { drift: out };
  } catch (error) {
    logWarn(`drift is shown without its author: ${error instanceof Error ? error.message : String(error)}`);
    return note;
  }
}
