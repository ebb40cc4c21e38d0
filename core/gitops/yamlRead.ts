/**
 * What reading a GitOps file's YAML gives: its value, the line of every node by path, or the
 * problems that make it unusable (not YAML, a key twice in one mapping, aliases that expand without
 * end). The two readers (jsYamlRead.ts, yamlLibraryRead.ts) answer in these terms; file.ts picks.
 */
import type { SchemaError } from "../schema";

/** A problem that makes the file unusable (exit 2): not YAML, wrong kind, schema errors. */
export interface FileProblem extends SchemaError {
  readonly line?: number;
}

export type YamlRead =
  | {
      readonly ok: true;
      readonly value: unknown;
      /**
       * Path (`admins[3].roles[0]`, `admins[0].sites.a.webex.com`) → 1-based line where its value
       * starts; a key without a value has its key's line.
       */
      readonly lines: ReadonlyMap<string, number>;
      /**
       * Path → 1-based line of its key (`partners:`, `admins[0].email2:`), the first when a key is
       * repeated: where an unknown or misspelt field is, even when its value starts lines below.
       */
      readonly keyLines: ReadonlyMap<string, number>;
    }
  | { readonly ok: false; readonly problems: FileProblem[] };

export const duplicateKeyProblem = (key: string, line: number | undefined): FileProblem => ({
  path: "",
  ...(line === undefined ? {} : { line }),
  message: `not valid YAML: the key "${key}" appears twice in one mapping; keep one`,
});

/** Which reader read the file: the tests must see the fallback taken. */
export type Reader = "js-yaml" | "yaml";
