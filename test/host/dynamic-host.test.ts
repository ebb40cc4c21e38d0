/**
 * Each provider of the BUILT package (dist/) as the SDK stores it in the state (`providerSource`:
 * a small module that loads the package by name, the host process's cwd being this repository), and driven through `@pulumi/pulumi`'s own
 * dynamic-provider gRPC host (a child process) against a real mock Hub: Configure (endpoint and
 * token through config only), Check with unknowns and with rule violations, Diff, Create, Read,
 * Update, Delete — with the Hub's state checked over HTTP after every write.
 *
 * One host process stands for one `pulumi` command (the engine starts a fresh plugin process per
 * run): resources of the same stack share it, and a later run (a refresh after an out-of-band
 * change, a run with another stack's token) gets a new one.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockHub, type MockHub } from "../../mockhub/server";
import type { ResourceName } from "../../sdk/providers";
import {
  configureHost,
  failureOf,
  isBuilt,
  loadDistSdk,
  ResourceDriver,
  secret,
  startFakeEngine,
  startHost,
  Transcript,
  UNKNOWN,
  type FakeEngine,
  type Host,
  type Json,
  type Props,
} from "./host-client";
import { WEBEX_ROLE_TABLE } from "../../api/roles";
import {
  DEMO_PARTNER_ORG_ID as PARTNER,
  DEMO_MSP_ORG_ID as MSP,
  demoCustomerOrgId as cid,
  demoPersonId as pid,
} from "../../mockhub/seed";

const built = isBuilt();
if (!built) {
  console.warn(
    "test/host skipped: dist/ is missing. Build first: npx tsc -p tsconfig.json (the test command builds before vitest).",
  );
}

const REPO_DIR = resolve(__dirname, "../..");
const PARTNER_ADMIN = "admin@partner.example";
const CUSTOMER01_ADMIN = "admin@customer01.example";
const PERSON = pid;

let hub: MockHub;
let dir: string;
let engine: FakeEngine;
const hosts: Host[] = [];
const transcript = new Transcript();
const serialized = {} as Record<ResourceName, string>;
const containsSecrets = {} as Record<ResourceName, boolean>;

function tokenOf(email: string): string {
  const t = hub.tokens[email];
  if (t === undefined) throw new Error(`the demo seed has no token for ${email}`);
  return t;
}

/** Every token the Hub issued: none may show up in anything the host or the engine saw. */
function allTokens(): string[] {
  return Object.values(hub.tokens);
}

async function hubGet(email: string, path: string): Promise<unknown> {
  const res = await fetch(`${hub.url}/v1${path}`, { headers: { Authorization: `Bearer ${tokenOf(email)}` } });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${text}`);
  return text === "" ? undefined : (JSON.parse(text) as unknown);
}

async function hubSend(email: string, method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${hub.url}/v1${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${tokenOf(email)}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

const field = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;

const items = (value: unknown): unknown[] => {
  const list = field(value, "items");
  return Array.isArray(list) ? list : [];
};

/** The person's roles as catalog ids: the Hub's opaque role ids, named by `GET /roles`, through the Webex role table. */
async function hubRoles(email: string): Promise<unknown> {
  const ids = field(await hubGet(PARTNER_ADMIN, `/people/${PERSON(email)}`), "roles");
  const names = new Map(
    items(await hubGet(PARTNER_ADMIN, "/roles")).map((r) => [String(field(r, "id")), String(field(r, "name"))]),
  );
  return (Array.isArray(ids) ? ids : []).map((id) => WEBEX_ROLE_TABLE[names.get(String(id)) ?? ""]?.catalogId ?? id);
}

async function hubAssignments(email: string): Promise<string[]> {
  const list = items(await hubGet(PARTNER_ADMIN, `/partner/organizations?managedBy=${PERSON(email)}&max=1000`));
  // In the Hub's order (Customer 01, 02 …): the opaque ids do not sort by number.
  return list.map((m) => String(field(m, "orgId")));
}

async function hubRestrictedMode(orgId: string): Promise<unknown> {
  return field(await hubGet(PARTNER_ADMIN, `/partner/organizations/${orgId}/restrictedMode`), "enabled");
}

async function hubExternalAdmins(orgId: string): Promise<unknown[]> {
  return items(await hubGet(CUSTOMER01_ADMIN, `/organizations/${orgId}/externalAdmins`));
}

/** A new host process (one `pulumi` command), configured with the endpoint and a token. */
async function newConfiguredHost(email: string, opts: { secretToken?: boolean } = {}): Promise<Host> {
  const host = await startHost(engine);
  hosts.push(host);
  const token = tokenOf(email);
  const config: Props = {
    "webexhub:endpoint": hub.url,
    "webexhub:token": opts.secretToken === true ? secret(token) : token,
  };
  await configureHost(host, config, transcript);
  return host;
}

const reasons = (failures: ReadonlyArray<{ reason: string }>): string => failures.map((f) => f.reason).join("\n");

const yearsAhead = (years: number): string => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCMilliseconds(0);
  return d.toISOString();
};

describe.skipIf(!built)("providers through @pulumi/pulumi's dynamic-provider host", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "webexhub-host-"));
    hub = await startMockHub({ port: 0, seed: "demo", tokensPath: join(dir, "tokens.json") });
    engine = await startFakeEngine();

    // Serialize with every way a careless provider could capture the token armed: the token in
    // this process's environment. (A provider object is configured only inside the
    // dynamic-provider process, after it was deserialized, never in the program that serializes it.)
    const sdk = loadDistSdk();
    const saved = { endpoint: process.env.WEBEXHUB_ENDPOINT, token: process.env.WEBEXHUB_TOKEN };
    process.env.WEBEXHUB_ENDPOINT = hub.url;
    process.env.WEBEXHUB_TOKEN = tokenOf(PARTNER_ADMIN);
    try {
      for (const name of Object.keys(sdk.providers) as ResourceName[]) {
        serialized[name] = sdk.providerSource(name);
        // A closure serialized by Pulumi would say whether it captured a secret; this text is fixed.
        containsSecrets[name] = /mock_|secret/i.test(serialized[name]);
      }
    } finally {
      if (saved.endpoint === undefined) delete process.env.WEBEXHUB_ENDPOINT;
      else process.env.WEBEXHUB_ENDPOINT = saved.endpoint;
      if (saved.token === undefined) delete process.env.WEBEXHUB_TOKEN;
      else process.env.WEBEXHUB_TOKEN = saved.token;
    }
  });

  afterAll(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    await engine?.close();
    await hub?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("stores each provider as a few hundred bytes of code with no token, no secret, no endpoint and no path", () => {
    expect(Object.keys(serialized).sort()).toEqual([
      "customerAdmin",
      "customerAssignment",
      "externalAdmin",
      "partnerAdmin",
      "plan",
      "restrictedMode",
    ]);
    for (const [name, text] of Object.entries(serialized)) {
      expect(text, name).toContain("exports.handler");
      for (const token of allTokens()) expect(text.includes(token), `${name} contains a token`).toBe(false);
      expect(text.includes(hub.url), `${name} captured the endpoint`).toBe(false);
      expect(containsSecrets[name as ResourceName], name).toBe(false);
      expect(text.length, name).toBeLessThan(250);
      expect(text.includes(REPO_DIR), `${name} holds the checkout's path`).toBe(false);
    }
  });

  describe("a partner stack (token of admin@partner.example, one host process)", () => {
    let host: Host;
    let partnerAdmin: ResourceDriver;
    let assignment: ResourceDriver;
    let restricted: ResourceDriver;

    beforeAll(async () => {
      host = await newConfiguredHost(PARTNER_ADMIN);
      partnerAdmin = new ResourceDriver(host, serialized.partnerAdmin, "PartnerAdmin", "user1", transcript);
      assignment = new ResourceDriver(host, serialized.customerAssignment, "CustomerAssignment", "pa", transcript);
      restricted = new ResourceDriver(host, serialized.restrictedMode, "RestrictedMode", "customer02", transcript);
    });

    it("PartnerAdmin: check, diff, create, read, update, delete", async () => {
      const user1 = "user1@partner.example";

      // Preview with unknowns: never a failure, the inputs come back with __provider.
      for (const news of [
        { email: UNKNOWN, roles: ["partner_admin"] },
        { email: user1, roles: UNKNOWN },
        { email: user1, roles: [UNKNOWN, "readonly_admin"] },
        { email: UNKNOWN, roles: UNKNOWN, adopt: UNKNOWN },
      ] as Props[]) {
        const checked = await partnerAdmin.check({}, news);
        expect(checked.failures, JSON.stringify(news)).toEqual([]);
        expect(checked.provider).toBe(serialized.partnerAdmin);
      }

      // A rule violation is a CheckFailure with the rule code, not an error.
      const bad = await partnerAdmin.check({}, { email: user1, roles: ["full_admin", "readonly_admin"] });
      expect(reasons(bad.failures)).toContain("exclusive-roles");

      // Create: only Check, then Create, as the engine does for a new resource.
      expect(await hubRoles(user1)).toEqual([]);
      const created = await partnerAdmin.checkAndCreate({ email: user1, roles: ["partner_admin"] });
      expect(created.id).toBe(PERSON(user1));
      expect(created.outputs).toMatchObject({
        email: user1,
        roles: ["partner_admin"],
        personId: PERSON(user1),
        orgId: PARTNER,
      });
      // Small outputs: the access summary is the SDK's, worked out in the program, not in the state.
      expect(created.outputs).not.toHaveProperty("access");
      expect(await hubRoles(user1)).toEqual(["partner_admin"]);

      // Diff against the live Hub: nothing to do; a change; an unknown (a preview) is a change;
      // a change that breaks a rule fails the preview with the rule code.
      expect((await partnerAdmin.diff(created.id, created.outputs, created.inputs)).changes).toBe("DIFF_NONE");
      const news: Props = { email: user1, roles: ["readonly_admin", "partner_admin"] };
      // The host hands the engine the per-property diff: readonly_admin is added, at news.roles[0].
      expect(await partnerAdmin.diff(created.id, created.outputs, news)).toEqual({
        changes: "DIFF_SOME",
        replaces: [],
        detailedDiff: { "roles[0]": { kind: "ADD", inputDiff: false } },
        diffs: ["roles"],
      });
      // Unknown inputs: no detailed diff, the engine diffs the inputs itself.
      expect(await partnerAdmin.diff(created.id, created.outputs, { email: user1, roles: UNKNOWN })).toEqual({
        changes: "DIFF_SOME",
        replaces: [],
      });
      const refused = await failureOf(
        partnerAdmin.diff(created.id, created.outputs, { email: user1, roles: ["full_admin", "readonly_admin"] }),
      );
      expect(refused.details).toContain("exclusive-roles");

      // Update.
      const updated = await partnerAdmin.checkDiffUpdate(created.id, created.inputs, created.outputs, news);
      expect(updated.diff.changes).toBe("DIFF_SOME");
      expect(new Set((await hubRoles(user1)) as string[])).toEqual(new Set(["partner_admin", "readonly_admin"]));
      expect(new Set(updated.outputs.roles as string[])).toEqual(new Set(["partner_admin", "readonly_admin"]));
      // Sets compare as sets.
      expect(
        (
          await partnerAdmin.diff(created.id, updated.outputs, {
            email: user1,
            roles: ["partner_admin", "readonly_admin"],
          })
        ).changes,
      ).toBe("DIFF_NONE");

      // Read (refresh): the live props and inputs.
      const read = await partnerAdmin.read(created.id, updated.outputs, updated.inputs);
      expect(read.id).toBe(created.id);
      expect(read.properties).toMatchObject({ email: user1, personId: PERSON(user1) });
      expect(new Set(read.properties.roles as string[])).toEqual(new Set(["partner_admin", "readonly_admin"]));
      expect(read.inputs).toMatchObject({ email: user1 });
      // A person the Hub no longer holds: a blank id drops the resource from the state.
      expect((await partnerAdmin.read(pid("gone@partner.example"), updated.outputs, updated.inputs)).id).toBe("");

      // Delete removes the declared roles; the Hub is back where it started.
      await partnerAdmin.delete(created.id, updated.outputs);
      expect(await hubRoles(user1)).toEqual([]);
    });

    it("a state written by an earlier version (the provider loads dist/provider/host.js by path) still reads, updates and deletes", async () => {
      const legacyText = serialized.partnerAdmin.replace(
        JSON.stringify("pulumi-webexhub/host"),
        JSON.stringify("pulumi-webexhub/dist/provider/host.js"),
      );
      expect(legacyText).not.toBe(serialized.partnerAdmin);
      const legacy = new ResourceDriver(host, legacyText, "PartnerAdmin", "user2", transcript);
      const user2 = "user2@partner.example";
      const created = await legacy.checkAndCreate({ email: user2, roles: ["partner_admin"] });
      expect((await legacy.read(created.id, created.outputs, created.inputs)).properties).toMatchObject({
        email: user2,
        roles: ["partner_admin"],
      });
      const updated = await legacy.checkDiffUpdate(created.id, created.inputs, created.outputs, {
        email: user2,
        roles: ["partner_admin", "readonly_admin"],
      });
      expect(new Set((await hubRoles(user2)) as string[])).toEqual(new Set(["partner_admin", "readonly_admin"]));
      await legacy.delete(created.id, updated.outputs);
      expect(await hubRoles(user2)).toEqual([]);
    });

    it("PartnerAdmin: a delete that would remove the last full admin is refused (last-full-admin)", async () => {
      const admin = new ResourceDriver(host, serialized.partnerAdmin, "PartnerAdmin", "admin", transcript);
      const second = new ResourceDriver(host, serialized.partnerAdmin, "PartnerAdmin", "second", transcript);
      const a = await admin.checkAndCreate({ email: PARTNER_ADMIN, roles: ["full_admin", "partner_full_admin"] });
      const s = await second.checkAndCreate({ email: "second@partner.example", roles: ["full_admin"] });
      // second@ gives up full admin: admin@ is now the only one.
      const s2 = await second.checkDiffUpdate(s.id, s.inputs, s.outputs, {
        email: "second@partner.example",
        roles: [],
      });
      expect(await hubRoles("second@partner.example")).toEqual([]);

      const refused = await failureOf(admin.delete(a.id, a.outputs));
      expect(refused.details).toContain("last-full-admin");
      expect(new Set((await hubRoles(PARTNER_ADMIN)) as string[])).toEqual(
        new Set(["full_admin", "partner_full_admin"]),
      );

      // Back to the seed.
      await second.checkDiffUpdate(s.id, s2.inputs, s2.outputs, {
        email: "second@partner.example",
        roles: ["full_admin"],
      });
      expect(await hubRoles("second@partner.example")).toEqual(["full_admin"]);
    });

    it("CustomerAssignment: check, diff, create, read, update, delete", async () => {
      const pa = "pa@partner.example";
      const seeded = await hubAssignments(pa);
      expect(seeded).toEqual([cid(1), cid(2), cid(3)]);

      for (const news of [
        { adminEmail: UNKNOWN, customerOrgIds: [cid(4)] },
        { adminEmail: pa, customerOrgIds: UNKNOWN },
        { adminEmail: pa, customerOrgIds: [UNKNOWN, cid(5)] },
      ] as Props[]) {
        expect((await assignment.check({}, news)).failures, JSON.stringify(news)).toEqual([]);
      }
      expect(reasons((await assignment.check({}, { adminEmail: pa, customerOrgIds: [MSP] })).failures)).toContain(
        "customer-not-managed",
      );
      expect(
        reasons(
          (await assignment.check({}, { adminEmail: "user2@partner.example", customerOrgIds: [cid(4)] })).failures,
        ),
      ).toContain("assignment-target-role");

      // Authoritative: the Hub ends up holding exactly the declared set.
      // pa already manages three customers: replacing them is a takeover, asked for explicitly.
      const created = await assignment.checkAndCreate({
        adminEmail: pa,
        customerOrgIds: [cid(4), cid(5)],
        adopt: true,
      });
      expect(created.id).toBe(PERSON(pa));
      expect(created.outputs).toMatchObject({ personId: PERSON(pa), count: 2 });
      expect(await hubAssignments(pa)).toEqual([cid(4), cid(5)]);

      expect((await assignment.diff(created.id, created.outputs, created.inputs)).changes).toBe("DIFF_NONE");
      expect(
        (await assignment.diff(created.id, created.outputs, { adminEmail: pa, customerOrgIds: [cid(5), cid(4)] }))
          .changes,
      ).toBe("DIFF_NONE");
      const news: Props = { adminEmail: pa, customerOrgIds: [cid(4), cid(5), cid(6)] };
      expect((await assignment.diff(created.id, created.outputs, news)).changes).toBe("DIFF_SOME");
      expect(
        (await assignment.diff(created.id, created.outputs, { adminEmail: pa, customerOrgIds: [UNKNOWN] })).changes,
      ).toBe("DIFF_SOME");
      expect(
        (await failureOf(assignment.diff(created.id, created.outputs, { adminEmail: pa, customerOrgIds: [MSP] })))
          .details,
      ).toContain("customer-not-managed");

      const updated = await assignment.checkDiffUpdate(created.id, created.inputs, created.outputs, news);
      expect(updated.diff.changes).toBe("DIFF_SOME");
      expect(updated.outputs).toMatchObject({ count: 3 });
      expect(await hubAssignments(pa)).toEqual([cid(4), cid(5), cid(6)]);

      const read = await assignment.read(created.id, updated.outputs, updated.inputs);
      expect(read.id).toBe(created.id);
      expect(read.properties).toMatchObject({ adminEmail: pa, personId: PERSON(pa), count: 3 });
      expect([...(read.properties.customerOrgIds as string[])].sort()).toEqual([cid(4), cid(5), cid(6)].sort());
      expect((await assignment.read(pid("gone@partner.example"), updated.outputs, updated.inputs)).id).toBe("");

      await assignment.delete(created.id, updated.outputs);
      expect(await hubAssignments(pa)).toEqual([]);

      // Back to the seed, out of band.
      for (const orgId of seeded)
        await hubSend(PARTNER_ADMIN, "POST", `/partner/organizations/${orgId}/partnerAdmin/${PERSON(pa)}/assign`);
      expect(await hubAssignments(pa)).toEqual(seeded);
    });

    it("RestrictedMode: check, diff, create, read, update, delete", async () => {
      const orgId = cid(2);
      expect(await hubRestrictedMode(orgId)).toBe(true);

      for (const news of [
        { orgId: UNKNOWN, enabled: false },
        { orgId, enabled: UNKNOWN },
      ] as Props[]) {
        expect((await restricted.check({}, news)).failures, JSON.stringify(news)).toEqual([]);
      }
      expect(reasons((await restricted.check({}, { orgId: MSP, enabled: false })).failures)).toContain(
        "customer-not-managed",
      );
      // The default is filled in by check.
      expect((await restricted.check({}, { orgId })).inputs).toEqual({ orgId, enabled: true });

      const created = await restricted.checkAndCreate({ orgId, enabled: false });
      expect(created.id).toBe(orgId);
      expect(created.outputs).toEqual({ orgId, enabled: false, withheld: [] });
      expect(await hubRestrictedMode(orgId)).toBe(false);

      expect((await restricted.diff(created.id, created.outputs, created.inputs)).changes).toBe("DIFF_NONE");
      expect((await restricted.diff(created.id, created.outputs, { orgId, enabled: true })).changes).toBe("DIFF_SOME");
      expect((await restricted.diff(created.id, created.outputs, { orgId, enabled: UNKNOWN })).changes).toBe(
        "DIFF_SOME",
      );

      const on = await restricted.checkDiffUpdate(created.id, created.inputs, created.outputs, {
        orgId,
        enabled: true,
      });
      expect(on.diff.changes).toBe("DIFF_SOME");
      expect(on.outputs).toMatchObject({ orgId, enabled: true });
      expect((on.outputs.withheld as Json[]).length).toBeGreaterThan(0);
      expect(await hubRestrictedMode(orgId)).toBe(true);
      const off = await restricted.checkDiffUpdate(created.id, on.inputs, on.outputs, { orgId, enabled: false });
      expect(await hubRestrictedMode(orgId)).toBe(false);

      const read = await restricted.read(created.id, off.outputs, off.inputs);
      expect(read).toMatchObject({
        id: orgId,
        properties: { orgId, enabled: false, withheld: [] },
        inputs: { orgId, enabled: false },
      });
      // Not (or no longer) a customer of this partner: dropped from the state.
      expect((await restricted.read(MSP, off.outputs, off.inputs)).id).toBe("");

      // Delete returns the org to the default (on).
      await restricted.delete(created.id, off.outputs);
      expect(await hubRestrictedMode(orgId)).toBe(true);
    });
  });

  describe("a customer stack (token of admin@customer01.example)", () => {
    const orgId = cid(1);
    const helper = "helper@msp.example";
    let host: Host;
    let external: ResourceDriver;

    beforeAll(async () => {
      // This time the token arrives as a secret config value.
      host = await newConfiguredHost(CUSTOMER01_ADMIN, { secretToken: true });
      external = new ResourceDriver(host, serialized.externalAdmin, "ExternalAdmin", "helper", transcript);
    });

    it("ExternalAdmin: a partner's token is refused at check (external-admin-chain)", async () => {
      const partnerHost = await newConfiguredHost(PARTNER_ADMIN);
      const asPartner = new ResourceDriver(
        partnerHost,
        serialized.externalAdmin,
        "ExternalAdmin",
        "helper",
        transcript,
      );
      const checked = await asPartner.check(
        {},
        { orgId, email: helper, role: "external_readonly_admin", expiresAt: yearsAhead(1) },
      );
      expect(reasons(checked.failures)).toContain("external-admin-chain");
      expect(await hubExternalAdmins(orgId)).toEqual([]);
    });

    it("ExternalAdmin: check, diff, create, read, update, delete", async () => {
      const expiresAt = yearsAhead(1);
      const inputs: Props = { orgId, email: helper, role: "external_readonly_admin", expiresAt };

      for (const news of [
        { ...inputs, email: UNKNOWN },
        { ...inputs, expiresAt: UNKNOWN },
        { orgId: UNKNOWN, email: UNKNOWN, role: UNKNOWN, expiresAt: UNKNOWN, contactCenterServiceAdmin: UNKNOWN },
      ] as Props[]) {
        expect((await external.check({}, news)).failures, JSON.stringify(news)).toEqual([]);
      }
      expect(reasons((await external.check({}, { ...inputs, role: "external_full_admin" })).failures)).toContain(
        "expiry-readonly-only",
      );
      expect(
        reasons((await external.check({}, { ...inputs, expiresAt: "2001-01-01T00:00:00.000Z" })).failures),
      ).toContain("expiry-in-past");

      const created = await external.checkAndCreate(inputs);
      expect(created.id).toBe(`${orgId}/${PERSON(helper)}`);
      expect(created.outputs).toMatchObject({ ...inputs, personId: PERSON(helper), homeOrgId: MSP });
      const grants = await hubExternalAdmins(orgId);
      expect(grants).toHaveLength(1);
      expect(grants[0]).toMatchObject({ personId: PERSON(helper), role: "external_readonly_admin" });
      expect(Date.parse(String(field(grants[0], "expiresAt")))).toBe(Date.parse(expiresAt));

      expect((await external.diff(created.id, created.outputs, created.inputs)).changes).toBe("DIFF_NONE");
      const later = yearsAhead(2);
      const news: Props = { ...inputs, expiresAt: later };
      expect((await external.diff(created.id, created.outputs, news)).changes).toBe("DIFF_SOME");
      expect((await external.diff(created.id, created.outputs, { ...inputs, role: UNKNOWN })).changes).toBe(
        "DIFF_SOME",
      );
      expect(
        (await failureOf(external.diff(created.id, created.outputs, { ...inputs, role: "external_full_admin" })))
          .details,
      ).toContain("expiry-readonly-only");

      const updated = await external.checkDiffUpdate(created.id, created.inputs, created.outputs, news);
      expect(updated.diff.changes).toBe("DIFF_SOME");
      expect(Date.parse(String(field((await hubExternalAdmins(orgId))[0], "expiresAt")))).toBe(Date.parse(later));

      const read = await external.read(created.id, updated.outputs, updated.inputs);
      expect(read.id).toBe(created.id);
      expect(read.properties).toMatchObject({
        orgId,
        email: helper,
        role: "external_readonly_admin",
        personId: PERSON(helper),
      });
      expect(Date.parse(String(read.properties.expiresAt))).toBe(Date.parse(later));

      await external.delete(created.id, updated.outputs);
      expect(await hubExternalAdmins(orgId)).toEqual([]);
    });

    it("ExternalAdmin: removed out of band, a later run's Read returns a blank id and Diff shows the drift", async () => {
      const inputs: Props = { orgId, email: helper, role: "external_readonly_admin", expiresAt: yearsAhead(1) };
      const created = await external.checkAndCreate(inputs);
      expect(await hubExternalAdmins(orgId)).toHaveLength(1);
      await hubSend(CUSTOMER01_ADMIN, "DELETE", `/organizations/${orgId}/externalAdmins/${PERSON(helper)}`);
      expect(await hubExternalAdmins(orgId)).toEqual([]);

      // `pulumi preview` / `pulumi refresh`: a new plugin process.
      const later = await newConfiguredHost(CUSTOMER01_ADMIN);
      const again = new ResourceDriver(later, serialized.externalAdmin, "ExternalAdmin", "helper", transcript);
      expect((await again.diff(created.id, created.outputs, created.inputs)).changes).toBe("DIFF_SOME");
      const read = await again.read(created.id, created.outputs, created.inputs);
      expect(read.id).toBe("");
      // Deleting what is already gone is not an error.
      await again.delete(created.id, created.outputs);
    });
  });

  it("configuration comes from Configure alone: without webexhub:token the host has none (no WEBEXHUB_* in its env)", async () => {
    const host = await startHost(engine);
    hosts.push(host);
    await configureHost(host, { "webexhub:endpoint": hub.url }, transcript);
    const driver = new ResourceDriver(host, serialized.partnerAdmin, "PartnerAdmin", "user1", transcript);
    const checked = await driver.check({}, { email: "user1@partner.example", roles: ["partner_admin"] });
    expect(reasons(checked.failures)).toContain("config-missing");
    expect(reasons(checked.failures)).toContain("webexhub:token");
  });

  it("no token anywhere: gRPC answers, provider logs, host output", () => {
    expect(transcript.size).toBeGreaterThan(50);
    const texts = [transcript.text(), engine.logs.map((l) => l.message).join("\n"), ...hosts.map((h) => h.output())];
    for (const text of texts) {
      for (const token of allTokens()) expect(text.includes(token)).toBe(false);
    }
    // The providers' pulumi.log lines reached the engine (diff explains each change).
    expect(engine.logs.some((l) => l.message.includes("PartnerAdmin user1@partner.example"))).toBe(true);
  });
});
