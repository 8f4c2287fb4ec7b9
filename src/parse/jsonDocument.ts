/**
 * JSONC with locations: the parsed value together with a way to place any later problem
 * on the exact node it concerns (values without their quotes, keys for unknown fields),
 * the way VS Code's own extension-editing linter does.
 *
 * One visitor pass builds the value and finds syntax errors and duplicate keys; the syntax
 * tree and the line index are built only when a problem first needs a range, because a
 * clean multi-megabyte file needs neither.
 */
import {
  findNodeAtLocation,
  parseTree,
  printParseErrorCode,
  visit,
  type JSONVisitor,
  type Node,
  type ParseError,
} from "jsonc-parser";
import type { Problem, TextRange } from "../model/problem";
import { LineIndex } from "./lineIndex";

export type JsonPath = (string | number)[];

const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false };

export class JsonDocument {
  readonly text: string;
  readonly value: unknown;
  readonly syntaxProblems: Problem[] = [];
  private lineIndex: LineIndex | undefined;
  private tree: Node | undefined | null = null;

  constructor(source: string) {
    // A byte-order mark is not part of the text (VS Code strips it too), so ranges match the editor's.
    this.text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
    let parsed: ReturnType<typeof parseWithDuplicates>;
    try {
      parsed = parseWithDuplicates(this.text);
    } catch (error) {
      // The parser recurses per nesting level: thousands of levels exhaust the stack.
      if (!(error instanceof RangeError)) throw error;
      this.value = undefined;
      this.tree = undefined;
      this.syntaxProblems.push({
        code: "CL001",
        severity: "error",
        message: "JSON syntax error: objects and arrays are nested too deeply to read.",
        range: this.lines.rangeAt(0, 1),
      });
      return;
    }
    const { value, errors, duplicateKeys, reservedKeys, errorsCut } = parsed;
    for (const error of errors) {
      this.syntaxProblems.push({
        code: "CL001",
        severity: "error",
        message: `JSON syntax error: ${describeParseError(printParseErrorCode(error.error))}`,
        range: this.lines.rangeAt(error.offset, Math.max(error.length, 1)),
      });
    }
    if (errorsCut) {
      const last = this.syntaxProblems[this.syntaxProblems.length - 1];
      this.syntaxProblems.push({
        ...last,
        message: `…and more syntax errors after this one: reading stopped after the first ${MAX_SYNTAX_ERRORS} (later ones often follow from the first); fix these and validate again.`,
      });
    }
    this.value = errors.length === 0 ? value : undefined;
    if (errors.length > 0) return;
    for (const key of reservedKeys) {
      this.syntaxProblems.push({
        code: "CL002",
        severity: "error",
        // zod, JSON tools and plain objects drop or reinterpret this key, so a name
        // spelled so could hide a position's debt from every check: it is refused.
        message: `"__proto__" cannot be used as a name or key: JavaScript tools, this one included, treat it as special and would drop or misread it. Rename it.`,
        range: this.lines.rangeAt(key.offset + 1, Math.max(0, key.length - 2)),
      });
    }
    for (const key of duplicateKeys) {
      this.syntaxProblems.push({
        code: "CL002",
        severity: "error",
        // Which value wins depends on the reader: the file is ambiguous.
        message: `Duplicate key "${key.name}": only one value per key is allowed; remove or rename one of them.`,
        range: this.lines.rangeAt(key.offset + 1, Math.max(0, key.length - 2)),
      });
    }
  }

  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

  get root(): Node | undefined {
    if (this.tree === null) this.tree = parseTree(this.text, [], PARSE_OPTIONS);
    return this.tree;
  }

  nodeAt(path: JsonPath): Node | undefined {
    return this.root ? findNodeAtLocation(this.root, path) : undefined;
  }

  /** Range of a node; strings are given without their quotes. */
  nodeRange(node: Node): TextRange {
    if (node.type === "string" && node.length >= 2) return this.lines.rangeAt(node.offset + 1, node.length - 2);
    return this.lines.rangeAt(node.offset, node.length);
  }

  /** Range of the key of the property that holds the value at `path`, if any. */
  keyRange(path: JsonPath): TextRange | undefined {
    const valueNode = this.nodeAt(path);
    const property = valueNode?.parent;
    if (property?.type === "property" && property.children?.[0]) return this.nodeRange(property.children[0]);
    return undefined;
  }

  /**
   * Best range for a path: the node itself, or, for a path that does not exist (a missing
   * field), the key of the nearest existing ancestor, else its opening character.
   */
  rangeOf(path: JsonPath, preferKey = false): TextRange {
    for (let depth = path.length; depth >= 0; depth--) {
      const prefix = path.slice(0, depth);
      const node = this.nodeAt(prefix);
      if (!node) continue;
      if (depth === path.length && !preferKey) return this.nodeRange(node);
      const key = prefix.length > 0 ? this.keyRange(prefix) : undefined;
      if (key) return key;
      return depth === path.length ? this.nodeRange(node) : this.lines.rangeAt(node.offset, 1);
    }
    return this.lines.rangeAt(0, 0);
  }
}

interface DuplicateKey {
  name: string;
  offset: number;
  length: number;
}

interface ParsedJson {
  value: unknown;
  errors: ParseError[];
  duplicateKeys: DuplicateKey[];
  /** Keys named "__proto__" (refused: see the constructor). */
  reservedKeys: DuplicateKey[];
  /** More than MAX_SYNTAX_ERRORS errors: reading stopped there. */
  errorsCut: boolean;
}

/**
 * Syntax errors reported before reading stops. A file of "{" and commas has one error per
 * character: millions, which the editor would publish on every keystroke. Later errors of
 * such a file only repeat the first ones.
 */
export const MAX_SYNTAX_ERRORS = 100;

/** jsonc-parser's `parse`, plus the keys an object repeats (JSON.parse would silently keep the last). */
function parseWithDuplicates(text: string): ParsedJson {
  const plain = parsePlainJson(text);
  return plain === NOT_PLAIN
    ? parseWithVisitor(text)
    : { value: plain, errors: [], duplicateKeys: [], reservedKeys: [], errorsCut: false };
}

export const NOT_PLAIN = Symbol("not plain JSON");
/** Deeper values take the visitor, which decides what is too deep to read: the outcome must not depend on the path taken. */
const FAST_PATH_MAX_DEPTH = 256;

/**
 * Plain JSON (what most exports are) through the native parser, about five times faster
 * than the visitor. Used only when it provably gives the visitor's value: JSON.parse
 * accepted the text (so it has no comments or trailing commas), and the text holds as
 * many keys as the value (so no duplicate key was silently collapsed).
 */
export function parsePlainJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return NOT_PLAIN;
  }
  const keys = keyCount(value);
  return keys >= 0 && keys === keyTokens(text) ? value : NOT_PLAIN;
}

/** Keys of all objects in a parsed value (iteratively); -1 when it is deeper than FAST_PATH_MAX_DEPTH. */
function keyCount(root: unknown): number {
  let count = 0;
  const values: unknown[] = [root];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop()!;
    if (typeof value !== "object" || value === null) continue;
    if (depth > FAST_PATH_MAX_DEPTH) return -1;
    // The visitor locates a "__proto__" key for its error.
    if (Object.prototype.hasOwnProperty.call(value, "__proto__")) return -1;
    const children = Array.isArray(value) ? value : Object.values(value);
    if (!Array.isArray(value)) count += children.length;
    for (const child of children) {
      if (typeof child !== "object" || child === null) continue;
      values.push(child);
      depths.push(depth + 1);
    }
  }
  return count;
}

/** Strings followed by a colon in a text JSON.parse accepted: its keys, duplicates included. */
function keyTokens(text: string): number {
  let keys = 0;
  let open = text.indexOf('"');
  while (open >= 0) {
    let close = text.indexOf('"', open + 1);
    while (close > 0 && isEscaped(text, close)) close = text.indexOf('"', close + 1);
    if (close < 0) return -1;
    let next = close + 1;
    let c = text.charCodeAt(next);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++next);
    if (c === 58) keys++;
    open = text.indexOf('"', next);
  }
  return keys;
}

function isEscaped(text: string, quote: number): boolean {
  let backslashes = 0;
  for (let i = quote - 1; text.charCodeAt(i) === 92; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** jsonc-parser's visitor: comments, trailing commas, located errors and duplicate keys. */
export function parseWithVisitor(text: string): ParsedJson {
  const errors: ParseError[] = [];
  const duplicateKeys: DuplicateKey[] = [];
  const reservedKeys: DuplicateKey[] = [];
  const stack: (Record<string, unknown> | unknown[])[] = [];
  let root: unknown;
  let pendingKey: string | undefined;
  const add = (value: unknown) => {
    const parent = stack[stack.length - 1];
    if (parent === undefined) root = value;
    else if (Array.isArray(parent)) parent.push(value);
    else if (pendingKey === "__proto__")
      Object.defineProperty(parent, pendingKey, { value, writable: true, enumerable: true, configurable: true });
    // (defineProperty above: a "__proto__" key is data, as JSON.parse makes it, not the object's prototype.)
    else if (pendingKey !== undefined) parent[pendingKey] = value;
  };
  const visitor: JSONVisitor = {
    onObjectBegin: () => {
      const object: Record<string, unknown> = {};
      add(object);
      stack.push(object);
    },
    onObjectProperty: (name, offset, length) => {
      const parent = stack[stack.length - 1] as Record<string, unknown>;
      if (Object.prototype.hasOwnProperty.call(parent, name)) duplicateKeys.push({ name, offset, length });
      if (name === "__proto__") reservedKeys.push({ name, offset, length });
      pendingKey = name;
    },
    onObjectEnd: () => void stack.pop(),
    onArrayBegin: () => {
      const array: unknown[] = [];
      add(array);
      stack.push(array);
    },
    onArrayEnd: () => void stack.pop(),
    onLiteralValue: (value) => add(value),
    onError: (error, offset, length) => {
      errors.push({ error, offset, length });
      // The visitor has no way to stop; throwing is the only one, and it is caught below.
      if (errors.length > MAX_SYNTAX_ERRORS) throw STOP_READING;
    },
  };
  try {
    visit(text, visitor, PARSE_OPTIONS);
  } catch (error) {
    if (error !== STOP_READING) throw error;
    return {
      value: undefined,
      errors: errors.slice(0, MAX_SYNTAX_ERRORS),
      duplicateKeys,
      reservedKeys,
      errorsCut: true,
    };
  }
  return { value: root, errors, duplicateKeys, reservedKeys, errorsCut: false };
}

const STOP_READING = new Error("too many syntax errors");

function describeParseError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: "unexpected character",
    InvalidNumberFormat: "invalid number",
    PropertyNameExpected: "property name expected",
    ValueExpected: "value expected",
    ColonExpected: "':' expected",
    CommaExpected: "',' expected",
    CloseBraceExpected: "'}' expected",
    CloseBracketExpected: "']' expected",
    EndOfFileExpected: "end of file expected",
    InvalidCommentToken: "invalid comment",
    UnexpectedEndOfComment: "unterminated comment",
    UnexpectedEndOfString: "unterminated string",
    UnexpectedEndOfNumber: "incomplete number",
    InvalidUnicode: "invalid unicode escape",
    InvalidEscapeCharacter: "invalid escape character",
    InvalidCharacter: "invalid character in string",
  };
  return words[code] ?? code;
}
