/**
 * `webexhub validate` against a Hub shaped like Webex, which has no Restricted Administrator Mode
 * API (a webexhub mock extension): a partner file with `customers:` is still judged live, and the
 * command says what it could not read instead of stopping.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../cli/main";
import { resetHubSessions } from "../../hub/sessions";
import { ENDPOINT, TOKEN } from "../hub/helpers";
import { CUSTOMER_ORG, PARTNER_ORG, richPerson, roleOf, webexFake } from "../hub/webex-fake";

let dir = "";
beforeEach(() => {
  nock.disableNetConnect();
  resetHubSessions();
  dir = mkdtempSync(join(tmpdir(), "webexhub-validate-webex-"));
});
afterEach(() => {
  nock.cleanAll();
  resetHubSessions();
  rmSync(dir, { recursive: true, force: true });
});

function partnerFile(extraAdmin: string): string {
  const path = join(dir, "partner.yaml");
  writeFileSync(
    path,
    `apiVersion: webexhub/v1
partner:
  orgId: ${PARTNER_ORG}
admins:
  - email: me@partner.example
    roles: [full_admin, partner_full_admin]
  - email: john@partner.example
    roles: [full_admin, partner_full_admin]
${extraAdmin}customers:
  - orgId: ${CUSTOMER_ORG}
    restrictedMode: false
`,
  );
  return path;
}

async function validate(path: string): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(["validate", path, "--endpoint", ENDPOINT, "--token", TOKEN], {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
  });
  return { code, out, err };
}

function hub(): void {
  const roles = [roleOf("Partner Full Administrator"), roleOf("Full Administrator")];
  webexFake({
    meId: richPerson("11111111-1111-4111-8111-111111111111", "me@partner.example", PARTNER_ORG, roles).id,
    people: [
      richPerson("11111111-1111-4111-8111-111111111111", "me@partner.example", PARTNER_ORG, roles),
      richPerson("22222222-2222-4222-8222-222222222222", "john@partner.example", PARTNER_ORG, roles),
    ],
    orgs: [
      { id: PARTNER_ORG, displayName: "Partner", created: "2015-10-18T14:26:16+00:00" },
      { id: CUSTOMER_ORG, displayName: "Customer", created: "2016-10-18T14:26:16+00:00" },
    ],
  });
}

describe("webexhub validate against a Hub without Restricted Administrator Mode", () => {
  it("judges the file live and notes what the Hub could not tell", async () => {
    hub();
    const { code, out, err } = await validate(partnerFile(""));
    expect(code).toBe(0);
    expect(out).toContain("0 errors");
    expect(err).toContain(`against the Hub at ${ENDPOINT}`);
    expect(err).toMatch(/note: this Hub does not offer Restricted Administrator Mode .*webexhub mock extension/);
  });

  it("still runs the live rules: a person the Hub does not know is unknown-user", async () => {
    hub();
    const { code, out } = await validate(partnerFile("  - email: ghost@partner.example\n    roles: [support_admin]\n"));
    expect(code).toBe(1);
    expect(out).toContain("unknown-user");
  });
});
