/**
 * The four judges of one case, called in-process against one mock Hub: `webexhub validate` with the
 * actor's token (the CLI's command function), the provider's `check` and the Plan's with that token
 * (the provider objects), the rules over the Hub's full state (what the Hub holds, the actor as the
 * Hub knows them), and the mock Hub's own guard on the write itself. Each says allow or refuse, with
 * what it said; a judge with nothing to say about a change (the providers on an external admin's
 * removal, which Pulumi plans as a delete without asking them) abstains.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { desiredOfFile, evaluate, parseGitOpsFile, type PlanDigest, type RoleId, type SiteRoleId } from "../../core";
import { main } from "../../cli/main";
import { HubClient } from "../../hub/client";
import { HubSession } from "../../hub/session";
import { resetHubSessions } from "../../hub/sessions";
import type { ConfigSource } from "../../hub/credentials";
import { toWorld, type MockHub } from "../../mockhub/server";
import { toPerson } from "../../mockhub/views";
import { DEMO_PARTNER_ORG_ID as PARTNER } from "../../mockhub/seed";
import type { HubState, StoredPerson } from "../../mockhub/state";
import { changeOf } from "../../provider/personRoles";
import { createProvider as partnerAdminProvider } from "../../provider/resources/partnerAdmin";
import { createProvider as customerAdminProvider } from "../../provider/resources/customerAdmin";
import { createProvider as assignmentProvider } from "../../provider/resources/customerAssignment";
import { createProvider as externalProvider } from "../../provider/resources/externalAdmin";
import { createProvider as restrictedProvider } from "../../provider/resources/restrictedMode";
import { createProvider as planProvider } from "../../provider/resources/plan";
import { fileOf, sitesAfter, toggled, type Change, type MatrixCase } from "./cases";
import { FUTURE, NOW, tokenOf } from "./world";

/** What the providers logged (the matrix test routes the console here): their warnings among it. */
export const HEARD: string[] = [];

export type Verdict = "allow" | "refuse" | "abstain";
export interface Judgment {
  readonly verdict: Verdict;
  /** What the judge said: rule codes, an exit code, an error's code. */
  readonly said: string;
}
export const JUDGES = ["validate", "provider", "rules", "mock"] as const;
export type JudgeName = (typeof JUDGES)[number];
export type Judgments = Record<JudgeName, Judgment>;

/** A case the judges disagree on, as the matrix prints it to be run again. */
export interface Disagreement {
  readonly index: number;
  readonly c: MatrixCase;
  readonly change: Change;
  readonly judgments: Judgments;
}

/** With MATRIX_CASE set (one case rerun), the judges say everything they said, not only the codes. */
const VERBOSE = process.env.MATRIX_CASE !== undefined;
const codes = (texts: readonly string[]): string =>
  VERBOSE
    ? texts.join("\n      ")
    : [...new Set(texts.map((t) => /\[([a-z-]+)\]/.exec(t)?.[1] ?? t.split("\n")[0]?.slice(0, 80) ?? ""))]
        .sort()
        .join(", ");
const emailOf = (p: StoredPerson): string => (p.emails[0] ?? "").toLowerCase();

type Providers = ReturnType<typeof providersFor>;

function providersFor(config: ConfigSource) {
  return {
    partnerAdmin: partnerAdminProvider(config),
    customerAdmin: customerAdminProvider(config),
    assignment: assignmentProvider(config),
    external: externalProvider(config),
    restricted: restrictedProvider(config),
    plan: planProvider(config),
  };
}

/** The judges of one Hub, with what they keep between cases: a provider set and a writer per actor. */
export class Judges {
  readonly #providers = new Map<string, Providers>();
  readonly #writers = new Map<string, HubSession>();
  readonly #dir = mkdtempSync(join(tmpdir(), "webexhub-matrix-"));

  /** The Hub's committed state when the last case ended (a new object after every commit). */
  #current: Readonly<HubState>;

  constructor(
    private readonly hub: MockHub,
    private readonly base: HubState,
  ) {
    this.#current = hub.snapshot();
  }

  /** Milliseconds spent per judge, for the figure the matrix prints. */
  readonly spent: Record<JudgeName | "restore", number> = { validate: 0, provider: 0, rules: 0, mock: 0, restore: 0 };

  async judge(actorEmail: string, change: Change): Promise<Judgments> {
    const timed = async <T>(name: JudgeName | "restore", work: () => T | Promise<T>): Promise<T> => {
      const start = performance.now();
      try {
        return await work();
      } finally {
        this.spent[name] += performance.now() - start;
      }
    };
    const file = fileOf(this.base, change);
    const rules = await timed("rules", () => this.rules(actorEmail, file));
    const validate = await timed("validate", () => this.validate(actorEmail, file));
    const provider = await timed("provider", () => this.provider(actorEmail, change));
    const mock = await timed("mock", () => this.write(actorEmail, change));
    // Also after a refused write: one of several requests may have gone through before it.
    if (this.hub.snapshot() !== this.#current) {
      await timed("restore", () => this.hub.restore(this.base));
      this.#current = this.hub.snapshot();
      // The Hub went back behind every session's back: a real run would start with fresh reads.
      resetHubSessions();
      this.#writers.clear();
    }
    return { validate, provider, rules, mock };
  }

  private rules(actorEmail: string, file: string): Judgment {
    const parsed = parseGitOpsFile(file);
    if (!parsed.ok) return { verdict: "refuse", said: `file: ${parsed.problems.map((p) => p.message).join("; ")}` };
    const actor = this.base.people.find((p) => emailOf(p) === actorEmail) as StoredPerson;
    const errors = evaluate({
      desired: desiredOfFile(parsed.parsed),
      world: toWorld(this.base, NOW),
      actor: toPerson(actor),
      now: NOW,
    }).filter((v) => v.severity === "error");
    return {
      verdict: errors.length ? "refuse" : "allow",
      said: codes(errors.map((v) => `[${v.code}] ${VERBOSE ? `${v.path}: ${v.message}` : ""}`)),
    };
  }

  private async validate(actorEmail: string, file: string): Promise<Judgment> {
    const path = join(this.#dir, "case.yaml");
    writeFileSync(path, file);
    let out = "";
    let err = "";
    const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } };
    const exit = await main(
      ["validate", path, "--format", "json", "--endpoint", this.hub.url, "--token", tokenOf(actorEmail)],
      io,
    );
    // A judge that says what it could not check (not-checked) passes neither silently nor with a
    // guessed error: it gives no verdict on this case.
    if (exit === 0)
      return /"code":\s*"not-checked"/.test(out)
        ? { verdict: "abstain", said: "not-checked" }
        : { verdict: "allow", said: "exit 0" };
    let said = `exit ${exit}: ${err.trim().split("\n")[0] ?? ""}`;
    try {
      const json = JSON.parse(out) as {
        violations: Array<{ code: string; severity: string; path: string; message: string }>;
      };
      said = `exit ${exit}: ${codes(json.violations.filter((v) => v.severity === "error").map((v) => `[${v.code}] ${VERBOSE ? `${v.path}: ${v.message}` : ""}`))}`;
    } catch {
      // Not JSON: the Hub could not be read; the first line of stderr says why.
    }
    return { verdict: "refuse", said };
  }

  private providers(actorEmail: string): Providers {
    let set = this.#providers.get(actorEmail);
    if (!set) {
      const settings = new Map([
        ["webexhub:endpoint", this.hub.url],
        ["webexhub:token", tokenOf(actorEmail)],
      ]);
      set = providersFor({ get: (key) => settings.get(key) });
      this.#providers.set(actorEmail, set);
    }
    return set;
  }

  private person(email: string): StoredPerson {
    return this.base.people.find((p) => emailOf(p) === email) as StoredPerson;
  }

  private async provider(actorEmail: string, change: Change): Promise<Judgment> {
    HEARD.length = 0;
    const p = this.providers(actorEmail);
    const found = await this.resourceCheck(p, change);
    if (found === undefined) return { verdict: "abstain", said: "" };
    const plan = await p.plan.check({}, { plan: digestOf(this.base, change) });
    const reasons = [...found, ...plan.failures.map((f) => f.reason)];
    if (reasons.length > 0) return { verdict: "refuse", said: codes(reasons) };
    // Warnings go to the engine's log: a check that said what it could not check gives no verdict.
    return HEARD.splice(0).some((m) => m.includes("[not-checked]"))
      ? { verdict: "abstain", said: "not-checked" }
      : { verdict: "allow", said: "" };
  }

  /** The failures of the change's resource at `check`, as a preview would ask (an update of what the Hub holds). */
  private async resourceCheck(p: Providers, change: Change): Promise<string[] | undefined> {
    const reasons = (r: { failures: ReadonlyArray<{ reason: string }> }): string[] => r.failures.map((f) => f.reason);
    switch (change.kind) {
      case "partner-role":
        return this.partnerAdminCheck(p, change);
      case "site-role":
        return change.orgId === PARTNER ? this.partnerAdminCheck(p, change) : this.customerAdminCheck(p, change);
      case "customer-role":
        return this.customerAdminCheck(p, change);
      case "assignment": {
        const held = this.base.assignments[this.person(change.target).id] ?? [];
        const next = held.includes(change.customer)
          ? held.filter((c) => c !== change.customer)
          : [...held, change.customer];
        return reasons(
          await p.assignment.check(
            { adminEmail: change.target, customerOrgIds: held, __planned: true },
            { adminEmail: change.target, customerOrgIds: next, __planned: true },
          ),
        );
      }
      case "external":
        if (change.role === null) return undefined;
        return reasons(
          await p.external.check(
            {},
            {
              orgId: change.orgId,
              email: change.email,
              role: change.role,
              ...(change.expires ? { expiresAt: FUTURE } : {}),
            },
          ),
        );
      case "restricted-mode":
        return reasons(await p.restricted.check({}, { orgId: change.orgId, enabled: change.enabled }));
    }
  }

  private async partnerAdminCheck(
    p: Providers,
    change: Extract<Change, { kind: "partner-role" | "site-role" }>,
  ): Promise<string[]> {
    const held = this.person(change.target);
    const roles = change.kind === "partner-role" ? toggled(held.roles, change.role) : held.roles;
    const sites =
      change.kind === "site-role"
        ? { olds: held.siteRoles ?? {}, news: sitesAfter(held.siteRoles, change.site, change.role) }
        : undefined;
    const olds = { email: change.target, roles: held.roles, ...(sites ? { sites: sites.olds } : {}), __planned: true };
    const r = await p.partnerAdmin.check(olds, {
      email: change.target,
      roles,
      ...(sites ? { sites: sites.news } : {}),
      __planned: true,
    });
    return r.failures.map((f) => f.reason);
  }

  private async customerAdminCheck(
    p: Providers,
    change: Extract<Change, { kind: "customer-role" | "site-role" }>,
  ): Promise<string[]> {
    const held = this.person(change.target);
    const roles = change.kind === "customer-role" ? toggled(held.roles, change.role) : held.roles;
    const sites =
      change.kind === "site-role"
        ? sitesAfter(held.siteRoles, change.site, change.role)
        : { ...(held.siteRoles ?? {}) };
    const olds = {
      orgId: change.orgId,
      email: change.target,
      roles: held.roles,
      sites: held.siteRoles ?? {},
      __planned: true,
    };
    const r = await p.customerAdmin.check(olds, {
      orgId: change.orgId,
      email: change.target,
      roles,
      sites,
      __planned: true,
    });
    return r.failures.map((f) => f.reason);
  }

  private writer(actorEmail: string): HubSession {
    let session = this.#writers.get(actorEmail);
    if (!session) {
      session = new HubSession(new HubClient({ endpoint: this.hub.url, token: tokenOf(actorEmail) }));
      this.#writers.set(actorEmail, session);
    }
    return session;
  }

  private async write(actorEmail: string, change: Change): Promise<Judgment> {
    const hub = this.writer(actorEmail);
    try {
      await writeChange(hub, this.base, change, (email) => this.person(email));
      return { verdict: "allow", said: "written" };
    } catch (error) {
      const e = error as { code?: string; status?: number; message?: string };
      const detail = /\[([a-z-]+)\]/.exec(e.message ?? "")?.[1] ?? "";
      return {
        verdict: "refuse",
        said: `${e.code ?? "error"}${e.status !== undefined ? ` ${e.status}` : ""}${detail ? ` ${detail}` : ""}: ${(e.message ?? String(error)).split("\n")[0]?.slice(0, 160) ?? ""}`,
      };
    }
  }
}

async function writeChange(
  hub: HubSession,
  base: HubState,
  change: Change,
  person: (email: string) => StoredPerson,
): Promise<void> {
  switch (change.kind) {
    case "partner-role":
    case "customer-role": {
      const target = person(change.target);
      await hub.updatePerson(target.id, (fresh) => changeOf(fresh, toggled(fresh.roles, change.role), undefined));
      return;
    }
    case "site-role": {
      const target = person(change.target);
      await hub.updatePerson(target.id, (fresh) =>
        changeOf(
          fresh,
          fresh.roles,
          sitesAfter(fresh.siteRoles as Record<string, SiteRoleId> | undefined, change.site, change.role),
        ),
      );
      return;
    }
    case "assignment": {
      const target = person(change.target);
      const held = base.assignments[target.id] ?? [];
      if (held.includes(change.customer)) await hub.unassign(change.customer, target.id);
      else await hub.assign(change.customer, target.id);
      return;
    }
    case "external": {
      const target = person(change.email);
      if (change.role === null) await hub.deleteExternalAdmin(change.orgId, target.id);
      else
        await hub.putExternalAdmin(change.orgId, target.id, {
          role: change.role,
          ...(change.expires ? { expiresAt: FUTURE } : {}),
          contactCenterServiceAdmin: false,
        });
      return;
    }
    case "restricted-mode":
      await hub.setRestrictedMode(change.orgId, change.enabled);
  }
}

/** The Plan's digest of a program of the one resource the change is. */
export function digestOf(state: HubState, change: Change): PlanDigest {
  const digest: { -readonly [K in keyof PlanDigest]: PlanDigest[K][number][] } = {
    partnerAdmins: [],
    customerAssignments: [],
    externalAdmins: [],
    customerAdmins: [],
    restrictedModes: [],
  };
  const person = (email: string): StoredPerson => state.people.find((p) => emailOf(p) === email) as StoredPerson;
  switch (change.kind) {
    case "partner-role":
    case "customer-role":
    case "site-role": {
      const held = person(change.target);
      const roles: RoleId[] = change.kind === "site-role" ? [...held.roles] : toggled(held.roles, change.role);
      const sites =
        change.kind === "site-role"
          ? sitesAfter(held.siteRoles, change.site, change.role)
          : { ...(held.siteRoles ?? {}) };
      if (held.orgId === PARTNER)
        digest.partnerAdmins.push({
          name: "m",
          email: change.target,
          roles,
          ...(change.kind === "site-role" ? { sites } : {}),
        });
      else digest.customerAdmins.push({ name: "m", orgId: held.orgId, email: change.target, roles, sites });
      break;
    }
    case "assignment": {
      const held = state.assignments[person(change.target).id] ?? [];
      const count = held.includes(change.customer) ? held.length - 1 : held.length + 1;
      digest.customerAssignments.push({ name: "m", adminEmail: change.target, customerCount: count });
      break;
    }
    case "external":
      if (change.role !== null)
        digest.externalAdmins.push({ name: "m", orgId: change.orgId, email: change.email, role: change.role });
      break;
    case "restricted-mode":
      digest.restrictedModes.push({ name: "m", orgId: change.orgId });
  }
  return digest;
}
