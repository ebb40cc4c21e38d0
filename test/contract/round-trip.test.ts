/**
 * Writes lose nothing. A real Webex SDK's GET-then-PUT (webexpythonsdk, when a Python with it is at
 * hand) and the same request from Node succeed on the mock Hub and change nothing; a role change,
 * by SCIM delta or by full PUT, changes the roles and nothing else; two writers' deltas both land.
 */
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { idUuid } from "../../api/ids";
import { personUpdateFrom } from "../../api/decode";
import { SCIM_PATCH_SCHEMA, type WirePerson, type WireRole, type WireList } from "../../api/wire";
import type { MockHub } from "../../mockhub/server";
import { DEMO_PARTNER_ORG_ID, demoPersonId } from "../../mockhub/seed";
import { call, startDemoHub, token } from "../mockhub/helpers";

const ADMIN = "admin@partner.example";
const USER1 = demoPersonId("user1@partner.example");

/**
 * A Python that can import a Webex SDK: WEBEX_SDK_PYTHON, the venv scripts/webex-sdk-venv.sh makes,
 * else python3 if it has one. None: the SDK tests are skipped (the Node test below sends the same body).
 */
function sdkPython(): string | undefined {
  const venv = join(__dirname, "../../.webexhub/sdk-venv/bin/python");
  for (const python of [process.env.WEBEX_SDK_PYTHON, venv, "python3"]) {
    if (python === undefined || python === "") continue;
    const probe = spawnSync(python, [
      "-c",
      "import importlib.util as u, sys; sys.exit(0 if (u.find_spec('webexpythonsdk') or u.find_spec('webexteamssdk')) else 1)",
    ]);
    if (probe.status === 0) return python;
  }
  return undefined;
}

const PYTHON = sdkPython();

/** Every field of the person but the ones a role change is meant to touch. */
function withoutRoles(p: WirePerson): Omit<WirePerson, "roles" | "lastModified"> {
  const { roles: _roles, lastModified: _lastModified, ...rest } = p;
  return rest;
}

describe("GET-then-PUT round trips", () => {
  let hub: MockHub;
  let stop: () => Promise<void>;
  let t: string;
  const get = async (id: string): Promise<WirePerson> => (await call<WirePerson>(hub, t, "GET", `/people/${id}`)).body;
  const roleId = async (name: string): Promise<string> => {
    const role = (await call<WireList<WireRole>>(hub, t, "GET", "/roles")).body.items.find((r) => r.name === name);
    if (!role) throw new Error(`no role ${name}`);
    return role.id;
  };

  beforeEach(async () => {
    ({ hub, stop } = await startDemoHub());
    t = token(hub, ADMIN);
  });
  afterEach(async () => stop());

  it.skipIf(PYTHON === undefined).each(["webexpythonsdk", "webexteamssdk"])(
    "a real Webex SDK (%s) updates a person the documented way and changes nothing",
    async (name) => {
      const auditBefore = hub.snapshot().audit.length;
      // Asynchronous: the mock Hub answers from this same process.
      const { stdout: out } = await promisify(execFile)(
        PYTHON ?? "",
        [join(__dirname, "sdk", "round_trip.py"), `${hub.url}/v1/`, t, USER1],
        { encoding: "utf8", env: { ...process.env, WEBEX_SDK: name } },
      );
      const result = JSON.parse(out) as { sdk: string; before: WirePerson; put: WirePerson; after: WirePerson };
      // Either package may be the one installed; the script says which ran.
      expect(result.sdk).toMatch(/^webex(python|teams)sdk /);
      expect(result.before.licenses?.length).toBeGreaterThan(0);
      expect(result.before.phoneNumbers?.length).toBeGreaterThan(0);
      expect(result.put).toEqual(result.before);
      expect(result.after).toEqual(result.before);
      expect(hub.snapshot().audit.length).toBe(auditBefore);
    },
  );

  it("the body such an SDK sends (every field of the GET, read-only ones included) is accepted and changes nothing", async () => {
    for (const id of [USER1, demoPersonId("admin@customer03.example"), demoPersonId("pa@partner.example")]) {
      const before = await get(id);
      expect(before.siteUrls?.length, "the demo person has site URLs").toBeGreaterThan(0);
      const put = await call<WirePerson>(hub, t, "PUT", `/people/${id}`, before);
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      expect(put.body).toEqual(before);
      expect(await get(id)).toEqual(before);
    }
    expect(hub.snapshot().audit).toEqual([]);
  });

  it("a role change by SCIM delta changes the roles and keeps every other field", async () => {
    const before = await get(USER1);
    const path = `/identity/scim/${idUuid(DEMO_PARTNER_ORG_ID)}/v2/Users/${idUuid(USER1)}`;
    const patch = {
      schemas: [SCIM_PATCH_SCHEMA],
      Operations: [{ op: "add", path: "roles", value: [{ value: "atlas-portal.support" }] }],
    };
    const answer = await call(hub, t, "PATCH", path, patch);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const after = await get(USER1);
    expect(after.roles).toEqual([await roleId("Support Administrator")]);
    expect(withoutRoles(after)).toEqual(withoutRoles(before));
  });

  it("a role change by full PUT (personUpdateFrom) keeps every other field and writes the Hub's own role id", async () => {
    const id = demoPersonId("admin@customer05.example");
    const before = await get(id);
    const roles = [...(before.roles ?? []), await roleId("Compliance Officer")];
    const answer = await call(hub, t, "PUT", `/people/${id}`, personUpdateFrom(before, roles));
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const after = await get(id);
    expect(after.roles).toEqual(roles);
    expect(withoutRoles(after)).toEqual(withoutRoles(before));
  });

  it("two writers' role deltas on one person both land", async () => {
    const path = `/identity/scim/${idUuid(DEMO_PARTNER_ORG_ID)}/v2/Users/${idUuid(USER1)}`;
    const add = (value: string) => ({
      schemas: [SCIM_PATCH_SCHEMA],
      Operations: [{ op: "add", path: "roles", value: [{ value }] }],
    });
    const answers = await Promise.all([
      call(hub, t, "PATCH", path, add("atlas-portal.support")),
      call(hub, token(hub, "second@partner.example"), "PATCH", path, add("id_device_admin")),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(new Set((await get(USER1)).roles)).toEqual(
      new Set([await roleId("Support Administrator"), await roleId("Device Administrator")]),
    );
    const removed = await call(hub, t, "PATCH", path, {
      schemas: [SCIM_PATCH_SCHEMA],
      Operations: [{ op: "remove", path: 'roles[value eq "id_device_admin"]' }],
    });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect((await get(USER1)).roles).toEqual([await roleId("Support Administrator")]);
  });

  it("a PUT that leaves fields out wipes them, as Webex does, so a client that drops a field shows it", async () => {
    const id = demoPersonId("admin@customer04.example");
    const before = await get(id);
    const answer = await call<WirePerson>(hub, t, "PUT", `/people/${id}`, {
      displayName: before.displayName,
      roles: before.roles,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const after = await get(id);
    for (const field of [
      "licenses",
      "extension",
      "locationId",
      "siteUrls",
      "title",
      "addresses",
      "department",
    ] as const) {
      expect(before[field], field).toBeDefined();
      expect(after[field], field).toBeUndefined();
    }
    // The work number goes (and the extension's with the extension); the PUT cannot set the mobile one.
    expect(after.phoneNumbers).toEqual(before.phoneNumbers?.filter((n) => n.type === "mobile"));
    expect(after.emails).toEqual(before.emails);
    expect(after.roles).toEqual(before.roles);
  });

  it("SCIM is served at the host root, as on Webex, and under /v1", async () => {
    const path = `/identity/scim/${idUuid(DEMO_PARTNER_ORG_ID)}/v2/Users/${idUuid(USER1)}`;
    const root = await fetch(`${hub.url}${path}`, { headers: { Authorization: `Bearer ${t}` } });
    expect(root.status).toBe(200);
    expect((await call(hub, t, "GET", path)).status).toBe(200);
  });

  it("work_extension numbers are derived from the extension: a PUT without them keeps them", async () => {
    const before = await get(USER1);
    expect(before.phoneNumbers?.some((n) => n.type === "work_extension")).toBe(true);
    const body = {
      ...personUpdateFrom(before),
      phoneNumbers: before.phoneNumbers?.filter((n) => n.type !== "work_extension"),
    };
    expect((await call(hub, t, "PUT", `/people/${USER1}`, body)).status).toBe(200);
    expect(await get(USER1)).toEqual(before);
  });

  it("a role id the Hub does not know is refused by name, and nothing changes", async () => {
    const before = await get(USER1);
    const answer = await call(hub, t, "PUT", `/people/${USER1}`, personUpdateFrom(before, ["full_admin"]));
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('roles[0]: \\"full_admin\\" is not a role of this Hub');
    expect(await get(USER1)).toEqual(before);
  });
});
