/**
 * JSON Schemas of the request bodies the mock Hub accepts, and the translation of ajv's errors into
 * messages that name the offending field (`roles[1]`, `emails`), as a client author needs them.
 */
import Ajv, { type ErrorObject, type JSONSchemaType } from "ajv";
import addFormats from "ajv-formats";
import type { WireExternalAdminUpdate, WirePersonUpdate } from "./wire";
import { EXTERNAL_ROLES, ROLE_IDS, SITE_ROLE_IDS } from "../core/rules/catalog";

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);

const personUpdateSchema: JSONSchemaType<WirePersonUpdate> = {
  type: "object",
  additionalProperties: false,
  required: ["emails"],
  properties: {
    emails: { type: "array", minItems: 1, uniqueItems: true, items: { type: "string", format: "email" } },
    displayName: { type: "string", nullable: true },
    firstName: { type: "string", nullable: true },
    lastName: { type: "string", nullable: true },
    roles: { type: "array", nullable: true, uniqueItems: true, items: { type: "string", enum: [...ROLE_IDS] } },
    siteRoles: {
      type: "object",
      nullable: true,
      required: [],
      propertyNames: { type: "string", minLength: 1 },
      additionalProperties: { type: "string", enum: [...SITE_ROLE_IDS] },
    },
  },
};

const externalAdminUpdateSchema: JSONSchemaType<WireExternalAdminUpdate> = {
  type: "object",
  additionalProperties: false,
  required: ["role"],
  properties: {
    role: { type: "string", enum: [...EXTERNAL_ROLES] },
    expiresAt: { type: "string", format: "date-time", nullable: true },
    contactCenterServiceAdmin: { type: "boolean", nullable: true },
  },
};

/** `orgId` may be echoed back from a GET; the server checks it matches the path. */
export interface RestrictedModeUpdate {
  orgId?: string;
  enabled: boolean;
}

const restrictedModeUpdateSchema: JSONSchemaType<RestrictedModeUpdate> = {
  type: "object",
  additionalProperties: false,
  required: ["enabled"],
  properties: {
    orgId: { type: "string", nullable: true },
    enabled: { type: "boolean" },
  },
};

export type BodyCheck<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** `/roles/1` → `roles[1]`, `/siteRoles/a.example.com` → `siteRoles["a.example.com"]`. */
export function fieldPath(instancePath: string, child?: string): string {
  const parts = instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (child !== undefined) parts.push(child);
  let out = "";
  for (const part of parts) {
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out === "" ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out === "" ? "body" : out;
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return `${fieldPath(error.instancePath, String(params.missingProperty))}: is required`;
    case "additionalProperties":
      return `${fieldPath(error.instancePath, String(params.additionalProperty))}: unknown field`;
    case "enum":
      return `${fieldPath(error.instancePath)}: must be one of ${(params.allowedValues as unknown[]).join(", ")}`;
    case "type":
      return `${fieldPath(error.instancePath)}: must be ${String(params.type)}`;
    case "format":
      return `${fieldPath(error.instancePath)}: must be a valid ${String(params.format)}`;
    case "uniqueItems": {
      const [a, b] = [Number(params.i), Number(params.j)].sort((x, y) => x - y);
      return `${fieldPath(error.instancePath)}: items ${a} and ${b} are duplicates`;
    }
    default:
      return `${fieldPath(error.instancePath)}: ${error.message ?? "is invalid"}`;
  }
}

function checker<T>(schema: JSONSchemaType<T>): (body: unknown) => BodyCheck<T> {
  const validate = ajv.compile(schema);
  return (body) => {
    if (validate(body)) return { ok: true, value: body };
    // `enum` on an item of the wrong type repeats the `type` error; one message per field is enough.
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const error of validate.errors ?? []) {
      const text = describe(error);
      const field = text.slice(0, text.indexOf(":"));
      if (seen.has(field)) continue;
      seen.add(field);
      problems.push(text);
    }
    return { ok: false, problems };
  };
}

export const checkPersonUpdate = checker(personUpdateSchema);
export const checkExternalAdminUpdate = checker(externalAdminUpdateSchema);
export const checkRestrictedModeUpdate = checker(restrictedModeUpdateSchema);
