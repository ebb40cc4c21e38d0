/**
 * The GitOps YAML file: parse, schema-check and turn into the rules engine's `Desired`.
 * A file is authoritative for its org's admins. Two kinds, told apart by their top-level key.
 */
import { LineCounter, parseDocument, isMap, isScalar, isSeq, visit, type Document, type Node } from "yaml";
import type { RoleId, SiteRoleId } from "../rules/catalog";
import type { Desired, DesiredExternalAdmin, DesiredMember, DesiredRestrictedMode } from "../rules/types";
import { suggest } from "../suggest";
import { validateSchema, type SchemaError } from "../schema";

export interface PartnerFile {
  apiVersion: "webexhub/v1";
  partner: { orgId: string; wholesale?: boolean };
  admins: Array<{ email: string; roles: RoleId[]; sites?: Record<string, SiteRoleId>; customers?: string[]; adopt?: boolean }>;
  customers?: Array<{ orgId: string; restrictedMode?: boolean }>;
}

export interface CustomerFile {
  apiVersion: "webexhub/v1";
  customer: { orgId: string };
  admins: Array<{ email: string; roles: RoleId[]; sites?: Record<string, SiteRoleId>; adopt?: boolean }>;
  externalAdmins?: Array<{ email: string; role: RoleId; expiresAt?: string; contactCenterServiceAdmin?: boolean }>;
}

export type GitOpsFile = { kind: "partner"; file: PartnerFile } | { kind: "customer"; file: CustomerFile };

/** A problem that makes the file unusable (exit 2): not YAML, wrong kind, schema errors. */
export interface FileProblem extends SchemaError {
  readonly line?: number;
}

export type ParseResult = { ok: true; parsed: GitOpsFile; lineOf: (path: string) => number | undefined } | { ok: false; problems: FileProblem[] };

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
const HINTS: Readonly<Record<"partner" | "customer", Readonly<Record<string, string>>>> = {
  partner: {
    externalAdmins:
      "a partner file cannot declare external admins: partner admins are external admins in their customers' orgs, and Webex does not let external admins add external admins. Declare them in the customer's own file (customer:), applied with the token of one of its full admins",
  },
  customer: {
    customers: "a customer file has no customers: assigning customers and Restricted Administrator Mode belong in the partner file (partner:)",
    "admins[].customers": "customers are assigned to partner administrators in the partner file, not to a customer org's admins",
  },
};

/**
 * Keys repeated within one mapping, with their lines. Done here in one pass (a Set per mapping)
 * rather than by the YAML parser's `uniqueKeys`, which compares each key with every earlier one:
 * a mapping of 20,000 keys took seconds.
 */
function duplicateKeys(doc: Document, lineCounter: LineCounter): FileProblem[] {
  const problems: FileProblem[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (!seen.has(key)) seen.add(key);
        else {
          const line = pair.key.range ? lineCounter.linePos(pair.key.range[0]).line : undefined;
          problems.push({ path: "", ...(line === undefined ? {} : { line }), message: `not valid YAML: the key "${key}" appears twice in one mapping; keep one` });
        }
      }
    },
  });
  return problems;
}

/**
 * The line of every node, by path (`admins[3].roles[0]`), built once: looking each error's path up
 * in the document would scan its mappings again for every error.
 */
function lineIndex(doc: Document, lineCounter: LineCounter): Map<string, number> {
  const lines = new Map<string, number>();
  const walk = (node: unknown, path: string): void => {
    const range = (node as Node | null)?.range;
    if (range) lines.set(path, lineCounter.linePos(range[0]).line);
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const at = path ? `${path}.${key}` : key;
        // A key without a value still has a line: its key's.
        if (pair.key.range && !lines.has(at)) lines.set(at, lineCounter.linePos(pair.key.range[0]).line);
        walk(pair.value, at);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, `${path}[${i}]`));
    }
  };
  walk(doc.contents, "");
  return lines;
}

export function parseGitOpsFile(text: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => ({ path: "", line: lineCounter.linePos(error.pos[0]).line, message: `not valid YAML: ${error.message.split("\n")[0]}` })),
    };
  }
  const duplicates = duplicateKeys(doc, lineCounter);
  if (duplicates.length > 0) return { ok: false, problems: duplicates };
  let index: Map<string, number> | undefined;
  const lineOf = (path: string): number | undefined => {
    index ??= lineIndex(doc, lineCounter);
    const segments = pathSegments(path);
    // Walk up as far as needed, so a missing key points at its parent.
    for (;;) {
      const at = segments.reduce<string>((p, s) => (typeof s === "number" ? `${p}[${s}]` : p ? `${p}.${s}` : s), "");
      const line = index.get(at);
      if (line !== undefined) return line;
      if (segments.length === 0) return undefined;
      segments.pop();
    }
  };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias that expands too often (a "billion laughs" file) or cannot be resolved.
    return { ok: false, problems: [{ path: "", line: 1, message: `not valid YAML: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}` }] };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value) || !isMap(doc.contents)) {
    return { ok: false, problems: [{ path: "", line: 1, message: "the file must be a YAML mapping with apiVersion and either partner: or customer:" }] };
  }
  const record = value as Record<string, unknown>;
  const kind = "partner" in record ? "partner" : "customer" in record ? "customer" : undefined;
  if (!kind) {
    // A misspelt kind (`partners:`, `customr:`) is the likely mistake: name it and its fix.
    const typo = Object.keys(record).map((key) => ({ key, hit: suggest(key, ["partner", "customer"]) })).find((t) => t.hit !== undefined);
    if (typo) {
      const keyNode = doc.contents.items.find((pair) => isScalar(pair.key) && pair.key.value === typo.key)?.key as Node | undefined;
      const line = keyNode?.range ? lineCounter.linePos(keyNode.range[0]).line : 1;
      return { ok: false, problems: [{ path: typo.key, line, message: `unknown top-level key "${typo.key}". Did you mean "${typo.hit}:"? A file declares either partner: (a partner file) or customer: (a customer file).` }] };
    }
    return { ok: false, problems: [{ path: "", line: 1, message: "the file declares neither partner: (a partner file) nor customer: (a customer file); add one of them" }] };
  }
  if ("partner" in record && "customer" in record) {
    return { ok: false, problems: [{ path: "customer", line: lineOf("customer"), message: "a file declares one organization: keep either partner: or customer:, and put the other in its own file" }] };
  }
  const errors = validateSchema(kind === "partner" ? "partner-file" : "customer-file", value).map((error) => ({ ...error, message: HINTS[kind][error.path.replace(/\[\d+\]/g, "[]")] ?? error.message }));
  if (errors.length > 0) return { ok: false, problems: errors.map((error) => ({ ...error, line: lineOf(error.path) })) };
  return kind === "partner"
    ? { ok: true, parsed: { kind, file: value as PartnerFile }, lineOf }
    : { ok: true, parsed: { kind, file: value as CustomerFile }, lineOf };
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
    members: file.admins.map((admin, i) => ({ email: admin.email, roles: admin.roles, sites: admin.sites ?? {}, path: `admins[${i}]` })),
    externalAdmins,
    restrictedMode: [],
  };
}
