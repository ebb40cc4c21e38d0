/**
 * How deep and how large a GitOps file is, measured before a YAML parser sees it: both parsers
 * recurse once per level of nesting (1,000 levels overflow the stack) and keep about a kilobyte per
 * list item or key (2.5 million `-` lines take gigabytes). One pass over the text, no allocation
 * per character, so that a hostile file is refused in milliseconds with the limit it broke.
 *
 * The scan is an estimate from above of what the parsers will build: each block indentation level
 * that is open, each `- ` or `? ` written on one line (`- - - x`), each open `[` or `{`. Quoted
 * scalars, comments and block scalars (`|`, `>`) are skipped, so their text never counts.
 */
import { joinPath } from "../rules/evaluation";
import type { FileProblem } from "./yamlRead";

/** The deepest nesting read. A GitOps file needs 6 levels (`admins`, an admin, `sites`, a site). */
export const MAX_DEPTH = 64;
/** The most list items and keys read in one file: 2,000 admins with 50,000 customer assignments are 60,000. */
export const MAX_ENTRIES = 250_000;

export const depthProblem = (line: number | undefined, path = ""): FileProblem => ({
  path,
  ...(line === undefined ? {} : { line }),
  message:
    `the file nests lists and mappings more than ${MAX_DEPTH} levels deep here; webexhub reads at most ` +
    `${MAX_DEPTH} levels (a GitOps file needs 6): ` +
    "check for a runaway [ or { , or an alias (*name) inside what it names",
});

const entriesProblem = (line: number): FileProblem => ({
  path: "",
  line,
  message:
    `the file has more than ${MAX_ENTRIES.toLocaleString("en-US")} list items and keys (the limit is reached here); ` +
    "webexhub reads at most that many in one file: check that this is the file you meant",
});

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const isBlank = (c: number): boolean => c === SPACE || c === TAB;
/** End of line or of the text (NaN past the end). */
const isEnd = (c: number): boolean => c === LF || c === CR || Number.isNaN(c);

class Scan {
  private i = 0;
  private line = 1;
  private lineBegin = 0;
  private lineIndent = 0;
  /** Columns of the open block nodes, innermost last. */
  private readonly stack: number[] = [];
  private flow = 0;
  private entries = 0;
  /** 0, or the quote (`"` or `'`) of the scalar being skipped. */
  private quote = 0;
  /** Lines indented more than this are a block scalar's text (-1: not in one). */
  private blockScalar = -1;
  private atLineStart = true;
  /** The next character starts a node (after indentation, an indicator, a comma, an anchor or a tag). */
  private atNode = true;

  constructor(private readonly text: string) {}

  private code(at: number): number {
    return this.text.charCodeAt(at);
  }

  private tooDeep(): boolean {
    return this.stack.length + this.flow > MAX_DEPTH;
  }

  private skipToEnd(): void {
    while (!isEnd(this.code(this.i))) this.i++;
  }

  run(): FileProblem | undefined {
    const n = this.text.length;
    while (this.i < n) {
      const problem = this.step();
      if (problem !== undefined) return problem;
    }
    return undefined;
  }

  private step(): FileProblem | undefined {
    const c = this.code(this.i);
    if (c === LF || c === CR) {
      this.i += c === CR && this.code(this.i + 1) === LF ? 2 : 1;
      this.line++;
      this.lineBegin = this.i;
      this.atLineStart = this.flow === 0 && this.quote === 0;
      return undefined;
    }
    if (this.quote !== 0) return this.inQuote(c);
    if (this.atLineStart) return this.lineStart();
    if (isBlank(c)) {
      this.i++;
      return undefined;
    }
    if (c === 0x23 /* # */ && (this.i === this.lineBegin || isBlank(this.code(this.i - 1)))) {
      this.skipToEnd();
      return undefined;
    }
    if (this.atNode && this.nodeStart(c)) return this.tooDeep() ? depthProblem(this.line) : this.counted();
    return this.flow > 0 ? this.inFlow(c) : this.inBlock(c);
  }

  private counted(): FileProblem | undefined {
    return this.entries > MAX_ENTRIES ? entriesProblem(this.line) : undefined;
  }

  private inQuote(c: number): undefined {
    if (this.quote === 0x22 /* " */) {
      // An escape skips the character after it, unless that is a line break (counted above).
      if (c === 0x5c /* \ */) this.i += isEnd(this.code(this.i + 1)) ? 1 : 2;
      else {
        if (c === 0x22) this.quote = 0;
        this.i++;
      }
      return undefined;
    }
    if (c === 0x27 /* ' */) {
      if (this.code(this.i + 1) === 0x27) this.i += 2;
      else {
        this.quote = 0;
        this.i++;
      }
    } else this.i++;
    return undefined;
  }

  /** The indentation of a block line: closes the levels it leaves, opens one if it goes deeper. */
  private lineStart(): FileProblem | undefined {
    let col = 0;
    while (this.code(this.i + col) === SPACE) col++;
    const c = this.code(this.i + col);
    this.atLineStart = false;
    if (isEnd(c) || c === 0x23 /* # */) {
      // A blank or comment line: no level opens or closes.
      this.i += col;
      this.skipToEnd();
      return undefined;
    }
    if (this.blockScalar >= 0 && col > this.blockScalar) {
      this.skipToEnd();
      return undefined;
    }
    this.blockScalar = -1;
    this.lineIndent = col;
    while (this.stack.length > 0 && (this.stack[this.stack.length - 1] as number) > col) this.stack.pop();
    if (this.stack.length === 0 || (this.stack[this.stack.length - 1] as number) < col) this.stack.push(col);
    this.i += col;
    this.atNode = true;
    return this.tooDeep() ? depthProblem(this.line) : undefined;
  }

  /** What starts a node: a quote, a flow collection, a block scalar, a block indicator, an anchor, tag or alias. */
  private nodeStart(c: number): boolean {
    const next = this.code(this.i + 1);
    if (c === 0x22 || c === 0x27) {
      this.quote = c;
      this.atNode = false;
      this.i++;
      return false;
    }
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      this.flow++;
      this.entries++;
      this.i++;
      return true;
    }
    if (this.flow === 0 && (c === 0x7c /* | */ || c === 0x3e) /* > */) {
      this.blockScalar = this.lineIndent;
      this.skipToEnd();
      return false;
    }
    const indicator = c === 0x2d /* - */ || c === 0x3f /* ? */ || c === 0x3a; /* : */
    if (this.flow === 0 && indicator && (isBlank(next) || isEnd(next))) {
      this.blockIndicator(c);
      return true;
    }
    if (c === 0x26 /* & */ || c === 0x21 /* ! */ || c === 0x2a /* * */) {
      // An anchor or a tag comes before its node; an alias is a whole node.
      const inToken = (d: number): boolean => !isEnd(d) && !isBlank(d) && !this.endsFlowToken(d);
      while (inToken(this.code(this.i))) this.i++;
      this.atNode = c !== 0x2a;
      return false;
    }
    return false;
  }

  private endsFlowToken(c: number): boolean {
    return this.flow > 0 && (c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d);
  }

  /** `- `, `? ` or `: ` at the start of a node: the node after it is one level deeper, at its own column. */
  private blockIndicator(c: number): void {
    if (c !== 0x3a) this.entries++;
    const column = this.i - this.lineBegin;
    this.i++;
    while (isBlank(this.code(this.i))) this.i++;
    const top = this.stack[this.stack.length - 1];
    const nested = isEnd(this.code(this.i)) ? column + 1 : this.i - this.lineBegin;
    if (top === undefined || top < nested) this.stack.push(nested);
  }

  private inFlow(c: number): FileProblem | undefined {
    this.i++;
    if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      this.flow = Math.max(0, this.flow - 1);
      this.atNode = false;
    } else if (c === 0x2c /* , */) {
      this.entries++;
      this.atNode = true;
      return this.counted();
    } else this.atNode = c === 0x3a; /* : */
    return undefined;
  }

  private inBlock(c: number): FileProblem | undefined {
    this.i++;
    const next = this.code(this.i);
    if (c === 0x3a /* : */ && (isBlank(next) || isEnd(next))) {
      this.entries++;
      this.atNode = true;
      return this.counted();
    }
    this.atNode = false;
    return undefined;
  }
}

/** Why the text is too deep or too large to hand to a YAML parser, or undefined. */
export function structureProblem(text: string): FileProblem | undefined {
  return new Scan(text).run();
}

/**
 * The nesting of the value a parser built, which aliases can make deeper than the text (`b: &b
 * [*a]`, `c: &c [*b]`, …): the first path past MAX_DEPTH, or undefined. Iterative, and it stops
 * descending at the limit; the alias bounds (see jsYamlRead.ts) keep the expanded tree linear.
 */
export function tooDeepPath(value: unknown): string | undefined {
  interface Entry {
    readonly node: unknown;
    readonly depth: number;
    readonly parent: Entry | undefined;
    readonly key: string | number;
  }
  const pathOf = (entry: Entry): string =>
    entry.parent === undefined ? "" : joinPath(pathOf(entry.parent), entry.key);
  const stack: Entry[] = [{ node: value, depth: 0, parent: undefined, key: "" }];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const { node, depth } = entry;
    if (typeof node !== "object" || node === null) continue;
    if (depth >= MAX_DEPTH) return pathOf(entry);
    const items: Array<[string | number, unknown]> = Array.isArray(node)
      ? node.map((item: unknown, i) => [i, item])
      : Object.entries(node);
    for (const [key, item] of items) stack.push({ node: item, depth: depth + 1, parent: entry, key });
  }
  return undefined;
}
