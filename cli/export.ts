/**
 * `webexhub export [--format yaml|csv] [--org ORG]`: the live admins as a GitOps file (to adopt
 * what exists) or as the administrators CSV that Control Hub exports.
 */
import { stringify as stringifyCsv } from "csv-stringify/sync";
import { Document, visit } from "yaml";
import { ROLES, type RoleId } from "../core";
import type { CustomerFile, PartnerFile } from "../core";
import type { Person, World } from "../core";
import { HUB_FLAGS, hubTarget, type Io, parseFlags, UsageError } from "./io";
import { EXTENSIONS } from "../hub";
import { cliSession } from "./live";
import { liveView } from "../hub";

const byEmail = (a: Person, b: Person): number => a.email.localeCompare(b.email);

/**
 * The first lines of an exported file: editors that use the YAML language server read the schema
 * from the first, and complete and check the file as it is edited. The path assumes the file sits
 * beside the project's node_modules, the usual place for it.
 */
export function exportHeader(kind: "partner" | "customer"): string {
  return `# yaml-language-server: $schema=./node_modules/pulumi-webexhub/schema/${kind}-file.schema.json\n# Exported from the Hub by webexhub export; a ${kind} file.\n`;
}

/**
 * A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): a display
 * name like `=HYPERLINK(…)` set by anyone who can edit their profile would run on the reader's
 * machine. A leading apostrophe makes the spreadsheet show the text as it is.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function administratorsCsv(people: readonly Person[]): string {
  const header = ["First Name", "Last Name", "Display Name", "User ID/Email", "Admin Role"];
  const rows = people
    .filter((p) => p.roles.length > 0 || Object.keys(p.siteRoles ?? {}).length > 0)
    .sort(byEmail)
    .map((p) =>
      [
        p.firstName ?? "",
        p.lastName ?? "",
        p.displayName ?? "",
        p.email,
        [
          ...p.roles.map((r: RoleId) => ROLES[r].label),
          ...Object.entries(p.siteRoles ?? {}).map(([site, role]) => `${role} (${site})`),
        ].join("; "),
      ].map(neutraliseFormula),
    );
  return stringifyCsv([header, ...rows], { record_delimiter: "windows" });
}

export function partnerFileOf(world: World, orgId: string): PartnerFile {
  const org = world.orgs.find((o) => o.id === orgId);
  const admins = world.people
    .filter((p) => p.orgId === orgId && (p.roles.length > 0 || Object.keys(p.siteRoles ?? {}).length > 0))
    .sort(byEmail)
    .map((p) => {
      const assignable = p.roles.includes("partner_admin") || p.roles.includes("sales_admin");
      const customers = world.assignments[p.id] ?? [];
      const sites = p.siteRoles && Object.keys(p.siteRoles).length > 0 ? { sites: { ...p.siteRoles } } : {};
      return {
        email: p.email,
        roles: [...p.roles],
        ...sites,
        ...(assignable && customers.length > 0 ? { customers: [...customers].sort() } : {}),
      };
    });
  const customers = world.orgs
    .filter((o) => o.kind === "customer" && o.managedBy === orgId)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((o) => ({ orgId: o.id, restrictedMode: o.restrictedMode !== false }));
  return { apiVersion: "webexhub/v1", partner: { orgId, wholesale: org?.wholesale === true }, admins, customers };
}

export function customerFileOf(world: World, orgId: string): CustomerFile {
  const admins = world.people
    .filter((p) => p.orgId === orgId && (p.roles.length > 0 || Object.keys(p.siteRoles ?? {}).length > 0))
    .sort(byEmail)
    .map((p) => ({
      email: p.email,
      roles: [...p.roles],
      ...(p.siteRoles && Object.keys(p.siteRoles).length > 0 ? { sites: { ...p.siteRoles } } : {}),
    }));
  const people = new Map(world.people.map((p) => [p.id, p]));
  const externalAdmins = world.externalAdmins
    .filter((g) => g.orgId === orgId)
    .map((g) => ({
      email: people.get(g.personId)?.email ?? g.personId,
      role: g.role,
      ...(g.expiresAt !== undefined ? { expiresAt: g.expiresAt } : {}),
      contactCenterServiceAdmin: g.contactCenterServiceAdmin === true,
    }))
    .sort((a, b) => a.email.localeCompare(b.email));
  return {
    apiVersion: "webexhub/v1",
    customer: { orgId },
    admins,
    ...(externalAdmins.length > 0 ? { externalAdmins } : {}),
  };
}

/**
 * The file as YAML, each organization id followed by the organization's name as a comment: Webex
 * ids are opaque, and the reviewer of an exported file reads "Acme" where it says `Y2lzY29...`.
 */
export function exportYaml(file: PartnerFile | CustomerFile, world: World): string {
  const names = new Map(
    world.orgs.filter((o) => o.displayName && o.displayName !== o.id).map((o) => [o.id, o.displayName]),
  );
  const doc = new Document(file);
  visit(doc, {
    Scalar(key, node) {
      if (key === "key" || typeof node.value !== "string") return;
      const name = names.get(node.value);
      // A comment runs to the end of the line: a name must not carry a line break into the file.
      if (name !== undefined) node.comment = ` ${name.replace(/[\r\n\u2028\u2029]+/g, " ")}`;
    },
  });
  return doc.toString();
}

export async function runExport(argv: readonly string[], io: Io): Promise<number> {
  const { flags, positionals } = parseFlags(argv, { format: "string", org: "string", ...HUB_FLAGS });
  if (positionals.length > 0)
    throw new UsageError(
      `unexpected argument "${positionals[0]}"; usage: webexhub export [--format yaml|csv] [--org ORG]`,
    );
  const format = (flags.format as string | undefined) ?? "yaml";
  if (format !== "yaml" && format !== "csv") throw new UsageError(`--format must be yaml or csv, not "${format}"`);
  const hub = cliSession(hubTarget(flags));
  const base = await hub.world();
  const orgId = (flags.org as string | undefined) ?? base.partnerOrgId;
  const org = base.orgs.find((o) => o.id === orgId);
  if (!org) throw new UsageError(`--org ${orgId}: no such organization in the Hub`);
  if (format === "csv") {
    io.stdout.write(administratorsCsv(base.people.filter((p) => p.orgId === orgId)));
    return 0;
  }
  // The one live world (hub/live.ts); what it could not read is said on stderr, not guessed.
  const view = async (needs: Parameters<typeof liveView>[2]) => {
    const live = await liveView(hub, [], needs);
    // What this Hub does not offer at all is said in the file, as a comment where its section goes.
    const unread = (live.world.unknown ?? []).filter((u) => !(live.unsupported as readonly string[]).includes(u.kind));
    for (const u of unread) io.stderr.write(`webexhub export: not exported: ${u.reason}\n`);
    return live;
  };
  if (org.kind === "customer") {
    const { world, unsupported } = await view({ externalAdminsOf: [orgId] });
    const note = unsupported.includes("externalAdmins") ? unreadNote("externalAdmins", EXTENSIONS.externalAdmins) : "";
    io.stdout.write(`${exportHeader("customer")}${note}${exportYaml(customerFileOf(world, orgId), world)}`);
    return 0;
  }
  const assignable = base.people
    .filter((p) => p.orgId === orgId && (p.roles.includes("partner_admin") || p.roles.includes("sales_admin")))
    .map((p) => p.id);
  const customers = base.orgs.filter((o) => o.kind === "customer" && o.managedBy === orgId).map((o) => o.id);
  const { world, unsupported } = await view({ assignmentsOf: assignable, restrictedModeOf: customers });
  const note = unsupported.includes("restrictedMode") ? unreadNote("customers", EXTENSIONS.restrictedMode) : "";
  const file = partnerFileOf(world, orgId);
  const shown = note === "" ? file : { ...file, customers: undefined };
  io.stdout.write(`${exportHeader("partner")}${note}${exportYaml(shown, world)}`);
  return 0;
}

/** Comment lines saying what the Hub could not give, so the file is not read as "there are none". */
function unreadNote(key: string, what: string): string {
  const why = `this Hub does not offer ${what} (Webex has no public API for it)`;
  return `# ${key}: not exported: ${why}; manage it in Control Hub.\n`;
}

/**
 * The partner's world with its customers' Restricted Administrator Mode where the Hub offers it; on
 * a Hub without it (Webex) the file is written without `customers:`, with a comment saying why.
 */
