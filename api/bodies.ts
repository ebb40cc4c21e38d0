/**
 * JSON Schemas of the request bodies the mock Hub accepts, and the translation of ajv's errors into
 * messages that name the offending field (`roles[1]`, `emails`), as a client author needs them.
 */
import Ajv, { type ErrorObject, type JSONSchemaType } from "ajv";
import addFormats from "ajv-formats";
import {
  PERSON_READ_ONLY_FIELDS,
  SCIM_PATCH_SCHEMA,
  type WireExternalAdminUpdate,
  type WirePersonUpdate,
  type WireScimPatch,
  type WireSiteRolesUpdate,
} from "./wire";
import { EXTERNAL_ROLES, SITE_ROLE_IDS } from "../core";
import { PERSON_PUT_FIELDS } from "./decode";

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);

const str = { type: "string" } as const;
const strings = { type: "array", items: str } as const;

/**
 * `PUT /people/{id}`: the documented body. Read-only fields a GET returns (PERSON_READ_ONLY_FIELDS)
 * are accepted and ignored, so a GET-then-PUT goes through; any other field is refused by name, so a
 * typo does not silently wipe the field it meant.
 */
const personUpdateSchema = {
  type: "object",
  additionalProperties: false,
  required: ["displayName"],
  properties: {
    ...Object.fromEntries(PERSON_READ_ONLY_FIELDS.map((f) => [f, {}])),
    emails: { type: "array", minItems: 1, uniqueItems: true, items: { type: "string", format: "email" } },
    phoneNumbers: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["value"],
        properties: {
          // The body's schema names only `work`; a GET also gives the other types, and sending them back must work.
          type: { type: "string", enum: ["work", "work_extension", "mobile", "fax"] },
          value: { type: "string", minLength: 1 },
          primary: { type: "boolean" },
        },
      },
    },
    extension: str,
    locationId: str,
    displayName: str,
    firstName: str,
    lastName: str,
    nickName: str,
    avatar: str,
    roles: { type: "array", uniqueItems: true, items: { type: "string", minLength: 1 } },
    licenses: { type: "array", uniqueItems: true, items: { type: "string", minLength: 1 } },
    department: str,
    manager: str,
    managerId: str,
    title: str,
    addresses: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        properties: { type: str, country: str, locality: str, region: str, streetAddress: str, postalCode: str },
      },
    },
    siteUrls: { ...strings, uniqueItems: true },
    loginEnabled: { anyOf: [{ type: "boolean" }, { type: "string", enum: ["true", "false"] }] },
    siteRoles: { $ref: "#/$defs/siteRoles" },
  },
  $defs: {
    siteRoles: {
      type: "object",
      propertyNames: { type: "string", minLength: 1 },
      additionalProperties: { type: "string", enum: [...SITE_ROLE_IDS] },
    },
  },
};

/** Extension `PUT /people/{id}/siteRoles`: the site roles alone. */
const siteRolesUpdateSchema = {
  type: "object",
  additionalProperties: false,
  required: ["siteRoles"],
  properties: { siteRoles: personUpdateSchema.$defs.siteRoles },
};

/** The fields of Webex's `PUT /people/{personId}` body, as its reference names them (one list, in decode.ts). */
export const WEBEX_PERSON_UPDATE_FIELDS: readonly string[] = PERSON_PUT_FIELDS;

/** `PATCH /identity/scim/{orgId}/v2/Users/{userId}`: the PatchOp message, on `roles` only. */
const scimPatchSchema = {
  type: "object",
  additionalProperties: false,
  required: ["schemas", "Operations"],
  properties: {
    schemas: { type: "array", minItems: 1, items: { type: "string", const: SCIM_PATCH_SCHEMA } },
    Operations: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["op"],
        properties: {
          // RFC 7644 allows any case for op ("Add"); Azure AD sends it capitalised.
          op: { type: "string", enum: ["add", "remove", "replace", "Add", "Remove", "Replace"] },
          path: { type: "string", minLength: 1 },
          value: {
            type: "array",
            items: {
              type: "object",
              additionalProperties: false,
              required: ["value"],
              properties: { value: { type: "string", minLength: 1 }, type: str, display: str },
            },
          },
        },
      },
    },
  },
};

/** A SCIM PatchOp on any attribute (RFC 7644 §3.5.2): `value` is whatever the attribute takes. */
export interface ScimPatchAny {
  schemas: string[];
  Operations: Array<{ op: string; path?: string; value?: unknown }>;
}

const scimPatchAnySchema = {
  ...scimPatchSchema,
  properties: {
    ...scimPatchSchema.properties,
    Operations: {
      ...scimPatchSchema.properties.Operations,
      items: {
        ...scimPatchSchema.properties.Operations.items,
        properties: { ...scimPatchSchema.properties.Operations.items.properties, value: {} },
      },
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
  const parts = instancePath
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
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
    case "const":
      return `${fieldPath(error.instancePath)}: must be ${JSON.stringify(params.allowedValue)}`;
    case "anyOf":
      return `${fieldPath(error.instancePath)}: must be true or false`;
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

function checker<T>(schema: JSONSchemaType<T> | object): (body: unknown) => BodyCheck<T> {
  const validate = ajv.compile<T>(schema);
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

export const checkPersonUpdate = checker<WirePersonUpdate>(personUpdateSchema);
export const checkScimPatch = checker<WireScimPatch>(scimPatchSchema);
export const checkScimPatchAny = checker<ScimPatchAny>(scimPatchAnySchema);
export const checkExternalAdminUpdate = checker(externalAdminUpdateSchema);
export const checkRestrictedModeUpdate = checker(restrictedModeUpdateSchema);
export const checkSiteRolesUpdate = checker<WireSiteRolesUpdate>(siteRolesUpdateSchema);
