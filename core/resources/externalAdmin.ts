/**
 * ExternalAdmin: an administrator from another org, granted an external role in a customer org.
 */
import schema from "../../schema/external-admin.schema.json";
import type { ExternalRoleId } from "../rules/catalog";
import { given, nameOf, text, type ResourceDescriptor } from "./types";

export interface ExternalAdminFields {
  /** The customer org. */
  orgId: string;
  /** A user of another org. */
  email: string;
  role: ExternalRoleId;
  /** Only for external_readonly_admin: the Hub revokes the access then (RFC 3339). */
  expiresAt?: string;
  contactCenterServiceAdmin?: boolean;
}

export interface PlannedExternal {
  readonly name: string;
  readonly orgId: string | null;
  readonly email: string | null;
  readonly role: string | null;
}

const entry = (name: string, raw: Readonly<Record<string, unknown>>): PlannedExternal => ({
  name,
  orgId: text(raw.orgId),
  email: text(raw.email),
  role: text(raw.role),
});

export const externalAdmin: ResourceDescriptor<"externalAdmin", "externalAdmins", PlannedExternal> = {
  name: "externalAdmin",
  type: "ExternalAdmin",
  schemaId: "external-admin",
  schema,
  identity: { orgId: "id", email: "email" },
  outputs: ["personId", "homeOrgId"],
  deleteGuards: ["actor-lacks-privilege", "external-admin-chain", "contact-center-external"],
  judgedByPlan: false,
  ordered: false,
  digestKey: "externalAdmins",
  entryOf: (name, args) => ({
    name,
    orgId: given<string>(args.orgId),
    email: given<string>(args.email),
    role: given<string>(args.role),
  }),
  readEntry: (raw) => entry(nameOf(raw), raw),
  summary: "an administrator from another org, with an external role in a customer org",
};
