/**
 * JSON Schema validation (ajv) of the GitOps files and of every resource's inputs. Schema errors
 * come back as data with a file-style path (`admins[1].roles[0]`) and, for enums, the allowed values.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import customerFile from "../schema/customer-file.schema.json";
import partnerFile from "../schema/partner-file.schema.json";
import orgPolicy from "../schema/org-policy.schema.json";
import { RESOURCES, type ResourceDescriptor } from "./resources";
import { didYouMean } from "./suggest";
import { dateTimeProblem, isDateTime } from "./datetime";
import { forbiddenCharProblem, visible } from "./visible";

/** The GitOps files' and the org policy's schemas, then each resource's input schema (from its descriptor). */
const SCHEMAS: ReadonlyMap<string, object> = new Map<string, object>([
  ["partner-file", partnerFile],
  ["customer-file", customerFile],
  ["org-policy", orgPolicy],
  ...RESOURCES.map((d): [string, object] => [d.schemaId, d.schema]),
]);

export const SCHEMA_NAMES: readonly string[] = [...SCHEMAS.keys()];
/** A file's schema ("partner-file", "customer-file", "org-policy") or a resource's (its descriptor's `schemaId`). */
export type SchemaName = string;

export interface SchemaError {
  /** e.g. `admins[1].roles[0]`; "" for the document itself. */
  readonly path: string;
  readonly message: string;
  /** The path names a field the schema does not have (a file points at its key, not its value). */
  readonly unknownField?: true;
}

let ajv: Ajv | undefined;
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    // Stricter than ajv-formats' date-time: no impossible day, no leap second (see core/datetime.ts).
    ajv ??= addFormats(new Ajv({ allErrors: true, strict: true, useDefaults: false, verbose: true })).addFormat(
      "date-time",
      { type: "string", validate: isDateTime },
    );
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

function schemaNamed(name: SchemaName): object {
  const schema = SCHEMAS.get(name);
  if (schema === undefined) throw new Error(`no schema "${name}": known are ${SCHEMA_NAMES.join(", ")}`);
  return schema;
}

/**
 * JSON pointer segments → `a[1].b`. Once per schema error, of which a file can have 100,000: a loop
 * over the segments rather than split, map and reduce.
 */
export function pointerToPath(pointer: string): string {
  if (!pointer) return "";
  let path = "";
  for (let from = 1; from <= pointer.length;) {
    const slash = pointer.indexOf("/", from);
    const to = slash === -1 ? pointer.length : slash;
    let segment = pointer.slice(from, to);
    if (segment.includes("~")) segment = segment.replace(/~1/g, "/").replace(/~0/g, "~");
    path = /^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment;
    from = to + 1;
  }
  return path;
}

/** The fields a schema object declares, listed once per schema object rather than once per error. */
const fieldsOf = new WeakMap<object, string[]>();
function knownFields(schema: unknown): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  let fields = fieldsOf.get(schema);
  if (fields === undefined) {
    fields = Object.keys((schema as { properties?: Record<string, unknown> }).properties ?? {});
    fieldsOf.set(schema, fields);
  }
  return fields;
}

/** YAML 1.1's booleans, which YAML 1.2 (and so a GitOps file) reads as text. */
const OLD_BOOLEANS = /^(?:y|yes|n|no|on|off|true|false)$/i;

/**
 * Why a value is not of the type it looks like in a YAML file: `0755`, `1e3`, `true` and `null`
 * written plain are a number, a boolean and null in YAML 1.2, and `yes`, `on`, `off` are text.
 */
function readAs(expected: unknown, data: unknown): string {
  if (expected === "boolean" && typeof data === "string" && OLD_BOOLEANS.test(data)) {
    return `, not the text "${data}" (YAML 1.2 reads yes, no, on and off as text): write true or false`;
  }
  if (expected !== "string" || !(typeof data === "number" || typeof data === "boolean" || data === null)) return "";
  const kind = data === null ? "null (empty, ~ or null)" : `the ${typeof data} ${String(data)}`;
  return `, not ${kind} (in a YAML file, put the value in quotes to keep it text)`;
}

/** The checks of a text field (an id, an email) that a hidden character in it breaks. */
const TEXT_CHECKS: ReadonlySet<string> = new Set(["pattern", "format", "maxLength", "minLength"]);

/** A key under `propertyNames` (a site key): the error is the key's, at its own path. */
function describeKey(error: ErrorObject, key: string, at: (key: string) => string): SchemaError {
  const hidden = forbiddenCharProblem(key);
  if (hidden !== undefined) return { path: at(key), message: `the key ${hidden}` };
  return {
    path: at(key),
    message:
      error.keyword === "minLength"
        ? "a key must not be empty"
        : `the key "${visible(key)}" ${error.message ?? "is invalid"}`,
  };
}

function describe(error: ErrorObject): SchemaError {
  const base = pointerToPath(error.instancePath);
  const at = (key: string): string => (base ? `${base}.${key}` : key);
  const params = error.params as Record<string, unknown>;
  if (error.propertyName !== undefined) return describeKey(error, error.propertyName, at);
  // A hidden character is named whatever else the value breaks (an email's format, an id's pattern).
  const hidden =
    typeof error.data === "string" && TEXT_CHECKS.has(error.keyword) ? forbiddenCharProblem(error.data) : undefined;
  if (hidden !== undefined) return { path: base, message: hidden };
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const known = knownFields(error.parentSchema);
      const hint = didYouMean(key, known);
      return {
        path: at(key),
        message: `unknown field "${visible(key)}".${hint || ` Remove it${known.length > 0 ? `; the fields here are ${known.join(", ")}` : ""}.`}`,
        unknownField: true,
      };
    }
    case "required": {
      const key = String(params.missingProperty);
      return { path: at(key), message: `"${key}" is required` };
    }
    case "enum": {
      const allowedValues = (params.allowedValues as unknown[]).map((v) => String(v));
      const value = error.data;
      const shown = typeof value === "string" ? `"${visible(value)}"` : visible(JSON.stringify(value) ?? String(value));
      const hint = typeof value === "string" ? didYouMean(value, allowedValues) : "";
      return {
        path: base,
        message: `${shown} is not allowed here.${hint} It must be one of: ${allowedValues.join(", ")}`,
      };
    }
    case "const":
      return { path: base, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case "format":
      if (params.format === "date-time" && typeof error.data === "string")
        return {
          path: base,
          message: dateTimeProblem(error.data) ?? "must be an RFC 3339 date-time, like 2027-01-31T00:00:00Z",
        };
      return {
        path: base,
        message:
          params.format === "email"
            ? "must be an email address, like name@example.com"
            : `must be a valid ${String(params.format)}`,
      };
    case "type":
      return { path: base, message: `must be ${String(params.type)}${readAs(params.type, error.data)}` };
    case "maxItems":
      return { path: base, message: `must have at most ${String(params.limit)} items` };
    case "pattern":
      return { path: base, message: "must not be empty or contain spaces" };
    default:
      return { path: base, message: error.message ?? "is invalid" };
  }
}

export function validateSchema(name: SchemaName, value: unknown): SchemaError[] {
  return validateAgainst(schemaNamed(name), value);
}

/** A resource's inputs against its descriptor's schema (a descriptor outside the registry too). */
export function validateInputs(descriptor: Pick<ResourceDescriptor, "schema">, value: unknown): SchemaError[] {
  return validateAgainst(descriptor.schema, value);
}

function validateAgainst(schema: object, value: unknown): SchemaError[] {
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  // ajv can report one problem twice; keep the first. By path, then message: no key string is
  // built per error.
  const seen = new Map<string, string | Set<string>>();
  const errors: SchemaError[] = [];
  for (const error of validate.errors ?? []) {
    // What a key under `propertyNames` broke is reported as that key's own error (describeKey).
    if (error.keyword === "propertyNames") continue;
    const described = describe(error);
    const before = seen.get(described.path);
    if (before === undefined) seen.set(described.path, described.message);
    else if (typeof before === "string") {
      if (before === described.message) continue;
      seen.set(described.path, new Set([before, described.message]));
    } else {
      if (before.has(described.message)) continue;
      before.add(described.message);
    }
    errors.push(described);
  }
  return withMisplacedHints(validate.errors ?? [], errors);
}

const parentOf = (path: string): string => path.replace(/(^|\.)[^.[\]]+$|\[\d+\]$/, "");
const lastKey = (path: string): string => /([^.[\]]+)$/.exec(path)?.[1] ?? path;

/**
 * A field indented one level too deep (or too shallow) is the most common slip in a YAML file:
 * ajv then reports a required field missing in one place and an unknown one of the same name in
 * another. Each of the two messages says where the other is, so the fix is one read away.
 */
function withMisplacedHints(raw: readonly ErrorObject[], errors: SchemaError[]): SchemaError[] {
  const missing = new Map<string, string[]>();
  const unknown = new Map<string, string[]>();
  for (const error of raw) {
    const key = error.params as { missingProperty?: unknown; additionalProperty?: unknown };
    if (error.keyword === "required") push(missing, String(key.missingProperty), pointerToPath(error.instancePath));
    if (error.keyword === "additionalProperties")
      push(unknown, String(key.additionalProperty), pointerToPath(error.instancePath));
  }
  if (missing.size === 0 || unknown.size === 0) return errors;
  const place = (path: string): string => (path === "" ? "the top level" : path);
  return errors.map((e) => {
    const key = lastKey(e.path);
    const base = parentOf(e.path);
    if (e.unknownField === true) {
      const where = missing.get(key)?.find((p) => related(p, base));
      if (where !== undefined)
        return {
          ...e,
          message: `unknown field "${key}" here, and it is missing at ${place(where)}: check its indentation.`,
        };
    } else if (e.message === `"${key}" is required`) {
      const where = unknown.get(key)?.find((p) => related(p, base));
      if (where !== undefined)
        return {
          ...e,
          message: `"${key}" is required here; the file has it under ${place(where)} instead: check its indentation.`,
        };
    }
    return e;
  });
}

/** One object holds the other (a list item's fields are not another item's). */
function related(a: string, b: string): boolean {
  if (a === b) return false;
  const inside = (outer: string, inner: string): boolean =>
    outer === "" || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
  return inside(a, b) || inside(b, a);
}

function push(map: Map<string, string[]>, key: string, path: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [path]);
  else list.push(path);
}
