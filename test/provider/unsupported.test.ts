/**
 * Against a Hub without the webexhub mock extensions (Webex: no public API for external admins or
 * Restricted Administrator Mode), the resources that need one fail at `check` with one line that
 * says so, with the method and URL, not with a raw 404 at apply.
 */
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetHubSessions } from "../../hub/sessions";
import { createProvider as externalAdminProvider } from "../../provider/resources/externalAdmin";
import { createProvider as restrictedModeProvider } from "../../provider/resources/restrictedMode";
import { ENDPOINT } from "../hub/helpers";
import { CUSTOMER_ORG, PARTNER_ORG, personId, richPerson, roleOf, webexFake } from "../hub/webex-fake";

const config = {
  get: (key: string): string | undefined =>
    ({ "webexhub:endpoint": ENDPOINT, "webexhub:token": "tok-unsupported-test", "webexhub:partnerOrgId": PARTNER_ORG })[
      key
    ],
};

beforeEach(() => {
  nock.disableNetConnect();
  resetHubSessions();
});
afterEach(() => nock.cleanAll());

function webex(meEmail: string, meOrg: string, roles: string[]): void {
  const me = richPerson("11111111-1111-4111-8111-111111111111", meEmail, meOrg, roles);
  webexFake({
    meId: personId("11111111-1111-4111-8111-111111111111"),
    people: [me, richPerson("44444444-4444-4444-8444-444444444444", "helper@msp.example", PARTNER_ORG, [])],
    orgs: [
      { id: PARTNER_ORG, displayName: "Partner", created: "x" },
      { id: CUSTOMER_ORG, displayName: "Customer", created: "x" },
    ],
  });
}

describe("extensions on Webex fail at check, in one line", () => {
  it.each([
    [
      "ExternalAdmin",
      () => webex("admin@customer.example", CUSTOMER_ORG, [roleOf("Full Administrator")]),
      () =>
        externalAdminProvider(config).check(
          {},
          { orgId: CUSTOMER_ORG, email: "helper@msp.example", role: "external_readonly_admin" },
        ),
      "external administrators",
      `GET ${ENDPOINT}/v1/organizations/${CUSTOMER_ORG}/externalAdmins`,
    ],
    [
      "RestrictedMode",
      () =>
        webex("admin@partner.example", PARTNER_ORG, [
          roleOf("Partner Full Administrator"),
          roleOf("Full Administrator"),
        ]),
      () => restrictedModeProvider(config).check({}, { orgId: CUSTOMER_ORG, enabled: false }),
      "Restricted Administrator Mode",
      `GET ${ENDPOINT}/v1/partner/organizations/${CUSTOMER_ORG}/restrictedMode`,
    ],
  ])("%s", async (_name, hub, check, what, request) => {
    hub();
    const { failures } = await check();
    expect(failures).toHaveLength(1);
    const reason = failures[0]!.reason;
    expect(
      reason.startsWith(
        `[hub-unsupported] ${request} failed: this Hub does not offer ${what}; it is a webexhub mock extension`,
      ),
    ).toBe(true);
    expect(reason).not.toContain("\n");
  });
});
