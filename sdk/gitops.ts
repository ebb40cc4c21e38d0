/**
 * Declares the resources of a GitOps file in a Pulumi program, after the same schema and
 * offline rules as `webexhub validate`: a file that would fail validation declares nothing.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { desiredOfFile, fileSizeProblem, GITOPS_FILE_LIMITS, parseGitOpsFile } from "../core";
import { evaluate } from "../core";
import type { CustomerFile, GitOpsFile, PartnerFile, World } from "../core";
import { hubSession, resolveHubSettings, type ConfigSource } from "../hub";
import type { ExternalRoleId } from "../core";
import {
  CustomerAdmin,
  CustomerAssignment,
  ExternalAdmin,
  PartnerAdmin,
  RestrictedMode,
  type CustomerAdminArgs,
} from "./resources";
import { gitOpsName, type GitOpsName } from "./names";

export interface GitOpsResources {
  readonly partnerAdmins: PartnerAdmin[];
  /** A customer file's admins: the org's own members, their roles and Webex site roles. */
  readonly customerAdmins: CustomerAdmin[];
  readonly customerAssignments: CustomerAssignment[];
  readonly restrictedModes: RestrictedMode[];
  readonly externalAdmins: ExternalAdmin[];
}

/** Options with the earlier name of the entry as an alias, so a stack made before keeps the resource. */
function aliased(
  name: GitOpsName,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.CustomResourceOptions | undefined {
  return name.alias === undefined ? opts : { ...opts, aliases: [...(opts?.aliases ?? []), { name: name.alias }] };
}

/** Declares `make(name, opts)` under the entry's readable name (resource names must be unique and stable). */
function declare<T>(
  kind: string,
  values: ReadonlyArray<{ text: string; org?: boolean }>,
  opts: pulumi.CustomResourceOptions | undefined,
  make: (name: string, opts: pulumi.CustomResourceOptions | undefined) => T,
): T {
  const name = gitOpsName(kind, values);
  return make(name.name, aliased(name, opts));
}

export interface GitOpsOptions {
  readonly opts?: pulumi.CustomResourceOptions;
  readonly now?: Date;
  /**
   * The live Hub (see `loadHubWorld`). With it the file is authoritative on apply too: a partner
   * admin who holds roles in the Hub and is absent from the file is declared with no roles, so the
   * preview shows the removal and `up` applies it.
   */
  readonly live?: World;
  /**
   * Take over every listed admin who holds roles or manages customers the file does not list
   * (they lose them). Without it, only the entries marked `adopt: true` in the file may be taken
   * over; any other such admin fails the preview as a takeover to confirm.
   */
  readonly adopt?: boolean;
}

/** Where `loadHubWorld` reads the settings the Hub API cannot give (role names, wholesale, partner). */
export interface HubWorldOptions {
  /** Default: the stack's configuration (`webexhub:roleNames`, `webexhub:wholesale`, `webexhub:partnerOrgId`). */
  readonly config?: ConfigSource;
  /** Default: `process.env` (`WEBEXHUB_ROLE_NAMES`, `WEBEXHUB_WHOLESALE`, `WEBEXHUB_PARTNER_ORG_ID`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The stack's configuration by full key (`webexhub:wholesale`), as the providers get it in `configure()`. */
const stackConfig: ConfigSource = {
  get: (key) => {
    const colon = key.indexOf(":");
    return colon < 0 ? undefined : new pulumi.Config(key.slice(0, colon)).get(key.slice(colon + 1));
  },
};

/**
 * The live Hub as the rules engine sees it, for `GitOpsOptions.live`. It resolves the settings as
 * the providers do (stack configuration, then the environment), so the program and the providers
 * judge the file against the same world: a wholesale partner or renamed roles set with
 * `pulumi config set` count here too.
 */
export async function loadHubWorld(endpoint: string, token: string, options: HubWorldOptions = {}): Promise<World> {
  const settings = resolveHubSettings({
    config: options.config ?? stackConfig,
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  return hubSession({ endpoint, token, userAgent: "pulumi-webexhub-program" }, settings).world();
}

/**
 * The file's bytes, with the CLI's bound: a file over the limit is refused from its size, and
 * nothing past one byte over the limit is ever read (a pipe or a device has no size).
 */
function readBounded(path: string): Uint8Array {
  const limit = GITOPS_FILE_LIMITS.bytes;
  const fd = openSync(path, "r");
  try {
    const { size } = fstatSync(fd);
    if (size > limit) throw new pulumi.RunError(`${path} cannot be used: ${fileSizeProblem(size).message}`);
    const buffer = Buffer.allocUnsafe(limit + 1);
    let filled = 0;
    for (;;) {
      const n = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (n === 0) break;
      filled += n;
      if (filled > limit) throw new pulumi.RunError(`${path} cannot be used: ${fileSizeProblem(filled, true).message}`);
    }
    return buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

/** The file, read within its bounds, parsed and checked against the rules it can break alone. */
function readGitOpsFile(path: string, now: Date): GitOpsFile {
  let bytes: Uint8Array;
  try {
    bytes = readBounded(path);
  } catch (error) {
    if (error instanceof pulumi.RunError) throw error;
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new pulumi.RunError(`GitOps file ${path} cannot be read: ${reason}`);
  }
  const parsed = parseGitOpsFile(bytes);
  if (!parsed.ok) {
    const lines = parsed.problems.map(
      (p) => `  ${p.line !== undefined ? `line ${p.line}, ` : ""}${p.path || "(file)"}: ${p.message}`,
    );
    throw new pulumi.RunError(`${path} cannot be used:\n${lines.join("\n")}`);
  }
  const errors = evaluate({ desired: desiredOfFile(parsed.parsed), now }).filter((v) => v.severity === "error");
  if (errors.length > 0) {
    const lines = errors.map((v) => `  [${v.code}] ${v.path}: ${v.message}`);
    throw new pulumi.RunError(`${path} breaks ${errors.length} rule(s):\n${lines.join("\n")}`);
  }
  return parsed.parsed;
}

type Declaring = {
  readonly opts: pulumi.CustomResourceOptions | undefined;
  readonly live: World | undefined;
  readonly adoptAll: boolean;
};

/** A partner file: its admins (and their customers), the admins it leaves out, its customers' restricted mode. */
function declarePartnerFile(file: PartnerFile, { opts, live, adoptAll }: Declaring, result: GitOpsResources): void {
  for (const admin of file.admins) {
    // A takeover is never silent: an admin who holds more than the file lists is adopted only
    // when the file (or the program) says so; otherwise the preview refuses it and says why.
    const adopt = adoptAll || admin.adopt === true;
    // An admin listed without sites: keeps the site roles they hold (the file does not manage them).
    const sites = admin.sites !== undefined ? { sites: admin.sites } : {};
    const args = { email: admin.email, roles: admin.roles, ...sites, adopt };
    const resource = declare("admin", [{ text: admin.email }], opts, (n, o) => new PartnerAdmin(n, args, o));
    result.partnerAdmins.push(resource);
    if (admin.roles.includes("partner_admin") || admin.roles.includes("sales_admin")) {
      const customers = { admin: resource, customerOrgIds: admin.customers ?? [], adopt };
      result.customerAssignments.push(
        declare("customers", [{ text: admin.email }], opts, (n, o) => new CustomerAssignment(n, customers, o)),
      );
    }
  }
  const listed = new Set(file.admins.map((a) => a.email.trim().toLowerCase()));
  for (const person of live?.people ?? []) {
    const siteRoles = Object.keys(person.siteRoles ?? {}).length > 0;
    if (
      person.orgId !== file.partner.orgId ||
      (person.roles.length === 0 && !siteRoles) ||
      listed.has(person.email.toLowerCase())
    )
      continue;
    // Removing the roles and site roles of an admin the file leaves out is what an authoritative file asks.
    const args = { email: person.email, roles: [], ...(siteRoles ? { sites: {} } : {}), adopt: true };
    result.partnerAdmins.push(declare("admin", [{ text: person.email }], opts, (n, o) => new PartnerAdmin(n, args, o)));
  }
  for (const customer of file.customers ?? []) {
    const args = { orgId: customer.orgId, enabled: customer.restrictedMode ?? true };
    result.restrictedModes.push(
      declare("restricted", [{ text: customer.orgId, org: true }], opts, (n, o) => new RestrictedMode(n, args, o)),
    );
  }
}

/** A customer file: its admins, the members it leaves out, its external admins. */
function declareCustomerFile(file: CustomerFile, { opts, live, adoptAll }: Declaring, result: GitOpsResources): void {
  const orgId = file.customer.orgId;
  const admin = (email: string, args: CustomerAdminArgs): CustomerAdmin =>
    declare("admin", [{ text: orgId, org: true }, { text: email }], opts, (n, o) => new CustomerAdmin(n, args, o));
  for (const a of file.admins) {
    // The file is authoritative for site roles too: an admin listed without sites holds none.
    result.customerAdmins.push(
      admin(a.email, {
        orgId,
        email: a.email,
        roles: a.roles,
        sites: a.sites ?? {},
        adopt: adoptAll || a.adopt === true,
      }),
    );
  }
  const listed = new Set(file.admins.map((a) => a.email.trim().toLowerCase()));
  for (const person of live?.people ?? []) {
    const holds = person.roles.length > 0 || Object.keys(person.siteRoles ?? {}).length > 0;
    if (person.orgId !== orgId || !holds || listed.has(person.email.toLowerCase())) continue;
    result.customerAdmins.push(admin(person.email, { orgId, email: person.email, roles: [], sites: {}, adopt: true }));
  }
  for (const x of file.externalAdmins ?? []) {
    const args = {
      orgId,
      email: x.email,
      role: x.role as ExternalRoleId,
      ...(x.expiresAt !== undefined ? { expiresAt: x.expiresAt } : {}),
      contactCenterServiceAdmin: x.contactCenterServiceAdmin ?? false,
    };
    result.externalAdmins.push(
      declare(
        "external",
        [{ text: orgId, org: true }, { text: x.email }],
        opts,
        (n, o) => new ExternalAdmin(n, args, o),
      ),
    );
  }
}

export function declareGitOpsFile(path: string, options: GitOpsOptions = {}): GitOpsResources {
  const { opts, now = new Date(), live, adopt: adoptAll = false } = options;
  const parsed = readGitOpsFile(path, now);
  const result: GitOpsResources = {
    partnerAdmins: [],
    customerAdmins: [],
    customerAssignments: [],
    restrictedModes: [],
    externalAdmins: [],
  };
  const declaring = { opts, live, adoptAll };
  if (parsed.kind === "partner") declarePartnerFile(parsed.file, declaring, result);
  else declareCustomerFile(parsed.file, declaring, result);
  return result;
}
