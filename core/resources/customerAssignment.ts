/**
 * CustomerAssignment: the authoritative set of customers a partner or sales administrator manages.
 */
import schema from "../../schema/customer-assignment.schema.json";
import { given, nameOf, text, type ResourceDescriptor } from "./types";

export interface CustomerAssignmentFields {
  /** The administrator's email, when their roles are managed elsewhere. */
  adminEmail?: string;
  /** The authoritative set of customer org ids (at most 500). */
  customerOrgIds: string[];
  /**
   * Take over an administrator who already manages customers outside this list: create unassigns
   * them. Without it, create refuses (a takeover is never silent).
   */
  adopt?: boolean;
}

export interface PlannedAssignment {
  readonly name: string;
  readonly adminEmail: string | null;
  /** How many customers it assigns (the ids stay in the resource: the digest is kept small). */
  readonly customerCount: number | null;
}

export const customerAssignment: ResourceDescriptor<"customerAssignment", "customerAssignments", PlannedAssignment> = {
  name: "customerAssignment",
  type: "CustomerAssignment",
  schemaId: "customer-assignment",
  schema,
  identity: { adminEmail: "email" },
  outputs: ["personId", "adminRoles", "count"],
  deleteGuards: ["actor-lacks-privilege"],
  judgedByPlan: true,
  ordered: false,
  digestKey: "customerAssignments",
  entryOf: (name, args) => ({
    name,
    adminEmail: given<string>(args.adminEmail),
    customerCount: Array.isArray(args.customerOrgIds) ? new Set(args.customerOrgIds).size : null,
  }),
  readEntry: (raw) => ({
    name: nameOf(raw),
    adminEmail: text(raw.adminEmail),
    customerCount: typeof raw.customerCount === "number" ? raw.customerCount : null,
  }),
  summary: "the authoritative set of customers of a partner or sales administrator",
};
