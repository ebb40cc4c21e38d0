/**
 * Every endpoint the mock Hub shares with Webex answers what the official spec documents: the
 * success status and a body that validates against the spec's response schema. Extensions are not
 * in the spec and are not checked here. Both profiles are run: the default one, and `webex`, which
 * serves nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEBEX_ROLE_TABLE } from "../../api/roles";
import { SCIM_PATCH_SCHEMA, type WireList, type WirePerson, type WireRole } from "../../api/wire";
import { personUpdateFrom } from "../../api/decode";
import { PROFILES, type MockHub } from "../../mockhub/server";
import { demoPersonId } from "../../mockhub/seed";
import { call, startDemoHub, token } from "../mockhub/helpers";
import { ADMIN, CASES, casePath } from "./cases";
import { loadSpec, specForRun, type Spec } from "./spec";

const SPEC_PATH = specForRun();

describe.skipIf(SPEC_PATH === undefined).each(PROFILES)(
  "mock Hub responses (profile %s) validate against the official Webex spec",
  (profile) => {
    let spec: Spec;
    let hub: MockHub;
    let stop: () => Promise<void>;
    beforeAll(async () => {
      spec = loadSpec(SPEC_PATH ?? "");
      ({ hub, stop } = await startDemoHub({ profile }));
    });
    afterAll(async () => stop());

    // In order: the later writes (revoke) depend on nothing earlier, but the reads run on the seeded state.
    it.each(CASES)("$method $spec: $name", async (c) => {
      const t = token(hub, c.as ?? ADMIN);
      const body = c.body ? await c.body(hub, t) : undefined;
      // The body is what the reference documents (the GET sent back, changed); the client's own bodies are checked below.
      const answer = await call(hub, t, c.method, casePath(hub, c), body);
      expect(answer.status, JSON.stringify(answer.body)).toBe(c.status);
      expect(spec.checkResponse(c.method, c.spec, c.status, answer.body)).toEqual([]);
    });

    it("every license a person holds is one of the org's licenses", async () => {
      const t = token(hub, ADMIN);
      const people = (await call<WireList<WirePerson>>(hub, t, "GET", "/people")).body.items;
      const licenses = new Set(
        (await call<WireList<{ id: string }>>(hub, t, "GET", "/licenses")).body.items.map((l) => l.id),
      );
      for (const p of people)
        for (const l of p.licenses ?? []) expect(licenses.has(l), `${p.emails[0]} ${l}`).toBe(true);
    });

    it("a person carries only the spec's Person fields (plus the siteRoles extension on the default profile)", async () => {
      const people = (await call<WireList<WirePerson>>(hub, token(hub, ADMIN), "GET", "/people")).body.items;
      const documented = new Set([...spec.properties("Person"), ...(profile === "default" ? ["siteRoles"] : [])]);
      for (const p of people) expect(Object.keys(p).filter((k) => !documented.has(k))).toEqual([]);
    });

    it("the PUT body a client builds from a GET is the documented body, and the SCIM delta the documented PatchOp", async () => {
      const person = (
        await call<WirePerson>(hub, token(hub, ADMIN), "GET", `/people/${demoPersonId("second@partner.example")}`)
      ).body;
      // A GET gives mobile and work_extension numbers; the PUT body takes `work` only, and the client sends no other.
      expect(person.phoneNumbers?.some((n) => n.type === "mobile")).toBe(true);
      expect(spec.checkRequest("PUT", "/people/{personId}", personUpdateFrom(person))).toEqual([]);
      const patch = {
        schemas: [SCIM_PATCH_SCHEMA],
        Operations: [{ op: "remove", path: "roles", value: [{ value: "id_full_admin", type: "cirole" }] }],
      };
      expect(spec.checkRequest("PATCH", "/identity/scim/{orgId}/v2/Users/{userId}", patch)).toEqual([]);
    });

    it("GET /roles names the roles the Webex way: every Webex role, and the extension roles on the default profile only", async () => {
      const roles = (await call<WireList<WireRole>>(hub, token(hub, ADMIN), "GET", "/roles")).body.items;
      const names = Object.entries(WEBEX_ROLE_TABLE)
        .filter(([, e]) => profile === "default" || e.extension !== true)
        .map(([name]) => name);
      expect(roles.map((r) => r.name).sort()).toEqual(names.sort());
      for (const r of roles)
        expect(Buffer.from(r.id, "base64url").toString()).toMatch(/^ciscospark:\/\/us\/ROLE\/\S+$/);
    });
  },
);
