/**
 * What the Webex API cannot say comes from the stack's configuration or the environment: role
 * names that differ from Webex's, wholesale, the managing partner. A bad value is one line naming
 * the setting, the value and the fix.
 */
import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../hub/credentials";
import { resolveHubSettings } from "../../hub/settings";
import { RoleDirectory } from "../../api/roles";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("hub settings", () => {
  it.each([
    ["nothing set", {}, {}, {}],
    [
      "role names from config, a name or a list",
      { "webexhub:roleNames": '{"full_admin": "Org Admin", "readonly_admin": ["RO", "Read Only"]}' },
      {},
      { roleNames: { full_admin: ["Org Admin"], readonly_admin: ["RO", "Read Only"] } },
    ],
    [
      "role names from the environment",
      {},
      { WEBEXHUB_ROLE_NAMES: '{"device_admin": "Devices"}' },
      { roleNames: { device_admin: ["Devices"] } },
    ],
    [
      "config wins over the environment",
      { "webexhub:wholesale": "false" },
      { WEBEXHUB_WHOLESALE: "true" },
      { wholesale: false },
    ],
    [
      "wholesale and partner from the environment",
      {},
      { WEBEXHUB_WHOLESALE: "TRUE", WEBEXHUB_PARTNER_ORG_ID: "P1" },
      { wholesale: true, partnerOrgId: "P1" },
    ],
  ])("%s", (_name, cfg, env, expected) => {
    expect(resolveHubSettings({ config: config(cfg), env })).toEqual(expected);
  });

  it.each([
    [
      { "webexhub:roleNames": "{not json" },
      /^webexhub:roleNames is not JSON: write an object of catalog role id to Webex role name/,
    ],
    [{ "webexhub:roleNames": '["Full Administrator"]' }, /^webexhub:roleNames must be a JSON object/],
    [
      { "webexhub:roleNames": '{"full_admn": "X"}' },
      /^webexhub:roleNames: "full_admn" is not a catalog role id; use one of full_admin, /,
    ],
    [
      { "webexhub:roleNames": '{"full_admin": 3}' },
      /^webexhub:roleNames: full_admin must be a role name or a non-empty list of role names, not 3$/,
    ],
    [{ "webexhub:wholesale": "yes" }, /^webexhub:wholesale must be true or false .* not "yes"$/],
  ])("refuses %j in one line", (cfg, message) => {
    let error: unknown;
    try {
      resolveHubSettings({ config: config(cfg), env: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });

  it("an override names the Hub's role, and Webex's own name still counts", () => {
    const hub = [
      { id: "R1", name: "Org Admin" },
      { id: "R2", name: "read-only ADMINISTRATOR" },
      { id: "R3", name: "Something Else" },
    ];
    const directory = new RoleDirectory(hub, { full_admin: ["Org Admin"] });
    expect(directory.split(["R1", "R2", "R3"])).toEqual({
      roles: ["full_admin", "readonly_admin"],
      unknown: [{ id: "R3", name: "Something Else" }],
    });
  });
});
