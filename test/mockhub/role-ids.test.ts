/**
 * The mock Hub's guard compares what role ids mean, not how they are spelt: every spelling of a role
 * id (padding, either base64 alphabet, the prefix or the role value in another case) is that role, a
 * list that names one role twice is a 400 naming it, and the rules run on every write. Once,
 * pa@partner.example raised itself to full admin by first storing `[held, held']` (one role, two
 * spellings) and then sending `[held, full_admin]`, which a count-based comparison took for "no change".
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalWebexId } from "../../api/ids";
import { SCIM_PATCH_SCHEMA, type WirePerson } from "../../api/wire";
import { ROLE_IDS, type RoleId } from "../../core/rules/catalog";
import type { MockHub } from "../../mockhub/server";
import { DEFAULT_PROFILE } from "../../mockhub/profile";
import { catalogRoleOfId } from "../../mockhub/views";

const roleValue = (role: RoleId): string => DEFAULT_PROFILE.roles.scimValue(role);
import { call, errorOf, PARTNER, pid, rids, startDemoHub, token, type Answer } from "./helpers";

const PA = "pa@partner.example";
const ADMIN = "admin@partner.example";

/** Four encodings of one id's text: base64url and standard base64, each with and without padding. */
function encodings(text: string): string[] {
  const bytes = Buffer.from(text, "utf8");
  const std = bytes.toString("base64");
  const url = bytes.toString("base64url");
  return [...new Set([url, `${url}${"=".repeat((4 - (url.length % 4)) % 4)}`, std, std.replace(/=+$/, "")])];
}

/**
 * Every spelling of a role's id a client might send: the text in several cases (the value's too,
 * unless told not to), each encoded four ways.
 */
function spellings(role: RoleId, valueCase = true): string[] {
  const value = roleValue(role);
  const texts = [`ciscospark://us/ROLE/${value}`, `CISCOSPARK://US/ROLE/${value}`, `ciscospark://us/role/${value}`];
  const upper = value.toUpperCase();
  if (valueCase) texts.push(`ciscospark://us/ROLE/${upper}`, `CisCoSpark://Us/RoLe/${upper}`);
  return [...new Set(texts.flatMap(encodings))];
}

describe("role id spellings", () => {
  it("every spelling of every role is that role", () => {
    const seen = ROLE_IDS.map((role) => ({
      role,
      roles: [...new Set(spellings(role).map((id) => catalogRoleOfId(id)))],
    }));
    expect(seen).toEqual(ROLE_IDS.map((role) => ({ role, roles: [role] })));
  });

  it("spellings of one id have one canonical form, in either base64 alphabet", () => {
    const canonical = ROLE_IDS.map((role) => [...new Set(spellings(role, false).map(canonicalWebexId))]);
    expect(canonical).toEqual(ROLE_IDS.map((role) => rids(role)));
    // Role values have no byte that base64 writes as + or /; an id whose tail has one shows both alphabets.
    const odd = encodings("ciscospark://us/PEOPLE/a~b?c>d");
    expect(odd.some((s) => /[+/]/.test(s)) && odd.some((s) => /[-_]/.test(s))).toBe(true);
    const all = [...odd, ...encodings("CISCOSPARK://US/people/a~b?c>d")];
    expect([...new Set(all.map(canonicalWebexId))]).toEqual([odd[0]]);
  });

  it("the sweep covers padding", () => {
    expect(ROLE_IDS.flatMap((r) => spellings(r)).some((s) => s.endsWith("="))).toBe(true);
  });

  it("what is not a role id stays unknown: a person id, text that only looks like one, = inside", () => {
    const [fullAdmin] = rids("full_admin");
    const broken = `${fullAdmin?.slice(0, 8)}=${fullAdmin?.slice(8)}`;
    expect(
      [pid(PA), "id_full_admin", broken, "", "Y2lzY29zcGFyazovL3VzL1JPTEUv"].map((id) => catalogRoleOfId(id)),
    ).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

describe("the guard on repeated and respelt roles", () => {
  let hub: MockHub;
  let stop: () => Promise<void>;
  let dir: string;
  const t = (email: string): string => token(hub, email);
  const person = async (id: string): Promise<WirePerson> =>
    (await call<WirePerson>(hub, t(ADMIN), "GET", `/people/${id}`)).body;
  const putRoles = (as: string, email: string, roles: string[]): Promise<Answer> => {
    const displayName = hub.snapshot().people.find((p) => p.emails[0] === email)?.displayName ?? email;
    return call(hub, t(as), "PUT", `/people/${pid(email)}`, { emails: [email], displayName, roles });
  };
  const scim = (as: string, email: string, operations: unknown[]): Promise<Answer> =>
    call(hub, t(as), "PATCH", `/identity/scim/${PARTNER}/v2/Users/${pid(email)}`, {
      schemas: [SCIM_PATCH_SCHEMA],
      Operations: operations,
    });
  const descriptions = (answer: Answer): string[] => errorOf(answer).errors.map((e) => e.description);

  beforeAll(async () => {
    ({ hub, stop, dir } = await startDemoHub());
  });
  afterAll(async () => stop());

  it("pa@partner.example cannot raise itself through [held, held'] then [held, full_admin]", async () => {
    const [held] = rids("partner_admin");
    const padded = `${held}=`;
    const repeat = await putRoles(PA, PA, [held ?? "", padded]);
    expect(repeat.status, JSON.stringify(repeat.body)).toBe(400);
    expect(descriptions(repeat)).toEqual([
      `roles[1]: "${padded}" repeats roles[0], the role Partner Administrator (${held}); name each role once`,
    ]);
    const raise = await putRoles(PA, PA, [held ?? "", ...rids("full_admin")]);
    expect(raise.status, JSON.stringify(raise.body)).toBe(403);
    expect(errorOf(raise).errors.map((e) => e.code)).toEqual(["actor-lacks-privilege"]);
    expect((await person(pid(PA))).roles).toEqual([held]);
  });

  it("every spelling of a held role, repeated, is a 400 naming it, through PUT /people", async () => {
    const [held] = rids("partner_admin");
    const before = hub.snapshot();
    const statuses = await Promise.all(
      spellings("partner_admin").map(async (s) => {
        const answer = await putRoles(ADMIN, PA, [held ?? "", s]);
        return { s, status: answer.status, named: descriptions(answer) };
      }),
    );
    // The very same string twice is refused by the body's schema already (uniqueItems), naming both places.
    const named = (s: string): string[] => [
      s === held
        ? "roles: items 0 and 1 are duplicates"
        : `roles[1]: "${s}" repeats roles[0], the role Partner Administrator (${held}); name each role once`,
    ];
    expect(statuses).toEqual(spellings("partner_admin").map((s) => ({ s, status: 400, named: named(s) })));
    expect(hub.snapshot().people).toBe(before.people);
  });

  it("one spelling alone is the role: stored and shown in its one canonical form", async () => {
    const odd = spellings("sales_admin").find((s) => /[+/=]/.test(s) || s !== rids("sales_admin")[0]) ?? "";
    const granted = await putRoles(ADMIN, "user3@partner.example", [odd]);
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    expect((await person(pid("user3@partner.example"))).roles).toEqual(rids("sales_admin"));
  });

  it("SCIM PATCH: a role named twice in one operation is a 400; values compare without case", async () => {
    const twice = [{ value: "id_readonly_admin" }, { value: "ID_Readonly_Admin" }];
    const before = hub.snapshot().people;
    for (const op of ["add", "replace"]) {
      const answer = await scim(ADMIN, "user4@partner.example", [{ op, path: "roles", value: twice }]);
      expect([answer.status, descriptions(answer)]).toEqual([
        400,
        [
          `Operations[0].value[1]: "ID_Readonly_Admin" repeats Operations[0].value[0], ` +
            `the role Read-only Administrator (${rids("readonly_admin")[0]}); name each role once`,
        ],
      ]);
    }
    expect(hub.snapshot().people).toBe(before);
    const add = (value: string): unknown[] => [{ op: "add", path: "roles", value: [{ value }] }];
    const added = await scim(ADMIN, "user4@partner.example", add("ID_READONLY_ADMIN"));
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const again = await scim(ADMIN, "user4@partner.example", add("id_readonly_admin"));
    expect(again.status).toBe(200);
    expect((await person(pid("user4@partner.example"))).roles).toEqual(rids("readonly_admin"));
  });

  it("SCIM PATCH: pa cannot add full_admin to itself, in any case", async () => {
    for (const value of ["id_full_admin", "ID_FULL_ADMIN"]) {
      const answer = await scim(PA, PA, [{ op: "add", path: "roles", value: [{ value }] }]);
      expect(answer.status, JSON.stringify(answer.body)).toBe(403);
    }
    expect((await person(pid(PA))).roles).toEqual(rids("partner_admin"));
  });

  it("a state file that holds a role twice is read as a set, and the guard still stops the raise", async () => {
    const path = join(dir, "hub.json");
    const first = await startDemoHub({ statePath: path, tokensPath: join(dir, "t1.json") });
    await first.hub.close();
    const text = JSON.parse(readFileSync(path, "utf8")) as { people: Array<{ id: string; roles: string[] }> };
    const pa = text.people.find((p) => p.id === pid(PA));
    pa?.roles.push("partner_admin");
    writeFileSync(path, JSON.stringify(text));
    const again = await startDemoHub({ statePath: path, tokensPath: join(dir, "t2.json") });
    try {
      const stored = again.hub.snapshot().people.find((p) => p.id === pid(PA));
      expect(stored?.roles).toEqual(["partner_admin"]);
      const raise = await call(again.hub, token(again.hub, PA), "PUT", `/people/${pid(PA)}`, {
        emails: [PA],
        displayName: stored?.displayName,
        roles: rids("partner_admin", "full_admin"),
      });
      expect(raise.status, JSON.stringify(raise.body)).toBe(403);
    } finally {
      await again.stop();
      await first.stop();
    }
  });
});
