/**
 * A tiny stateful Hub on nock, just enough for the session tests: lists paginate with `max` and
 * `Link`, and `PUT /people/{id}` really replaces the whole person (fields left out are wiped), so a
 * lost update is visible. Role ids here are plain strings named by `GET /roles` with the Webex names
 * (the client must map them by name, so it does not matter that they look like catalog ids); the
 * fake has no SCIM, so role writes take the GET-then-PUT route.
 */
import nock from "nock";
import { WEBEX_ROLE_NAMES } from "../../api/roles";
import { ROLE_IDS } from "../../core/rules/catalog";
import type { WireExternalAdmin, WireOrganization, WirePerson } from "../../api/wire";
import { BASE, ENDPOINT } from "./helpers";

export interface FakeHubState {
  meId: string;
  orgs: WireOrganization[];
  people: Map<string, WirePerson>;
  managed: Map<string, string[]>;
  externalAdmins: Map<string, Map<string, WireExternalAdmin>>;
  restrictedMode: Map<string, boolean>;
}

export interface FakeHub {
  state: FakeHubState;
  scope: nock.Scope;
  /** Requests the fake served, as `METHOD path?query`. */
  log: string[];
}

type Reply = [number, unknown, Record<string, string>?];

export function fakeHub(state: FakeHubState, pageSize = 1000): FakeHub {
  const log: string[] = [];
  const json = (body: unknown): unknown => (typeof body === "string" && body !== "" ? JSON.parse(body) : body);
  const notFound = (what: string): Reply => [
    404,
    { message: `${what} not found`, errors: [{ description: "not found" }], trackingId: "FAKE" },
  ];

  function page<T>(uri: string, items: readonly T[]): Reply {
    const u = new URL(uri, ENDPOINT);
    const max = Math.min(Number(u.searchParams.get("max") ?? pageSize), pageSize);
    const start = Number(u.searchParams.get("start") ?? 0);
    const slice = items.slice(start, start + max);
    const headers: Record<string, string> = {};
    if (start + max < items.length) {
      const next = new URL(u.toString());
      next.searchParams.set("start", String(start + max));
      headers.Link = `<${BASE}${next.pathname.replace(/^\/v1/, "")}${next.search}>; rel="next"`;
    }
    return [200, { items: slice }, headers];
  }

  const id = (uri: string, re: RegExp): string[] =>
    (re.exec(new URL(uri, ENDPOINT).pathname) ?? []).slice(1).map(decodeURIComponent);

  const scope = nock(ENDPOINT)
    .persist()
    .get("/v1/people/me")
    .reply(function () {
      log.push(`GET ${this.req.path}`);
      return [200, state.people.get(state.meId)];
    })
    .get(/^\/v1\/people\/[^/?]+(\?.*)?$/)
    .reply(function (uri) {
      log.push(`GET ${this.req.path}`);
      const [pid] = id(uri, /^\/v1\/people\/([^/?]+)$/);
      const p = state.people.get(pid!);
      return p === undefined ? notFound("person") : [200, structuredClone(p)];
    })
    // Webex has no site-roles endpoint (a mock extension): the client falls back to the PUT.
    .put(/^\/v1\/people\/[^/?]+\/siteRoles$/)
    .reply(function () {
      log.push(`PUT ${this.req.path}`);
      return notFound("resource");
    })
    .put(/^\/v1\/people\/[^/?]+(\?.*)?$/)
    .reply(function (uri, body) {
      log.push(`PUT ${this.req.path}`);
      const [pid] = id(uri, /^\/v1\/people\/([^/?]+)$/);
      const old = state.people.get(pid!);
      if (old === undefined) return notFound("person");
      const b = json(body) as Partial<WirePerson> & { loginEnabled?: boolean };
      // Replace, do not merge: what the body leaves out is gone.
      const next: WirePerson = {
        id: old.id,
        orgId: old.orgId,
        created: old.created,
        emails: b.emails ?? [],
        displayName: b.displayName ?? "",
        roles: b.roles ?? [],
        ...(b.firstName === undefined ? {} : { firstName: b.firstName }),
        ...(b.lastName === undefined ? {} : { lastName: b.lastName }),
        ...(b.siteRoles === undefined ? {} : { siteRoles: b.siteRoles }),
        ...(b.licenses === undefined ? {} : { licenses: b.licenses }),
        ...(b.title === undefined ? {} : { title: b.title }),
      };
      state.people.set(next.id, next);
      return [200, structuredClone(next)];
    })
    .get("/v1/people")
    .query(true)
    .reply(function (uri) {
      log.push(`GET ${this.req.path}`);
      const q = new URL(uri, ENDPOINT).searchParams;
      const email = q.get("email");
      // Webex: without orgId, the token's own org.
      const orgId = q.get("orgId") ?? state.people.get(state.meId)?.orgId;
      const all = [...state.people.values()];
      return page(
        uri,
        email === null ? all.filter((p) => p.orgId === orgId) : all.filter((p) => p.emails.includes(email)),
      );
    })
    // No SCIM here: the client learns it and falls back to GET-then-PUT.
    .patch(/^(\/v1)?\/identity\/scim\//)
    .reply(function () {
      log.push(`PATCH ${this.req.path}`);
      return notFound("resource");
    })
    .get(/^(\/v1)?\/identity\/scim\//)
    .reply(function () {
      log.push(`GET ${this.req.path}`);
      return notFound("resource");
    })
    .get("/v1/roles")
    .reply(function () {
      log.push(`GET ${this.req.path}`);
      return [200, { items: ROLE_IDS.map((r) => ({ id: r, name: WEBEX_ROLE_NAMES[r] })) }];
    })
    .get("/v1/organizations")
    .query(true)
    .reply(function (uri) {
      log.push(`GET ${this.req.path}`);
      return page(uri, state.orgs);
    })
    .get("/v1/partner/organizations")
    .query(true)
    .reply(function (uri) {
      log.push(`GET ${this.req.path}`);
      const pid = new URL(uri, ENDPOINT).searchParams.get("managedBy") ?? "";
      return [200, { items: (state.managed.get(pid) ?? []).map((orgId) => ({ orgId, role: "partner_admin" })) }];
    })
    .get(/^\/v1\/partner\/organizations\/[^/]+\/partnerAdmins/)
    .query(true)
    .reply(function (uri) {
      log.push(`GET ${this.req.path}`);
      const [orgId] = id(uri, /^\/v1\/partner\/organizations\/([^/]+)\/partnerAdmins/);
      const admins = [...state.people.values()].filter((p) => (state.managed.get(p.id) ?? []).includes(orgId!));
      return page(
        uri,
        admins.map((p) => ({ id: p.id, email: p.emails[0], displayName: p.displayName, roles: p.roles })),
      );
    })
    .post(/^\/v1\/partner\/organizations\/[^/]+\/partnerAdmin\/[^/]+\/assign$/)
    .reply(function (uri) {
      log.push(`POST ${this.req.path}`);
      const [orgId, pid] = id(uri, /^\/v1\/partner\/organizations\/([^/]+)\/partnerAdmin\/([^/]+)\/assign$/);
      const list = state.managed.get(pid!) ?? [];
      if (!list.includes(orgId!)) state.managed.set(pid!, [...list, orgId!]);
      return [204, ""];
    })
    .delete(/^\/v1\/partner\/organizations\/[^/]+\/partnerAdmin\/[^/]+\/unassign$/)
    .reply(function (uri) {
      log.push(`DELETE ${this.req.path}`);
      const [orgId, pid] = id(uri, /^\/v1\/partner\/organizations\/([^/]+)\/partnerAdmin\/([^/]+)\/unassign$/);
      state.managed.set(
        pid!,
        (state.managed.get(pid!) ?? []).filter((o) => o !== orgId),
      );
      return [204, ""];
    })
    .delete(/^\/v1\/partner\/organizations\/partnerAdmin\/[^/]+$/)
    .reply(function (uri) {
      log.push(`DELETE ${this.req.path}`);
      const [pid] = id(uri, /^\/v1\/partner\/organizations\/partnerAdmin\/([^/]+)$/);
      const p = state.people.get(pid!);
      if (p === undefined) return notFound("person");
      const partnerRoles = new Set([
        "partner_full_admin",
        "partner_admin",
        "partner_readonly_admin",
        "sales_admin",
        "sales_full_admin",
        "helpdesk_basic",
        "helpdesk_advanced",
        "wholesale_admin",
      ]);
      state.people.set(p.id, { ...p, roles: (p.roles ?? []).filter((r) => !partnerRoles.has(r)) });
      state.managed.set(p.id, []);
      return [204, ""];
    })
    .get(/^\/v1\/partner\/organizations\/[^/]+\/restrictedMode$/)
    .reply(function (uri) {
      log.push(`GET ${this.req.path}`);
      const [orgId] = id(uri, /^\/v1\/partner\/organizations\/([^/]+)\/restrictedMode$/);
      return [200, { orgId, enabled: state.restrictedMode.get(orgId!) ?? true }];
    })
    .put(/^\/v1\/partner\/organizations\/[^/]+\/restrictedMode$/)
    .reply(function (uri, body) {
      log.push(`PUT ${this.req.path}`);
      const [orgId] = id(uri, /^\/v1\/partner\/organizations\/([^/]+)\/restrictedMode$/);
      const enabled = (json(body) as { enabled: boolean }).enabled;
      state.restrictedMode.set(orgId!, enabled);
      return [200, { orgId, enabled }];
    })
    .get(/^\/v1\/organizations\/[^/]+\/externalAdmins$/)
    .reply(function (uri) {
      log.push(`GET ${this.req.path}`);
      const [orgId] = id(uri, /^\/v1\/organizations\/([^/]+)\/externalAdmins$/);
      return [200, { items: [...(state.externalAdmins.get(orgId!)?.values() ?? [])] }];
    })
    .put(/^\/v1\/organizations\/[^/]+\/externalAdmins\/[^/]+$/)
    .reply(function (uri, body) {
      log.push(`PUT ${this.req.path}`);
      const [orgId, pid] = id(uri, /^\/v1\/organizations\/([^/]+)\/externalAdmins\/([^/]+)$/);
      const person = state.people.get(pid!);
      if (person === undefined) return notFound("person");
      const b = json(body) as {
        role: WireExternalAdmin["role"];
        expiresAt?: string;
        contactCenterServiceAdmin?: boolean;
      };
      const grant: WireExternalAdmin = {
        orgId: orgId!,
        personId: pid!,
        email: person.emails[0]!,
        homeOrgId: person.orgId,
        role: b.role,
        contactCenterServiceAdmin: b.contactCenterServiceAdmin ?? false,
        ...(b.expiresAt === undefined ? {} : { expiresAt: b.expiresAt }),
      };
      const m = state.externalAdmins.get(orgId!) ?? new Map<string, WireExternalAdmin>();
      m.set(pid!, grant);
      state.externalAdmins.set(orgId!, m);
      return [200, grant];
    })
    .delete(/^\/v1\/organizations\/[^/]+\/externalAdmins\/[^/]+$/)
    .reply(function (uri) {
      log.push(`DELETE ${this.req.path}`);
      const [orgId, pid] = id(uri, /^\/v1\/organizations\/([^/]+)\/externalAdmins\/([^/]+)$/);
      if (!state.externalAdmins.get(orgId!)?.delete(pid!)) return notFound("external admin");
      return [204, ""];
    });
  return { state, scope, log };
}

export function person(
  pid: string,
  orgId: string,
  roles: WirePerson["roles"] = [],
  extra: Partial<WirePerson> = {},
): WirePerson {
  return {
    id: pid,
    emails: [`${pid}@${orgId}.example`],
    displayName: pid.toUpperCase(),
    firstName: "First",
    lastName: "Last",
    orgId,
    roles,
    licenses: [`lic-${pid}`],
    title: "Engineer",
    created: "2030-01-01T00:00:00Z",
    ...extra,
  };
}

/**
 * A partner with three customers, and people in each; carol belongs to an MSP the partner does not
 * manage, so (as on Webex) its org is not in the partner's `GET /organizations`.
 */
export function demoState(): FakeHubState {
  const orgs: WireOrganization[] = [
    { id: "partner-1", displayName: "Partner", created: "x" },
    { id: "cust-a", displayName: "A", created: "x" },
    { id: "cust-b", displayName: "B", created: "x" },
    { id: "cust-c", displayName: "C", created: "x" },
  ];
  const people = new Map<string, WirePerson>();
  for (const p of [
    person("alice", "partner-1", ["full_admin", "partner_full_admin"]),
    person("bob", "partner-1", ["partner_admin"]),
    person("sam", "partner-1", ["sales_admin"]),
    person("ann", "cust-a", ["full_admin"], { siteRoles: { "a.webex.com": "site_admin" } }),
    person("carol", "msp-1", [], { siteRoles: {} }),
  ]) {
    people.set(p.id, p);
  }
  return {
    meId: "alice",
    orgs,
    people,
    managed: new Map([["bob", ["cust-a"]]]),
    externalAdmins: new Map([
      [
        "cust-a",
        new Map([
          [
            "carol",
            {
              orgId: "cust-a",
              personId: "carol",
              email: "carol@msp-1.example",
              homeOrgId: "msp-1",
              role: "external_readonly_admin" as const,
              contactCenterServiceAdmin: false,
              expiresAt: "2031-01-01T00:00:00Z",
            },
          ],
        ]),
      ],
    ]),
    restrictedMode: new Map([["cust-b", false]]),
  };
}
