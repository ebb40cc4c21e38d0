/**
 * The client is written against the official Webex spec, not against the mock: every request it
 * sends, across its endpoints and both role-write routes, is captured (nock) and must be a method
 * and path the spec documents, with query parameters it documents (the required ones present) and
 * a body valid against the spec's request schema (ajv). The webexhub mock extensions are the only
 * paths allowed outside the spec, and they are listed here by name.
 */
import { readFileSync } from "node:fs";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { administratorsNow } from "../../hub/administrators";
import { HubSession } from "../../hub/session";
import { testClient } from "../hub/helpers";
import {
  BILLING_ROLE,
  CUSTOMER_ORG,
  PARTNER_ORG,
  personId,
  richPerson,
  roleOf,
  webexFake,
  type Recorded,
} from "../hub/webex-fake";
import { loadSpec, specForRun, type Spec } from "./spec";

/** Paths only the webexhub mock Hub serves (its README documents them as extensions). */
const EXTENSION_PATHS = [
  /^\/organizations\/[^/]+\/externalAdmins(\/[^/]+)?$/,
  /^\/partner\/organizations\/[^/]+\/restrictedMode$/,
  /^\/people\/[^/]+\/siteRoles$/,
];

const ME = personId("11111111-1111-4111-8111-111111111111");
const JOHN = personId("22222222-2222-4222-8222-222222222222");
const CUST_ADMIN = personId("33333333-3333-4333-8333-333333333333");

/** Drives every endpoint the client has, the way the providers and the CLI do. */
async function exercise(scim: boolean): Promise<Recorded[]> {
  const fake = webexFake({
    meId: ME,
    scim,
    extensions: true,
    people: [
      richPerson("11111111-1111-4111-8111-111111111111", "me@partner.example", PARTNER_ORG, [
        roleOf("Partner Full Administrator"),
        roleOf("Full Administrator"),
      ]),
      richPerson("22222222-2222-4222-8222-222222222222", "john@partner.example", PARTNER_ORG, [
        roleOf("Partner Administrator"),
        BILLING_ROLE.id,
      ]),
      richPerson("33333333-3333-4333-8333-333333333333", "admin@customer.example", CUSTOMER_ORG, [
        roleOf("Full Administrator"),
      ]),
    ],
    orgs: [
      { id: PARTNER_ORG, displayName: "Partner", created: "2015-10-18T14:26:16+00:00" },
      { id: CUSTOMER_ORG, displayName: "Customer", created: "2016-10-18T14:26:16+00:00" },
    ],
  });
  const { client } = testClient();
  const session = new HubSession(client);
  await session.world({ assignmentsOf: [JOHN], externalAdminsOf: [CUSTOMER_ORG], restrictedModeOf: [CUSTOMER_ORG] });
  await session.personByEmail("someone@elsewhere.example");
  // The lockout guard's fresh reads of who administers an org, its own and a customer.
  await administratorsNow(session, PARTNER_ORG, false);
  await administratorsNow(session, CUSTOMER_ORG, true);
  await session.updatePerson(JOHN, () => ({ roles: ["partner_admin", "sales_admin"] }));
  await session.updatePerson(JOHN, () => ({ roles: ["sales_admin"] }));
  await session.assign(CUSTOMER_ORG, JOHN);
  await session.unassign(CUSTOMER_ORG, JOHN);
  await session.revokePartnerRoles(JOHN);
  await session.partnerAdmins(CUSTOMER_ORG);
  await session.putExternalAdmin(CUSTOMER_ORG, CUST_ADMIN, { role: "external_readonly_admin" }).catch(() => undefined);
  await session.setRestrictedMode(CUSTOMER_ORG, false).catch(() => undefined);
  await client.getRole(roleOf("Full Administrator")).catch(() => undefined);
  await client.getOrganization(CUSTOMER_ORG);
  await client
    .listAuditEvents({ orgId: PARTNER_ORG, from: "2030-01-01T00:00:00.000Z", to: "2030-01-02T00:00:00.000Z" })
    .catch(() => undefined);
  await client
    .getScimUser("0ae87ade-8c8a-4952-af08-318798958d0c", "22222222-2222-4222-8222-222222222222")
    .catch(() => undefined);
  return fake.requests;
}

interface Template {
  readonly path: string;
  readonly re: RegExp;
}

function templates(paths: readonly string[]): Template[] {
  // Literal segments beat parameters (`/people/me` before `/people/{personId}`).
  return [...paths]
    .sort((a, b) => ((b.match(/\{/g)?.length ?? 0) < (a.match(/\{/g)?.length ?? 0) ? 1 : -1))
    .map((path) => ({ path, re: new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/]+")}$`) }));
}

const specPath = (r: Recorded): string => (r.path.startsWith("/identity/") ? r.path : r.path.replace(/^\/v1/, ""));

const SPEC_PATH = specForRun();

describe.skipIf(SPEC_PATH === undefined)("every request the client sends is documented by the Webex spec", () => {
  const spec = SPEC_PATH === undefined ? undefined : loadSpec(SPEC_PATH);
  const doc =
    SPEC_PATH === undefined
      ? undefined
      : (JSON.parse(readFileSync(SPEC_PATH, "utf8")) as { paths: Record<string, unknown> });

  beforeEach(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());

  it.each([
    ["with SCIM (role deltas)", true],
    ["without SCIM (GET-then-PUT)", false],
  ])("%s", async (_name, scim) => {
    const requests = await exercise(scim);
    const all = templates(Object.keys(doc!.paths));
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const r of requests) {
      const path = specPath(r);
      if (EXTENSION_PATHS.some((re) => re.test(path))) continue;
      const t = all.find((x) => x.re.test(path));
      if (t === undefined) {
        problems.push(`${r.method} ${r.path}: no such path in the spec`);
        continue;
      }
      let op: ReturnType<Spec["operation"]>;
      try {
        op = spec!.operation(r.method, t.path);
      } catch {
        problems.push(`${r.method} ${r.path}: the spec has ${t.path} but not this method`);
        continue;
      }
      seen.add(`${r.method} ${t.path}`);
      const documented = (op.parameters ?? []).filter((p) => p.in === "query");
      for (const name of r.query.keys()) {
        if (!documented.some((p) => p.name === name))
          problems.push(`${r.method} ${t.path}: query ${name} is not documented`);
      }
      for (const p of documented)
        if (p.required === true && !r.query.has(p.name))
          problems.push(`${r.method} ${t.path}: required query ${p.name} missing`);
      if (r.body !== undefined) problems.push(...spec!.checkRequest(r.method, t.path, r.body));
      else if ((op as { requestBody?: { required?: boolean } }).requestBody?.required === true)
        problems.push(`${r.method} ${t.path}: body required`);
    }
    expect(problems).toEqual([]);
    // The exercise really reached the writes that matter.
    expect([...seen]).toEqual(
      expect.arrayContaining(scim ? ["PATCH /identity/scim/{orgId}/v2/Users/{userId}"] : ["PUT /people/{personId}"]),
    );
    expect([...seen]).toEqual(
      expect.arrayContaining([
        "GET /people",
        "GET /roles",
        "GET /organizations",
        "GET /partner/organizations",
        "POST /partner/organizations/{orgId}/partnerAdmin/{personId}/assign",
      ]),
    );
  });
});
