/**
 * The author of each drift `webexhub plan` finds with a Hub: the people whose roles or customers on
 * the Hub differ from the file are looked up in their org's admin audit trail (one bounded read per
 * org, hub/audit.ts), and the review says who changed them and when — or why nobody can say.
 */
import type { DriftAuthorship, PersonReview, Review, World } from "../core";
import { attribute, auditNoticeOnce, auditTrail, type AuditChangeKind, type HubSession } from "../hub";

const apart = (a: readonly string[], b: readonly string[]): string[] => [
  ...a.filter((x) => !b.includes(x)),
  ...b.filter((x) => !a.includes(x)),
];

/** What drifted on the person: roles (and site roles) first, else the customers they manage. */
function changeOf(p: PersonReview): { kind: AuditChangeKind; values: string[] } | undefined {
  if (!p.live) return undefined;
  const roles = apart(p.live.roles, p.before ?? p.after);
  if (roles.length > 0) return { kind: "roles", values: roles.map((r) => r.replace(/^.* \((.*)\)$/, "$1")) };
  return p.live.customers ? { kind: "customers", values: [...p.live.customers] } : undefined;
}

async function authorship(
  hub: HubSession,
  world: World,
  p: PersonReview,
): Promise<{ changedBy?: DriftAuthorship; notice?: string }> {
  const change = changeOf(p);
  const person = world.people.find((x) => x.email.toLowerCase() === p.email.toLowerCase());
  if (!change || !person) return {};
  const trail = await auditTrail(hub, person.orgId);
  const notice = auditNoticeOnce(hub, trail);
  if (!trail.ok) return notice ? { notice } : {};
  const { author, text } = attribute(trail, { ...change, person: { id: person.id, email: person.email } });
  const changedBy: DriftAuthorship = {
    text,
    ...(author?.email ? { email: author.email } : {}),
    ...(author?.name ? { name: author.name } : {}),
    ...(author ? { at: author.at } : {}),
  };
  return { changedBy, ...(notice ? { notice } : {}) };
}

/** The review with `changedBy` on every drifted person, and `audit` saying once why any author is missing. */
export async function withDriftAuthors(review: Review, hub: HubSession, world: World): Promise<Review> {
  const notices: string[] = [];
  const authored = async (people: readonly PersonReview[]): Promise<PersonReview[]> =>
    Promise.all(
      people.map(async (p) => {
        const { changedBy, notice } = await authorship(hub, world, p);
        if (notice) notices.push(notice);
        return changedBy ? { ...p, changedBy } : p;
      }),
    );
  const [people, drift] = await Promise.all([authored(review.people), authored(review.drift)]);
  return { ...review, people, drift, ...(notices.length > 0 ? { audit: notices.join("; ") } : {}) };
}
