/**
 * The YAML a GitOps file may use: YAML 1.2 with its core schema, nothing else. A tag from another
 * schema changes what a node means without a word: `sites: !!omap [a.webex.com: site_admin]` reads
 * as an empty mapping, so an apply would take that admin's site roles away. Such a file is refused
 * at the tag's line. js-yaml knows only the core tags (coreSchema.ts) and hands any other file to
 * the `yaml` library, which refuses it here: both readers give the same answer.
 */
import { isMap, isNode, isSeq, type Document, type LineCounter } from "yaml";
import { joinPath } from "../rules/evaluation";
import type { FileProblem } from "./yamlRead";

const CORE = "tag:yaml.org,2002:";
/** The core schema's tags, and `!` (the non-specific tag: a quoted-like string, read alike by both readers). */
const ALLOWED: ReadonlySet<string> = new Set([
  "!",
  ...["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `${CORE}${t}`),
]);

/** A tag as a user writes it: `!!omap` for the YAML types, the tag itself otherwise. */
const shown = (tag: string): string => (tag.startsWith(CORE) ? `!!${tag.slice(CORE.length)}` : tag);

function tagProblem(tag: string, path: string, line: number | undefined): FileProblem {
  return {
    path,
    ...(line === undefined ? {} : { line }),
    message:
      `the YAML tag ${shown(tag)} is not read by webexhub, which reads plain YAML 1.2 (mappings, lists, strings, ` +
      "numbers, true/false, null): remove the tag and write the value as a plain mapping or list " +
      "(sites as `host: role` lines, roles as a list of names)",
  };
}

/** Every tag outside the core schema, with its path and line, keys included. */
export function refusedTagProblems(doc: Document, lineCounter: LineCounter): FileProblem[] {
  const problems: FileProblem[] = [];
  const check = (node: unknown, path: string): void => {
    if (!isNode(node)) return;
    if (node.tag !== undefined && !ALLOWED.has(node.tag)) {
      problems.push(tagProblem(node.tag, path, node.range ? lineCounter.linePos(node.range[0]).line : undefined));
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isNode(pair.key) && "value" in pair.key ? String(pair.key.value) : "?";
        check(pair.key, path);
        check(pair.value, joinPath(path, key));
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => check(item, joinPath(path, i)));
  };
  check(doc.contents, "");
  return problems;
}

/** A `%YAML` directive for another version than 1.2: YAML 1.1 reads `yes`, `on` and `0755` otherwise. */
export function versionProblem(doc: Document, text: string): FileProblem[] {
  const { explicit, version } = doc.directives?.yaml ?? { explicit: false, version: "1.2" };
  if (explicit !== true || version === "1.2") return [];
  const at = text.indexOf("%YAML");
  const line = at < 0 ? 1 : text.slice(0, at).split("\n").length;
  return [
    {
      path: "",
      line,
      message:
        `the file asks for YAML ${version} (%YAML ${version}), ` +
        "where yes, no, on and off are booleans and 0755 is octal; " +
        "webexhub reads YAML 1.2: remove the %YAML line, and write true or false where a boolean is meant",
    },
  ];
}
