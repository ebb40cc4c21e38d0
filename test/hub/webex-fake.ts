/**
 * A small stateful Webex on nock, shaped as the official spec says (opaque ids, `GET /roles` names,
 * a PUT that replaces the whole person, SCIM PATCH at the host root), that records every request
 * with its body: the role-write tests look at what was sent, the contract test checks it against
 * the spec.
 */
import nock from "nock";
import { webexId } from "../../api/ids";
import { WEBEX_ROLE_TABLE } from "../../api/roles";
import type { WireOrganization, WirePerson, WireRole } from "../../api/wire";
import { ENDPOINT } from "./helpers";

export interface Recorded {
  readonly method: string;
  /** Path without the query, as sent (with `/v1` where the client put it). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

export const PARTNER_ORG = webexId("ORGANIZATION", "0ae87ade-8c8a-4952-af08-318798958d0c");
export const CUSTOMER_ORG = webexId("ORGANIZATION", "75fe2995-24f5-4831-8d2c-1c2f8255912e");
export const roleId = (value: string): string => webexId("ROLE", value);
/** A role no catalog id stands for: must survive every write. */
export const BILLING_ROLE: WireRole = { id: roleId("atlas-portal.billing"), name: "Billing Administrator" };

export const HUB_ROLES: WireRole[] = [
  ...Object.entries(WEBEX_ROLE_TABLE).map(([name, entry]) => ({ id: roleId(entry.value), name })),
  BILLING_ROLE,
];

export const roleOf = (name: string): string => HUB_ROLES.find((r) => r.name === name)!.id;

export const personId = (uuid: string): string => webexId("PEOPLE", uuid);

/** A person with everything a careless PUT would wipe. */
export function richPerson(uuid: string, email: string, orgId: string, roles: string[]): WirePerson {
  return {
    id: personId(uuid),
    emails: [email],
    phoneNumbers: [
      { type: "work", value: "+1 408 526 7209", primary: true },
      { type: "work_extension", value: "8133" },
    ],
    extension: "133",
    locationId: "Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OLzYzNzE1",
    displayName: "John Andersen",
    nickName: "John",
    firstName: "John",
    lastName: "Andersen",
    avatar: "https://avatars.example.com/john.png",
    orgId,
    roles,
    licenses: [webexId("LICENSE", "calling-pro"), webexId("LICENSE", "meetings-ent")],
    department: "Sales",
    manager: "Jane Duarte",
    managerId: personId("4da3a248-9b0a-4108-8544-b540312e563a"),
    title: "GM",
    addresses: [
      {
        type: "work",
        country: "US",
        locality: "Milpitas",
        region: "California",
        streetAddress: "1099 Bird Ave.",
        postalCode: "99212",
      },
    ],
    created: "2020-01-01T00:00:00.000Z",
    lastModified: "2024-01-01T00:00:00.000Z",
    timezone: "America/Los_Angeles",
    siteUrls: ["mysite.webex.com", "other.webex.com#attendee"],
    sipAddresses: [{ type: "personal-room", value: "john@mysite.webex.com", primary: false }],
    status: "active",
    invitePending: "false",
    loginEnabled: "true",
    type: "person",
  };
}

/** Fields of the spec's PUT a GET-then-PUT must never lose. */
export const KEPT_FIELDS = [
  "emails",
  "extension",
  "locationId",
  "displayName",
  "firstName",
  "lastName",
  "avatar",
  "licenses",
  "department",
  "manager",
  "managerId",
  "title",
  "addresses",
  "siteUrls",
] as const;

export interface WebexFake {
  readonly people: Map<string, WirePerson>;
  readonly requests: Recorded[];
  scope: nock.Scope;
}

export interface WebexFakeOptions {
  meId: string;
  people: WirePerson[];
  orgs?: WireOrganization[];
  /** Without SCIM the Hub answers 404 there, as one that does not serve it would. */
  /** false: no SCIM endpoint (404); "forbidden": SCIM refuses the token (403), as Webex does without identity:people_rw. */
  scim?: boolean | "forbidden";
  /** `GET /roles`; the Webex names by default. */
  roles?: WireRole[];
  /** Extensions are not Webex's: 404 unless asked for. */
  extensions?: boolean;
}

const uuidOf = (id: string): string => {
  const text = Buffer.from(id, "base64url").toString("utf8");
  return text.slice(text.lastIndexOf("/") + 1);
};

export function webexFake(options: WebexFakeOptions): WebexFake {
  const people = new Map(options.people.map((p) => [p.id, structuredClone(p)]));
  const orgs = options.orgs ?? [{ id: PARTNER_ORG, displayName: "Partner", created: "2015-10-18T14:26:16+00:00" }];
  const requests: Recorded[] = [];
  const record = (method: string, uri: string, body: unknown): URL => {
    const u = new URL(uri, ENDPOINT);
    requests.push({
      method,
      path: u.pathname,
      query: u.searchParams,
      body: typeof body === "string" && body !== "" ? JSON.parse(body) : body === "" ? undefined : body,
    });
    return u;
  };
  const notFound = {
    message: "The requested resource could not be found.",
    errors: [{ description: "The requested resource could not be found." }],
    trackingId: "FAKE",
  };
  const byUuid = (uuid: string): WirePerson | undefined => [...people.values()].find((p) => uuidOf(p.id) === uuid);

  const scope = nock(ENDPOINT)
    .persist()
    .get(/.*/)
    .reply(function (uri) {
      const u = record("GET", uri, undefined);
      const path = u.pathname;
      if (path === "/v1/people/me") return [200, people.get(options.meId)];
      if (path === "/v1/roles") return [200, { items: options.roles ?? HUB_ROLES }];
      if (path === "/v1/organizations") return [200, { items: orgs }];
      const org = /^\/v1\/organizations\/([^/]+)$/.exec(path);
      if (org)
        return orgs.some((o) => o.id === decodeURIComponent(org[1]!))
          ? [200, orgs.find((o) => o.id === decodeURIComponent(org[1]!))]
          : [404, notFound];
      if (path === "/v1/people") {
        const orgId = u.searchParams.get("orgId") ?? people.get(options.meId)!.orgId;
        const email = u.searchParams.get("email");
        return [
          200,
          { items: [...people.values()].filter((p) => (email ? p.emails.includes(email) : p.orgId === orgId)) },
        ];
      }
      const one = /^\/v1\/people\/([^/]+)$/.exec(path);
      if (one) {
        const p = people.get(decodeURIComponent(one[1]!));
        return p ? [200, p] : [404, notFound];
      }
      if (path === "/v1/partner/organizations") return [200, { items: [] }];
      if (/^\/v1\/partner\/organizations\/[^/]+\/partnerAdmins$/.test(path)) return [200, { items: [] }];
      if (/^\/v1\/roles\/[^/]+$/.test(path)) return [200, HUB_ROLES[0]];
      if (path === "/v1/adminAudit/events") return [200, { items: [] }];
      const scimUser = /^\/identity\/scim\/([^/]+)\/v2\/Users\/([^/]+)$/.exec(path);
      if (scimUser && options.scim === "forbidden")
        return [
          403,
          {
            message: "Missing scope identity:people_rw",
            errors: [{ description: "Missing scope identity:people_rw" }],
            trackingId: "fake",
          },
        ];
      if (scimUser && options.scim !== false) {
        const p = byUuid(decodeURIComponent(scimUser[2]!));
        if (!p || uuidOf(p.orgId) !== decodeURIComponent(scimUser[1]!)) return [404, notFound];
        const roles = (p.roles ?? []).map((r) => ({
          value: uuidOf(r),
          type: "cirole",
          display: (options.roles ?? HUB_ROLES).find((x) => x.id === r)?.name ?? uuidOf(r),
        }));
        return [
          200,
          { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], id: uuidOf(p.id), userName: p.emails[0], roles },
        ];
      }
      if (options.extensions === true && /^\/v1\/organizations\/[^/]+\/externalAdmins$/.test(path))
        return [200, { items: [] }];
      if (options.extensions === true && /\/restrictedMode$/.test(path)) return [200, { orgId: "x", enabled: true }];
      return [404, notFound];
    })
    .put(/.*/)
    .reply(function (uri, body) {
      const u = record("PUT", uri, body);
      const one = /^\/v1\/people\/([^/]+)$/.exec(u.pathname);
      const before = one ? people.get(decodeURIComponent(one[1]!)) : undefined;
      if (!before) return [404, notFound];
      // Webex's PUT: the body is the person; read-only fields stay as they were.
      const b = (typeof body === "string" ? JSON.parse(body) : body) as Record<string, unknown>;
      const after = {
        ...b,
        id: before.id,
        orgId: before.orgId,
        created: before.created,
        loginEnabled: String(b.loginEnabled ?? before.loginEnabled),
      } as unknown as WirePerson;
      // Not a Webex field: dropped, as Webex does with what it does not know.
      delete (after as unknown as Record<string, unknown>).siteRoles;
      // The work extension is derived from `extension`, as Webex shows it.
      if (after.extension !== undefined)
        after.phoneNumbers = [...(after.phoneNumbers ?? []), { type: "work_extension", value: `8${after.extension}` }];
      for (const f of ["sipAddresses", "status", "invitePending", "type", "timezone", "lastModified"] as const) {
        if (before[f] !== undefined) (after as unknown as Record<string, unknown>)[f] = before[f];
      }
      people.set(before.id, after);
      return [200, after];
    })
    .patch(/.*/)
    .reply(function (uri, body) {
      const u = record("PATCH", uri, body);
      const m = /^\/identity\/scim\/([^/]+)\/v2\/Users\/([^/]+)$/.exec(u.pathname);
      if (options.scim === false || !m) return [404, notFound];
      if (options.scim === "forbidden")
        return [
          403,
          {
            message: "Missing scope identity:people_rw",
            errors: [{ description: "Missing scope identity:people_rw" }],
            trackingId: "fake",
          },
        ];
      const p = byUuid(decodeURIComponent(m[2]!));
      if (!p || uuidOf(p.orgId) !== decodeURIComponent(m[1]!)) return [404, notFound];
      const patch = (typeof body === "string" ? JSON.parse(body) : body) as {
        Operations: Array<{ op: string; path: string; value?: Array<{ value: string }> }>;
      };
      let roles = [...(p.roles ?? [])];
      for (const op of patch.Operations) {
        if (op.op === "add")
          for (const v of op.value ?? []) if (!roles.includes(roleId(v.value))) roles.push(roleId(v.value));
        if (op.op === "remove") {
          const filter = /^roles\[value eq "(.+)"\]$/.exec(op.path);
          if (!filter)
            return [400, { message: "remove needs a value filter in this fake", errors: [], trackingId: "FAKE" }];
          roles = roles.filter((r) => r !== roleId(filter[1]!));
        }
      }
      people.set(p.id, { ...p, roles });
      return [
        200,
        {
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
          id: uuidOf(p.id),
          userName: p.emails[0],
          roles: roles.map((r) => ({ value: uuidOf(r), type: "cirole" })),
        },
      ];
    })
    .post(/.*/)
    .reply(function (uri, body) {
      record("POST", uri, body);
      return [204, ""];
    })
    .delete(/.*/)
    .reply(function (uri) {
      record("DELETE", uri, undefined);
      return [204, ""];
    });
  return { people, requests, scope };
}
