/**
 * JSONC with locations: the parsed value together with its syntax tree, so every later
 * problem can be placed on the exact node it concerns (values without their quotes, keys
 * for unknown fields), the way VS Code's own extension-editing linter does.
 */
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import type { Problem, TextRange } from "../model/problem";
import { LineIndex } from "./lineIndex";

export type JsonPath = (string | number)[];

export class JsonDocument {
  readonly lines: LineIndex;
  readonly root: Node | undefined;
  readonly value: unknown;
  readonly syntaxProblems: Problem[] = [];

  readonly text: string;

  constructor(source: string) {
    // A byte-order mark is not part of the text (VS Code strips it too), so ranges match the editor's.
    const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
    this.text = text;
    this.lines = new LineIndex(text);
    const errors: ParseError[] = [];
    this.root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    for (const error of errors) {
      this.syntaxProblems.push({
        code: "CL001",
        severity: "error",
        message: `JSON syntax error: ${describeParseError(printParseErrorCode(error.error))}`,
        range: this.lines.rangeAt(error.offset, Math.max(error.length, 1)),
      });
    }
    this.value = this.root && errors.length === 0 ? getNodeValue(this.root) : undefined;
    if (this.root && errors.length === 0) this.collectDuplicateKeys(this.root);
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

  /** Duplicate keys make the file ambiguous (which value wins depends on the reader): an error. */
  private collectDuplicateKeys(node: Node): void {
    if (node.type === "object") {
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const keyNode = property.children?.[0];
        if (!keyNode) continue;
        const key = String(keyNode.value);
        if (seen.has(key)) {
          this.syntaxProblems.push({
            code: "CL002",
            severity: "error",
            message: `Duplicate key "${key}": only one value per key is allowed; remove or rename one of them.`,
            range: this.nodeRange(keyNode),
          });
        }
        seen.add(key);
      }
    }
    for (const child of node.children ?? []) this.collectDuplicateKeys(child);
  }
}

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
