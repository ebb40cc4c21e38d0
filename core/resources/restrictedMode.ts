/**
 * RestrictedMode: Restricted Administrator Mode of a customer org, one setting per org.
 */
import schema from "../../schema/restricted-mode.schema.json";
import { given, nameOf, text, type ResourceDescriptor } from "./types";

export interface RestrictedModeFields {
  orgId: string;
  /** Default true: Webex enables the mode until a partner administrator turns it off. */
  enabled?: boolean;
}

export interface PlannedRestrictedMode {
  readonly name: string;
  readonly orgId: string | null;
}

export const restrictedMode: ResourceDescriptor<"restrictedMode", "restrictedModes", PlannedRestrictedMode> = {
  name: "restrictedMode",
  type: "RestrictedMode",
  schemaId: "restricted-mode",
  schema,
  identity: { orgId: "id" },
  outputs: ["withheld"],
  judgedByPlan: false,
  ordered: false,
  digestKey: "restrictedModes",
  entryOf: (name, args) => ({ name, orgId: given<string>(args.orgId) }),
  readEntry: (raw) => ({ name: nameOf(raw), orgId: text(raw.orgId) }),
  summary: "Restricted Administrator Mode of a customer org",
};
