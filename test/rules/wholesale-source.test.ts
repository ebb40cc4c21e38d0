/**
 * No Webex API says whether a partner sells wholesale, so with the Hub the deployment's setting
 * (webexhub:wholesale, carried on the live partner org) decides when set, else the file does; the
 * message names the source the user has to change.
 */
import { describe, expect, it } from "vitest";
import { desiredOfFile, parseGitOpsFile } from "../../core/gitops/file";
import { evaluate } from "../../core/rules/engine";
import type { World } from "../../core/rules/types";

const file = (wholesale: boolean): string => `apiVersion: webexhub/v1
partner: {orgId: P, wholesale: ${wholesale}}
admins:
  - email: admin@p.example
    roles: [full_admin, partner_full_admin]
  - email: pa@p.example
    roles: [partner_admin, wholesale_admin]
`;

const world = (wholesale: boolean | undefined): World => ({
  partnerOrgId: "P",
  orgs: [{ id: "P", displayName: "P", kind: "partner", ...(wholesale === undefined ? {} : { wholesale }) }],
  people: [
    { id: "a", email: "admin@p.example", orgId: "P", roles: ["full_admin", "partner_full_admin"] },
    { id: "b", email: "pa@p.example", orgId: "P", roles: ["partner_admin"] },
  ],
  assignments: {},
  externalAdmins: [],
});

function wholesaleMessages(fileSays: boolean, setting: boolean | undefined, live: boolean): string[] {
  const parsed = parseGitOpsFile(file(fileSays));
  if (!parsed.ok) throw new Error("fixture does not parse");
  const violations = evaluate({
    desired: desiredOfFile(parsed.parsed),
    now: new Date("2030-01-01T00:00:00Z"),
    ...(live ? { world: world(setting) } : {}),
  });
  return violations.filter((v) => v.code === "wholesale-not-enabled").map((v) => v.message);
}

describe("wholesale-not-enabled: where the answer comes from", () => {
  it.each([
    [
      "offline, the file says no",
      false,
      undefined,
      false,
      /does not; remove it from pa@p\.example, or set partner\.wholesale: true/,
    ],
    [
      "with the Hub, no setting: the file decides",
      false,
      undefined,
      true,
      /does not; remove it from pa@p\.example, or set partner\.wholesale: true/,
    ],
    [
      "with the Hub, the setting says no over the file's yes",
      true,
      false,
      true,
      /does not \(per the webexhub:wholesale setting\); .* or set webexhub:wholesale \(WEBEXHUB_WHOLESALE\) to true/,
    ],
  ])("%s", (_name, fileSays, setting, live, message) => {
    const messages = wholesaleMessages(fileSays, setting, live);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  it("with the Hub, the setting's yes wins over the file's no", () => {
    expect(wholesaleMessages(false, true, true)).toEqual([]);
  });
});
