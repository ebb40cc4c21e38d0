/** `webexhub access EMAIL [--org ORG]`: what a person may do, per organization. */
import { effectiveAccess, externalAccess, summarize } from "../core";
import { HUB_FLAGS, hubTarget, type Io, parseFlags, UsageError } from "./io";
import { cliSession } from "./live";
import { EXTENSIONS, liveView } from "../hub";

function block(io: Io, title: string, map: Record<string, string>): void {
  io.stdout.write(`${title}\n`);
  const entries = Object.entries(map);
  if (entries.length === 0) io.stdout.write("  (no administrative access)\n");
  for (const [privilege, level] of entries) io.stdout.write(`  ${privilege.padEnd(34)} ${level}\n`);
}

interface AccessArgs {
  readonly email: string;
  readonly format: "text" | "json";
  readonly orgFilter: string | undefined;
  readonly flags: ReturnType<typeof parseFlags>["flags"];
}

function accessArgs(argv: readonly string[]): AccessArgs {
  const { flags, positionals } = parseFlags(argv, { org: "string", ...HUB_FLAGS, format: "string" });
  if (positionals.length !== 1) throw new UsageError("usage: webexhub access EMAIL [--org ORG]");
  const email = (positionals[0] as string).trim().toLowerCase();
  const format = (flags.format as string | undefined) ?? "text";
  if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, not "${format}"`);
  return { email, format, orgFilter: flags.org as string | undefined, flags };
}

type LiveWorld = Awaited<ReturnType<typeof liveView>>["world"];
type Grant = LiveWorld["externalAdmins"][number];

/** What the command reports about one person, read from the live world. */
interface AccessReport {
  readonly person: LiveWorld["people"][number];
  readonly homeOrg: LiveWorld["orgs"][number] | undefined;
  readonly access: ReturnType<typeof effectiveAccess>;
  readonly externals: readonly Grant[];
  readonly assigned: readonly string[];
  /**
   * Roles the Hub holds under names the catalog does not know: no privilege is counted for them
   * and no write touches them, so the report says they are there rather than let "none" read as no access.
   */
  readonly unknownNames: readonly string[];
  /** Contact Center access of an external admin depends on the grant and on where they come from. */
  readonly asExternal: (g: Grant) => Record<string, string>;
  readonly orgLabel: (id: string) => string;
}

async function readAccess(args: AccessArgs, io: Io): Promise<AccessReport | undefined> {
  const { email, orgFilter } = args;
  const hub = cliSession(hubTarget(args.flags));
  // The session lists another org's people only on demand: the person is looked up by email first.
  await hub.personByEmail(email);
  const base = await hub.world();
  const person = base.people.find((p) => p.email.toLowerCase() === email);
  if (!person) {
    io.stderr.write(`webexhub access: no user ${email} in the Hub\n`);
    return undefined;
  }
  if (orgFilter !== undefined && !base.orgs.some((o) => o.id === orgFilter))
    throw new UsageError(`--org ${orgFilter}: no such organization`);
  const home = base.orgs.find((o) => o.id === person.orgId);
  const customerOrgs = base.orgs.filter(
    (o) => o.kind === "customer" && (orgFilter === undefined || o.id === orgFilter),
  );
  // The one live world (hub/live.ts): on a Hub without the external admins or Restricted
  // Administrator Mode APIs (Webex has neither), what it does have, and a note of what is missing.
  const { world, unsupported } = await liveView(hub, [], {
    externalAdminsOf: customerOrgs.map((o) => o.id),
    restrictedModeOf: home?.kind === "customer" ? [home.id] : [],
    assignmentsOf: [person.id],
  });
  for (const x of unsupported)
    io.stderr.write(
      `webexhub access: not shown: ${EXTENSIONS[x]} (a webexhub mock Hub extension this Hub does not offer)\n`,
    );
  const homeOrg = world.orgs.find((o) => o.id === person.orgId);
  const access = effectiveAccess({
    roles: person.roles,
    orgKind: homeOrg?.kind ?? "other",
    restrictedMode: homeOrg?.restrictedMode !== false,
    ...(person.siteRoles ? { sites: person.siteRoles } : {}),
  });
  const externals = world.externalAdmins.filter(
    (g) => g.personId === person.id && (orgFilter === undefined || g.orgId === orgFilter),
  );
  const asExternal = (g: Grant): Record<string, string> =>
    summarize(
      externalAccess(g.role, {
        contactCenterServiceAdmin: g.contactCenterServiceAdmin === true,
        from: world.orgs.find((o) => o.id === g.orgId)?.managedBy === person.orgId ? "partner-org" : "other-org",
      }),
    );
  const orgLabel = (id: string): string => {
    const name = world.orgs.find((o) => o.id === id)?.displayName;
    return name && name !== id ? `${name} (${id})` : id;
  };
  const unknownNames = (person.unknownRoles ?? []).map((r) => r.name);
  const assigned = world.assignments[person.id] ?? [];
  return { person, homeOrg, access, externals, assigned, unknownNames, asExternal, orgLabel };
}

function writeJson(io: Io, r: AccessReport): void {
  const { person, access, assigned } = r;
  io.stdout.write(
    `${JSON.stringify(
      {
        email: person.email,
        orgId: person.orgId,
        roles: person.roles,
        unknownRoles: r.unknownNames,
        organization: summarize(access.organization),
        customers: {
          list: access.customers.list,
          ...(access.customers.list === "assigned" ? { assigned } : {}),
          privileges: summarize(access.customers.privileges),
        },
        sites: Object.fromEntries(Object.entries(access.sites).map(([site, map]) => [site, summarize(map)])),
        withheld: access.withheld,
        external: r.externals.map((g) => ({
          orgId: g.orgId,
          role: g.role,
          expiresAt: g.expiresAt,
          contactCenterServiceAdmin: g.contactCenterServiceAdmin === true,
          privileges: r.asExternal(g),
        })),
      },
      null,
      2,
    )}\n`,
  );
}

function writeText(io: Io, r: AccessReport, orgFilter: string | undefined): void {
  const { person, homeOrg, access, assigned, orgLabel } = r;
  io.stdout.write(
    `${person.displayName ?? person.email} <${person.email}>, member of ${homeOrg?.displayName ?? person.orgId} (${person.orgId}); roles: ${person.roles.join(", ") || "none"}\n`,
  );
  if (r.unknownNames.length > 0) {
    io.stdout.write(
      `also holds Hub roles webexhub does not know (not counted below, never changed by webexhub): ${r.unknownNames.map((n) => JSON.stringify(n)).join(", ")}; if one is a catalog role under another name, name it in WEBEXHUB_ROLE_NAMES\n`,
    );
  }
  io.stdout.write("\n");
  if (orgFilter === undefined || orgFilter === person.orgId) {
    block(io, `In ${homeOrg?.displayName ?? person.orgId}:`, summarize(access.organization));
    if (access.withheld.length > 0)
      io.stdout.write(`  withheld by Restricted Administrator Mode: ${access.withheld.join("; ")}\n`);
  }
  if (access.customers.list !== "none") {
    const which =
      access.customers.list === "all"
        ? "all customers"
        : `assigned customers (${assigned.length}): ${assigned.map(orgLabel).join(", ")}`;
    block(io, `\nIn ${which}:`, summarize(access.customers.privileges));
  }
  for (const [site, map] of Object.entries(access.sites)) block(io, `\nOn Webex site ${site}:`, summarize(map));
  for (const g of r.externals)
    block(
      io,
      `\nAs ${g.role}${g.contactCenterServiceAdmin ? " and Contact Center Service Administrator" : ""} in ${orgLabel(g.orgId)}${g.expiresAt ? ` until ${g.expiresAt}` : ""}:`,
      r.asExternal(g),
    );
}

export async function runAccess(argv: readonly string[], io: Io): Promise<number> {
  const args = accessArgs(argv);
  const report = await readAccess(args, io);
  if (report === undefined) return 1;
  if (args.format === "json") writeJson(io, report);
  else writeText(io, report, args.orgFilter);
  return 0;
}
