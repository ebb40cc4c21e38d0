/**
 * The mock Hub: a real HTTP server on loopback that speaks the Webex Admin API (the shapes of
 * api/wire.ts, as the official spec has them) for people, roles, organizations, partner management,
 * admin audit events and SCIM users, plus a few documented extensions. It enforces the role rules on
 * every write (the Hub's own guard), keeps its state in one atomically written file, and can inject
 * faults for client tests. The request pipeline is in pipeline.ts, the handlers in handlers/.
 */
import { mkdir } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { evaluate as engineEvaluate, PRIVILEGE_CODES } from "../core";
import { HubServices, type Evaluate } from "./services";
import { registerAudit } from "./handlers/audit";
import { registerExtensions } from "./handlers/extensions";
import { registerLicenses } from "./handlers/licenses";
import { registerOrganizations } from "./handlers/organizations";
import { registerPartner } from "./handlers/partner";
import { registerPeople } from "./handlers/people";
import { registerRoles } from "./handlers/roles";
import { registerScim } from "./handlers/scim";
import { registerSiteRoles } from "./handlers/siteRoles";
import { hardenServer, requestPipeline, Router, serve, validateFaults } from "./pipeline";
import type { Faults, MockHubStats } from "./pipeline";
import { profileOf, type Profile, type ProfileName } from "./profile";
import { buildSeed, type SeedName } from "./seed";
import { draftOf, emptyState, StateStore, writeFileAtomic, type HubState } from "./state";
import { primaryEmail } from "./views";

export type { Evaluate } from "./services";
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./services";
export type { Faults, MockHubStats } from "./pipeline";
export { toWorld } from "./views";
export { PROFILES, type ProfileName } from "./profile";

export interface MockHubOptions extends Faults {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** JSON state file; without it the state lives in memory. */
  statePath?: string;
  /** Build this world when the state file does not exist yet (or with `reset`). */
  seed?: SeedName;
  /** Start from this state instead of a seed (a test's own world); kept in memory without `statePath`. */
  state?: HubState;
  /** Replace an existing state file. */
  reset?: boolean;
  /** Where the seeded tokens are written: default `tokens.json` beside the state file, or `./.webexhub/tokens.json`. */
  tokensPath?: string;
  /** The rules engine; injectable so tests can observe what the Hub asks it. */
  evaluate?: Evaluate;
  /**
   * `false` turns the Hub's own role-rule guard off, as Webex is not known to refuse a lockout or a
   * contradictory set of roles: only who may write (403) is still checked. For tests of a client
   * that must stay safe whatever the Hub does. Default `true`.
   */
  ruleGuard?: boolean;
  now?: () => Date;
  /** Drives the fault rate. */
  random?: () => number;
  /** One line per request (method, path, status, duration); never a token. */
  log?: (line: string) => void;
  /**
   * `default`: the Webex API and the webexhub extensions. `webex`: only what the Webex Admin API
   * reference documents, as strictly as Webex (mockhub/profile.ts).
   */
  profile?: ProfileName;
}

export interface MockHub {
  readonly profile: ProfileName;
  /** e.g. `http://127.0.0.1:40123`; the API lives under `${url}/v1`. */
  readonly url: string;
  readonly port: number;
  /** email → bearer token of every person who has one. */
  readonly tokens: Record<string, string>;
  readonly statePath: string | undefined;
  /** Set when this start wrote the seeded tokens. */
  readonly tokensPath: string | undefined;
  /** True when this start built the state (seed or empty) rather than loading the file. */
  readonly seeded: boolean;
  /** Counts of requests received, for tests that bound a client's request budget. */
  stats(): MockHubStats;
  resetStats(): void;
  /** Changes the fault switches of the running server. */
  setFaults(faults: Faults): void;
  /** The committed state, read-only. */
  snapshot(): Readonly<HubState>;
  /**
   * Makes `state` the committed state, as one write: a test that tries thousands of writes puts the
   * world back between them without starting a Hub per case.
   */
  restore(state: Readonly<HubState>): Promise<void>;
  close(): Promise<void>;
}

/** With the guard off, the engine's verdicts are kept only where they say who may not write. */
function ruleGuardOf(evaluate: Evaluate, on: boolean): Evaluate {
  return on ? evaluate : (ctx) => evaluate(ctx).filter((v) => PRIVILEGE_CODES.includes(v.code));
}

/** email → bearer token of every person who has one. */
function tokensByEmail(store: StateStore): Record<string, string> {
  const out: Record<string, string> = {};
  const people = new Map(store.current.people.map((p) => [p.id, p]));
  for (const [token, personId] of Object.entries(store.current.tokens)) {
    const person = people.get(personId);
    if (person) out[primaryEmail(person)] = token;
  }
  return out;
}

/** A seeded Hub writes its people's tokens where a user looks for them; the path, or undefined unseeded. */
async function writeSeedTokens(options: MockHubOptions, store: StateStore): Promise<string | undefined> {
  if (!options.seed) return undefined;
  const beside = options.statePath !== undefined ? dirname(options.statePath) : join(process.cwd(), ".webexhub");
  const tokensPath = options.tokensPath ?? join(beside, "tokens.json");
  await mkdir(dirname(tokensPath), { recursive: true });
  await writeFileAtomic(tokensPath, `${JSON.stringify(tokensByEmail(store), null, 2)}\n`);
  return tokensPath;
}

/** The fault switches asked for, off where not: changed in place by setFaults, read on every request. */
function faultsOf(options: Faults): Required<Faults> {
  return { rateLimit: options.rateLimit ?? 0, faultRate: options.faultRate ?? 0, latencyMs: options.latencyMs ?? 0 };
}

/** Every handler the profile serves. */
function routerOf(hub: HubServices, profile: Profile): Router {
  const router = new Router();
  registerPeople(router.route, hub);
  registerScim(router.route, hub);
  registerRoles(router.route, hub);
  registerLicenses(router.route, hub);
  registerOrganizations(router.route, hub);
  registerPartner(router.route, hub);
  registerAudit(router.route, hub);
  // Webex answers an extension's path as any path it does not know.
  if (profile.extensions) registerExtensions(router.route, hub);
  if (profile.extensions) registerSiteRoles(router.route, hub);
  return router;
}

/** Listens on loopback; the port it got. */
async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Closes the server and then the state; closing twice (a test's finally and its cleanup) must not fail. */
function closerOf(server: Server, store: StateStore): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= (async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      await store.close();
    })();
    return closing;
  };
}

export async function startMockHub(options: MockHubOptions = {}): Promise<MockHub> {
  validateFaults(options);
  const faults: Required<Faults> = faultsOf(options);
  const now = options.now ?? (() => new Date());
  const evaluate = ruleGuardOf(options.evaluate ?? engineEvaluate, options.ruleGuard !== false);
  const seed = options.seed;
  const store = await StateStore.open({
    path: options.statePath,
    reset: options.reset,
    init: () => (options.state ? draftOf(options.state) : seed ? buildSeed(seed, now()) : emptyState()),
  });
  const tokensPath = await writeSeedTokens(options, store);

  let baseUrl = "";
  const stats: MockHubStats = { total: 0, byRoute: {} };
  const profile = profileOf(options.profile);
  const handle = requestPipeline({
    router: routerOf(new HubServices(store, now, evaluate, () => baseUrl, profile), profile),
    faults,
    stats,
    now,
    random: options.random ?? Math.random,
    log: options.log,
    baseUrl: () => baseUrl,
    personOfToken: (token) => {
      const personId = store.current.tokens[token];
      return personId === undefined ? undefined : store.current.people.find((p) => p.id === personId);
    },
  });
  const server = createServer(serve(handle));
  hardenServer(server);
  const port = await listen(server, options.port ?? 0);
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    profile: profile.name,
    url: baseUrl,
    port,
    tokens: tokensByEmail(store),
    statePath: options.statePath,
    tokensPath,
    seeded: store.created,
    stats: () => ({ total: stats.total, byRoute: { ...stats.byRoute } }),
    resetStats: () => {
      stats.total = 0;
      stats.byRoute = {};
    },
    setFaults: (next) => {
      validateFaults(next);
      Object.assign(faults, Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)));
    },
    snapshot: () => store.current,
    restore: (state) =>
      store.update((draft) => {
        Object.assign(draft, draftOf(state));
      }),
    close: closerOf(server, store),
  };
}
