/**
 * The fast reading of a GitOps file: js-yaml's `load`, with its `listener` recording every node as
 * it is composed, so that the line of each path and the keys repeated in a mapping come from the
 * same single pass over the text.
 *
 * js-yaml's events are its `composeNode` calls: 'open' before a node is read, 'close' after, nested.
 * They are not a clean tree of nodes, and this file says how it reads them (see `unwrap` and
 * `Indexer.node`); every mapping and sequence is then checked against the value js-yaml built (the
 * same keys, the same values, one event per item). Where the check fails, or js-yaml cannot read the
 * file at all, the answer is undefined and the caller reads the file with the `yaml` library.
 */
import { load, type State } from "js-yaml";
import { joinPath } from "../rules/evaluation";
import { YAML_CORE_SCHEMA } from "./coreSchema";
import { duplicateKeyProblem, type FileProblem, type YamlRead } from "./yamlRead";

/** One `composeNode` call. Lines are 0-based here, as js-yaml counts them. */
interface Frame {
  readonly line: number;
  readonly position: number;
  /** Where the reading stopped; the node's content, if any, starts before it. */
  end: number;
  /** "scalar", "mapping", "sequence", or null: empty, or an alias (js-yaml sets no kind for one). */
  kind: string | null;
  result: unknown;
  children: Frame[] | undefined;
}

/** The frames of one document, the text as js-yaml read it, and whether a directive asked for another YAML version. */
function compose(
  text: string,
): { root: Frame | undefined; input: string; versioned: boolean; value: unknown } | undefined {
  const stack: Frame[] = [];
  let root: Frame | undefined;
  let input = "";
  let versioned = false;
  const listener = (event: "open" | "close", state: State): void => {
    if (event === "open") {
      if (root === undefined && stack.length === 0) {
        // js-yaml drops a BOM and adds a final newline: positions are in its copy of the text.
        input = state.input;
        // `%YAML 1.1` makes the `yaml` library read `yes` as true; js-yaml would not.
        versioned = state.version !== null;
      }
      stack.push({
        line: state.line,
        position: state.position,
        end: -1,
        kind: null,
        result: null,
        children: undefined,
      });
      return;
    }
    const frame = stack.pop();
    if (frame === undefined) return;
    frame.end = state.position;
    frame.kind = (state.kind as string | null) ?? null;
    frame.result = state.result as unknown;
    const parent = stack[stack.length - 1];
    if (parent === undefined) root = frame;
    else if (parent.children === undefined) parent.children = [frame];
    else parent.children.push(frame);
  };
  try {
    // json: a repeated key keeps its last value instead of throwing, so that every repeated key
    // can be reported with its line, as before.
    const value = load(text, { schema: YAML_CORE_SCHEMA, json: true, listener });
    return { root, input, versioned, value };
  } catch {
    return undefined;
  }
}

/**
 * A node read through `readBlockMapping` that turned out not to be a mapping (`- [a, b]`, a plain
 * `- a`, or `key:` then `[a]` on the next line) is two frames: the outer one takes the inner one's
 * result as its own. For a collection, descend to the frame whose children are its items.
 */
function unwrap(frame: Frame): Frame {
  let f = frame;
  for (;;) {
    const only = f.children?.length === 1 ? f.children[0] : undefined;
    if (
      only === undefined ||
      (f.kind !== "mapping" && f.kind !== "sequence") ||
      only.kind !== f.kind ||
      only.result !== f.result
    )
      return f;
    f = only;
  }
}

const ESCAPED_BREAK_THEN_BLANK = /\\(?:\r\n?|\n)[ \t]*(?:\r\n?|\n)/;

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;
const isBreak = (c: number): boolean => c === 0x0a || c === 0x0d;

/** Thrown inside the walk when the frames do not match the value: the file goes to the `yaml` library. */
class Unindexable extends Error {}

class Indexer {
  readonly lines = new Map<string, number>();
  readonly keyLines = new Map<string, number>();
  readonly duplicates: FileProblem[] = [];
  /** The line of the first alias (`*name`), if the file has one: where a runaway expansion is reported. */
  firstAliasLine: number | undefined;
  /** Set by `contentLine`: the first character of the node's content (-1 for an empty node), and where it is. */
  private contentChar = -1;
  private contentAt = -1;

  constructor(private readonly input: string) {}

  /**
   * The 1-based line where a node's content starts, as the `yaml` library gives it: past the space,
   * line breaks and comments before it, and past its anchor and tag. An empty node (`key:` with
   * nothing after it) is on the line where it was looked for.
   */
  contentLine(frame: Frame): number {
    const input = this.input;
    let line = frame.line;
    let i = frame.position;
    for (;;) {
      const c = input.charCodeAt(i);
      if (isBlank(c)) i++;
      else if (c === 0x0a) {
        line++;
        i++;
      } else if (c === 0x0d) {
        line++;
        i += input.charCodeAt(i + 1) === 0x0a ? 2 : 1;
      } else if (c === 0x23 /* # */ || ((c === 0x26 /* & */ || c === 0x21) /* ! */ && i < frame.end)) {
        // A comment, or an anchor or tag: skip to the next space or line break.
        while (i < input.length && !isBreak(input.charCodeAt(i)) && (c === 0x23 || !isBlank(input.charCodeAt(i)))) i++;
      } else break;
    }
    if (i >= frame.end || i >= input.length - 1) {
      this.contentChar = -1;
      return frame.line + 1;
    }
    this.contentChar = input.charCodeAt(i);
    this.contentAt = i;
    if (this.contentChar === 0x22 /* " */) this.refuseEscapedBreakBeforeBlankLine(frame);
    return line + 1;
  }

  /**
   * A double-quoted scalar with an escaped line break (`\` at the end of a line) followed by a blank
   * line is the one construct found where js-yaml and the `yaml` library read different strings
   * (`"2027-01-31T0\` + blank line + `0:00:00Z"`: js-yaml joins the halves, `yaml` puts a space
   * between them). The `yaml` library reads such a file, as it always did.
   */
  private refuseEscapedBreakBeforeBlankLine(frame: Frame): void {
    const source = this.input.slice(this.contentAt, frame.end);
    if (source.includes("\\") && ESCAPED_BREAK_THEN_BLANK.test(source))
      throw new Unindexable("an escaped line break before a blank line");
  }

  /** Index the node of `frame` at `path`, and everything under it. */
  node(frame: Frame, path: string): void {
    const line = this.contentLine(frame);
    this.lines.set(path, line);
    if (this.contentChar === 0x2a /* * */) {
      // An alias: its line is the alias's; what it points at is indexed where the anchor is.
      this.firstAliasLine ??= line;
      return;
    }
    // A scalar's frame can have frames inside: js-yaml tried to read it as the first key of a
    // mapping (a node with an anchor or a tag) and backed out. They are not nodes, and are skipped.
    const f = unwrap(frame);
    if (f.kind === "mapping") this.mapping(f, path);
    else if (f.kind === "sequence") this.sequence(f, path);
  }

  private mapping(f: Frame, path: string): void {
    const object = f.result as Record<string, unknown>;
    const children = f.children ?? [];
    let n = children.length;
    // A mapping ends when its next key cannot be read; that last try (at a `...` end of document)
    // is an empty frame of its own.
    if (n % 2 === 1) {
      const last = children[n - 1] as Frame;
      if (last.kind !== null || last.result !== null) throw new Unindexable("a key without a value frame");
      n -= 1;
    }
    // First the repeated keys of this mapping, then those inside its values: the order in which the
    // `yaml` library's visit reported them.
    const seen = new Set<string>();
    let repeated: Set<string> | undefined;
    for (let i = 0; i < n; i += 2) {
      const keyFrame = children[i] as Frame;
      // Keys are plain strings in a GitOps file; a number, null or collection as a key is left to
      // the `yaml` library, which turns them into property names its own way.
      if (keyFrame.kind !== "scalar" || typeof keyFrame.result !== "string")
        throw new Unindexable("a key that is not a string");
      const key = keyFrame.result;
      const keyLine = this.contentLine(keyFrame);
      if (!seen.has(key)) {
        seen.add(key);
        this.keyLines.set(joinPath(path, key), keyLine);
      } else {
        (repeated ??= new Set()).add(key);
        this.duplicates.push(duplicateKeyProblem(key, keyLine));
      }
    }
    if (seen.size !== Object.keys(object).length) throw new Unindexable("keys that the frames do not show");
    for (let i = 0; i < n; i += 2) {
      const key = (children[i] as Frame).result as string;
      const valueFrame = children[i + 1] as Frame;
      // A repeated key's value was replaced by the last one's; the file is refused anyway.
      if (repeated?.has(key) !== true && !Object.is(valueFrame.result, object[key]))
        throw new Unindexable("a value that is not the mapping's");
      this.node(valueFrame, joinPath(path, key));
    }
  }

  private sequence(f: Frame, path: string): void {
    const items = f.result as unknown[];
    const children = f.children ?? [];
    // `-` with nothing after it adds a null item without a frame; `[a: b]` adds one item of two frames.
    if (children.length !== items.length) throw new Unindexable("items that the frames do not show");
    for (let i = 0; i < items.length; i++) {
      const item = children[i] as Frame;
      if (!Object.is(item.result, items[i])) throw new Unindexable("an item that is not the sequence's");
      this.node(item, joinPath(path, i));
    }
  }
}

/**
 * The expansion that aliases can give a file is bounded: a "billion laughs" file of a few lines
 * (aliases of aliases of aliases) stands for a tree of billions of nodes, which everything after
 * the parse (the JSON Schema, the rules) would walk. js-yaml shares one object between an anchor
 * and its aliases, so that tree is measured here without building it: each object's size once,
 * memoized. A count of the aliases alone would not see the nesting (the bomb in the tests has 30
 * aliases and stands for 12,000 nodes). The bound grows with the file, so that a long file may
 * reuse a list of roles in every entry, and leaves what is done after the parse linear in the text.
 */
const ALIAS_GROWTH = 10;
const ALIAS_ALLOWANCE = 1000;

function aliasProblem(value: unknown, line: number): FileProblem | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const size = new Map<object, number>();
  const open = new Set<object>();
  /** Nodes as written: each object once, with one node for each of its items or values (an alias among them). */
  let written = 0;
  // Depth-first, without recursion: aliases can chain deeper than the stack.
  const stack: Array<{ object: object; items: unknown[]; next: number; total: number }> = [];
  const enter = (object: object): void => {
    const items = Array.isArray(object) ? (object as unknown[]) : Object.values(object as Record<string, unknown>);
    written += 1 + items.length;
    open.add(object);
    stack.push({ object, items, next: 0, total: 1 });
  };
  enter(value);
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    if (top.next < top.items.length) {
      const item = top.items[top.next++];
      if (typeof item !== "object" || item === null) top.total += 1;
      else if (open.has(item))
        return {
          path: "",
          line,
          message:
            "not valid YAML: an alias (*name) stands for a node that contains it, which never ends; write the values out instead",
        };
      else {
        const known = size.get(item);
        if (known === undefined) enter(item);
        else top.total += known;
      }
      continue;
    }
    stack.pop();
    open.delete(top.object);
    size.set(top.object, top.total);
    const parent = stack[stack.length - 1];
    if (parent !== undefined) parent.total += top.total;
  }
  const expanded = size.get(value) ?? 0;
  if (expanded <= ALIAS_GROWTH * written + ALIAS_ALLOWANCE) return undefined;
  return {
    path: "",
    line,
    message: `not valid YAML: its aliases (*name) turn ${written} values into ${expanded}, more than ${ALIAS_GROWTH} times as many (a "billion laughs" resource exhaustion attack?); write the values out instead`,
  };
}

/** The file read by js-yaml, or undefined when the `yaml` library must read it. */
export function readWithJsYaml(text: string): YamlRead | undefined {
  const composed = compose(text);
  if (composed === undefined || composed.versioned) return undefined;
  const { root, input, value } = composed;
  const indexer = new Indexer(input);
  if (root !== undefined) {
    try {
      indexer.node(root, "");
    } catch (error) {
      if (error instanceof Unindexable) return undefined;
      throw error;
    }
  }
  if (indexer.duplicates.length > 0) return { ok: false, problems: indexer.duplicates };
  if (indexer.firstAliasLine !== undefined) {
    const problem = aliasProblem(value, indexer.firstAliasLine);
    if (problem !== undefined) return { ok: false, problems: [problem] };
  }
  return { ok: true, value, lines: indexer.lines, keyLines: indexer.keyLines };
}
