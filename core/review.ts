/**
 * The reviewer's view of a GitOps file (`webexhub plan`): per person, the roles added and removed
 * and what that means in privileges (gained and lost, in their own org and in the customers they
 * manage), takeovers, customers assigned and unassigned, Restricted Administrator Mode changes and
 * every rule violation. Pure: the CLI feeds it the file, the live Hub (optional) and the violations.
 */
import type { GitOpsFile } from "./gitops/file";
import type { Desired, Org, Violation, World } from "./rules/types";
import { normalizeEmail } from "./email";
import { peopleReview, type PersonReview } from "./reviewPeople";

export type { DriftAuthorship, PersonReview } from "./reviewPeople";

export interface ReportedViolation {
  readonly code: string;
  readonly severity: Violation["severity"];
  readonly path: string;
  readonly message: string;
  readonly line?: number;
}

/** Who the actor rules were judged as: the token's person, or the applier named for a preview. */
export interface ReviewApplier {
  readonly email: string;
  readonly displayName?: string;
  readonly source: "token" | "applier";
}

export interface Review {
  readonly file: string;
  /** The file the change is compared with (the pull request's base), when one was given. */
  readonly base?: string;
  readonly org: { readonly kind: "partner" | "customer"; readonly orgId: string; readonly displayName?: string };
  readonly live: boolean;
  readonly applier?: ReviewApplier;
  readonly people: readonly PersonReview[];
  /** With a base file and a Hub: people the change leaves alone whose roles on the Hub differ from the file. */
  readonly drift: readonly PersonReview[];
  readonly restrictedMode: ReadonlyArray<{
    readonly orgId: string;
    readonly before: boolean | null;
    readonly after: boolean;
    readonly live?: boolean;
  }>;
  /**
   * The names of the orgs the report mentions, by id, where the Hub or the files' comments have
   * them (the Hub's first): Webex ids are opaque, and a reviewer reads "Acme" where the file says `Y2lzY29...`.
   */
  readonly orgNames: Readonly<Record<string, string>>;
  readonly violations: readonly ReportedViolation[];
  /** Why the drift has no author: the Hub's admin audit trail could not be read. */
  readonly audit?: string;
  readonly summary: {
    readonly changes: number;
    readonly takeovers: number;
    readonly errors: number;
    readonly warnings: number;
    readonly drift: number;
  };
}

export interface ReviewOptions {
  /**
   * The file as it was before the change (the pull request's base). With it, a takeover is an admin
   * the base did not list; without it, any listed admin who would lose something might be one.
   */
  readonly base?: GitOpsFile;
  /** The name of the base file, said in the report. */
  readonly baseFile?: string;
  readonly lineOf?: (path: string) => number | undefined;
  /** Org names from the comments of the file and its base (see commentNames.ts); the Hub's names come first. */
  readonly commentNames?: ReadonlyMap<string, string>;
  readonly applier?: ReviewApplier;
}

export function buildReview(
  file: string,
  parsed: GitOpsFile,
  desired: Desired,
  world: World | undefined,
  violations: readonly ReportedViolation[],
  options: ReviewOptions = {},
): Review {
  const orgId = desired.org.orgId;
  const org: Org | undefined = world?.orgs.find((o) => o.id === orgId) ?? {
    id: orgId,
    displayName: orgId,
    kind: desired.org.kind,
  };
  const { changed, drift } = peopleReview({
    parsed,
    desired,
    ...(world ? { world } : {}),
    org,
    ...(options.base ? { base: options.base } : {}),
  });
  const restrictedMode = restrictedModeChanges(desired, world, options.base);
  const all = [...violations, ...takeoverViolations(changed, desired, options)];
  const mentioned = new Set([
    orgId,
    ...[...changed, ...drift].flatMap((p) => [
      ...(p.customers?.assigned ?? []),
      ...(p.customers?.unassigned ?? []),
      ...(p.live?.customers ?? []),
    ]),
    ...restrictedMode.map((r) => r.orgId),
  ]);
  const orgNames = namesOf(mentioned, world, options.commentNames);
  const ownName = Object.hasOwn(orgNames, orgId) ? orgNames[orgId] : undefined;
  return {
    file,
    ...(options.baseFile !== undefined ? { base: options.baseFile } : {}),
    org: { kind: desired.org.kind, orgId, ...(ownName ? { displayName: ownName } : {}) },
    live: world !== undefined,
    ...(options.applier ? { applier: options.applier } : {}),
    people: changed,
    drift,
    restrictedMode,
    orgNames,
    violations: all,
    summary: {
      changes: changed.length + restrictedMode.length,
      takeovers: changed.filter((p) => p.takeover).length,
      errors: all.filter((v) => v.severity === "error").length,
      warnings: all.filter((v) => v.severity === "warning").length,
      drift: drift.length,
    },
  };
}

/** The Hub's name of each org, else the name a comment gives it; an org named by its own id is unnamed. */
function namesOf(
  ids: ReadonlySet<string>,
  world: World | undefined,
  comments: ReadonlyMap<string, string> | undefined,
): Record<string, string> {
  const names: Record<string, string> = {};
  for (const id of ids) {
    const hub = world?.orgs.find((o) => o.id === id)?.displayName;
    const name = hub && hub !== id ? hub : comments?.get(id);
    if (name && name !== id) names[id] = name;
  }
  return names;
}

/** Restricted Administrator Mode before (the base file's, else the Hub's; Webex's default is on) and after. */
function restrictedModeChanges(
  desired: Desired,
  world: World | undefined,
  base: GitOpsFile | undefined,
): Review["restrictedMode"] {
  const inBase = new Map(
    base?.kind === "partner" ? (base.file.customers ?? []).map((c) => [c.orgId, c.restrictedMode ?? true]) : [],
  );
  return desired.restrictedMode.flatMap((r) => {
    const live = world ? (world.orgs.find((o) => o.id === r.orgId)?.restrictedMode ?? true) : undefined;
    const before = inBase.get(r.orgId) ?? live ?? null;
    const after = r.enabled ?? true;
    if (before === after) return [];
    return [{ orgId: r.orgId, before, after, ...(base && live !== undefined && live !== before ? { live } : {}) }];
  });
}

function takeoverViolations(
  people: readonly PersonReview[],
  desired: Desired,
  options: ReviewOptions,
): ReportedViolation[] {
  const pathOf = new Map(desired.members.map((m) => [normalizeEmail(m.email), m.path]));
  return people.flatMap((p) => {
    if (!p.takeover || p.takeover.adopt) return [];
    const path = joinAdopt(pathOf.get(normalizeEmail(p.email)));
    const line = options.lineOf?.(path.replace(/\.adopt$/, ""));
    const them = p.takeover.loses.length === 1 ? "it" : "them";
    // Without the base file it may be an ordinary change of an admin the file already managed.
    const sure = options.base !== undefined;
    return [
      {
        code: "adopt-required",
        severity: sure ? ("error" as const) : ("warning" as const),
        path,
        message:
          `${p.email} holds ${p.takeover.loses.join(", ")} outside this file ` +
          `and would lose ${them}${sure ? SURE : UNSURE}. ` +
          `List ${them} in the file, or set adopt: true on this admin to take ${them} over as declared.`,
        ...(line !== undefined ? { line } : {}),
      },
    ];
  });
}

const SURE = " (a takeover: the file did not list this admin before)";
const UNSURE = " (a takeover if the file did not list this admin before; pass --base with the previous file to know)";
const joinAdopt = (path: string | undefined): string => (path ? `${path}.adopt` : "admins");
