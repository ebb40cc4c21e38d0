/**
 * One short line per change for the preview log: people and orgs by name beside their ids, and a
 * privilege delta as a count and the few changes that matter most. The full list is logged at
 * debug level (`pulumi preview --debug`) and printed by `webexhub plan`.
 */
import {
  accessSummary,
  changeName,
  privilegeChanges,
  type Org,
  type PrivilegeChange,
  type RoleId,
  type SiteRoleId,
  type World,
} from "../core";
import { logDebug } from "./log";

type SiteRoles = Readonly<Record<string, SiteRoleId>>;

/** How many change groups and names per group a line shows. */
const SHOWN = 3;

const LEVELS = ["none", "read", "temporary", "full"];
const short = (level: string): string => level.split(" ")[0] ?? level;
const weight = (c: PrivilegeChange): number => {
  const level = (t: string): number => LEVELS.indexOf(t.split(" ")[0] ?? "none");
  // Losses and gains of full access first, the person's own org before customers and sites.
  const scope = c.scope === "organization" ? 0 : c.scope === "customers" || c.scope === "customer list" ? 1 : 2;
  return -Math.abs(level(c.after) - level(c.before)) * 10 + scope;
};

/** "5 privilege changes: gains a, b, c and 1 more: none → full; loses d: full → none". */
export function privilegeSummary(
  before: readonly RoleId[],
  after: readonly RoleId[],
  org: Org | undefined,
  sites?: { before: SiteRoles; after: SiteRoles },
  who = "",
): string {
  const changes = privilegeChanges(accessSummary(before, org, sites?.before), accessSummary(after, org, sites?.after));
  if (changes.length === 0) return "no privilege changes";
  const groups = new Map<string, string[]>();
  for (const c of [...changes].sort((a, b) => weight(a) - weight(b))) {
    const verb = c.direction === "gained" ? "gains" : c.direction === "lost" ? "loses" : "changes";
    // Levels by their first word (a scope such as "(assigned customers)" is in the full list).
    const key = `${verb}\u0000${short(c.before)} → ${short(c.after)}`;
    groups.set(key, [...(groups.get(key) ?? []), changeName(c)]);
  }
  const all = [...groups].map(([key, names]) => ({ head: key.split("\u0000"), names }));
  logDebug(
    `${who ? `${who}: ` : ""}every privilege change: ${changes.map((c) => `${changeName(c)}: ${c.before} → ${c.after}`).join("; ")}`,
  );
  const shown = all.slice(0, SHOWN).map((g) => {
    const more = g.names.length > SHOWN ? ` and ${g.names.length - SHOWN} more` : "";
    return `${g.head[0]} ${g.names.slice(0, SHOWN).join(", ")}${more}: ${g.head[1]}`;
  });
  const rest = all.length > SHOWN ? `; and ${all.length - SHOWN} more kind(s) of change` : "";
  return `${changes.length} privilege change${changes.length === 1 ? "" : "s"}: ${shown.join("; ")}${rest}`;
}

/** "Ann Lee <ann@acme.example>", or the email alone when the Hub has no name. */
export function personName(world: World, email: string): string {
  const person = world.people.find((p) => p.email.toLowerCase() === email.trim().toLowerCase());
  return person?.displayName ? `${person.displayName} <${email}>` : email;
}

/** "Customer 03 (<id>)", or the id alone when the Hub has no name. */
export function orgName(world: World, orgId: string): string {
  const name = world.orgs.find((o) => o.id === orgId)?.displayName;
  return name ? `${name} (${orgId})` : orgId;
}
