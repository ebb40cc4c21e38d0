import { describe, expect, it } from "vitest";
import { asExternalAdmin, asOrganization, asPerson, asRestrictedMode, asRole, asScimUser } from "../../api/decode";

const person = { id: "p1", orgId: "o1", emails: ["a@x.example"], displayName: "A" };

describe("wire decoders check every field of the type they claim, whenever it is present", () => {
  it.each([
    [
      "a person whose licenses are a string",
      () => asPerson({ ...person, licenses: "L1" }),
      "person.licenses is not a list of strings",
    ],
    [
      "a person whose phone numbers are strings",
      () => asPerson({ ...person, phoneNumbers: ["+1 555"] }),
      "person.phoneNumbers is not a list of objects",
    ],
    ["a person whose title is a number", () => asPerson({ ...person, title: 7 }), "person.title is not a string"],
    ["a person without emails", () => asPerson({ id: "p1", orgId: "o1" }), "person.emails is missing"],
    [
      "a person whose site roles are a list",
      () => asPerson({ ...person, siteRoles: [] }),
      "person.siteRoles is not an object",
    ],
    ["a role without a name", () => asRole({ id: "r1" }), "role.name is missing"],
    [
      "an organization whose name is a number",
      () => asOrganization({ id: "o1", displayName: 3 }),
      "organization.displayName is not a string",
    ],
    [
      "an external admin whose service-admin flag is a string",
      () =>
        asExternalAdmin({
          orgId: "o",
          personId: "p",
          email: "e",
          homeOrgId: "h",
          role: "external_full_admin",
          contactCenterServiceAdmin: "yes",
        }),
      "external admin.contactCenterServiceAdmin is not a boolean",
    ],
    [
      "restricted mode as a string",
      () => asRestrictedMode({ orgId: "o", enabled: "true" }),
      "restrictedMode.enabled is not a boolean",
    ],
    [
      "SCIM roles without values",
      () => asScimUser({ id: "u", roles: [{ type: "cirole" }] }),
      "SCIM user.roles is not a list of {value}",
    ],
  ])("%s is refused with the field named", (_name, decode, message) => {
    expect(decode()).toBe(message);
  });

  it("keeps fields it does not know, so a GET-then-PUT sends them back", () => {
    expect(asPerson({ ...person, roles: ["r"], futureField: { x: 1 } })).toEqual({
      ...person,
      roles: ["r"],
      futureField: { x: 1 },
    });
  });

  it("reads a person without roles (Webex leaves them out) as holding none", () => {
    expect(asPerson(person)).toEqual({ ...person, roles: [] });
  });
});
