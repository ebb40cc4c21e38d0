/**
 * JSON Schema validation (ajv) of the GitOps files and of every resource's inputs. Schema errors
 * come back as data with a file-style path (`admins[1].roles[0]`) and, for enums, the allowed values.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import customerAdmin from "../schema/customer-admin.schema.json";
import customerAssignment from "../schema/customer-assignment.schema.json";
import customerFile from "../schema/customer-file.schema.json";
import externalAdmin from "../schema/external-admin.schema.json";
import partnerAdmin from "../schema/partner-admin.schema.json";
import partnerFile from "../schema/partner-file.schema.json";
import restrictedMode from "../schema/restricted-mode.schema.json";
import { didYouMean } from "./suggest";
import { dateTimeProblem, isDateTime } from "./datetime";

export const SCHEMA_NAMES = ["partner-file", "customer-file", "partner-admin", "customer-assignment", "external-admin", "restricted-mode", "customer-admin"] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

const SCHEMAS: Readonly<Record<SchemaName, object>> = {
  "partner-file": partnerFile,
  "customer-file": customerFile,
  "partner-admin": partnerAdmin,
  "customer-assignment": customerAssignment,
  "external-admin": externalAdmin,
  "restricted-mode": restrictedMode,
  "customer-admin": customerAdmin,
};

export interface SchemaError {
  /** e.g. `admins[1].roles[0]`; "" for the document itself. */
  readonly path: string;
  readonly message: string;
}

let ajv: Ajv | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

function validatorFor(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    // Stricter than ajv-formats' date-time: no impossible day, no leap second (see core/datetime.ts).
    ajv ??= addFormats(new Ajv({ allErrors: true, strict: true, useDefaults: false, verbose: true })).addFormat("date-time", { type: "string", validate: isDateTime });
    validate = ajv.compile(SCHEMAS[name]);
    compiled.set(name, validate);
  }
  return validate;
}

/** JSON pointer segments → `a[1].b`. */
export function pointerToPath(pointer: string): string {
  if (!pointer) return "";
  return pointer
    .split("/")
    .slice(1)
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), "");
}

function describe(error: ErrorObject): SchemaError {
  const base = pointerToPath(error.instancePath);
  const at = (key: string): string => (base ? `${base}.${key}` : key);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
      const hint = didYouMean(key, known);
      return { path: at(key), message: `unknown field "${key}".${hint || ` Remove it${known.length > 0 ? `; the fields here are ${known.join(", ")}` : ""}.`}` };
    }
    case "required": {
      const key = String(params.missingProperty);
      return { path: at(key), message: `"${key}" is required` };
    }
    case "enum": {
      const allowedValues = (params.allowedValues as unknown[]).map((v) => String(v));
      const value = error.data;
      const shown = typeof value === "string" ? `"${value}"` : JSON.stringify(value) ?? String(value);
      const hint = typeof value === "string" ? didYouMean(value, allowedValues) : "";
      return { path: base, message: `${shown} is not allowed here.${hint} It must be one of: ${allowedValues.join(", ")}` };
    }
    case "const":
      return { path: base, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case "format":
      if (params.format === "date-time" && typeof error.data === "string") return { path: base, message: dateTimeProblem(error.data) ?? "must be an RFC 3339 date-time, like 2027-01-31T00:00:00Z" };
      return { path: base, message: params.format === "email" ? "must be an email address, like name@example.com" : `must be a valid ${String(params.format)}` };
    case "type":
      return { path: base, message: `must be ${String(params.type)}` };
    case "maxItems":
      return { path: base, message: `must have at most ${String(params.limit)} items` };
    case "pattern":
      return { path: base, message: "must not be empty or contain spaces" };
    default:
      return { path: base, message: error.message ?? "is invalid" };
  }
}

export function validateSchema(name: SchemaName, value: unknown): SchemaError[] {
  const validate = validatorFor(name);
  if (validate(value)) return [];
  const seen = new Set<string>();
  const errors: SchemaError[] = [];
  for (const error of validate.errors ?? []) {
    const described = describe(error);
    const key = `${described.path}\u0000${described.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(described);
  }
  return errors;
}

export function schemaOf(name: SchemaName): object {
  return SCHEMAS[name];
}
