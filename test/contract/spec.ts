/**
 * The official Webex Admin OpenAPI spec as a validator: each response of the mock Hub is checked
 * against the schema the spec documents for that path, method and status, with ajv. The spec's
 * components are added as one schema so `#/components/schemas/…` refs resolve; OpenAPI 3.0 keywords
 * that are not JSON Schema (`example`, `nullable` …) are tolerated by running ajv non-strict.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

const REPO = resolve(__dirname, "../..");

/** Where the spec may be: an explicit path, the main checkout's sibling (CI), or a worktree's grandparent. */
export const SPEC_CANDIDATES = [
  process.env.WEBEX_OPENAPI_SPEC,
  resolve(REPO, "../shared/webex-openapi/webex-admin.json"),
  resolve(REPO, "../../shared/webex-openapi/webex-admin.json"),
].filter((p): p is string => p !== undefined && p !== "");

/**
 * Where the contract suites find the spec, or undefined when they are to be skipped. A missing spec
 * is a failure in CI (`CI` set): the suites would otherwise pass by testing nothing, so this throws
 * while the suite is collected, naming the paths tried and the fix. Locally the suites are skipped,
 * with a warning that says why.
 */
export function specPresence(
  candidates: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  exists: (path: string) => boolean = existsSync,
): { path: string } | { skip: string } {
  const path = candidates.find((p) => exists(p));
  if (path !== undefined) return { path };
  const where = candidates.join(" or ");
  if (env.CI) {
    throw new Error(
      `The official Webex Admin spec is not at ${where}, and CI must run the contract tests: ` +
        "check out the shared webex-openapi folder beside the repository, " +
        "or set WEBEX_OPENAPI_SPEC to the spec's path.",
    );
  }
  const skip = `the official Webex Admin spec is not at ${where}; contract tests skipped`;
  return { skip: `${skip} (set WEBEX_OPENAPI_SPEC to its path)` };
}

/** The spec for this run: its path, or undefined (and the reason printed once) when skipped. */
export function specForRun(): string | undefined {
  const presence = specPresence(SPEC_CANDIDATES, process.env);
  if ("path" in presence) return presence.path;
  console.warn(presence.skip);
  return undefined;
}

type Json = Record<string, unknown>;

interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  requestBody?: { content?: Record<string, { schema?: Json }> };
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

export interface Spec {
  operation(method: string, path: string): Operation;
  /** Validates `body` against the documented response; returns the problems, none when it conforms. */
  checkResponse(method: string, path: string, status: number, body: unknown): string[];
  /** Validates a request body against the documented one. */
  checkRequest(method: string, path: string, body: unknown): string[];
  /** The property names a component schema documents. */
  properties(schema: string): string[];
}

const SPEC_ID = "webex-admin.json";

export function loadSpec(path: string): Spec {
  const doc = JSON.parse(readFileSync(path, "utf8")) as {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Json> };
  };
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: SPEC_ID, components: doc.components });
  const compiled = new Map<string, ValidateFunction>();

  const operation = (method: string, path: string): Operation => {
    const op = doc.paths[path]?.[method.toLowerCase()];
    if (!op) throw new Error(`the spec has no ${method} ${path}`);
    return op;
  };

  // A schema taken out of a path has refs relative to the document: anchor them to the components schema.
  const anchored = (schema: Json): Json =>
    JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, `"${SPEC_ID}#/components/`)) as Json;

  const check = (key: string, schema: Json | undefined, body: unknown): string[] => {
    if (!schema) return [`${key}: the spec documents no JSON body`];
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(anchored(schema));
      compiled.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${key}: ${e.instancePath || "(body)"} ${e.message ?? ""} ${JSON.stringify(e.params)}`,
    );
  };

  return {
    operation,
    checkResponse(method, path, status, body) {
      const response = operation(method, path).responses[String(status)];
      if (!response) return [`${method} ${path}: the spec documents no ${status} answer`];
      const schema = response.content?.["application/json"]?.schema;
      if (schema === undefined)
        return body === undefined ? [] : [`${method} ${path} ${status}: the spec documents no body, got one`];
      return check(`${method} ${path} ${status}`, schema, body);
    },
    checkRequest(method, path, body) {
      return check(
        `${method} ${path} request`,
        operation(method, path).requestBody?.content?.["application/json"]?.schema,
        body,
      );
    },
    properties(schema) {
      return Object.keys((doc.components.schemas[schema]?.properties as Json | undefined) ?? {});
    },
  };
}
