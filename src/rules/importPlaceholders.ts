/**
 * CL050: a value an importer could not read from the protocol's configuration (a price, a
 * depth, a generated book) and wrote as a placeholder. The mark is the comment beside it,
 * "// TODO: set (placeholder 1): why", which records the placeholder itself, so the
 * warning stays exactly as long as the value is the one the importer invented.
 */
import { findNodeAtOffset, type Node } from "jsonc-parser";
import { PLACEHOLDER_MARK } from "../import/jsoncWriter";
import type { Problem } from "../model/problem";
import type { Rule, RuleContext } from "./ruleContext";

const COMMENT = `// ${PLACEHOLDER_MARK} (placeholder `;
const LEAF = new Set(["string", "number", "boolean", "null"]);

/** The literal that ends just before the comment at `at` on the same line ("value," then spaces). */
function valueBefore(root: Node, text: string, at: number): Node | undefined {
  let end = at;
  while (end > 0 && (text[end - 1] === " " || text[end - 1] === "\t")) end--;
  if (text[end - 1] === ",") end--;
  const node = findNodeAtOffset(root, end - 1, true);
  if (!node || !LEAF.has(node.type) || node.offset + node.length !== end) return undefined;
  return node;
}

/** The placeholder the comment records, and its reason: `1): the source has no prices`. */
function recorded(text: string, from: number): { value: unknown; why: string } | undefined {
  const lineEnd = text.indexOf("\n", from);
  const rest = text.slice(from, lineEnd < 0 ? text.length : lineEnd);
  const close = rest.indexOf("): ");
  if (close < 0) return undefined;
  try {
    return { value: JSON.parse(rest.slice(0, close)), why: rest.slice(close + 3).trim() };
  } catch {
    return undefined;
  }
}

export const importPlaceholders: Rule = {
  code: "CL050",
  severity: "warning",
  title: "placeholder from import",
  check(context: RuleContext): Problem[] {
    const { doc } = context;
    const text = doc.text;
    let at = text.indexOf(COMMENT);
    if (at < 0) return [];
    const root = doc.root;
    if (!root) return [];
    const problems: Problem[] = [];
    for (; at >= 0; at = text.indexOf(COMMENT, at + COMMENT.length)) {
      // A mark inside a string (a name that quotes it) is not a comment.
      const inside = findNodeAtOffset(root, at, false);
      if (inside && inside.type === "string") continue;
      const node = valueBefore(root, text, at);
      const mark = recorded(text, at + COMMENT.length);
      if (!node || !mark || node.value !== mark.value) continue;
      problems.push({
        code: this.code,
        severity: this.severity,
        message: `Placeholder from import: ${mark.why}. Edit the value (the warning goes), then remove the TODO comment.`,
        range: doc.nodeRange(node),
      });
    }
    return problems;
  },
};
