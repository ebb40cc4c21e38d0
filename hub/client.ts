/**
 * Typed client of the Hub API: one method per endpoint, returning the wire shapes of api/wire.ts.
 * HTTP, retries, pagination and the token are the transport's (transport.ts).
 */
import {
  asAuditEvent,
  asExternalAdmin,
  asList,
  asManagedOrg,
  asOrganization,
  asPartnerAdmin,
  asPerson,
  asRestrictedMode,
  asRole,
  asScimUser,
  personUpdateFrom,
  type PersonPut,
  type ScimPatch,
  type ScimUser,
} from "../api";
import { asUnsupported, type Extension } from "./errors";
import { HubTransport } from "./transport";
import { seg } from "./urls";
import type {
  WireAuditEvent,
  WireExternalAdmin,
  WireExternalAdminUpdate,
  WireManagedOrg,
  WireOrganization,
  WirePartnerAdmin,
  WirePerson,
  WireRestrictedMode,
  WireRole,
  WireSiteRolesUpdate,
} from "../api";
import type { SiteRoleId } from "../core";

export { HubTransport, systemClock } from "./transport";
export type { Clock, FetchLike, HttpMethod, HubClientOptions, RawResponse, RequestOptions } from "./transport";
export { normalizeEndpoint, parseLinkNext, type Query } from "./urls";
export { asPerson, personUpdateFrom };
export type { PersonPut, ScimPatch, ScimUser };

/** Runs an extension call, turning "this Hub has no such endpoint" into a `hub-unsupported` error. */
async function extension<T>(name: Extension, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asUnsupported(error, name);
  }
}

export class HubClient extends HubTransport {
  // -------------------------------------------------------------------------------------------
  // People

  me(): Promise<WirePerson> {
    return this.getJson("/people/me", asPerson);
  }

  /**
   * Every page of `GET /people`. Without `orgId` Webex lists the token's own org only; a partner
   * passes the `orgId` of a customer it manages. `roles` lists only the holders of these Hub role ids.
   */
  listPeople(query: { email?: string; orgId?: string; roles?: string; max?: number } = {}): Promise<WirePerson[]> {
    return this.listAll("/people", query, asPerson);
  }

  /** `callingData` adds the Webex Calling fields (extension, location): a GET-then-PUT needs them. */
  getPerson(personId: string, options: { callingData?: boolean } = {}): Promise<WirePerson> {
    return this.getJson(
      `/people/${seg(personId)}`,
      asPerson,
      options.callingData === true ? { callingData: true } : {},
    );
  }

  /**
   * Replaces the WHOLE person: every field left out is wiped. Build the body from a fresh GET with
   * `personUpdateFrom`, never by hand.
   */
  async putPerson(personId: string, body: PersonPut): Promise<WirePerson> {
    const res = await this.send("PUT", `/people/${seg(personId)}`, { body });
    return this.parse(res, "PUT", asPerson);
  }

  /** Extension: the person's Webex site roles alone (`{}` removes them all); nothing else is sent. */
  putSiteRoles(personId: string, siteRoles: Readonly<Record<string, SiteRoleId>>): Promise<WirePerson> {
    const body: WireSiteRolesUpdate = { siteRoles: { ...siteRoles } };
    return extension("siteRoles", async () =>
      this.parse(await this.send("PUT", `/people/${seg(personId)}/siteRoles`, { body }), "PUT", asPerson),
    );
  }

  // -------------------------------------------------------------------------------------------
  // SCIM 2 (served at the host root, not under /v1); ids are the Identity UUIDs

  getScimUser(orgUuid: string, userUuid: string, options: { root?: boolean } = {}): Promise<ScimUser> {
    const path = `/identity/scim/${seg(orgUuid)}/v2/Users/${seg(userUuid)}`;
    return this.send("GET", path, { root: options.root ?? true }).then((res) => this.parse(res, "GET", asScimUser));
  }

  /**
   * A PatchOp on one user, at the host root as Webex serves SCIM (`root: false` asks under `/v1`,
   * where the webexhub mock Hub serves it). Marked idempotent: role `add` and filtered `remove` are
   * set operations, so a repeat after a lost answer leaves the user as the first did.
   */
  async patchScimUser(
    orgUuid: string,
    userUuid: string,
    body: ScimPatch,
    options: { root?: boolean } = {},
  ): Promise<ScimUser> {
    const res = await this.send("PATCH", `/identity/scim/${seg(orgUuid)}/v2/Users/${seg(userUuid)}`, {
      body,
      root: options.root ?? true,
      idempotent: true,
    });
    return this.parse(res, "PATCH", asScimUser);
  }

  // -------------------------------------------------------------------------------------------
  // Roles and organizations

  listRoles(): Promise<WireRole[]> {
    return this.listAll("/roles", {}, asRole);
  }

  getRole(roleId: string): Promise<WireRole> {
    return this.getJson(`/roles/${seg(roleId)}`, asRole);
  }

  /** The spec documents no `max` here: Webex answers every org the token may see in one list. */
  listOrganizations(): Promise<WireOrganization[]> {
    return this.listAll("/organizations", {}, asOrganization);
  }

  getOrganization(orgId: string): Promise<WireOrganization> {
    return this.getJson(`/organizations/${seg(orgId)}`, asOrganization);
  }

  // -------------------------------------------------------------------------------------------
  // Partner administration

  /** The customers a partner or sales administrator manages. */
  listManagedOrgs(personId: string): Promise<WireManagedOrg[]> {
    return this.listAll("/partner/organizations", { managedBy: personId }, asManagedOrg);
  }

  listPartnerAdmins(orgId: string): Promise<WirePartnerAdmin[]> {
    return this.listAll(`/partner/organizations/${seg(orgId)}/partnerAdmins`, {}, asPartnerAdmin);
  }

  /**
   * POST, yet safe to repeat: it sets a membership (person manages org), so a second identical
   * request leaves the Hub as the first did. Marked idempotent so a 5xx or timeout is retried.
   */
  async assignPartnerAdmin(orgId: string, personId: string): Promise<void> {
    await this.send("POST", `/partner/organizations/${seg(orgId)}/partnerAdmin/${seg(personId)}/assign`, {
      idempotent: true,
    });
  }

  async unassignPartnerAdmin(orgId: string, personId: string): Promise<void> {
    await this.send("DELETE", `/partner/organizations/${seg(orgId)}/partnerAdmin/${seg(personId)}/unassign`);
  }

  /** Revokes every partner role of the person (and with them their customer assignments). */
  async revokePartnerRoles(personId: string): Promise<void> {
    await this.send("DELETE", `/partner/organizations/partnerAdmin/${seg(personId)}`);
  }

  /** The spec requires all three of `orgId`, `from` and `to`. */
  listAuditEvents(query: { orgId: string; from: string; to: string; max?: number }): Promise<WireAuditEvent[]> {
    return this.listAll("/adminAudit/events", query, asAuditEvent);
  }

  /**
   * One page of audit events, by the documented `max` and `offset`: a caller that bounds how much
   * of the trail it reads pages with these rather than following every `Link` to the end.
   */
  async auditEventsPage(query: {
    orgId: string;
    from: string;
    to: string;
    max: number;
    offset: number;
  }): Promise<{ events: WireAuditEvent[]; more: boolean }> {
    const res = await this.send("GET", "/adminAudit/events", { query });
    const events = this.parse(res, "GET", (v) => asList(v, asAuditEvent));
    // A full page may have more behind it; the offset, not the `Link`, says where the next one starts.
    return { events, more: events.length >= query.max };
  }

  // -------------------------------------------------------------------------------------------
  // External admins and Restricted Administrator Mode (mock Hub extensions)

  listExternalAdmins(orgId: string): Promise<WireExternalAdmin[]> {
    return extension("externalAdmins", () =>
      this.listAll(`/organizations/${seg(orgId)}/externalAdmins`, {}, asExternalAdmin),
    );
  }

  getExternalAdmin(orgId: string, personId: string): Promise<WireExternalAdmin> {
    return this.getJson(`/organizations/${seg(orgId)}/externalAdmins/${seg(personId)}`, asExternalAdmin);
  }

  async putExternalAdmin(orgId: string, personId: string, body: WireExternalAdminUpdate): Promise<WireExternalAdmin> {
    const res = await this.send("PUT", `/organizations/${seg(orgId)}/externalAdmins/${seg(personId)}`, { body });
    return this.parse(res, "PUT", asExternalAdmin);
  }

  async deleteExternalAdmin(orgId: string, personId: string): Promise<void> {
    await this.send("DELETE", `/organizations/${seg(orgId)}/externalAdmins/${seg(personId)}`);
  }

  getRestrictedMode(orgId: string): Promise<WireRestrictedMode> {
    return extension("restrictedMode", () =>
      this.getJson(`/partner/organizations/${seg(orgId)}/restrictedMode`, asRestrictedMode),
    );
  }

  putRestrictedMode(orgId: string, enabled: boolean): Promise<WireRestrictedMode> {
    const body: WireRestrictedMode = { orgId, enabled };
    return extension("restrictedMode", async () => {
      const res = await this.send("PUT", `/partner/organizations/${seg(orgId)}/restrictedMode`, { body });
      return this.parse(res, "PUT", asRestrictedMode);
    });
  }
}
