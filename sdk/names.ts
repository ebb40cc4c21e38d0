/**
 * Pulumi resource names for the entries of a GitOps file: unique, stable and readable. Webex org
 * ids are 90 characters of base64 (`Y2lzY29zcGFyazovL3Vz…`), which made names such as
 * `restricted-y2lzy29zcgfyazovl3vzl09sr0fosvpbvelpti82mgmz…`; such an id now becomes `org-` and a
 * short hash of it. Earlier names stay valid as aliases, so an existing stack keeps its resources.
 */
import { createHash } from "node:crypto";

/** Lower-case letters, digits and dashes. */
export const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

const shortHash = (text: string): string => createHash("sha256").update(text).digest("hex").slice(0, 8);

/** The longest slug kept as it is; a longer one is cut and followed by a hash of the whole text. */
const READABLE = 32;

/** A name part for a value: its slug when short (an email, `cust-acme`), else a readable head and a short hash. */
export function part(text: string, opaque = false): string {
  const s = slug(text);
  if (opaque && s.length > 24) return `org-${shortHash(text)}`;
  return s.length <= READABLE ? s : `${s.slice(0, 16).replace(/-$/, "")}-${shortHash(text)}`;
}

/** An org id as a name part: opaque Webex ids become `org-<hash>`, short ones (`cust-acme`) stay. */
export const orgPart = (orgId: string): string => part(orgId, true);

export interface GitOpsName {
  readonly name: string;
  /** The name earlier versions gave the entry, when it differs: an alias keeps the resource. */
  readonly alias?: string;
}

/** `kind-part-part…` from the entry's identifying values, with the earlier name as its alias. */
export function gitOpsName(
  kind: string,
  values: ReadonlyArray<{ readonly text: string; readonly org?: boolean }>,
): GitOpsName {
  const name = [kind, ...values.map((v) => (v.org ? orgPart(v.text) : part(v.text)))].join("-");
  const earlier = [kind, ...values.map((v) => slug(v.text))].join("-");
  return earlier === name ? { name } : { name, alias: earlier };
}
