/**
 * The `yaml` library's reading of a GitOps file: the slow path, taken for the files js-yaml cannot
 * read or cannot index (see jsYamlRead.ts). It is what every file went through before, kept as it
 * was, so that those files get exactly the answers they always got.
 */
import { LineCounter, parseDocument, isMap, isScalar, isSeq, visit, type Document, type Node } from "yaml";
import { refusedTagProblems, versionProblem } from "./tags";
import { duplicateKeyProblem, type FileProblem, type YamlRead } from "./yamlRead";

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
        else
          problems.push(
            duplicateKeyProblem(key, pair.key.range ? lineCounter.linePos(pair.key.range[0]).line : undefined),
          );
      }
    },
  });
  return problems;
}

/**
 * The line of every node, by path (`admins[3].roles[0]`), built once: looking each error's path up
 * in the document would scan its mappings again for every error.
 */
function lineIndex(
  doc: Document,
  lineCounter: LineCounter,
): { lines: Map<string, number>; keyLines: Map<string, number> } {
  const lines = new Map<string, number>();
  const keyLines = new Map<string, number>();
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
        if (pair.key.range && !keyLines.has(at)) keyLines.set(at, lineCounter.linePos(pair.key.range[0]).line);
        walk(pair.value, at);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, `${path}[${i}]`));
    }
  };
  walk(doc.contents, "");
  return { lines, keyLines };
}

export function readWithYamlLibrary(text: string): YamlRead {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  // Before the value is built: a tag from outside the core schema changes what it is (`!!omap`
  // gives an empty mapping, `!!binary` a Buffer), and a YAML 1.1 directive changes `yes` to true.
  // Before the syntax errors too: the library's complaints about the tag's type (`Set items must
  // all have null values`) would hide that the tag itself is what to remove.
  const refused = [...versionProblem(doc, text), ...refusedTagProblems(doc, lineCounter)];
  if (refused.length > 0) return { ok: false, problems: refused };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => ({
        path: "",
        line: lineCounter.linePos(error.pos[0]).line,
        message: `not valid YAML: ${error.message.split("\n")[0]}`,
      })),
    };
  }
  const duplicates = duplicateKeys(doc, lineCounter);
  if (duplicates.length > 0) return { ok: false, problems: duplicates };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias that expands too often (a "billion laughs" file) or cannot be resolved.
    return {
      ok: false,
      problems: [
        {
          path: "",
          line: 1,
          message: `not valid YAML: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`,
        },
      ],
    };
  }
  const { lines, keyLines } = lineIndex(doc, lineCounter);
  return { ok: true, value, lines, keyLines };
}
