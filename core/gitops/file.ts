/**
 * The GitOps YAML file: parse, schema-check and turn into the rules engine's `Desired`.
 * A file is authoritative for its org's admins. Two kinds, told apart by their top-level key.
 */
import type { RoleId, SiteRoleId } from "../rules/catalog";
import type { Desired, DesiredExternalAdmin, DesiredMember, DesiredRestrictedMode } from "../rules/types";
import { joinPath } from "../rules/evaluation";
import { suggest } from "../suggest";
import { validateSchema, type SchemaError } from "../schema";
import { decodeFile, MAX_FILE_BYTES, sizeProblem } from "./bytes";
import { readWithJsYaml } from "./jsYamlRead";
import { depthProblem, structureProblem, tooDeepPath } from "./nesting";
import { readWithYamlLibrary } from "./yamlLibraryRead";
import type { FileProblem, Reader, YamlRead } from "./yamlRead";

export type { FileProblem } from "./yamlRead";

export interface PartnerFile {
  apiVersion: "webexhub/v1";
  partner: { orgId: string; wholesale?: boolean };
  admins: Array<{
    email: string;
    roles: RoleId[];
    sites?: Record<string, SiteRoleId>;
    customers?: string[];
    adopt?: boolean;
  }>;
  customers?: Array<{ orgId: string; restrictedMode?: boolean }>;
}

export interface CustomerFile {
  apiVersion: "webexhub/v1";
  customer: { orgId: string };
  admins: Array<{ email: string; roles: RoleId[]; sites?: Record<string, SiteRoleId>; adopt?: boolean }>;
  externalAdmins?: Array<{ email: string; role: RoleId; expiresAt?: string; contactCenterServiceAdmin?: boolean }>;
}

export type GitOpsFile = { kind: "partner"; file: PartnerFile } | { kind: "customer"; file: CustomerFile };

export type ParseResult =
  | { ok: true; parsed: GitOpsFile; lineOf: (path: string) => number | undefined }
  | { ok: false; problems: FileProblem[] };

/** `admins[1].roles[0]` → ["admins", 1, "roles", 0]; `sites["a.webex.com"]` → ["sites", "a.webex.com"]. */
export function pathSegments(path: string): Array<string | number> {
  const segments: Array<string | number> = [];
  for (const match of path.matchAll(/\[("(?:[^"\\]|\\.)*")\]|([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[1] !== undefined) segments.push(JSON.parse(match[1]) as string);
    else if (match[3] !== undefined) segments.push(Number(match[3]));
    else if (match[2] !== undefined) segments.push(match[2]);
  }
  return segments;
}

/** What to do instead, for the mistakes the two kinds of file invite. */
const HINTS: Readonly<Record<"partner" | "customer", ReadonlyMap<string, string>>> = {
  partner: new Map([
    [
      "externalAdmins",
      "a partner file cannot declare external admins: partner admins are external admins in their customers' orgs, and Webex does not let external admins add external admins. Declare them in the customer's own file (customer:), applied with the token of one of its full admins",
    ],
  ]),
  customer: new Map([
    [
      "customers",
      "a customer file has no customers: assigning customers and Restricted Administrator Mode belong in the partner file (partner:)",
    ],
    [
      "admins[].customers",
      "customers are assigned to partner administrators in the partner file, not to a customer org's admins",
    ],
  ]),
};

/**
 * The hint for an error's path, any index matching (`admins[3].customers` → `admins[].customers`).
 * A Map, not an object: a key named `constructor` or `__proto__` must find no hint. The index
 * pattern is only applied to paths that have one, as a file can have 100,000 errors.
 */
const hintFor = (kind: "partner" | "customer", path: string): string | undefined =>
  HINTS[kind].get(path.includes("[") ? path.replace(/\[\d+\]/g, "[]") : path);

/**
 * The file's YAML, read by js-yaml when it can (a 2 MB file in well under a second), else by the
 * `yaml` library (seconds), which also gives a broken file its messages as before (jsYamlRead.ts
 * says when).
 */
export function readYaml(text: string): YamlRead & { readonly reader: Reader } {
  const fast = readWithJsYaml(text);
  const read: YamlRead & { readonly reader: Reader } =
    fast !== undefined ? { ...fast, reader: "js-yaml" } : { ...readWithYamlLibrary(text), reader: "yaml" };
  if (!read.ok) return read;
  // Aliases can nest the value deeper than the text, which the scan before the parse cannot see.
  const deep = tooDeepPath(read.value);
  return deep === undefined
    ? read
    : { ok: false, problems: [depthProblem(lineFinder(read.lines)(deep), deep)], reader: read.reader };
}

/** The UTF-8 length of a string, counted only when its length alone cannot settle the limit. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A surrogate pair is 4 bytes, 2 per half.
    bytes += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
  }
  return bytes;
}

/**
 * The text of a file, if it may be handed to a YAML parser: at most MAX_FILE_BYTES, valid UTF-8
 * (when given as bytes), and not nested or long past what the parsers can read in bounded memory.
 */
function admittedText(input: string | Uint8Array): { ok: true; text: string } | { ok: false; problems: FileProblem[] } {
  let text: string;
  if (typeof input === "string") {
    if (input.length * 3 > MAX_FILE_BYTES && (input.length > MAX_FILE_BYTES || utf8Length(input) > MAX_FILE_BYTES)) {
      return { ok: false, problems: [sizeProblem(utf8Length(input))] };
    }
    text = input;
  } else {
    const decoded = decodeFile(input);
    if (!decoded.ok) return decoded;
    text = decoded.text;
  }
  const problem = structureProblem(text);
  return problem === undefined ? { ok: true, text } : { ok: false, problems: [problem] };
}

/**
 * The line of a path: its own, or for a key that is not there (`"roles" is required`) its nearest
 * parent's. Most paths are in the index as written; only the others are split and walked up.
 */
function lineFinder(lines: ReadonlyMap<string, number>): (path: string) => number | undefined {
  return (path) => {
    const direct = lines.get(path);
    if (direct !== undefined) return direct;
    const prefixes = [""];
    for (const s of pathSegments(path)) prefixes.push(joinPath(prefixes[prefixes.length - 1] as string, s));
    for (let i = prefixes.length - 1; i >= 0; i--) {
      const line = lines.get(prefixes[i] as string);
      if (line !== undefined) return line;
    }
    return undefined;
  };
}

/** A YAML document read under a GitOps file's limits, with the line of each path and of each key. */
export type YamlDocument =
  | {
      readonly ok: true;
      readonly value: unknown;
      readonly lineOf: (path: string) => number | undefined;
      readonly keyLines: ReadonlyMap<string, number>;
    }
  | { readonly ok: false; readonly problems: FileProblem[] };

/**
 * Any webexhub YAML file other than a GitOps file (the org policy file): the same limits, reader
 * and line index, so the two kinds of file fail the same way.
 */
export function readYamlDocument(input: string | Uint8Array): YamlDocument {
  const admitted = admittedText(input);
  if (!admitted.ok) return admitted;
  const read = readYaml(admitted.text);
  if (!read.ok) return { ok: false, problems: read.problems };
  return { ok: true, value: read.value, lineOf: lineFinder(read.lines), keyLines: read.keyLines };
}

/**
 * A GitOps file, given as its bytes (as read from disk: checked as UTF-8 here) or as text. Whatever
 * the input, the answer is a result: a problem never throws.
 */
export function parseGitOpsFile(input: string | Uint8Array): ParseResult {
  const admitted = admittedText(input);
  if (!admitted.ok) return admitted;
  const read = readYaml(admitted.text);
  if (!read.ok) return { ok: false, problems: read.problems };
  const { value } = read;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return {
      ok: false,
      problems: [
        {
          path: "",
          line: 1,
          message: "the file must be a YAML mapping with apiVersion and either partner: or customer:",
        },
      ],
    };
  }
  const lineOf = lineFinder(read.lines);
  const record = value as Record<string, unknown>;
  const kind = "partner" in record ? "partner" : "customer" in record ? "customer" : undefined;
  if (!kind) return { ok: false, problems: [missingKindProblem(record, read.keyLines)] };
  if ("partner" in record && "customer" in record) {
    return {
      ok: false,
      problems: [
        {
          path: "customer",
          line: lineOf("customer"),
          message:
            "a file declares one organization: keep either partner: or customer:, and put the other in its own file",
        },
      ],
    };
  }
  const problems = schemaProblems(kind, value, read.keyLines, lineOf);
  if (problems.length > 0) return { ok: false, problems };
  return kind === "partner"
    ? { ok: true, parsed: { kind, file: value as PartnerFile }, lineOf }
    : { ok: true, parsed: { kind, file: value as CustomerFile }, lineOf };
}

/**
 * A mapping with neither partner: nor customer:. A misspelt kind (`partners:`, `customr:`) is the
 * likely mistake: name it and its fix.
 */
function missingKindProblem(record: Record<string, unknown>, keyLines: ReadonlyMap<string, number>): FileProblem {
  const typo = Object.keys(record)
    .map((key) => ({ key, hit: suggest(key, ["partner", "customer"]) }))
    .find((t) => t.hit !== undefined);
  if (typo) {
    return {
      path: typo.key,
      line: keyLines.get(typo.key) ?? 1,
      message: `unknown top-level key "${typo.key}". Did you mean "${typo.hit}:"? A file declares either partner: (a partner file) or customer: (a customer file).`,
    };
  }
  return {
    path: "",
    line: 1,
    message: "the file declares neither partner: (a partner file) nor customer: (a customer file); add one of them",
  };
}

/** The schema's errors for a file of `kind`, each with its line and, for the usual mistakes, a hint. */
function schemaProblems(
  kind: "partner" | "customer",
  value: unknown,
  keyLines: ReadonlyMap<string, number>,
  lineOf: (path: string) => number | undefined,
): FileProblem[] {
  const errors = validateSchema(kind === "partner" ? "partner-file" : "customer-file", value);
  // An unknown field is pointed at by its key: its value may start lines below (a block list).
  const lineOfError = (e: SchemaError): number | undefined =>
    (e.unknownField === true ? keyLines.get(e.path) : undefined) ?? lineOf(e.path);
  return errors.map((e) => ({
    path: e.path,
    message: hintFor(kind, e.path) ?? e.message,
    line: lineOfError(e),
  }));
}

export function desiredOfFile(parsed: GitOpsFile): Desired {
  if (parsed.kind === "partner") {
    const file = parsed.file;
    const members: DesiredMember[] = file.admins.map((admin, i) => ({
      email: admin.email,
      roles: admin.roles,
      ...(admin.sites !== undefined ? { sites: admin.sites } : {}),
      customers: admin.customers ?? [],
      path: `admins[${i}]`,
    }));
    const restrictedMode: DesiredRestrictedMode[] = (file.customers ?? []).map((customer, i) => ({
      orgId: customer.orgId,
      enabled: customer.restrictedMode ?? true,
      path: `customers[${i}]`,
    }));
    return {
      org: { kind: "partner", orgId: file.partner.orgId, wholesale: file.partner.wholesale ?? false },
      authoritative: true,
      members,
      externalAdmins: [],
      restrictedMode,
    };
  }
  const file = parsed.file;
  const externalAdmins: DesiredExternalAdmin[] = (file.externalAdmins ?? []).map((x, i) => ({
    email: x.email,
    role: x.role,
    expiresAt: x.expiresAt,
    contactCenterServiceAdmin: x.contactCenterServiceAdmin ?? false,
    path: `externalAdmins[${i}]`,
  }));
  return {
    org: { kind: "customer", orgId: file.customer.orgId },
    authoritative: true,
    // Authoritative for site roles too: an admin listed without sites holds none.
    members: file.admins.map((admin, i) => ({
      email: admin.email,
      roles: admin.roles,
      sites: admin.sites ?? {},
      path: `admins[${i}]`,
    })),
    externalAdmins,
    restrictedMode: [],
  };
}
