/**
 * A risk file built by an importer, written as JSONC: every value can carry a comment, and
 * a value the source did not contain carries the placeholder mark that CL050 looks for.
 * The writer, not string concatenation in each importer, decides the layout, so every
 * imported file looks alike and the mark always stands where the rule reads it.
 */

export type Scalar = number | string | boolean | null;

export interface ValueNode {
  kind: "value";
  value: Scalar;
  /** Why this is a placeholder: the source does not hold it (CL050 until edited). */
  placeholder?: string;
  /** A trailing note (units, where the value came from). */
  note?: string;
}

export interface ObjectNode {
  kind: "object";
  entries: Entry[];
  /** Written on one line ({ "model": "sqrt", ... }) when it has no comments inside. */
  inline?: boolean;
}

export interface ArrayNode {
  kind: "array";
  items: Node[];
  inline?: boolean;
}

export type Node = ValueNode | ObjectNode | ArrayNode;

export interface Entry {
  key: string;
  value: Node;
  /** Comment lines written above the entry. */
  comment?: string[];
}

/** The text CL050 recognises after a placeholder: "// TODO: set (placeholder 1000): why". */
export const PLACEHOLDER_MARK = "TODO: set";

export const value = (v: Scalar, note?: string): ValueNode => ({ kind: "value", value: v, ...(note ? { note } : {}) });
export const placeholder = (v: Scalar, why: string): ValueNode => ({ kind: "value", value: v, placeholder: why });
export const object = (entries: (Entry | undefined)[], inline = false): ObjectNode => ({
  kind: "object",
  entries: entries.filter((e): e is Entry => e !== undefined),
  inline,
});
export const array = (items: Node[], inline = false): ArrayNode => ({ kind: "array", items, inline });
export const entry = (key: string, node: Node, comment?: string[]): Entry => ({
  key,
  value: node,
  ...(comment && comment.length > 0 ? { comment } : {}),
});

/** JSON text of a scalar; numbers as their shortest round-trip form, which the importers' exact conversions make readable. */
const scalarText = (v: Scalar): string => JSON.stringify(v);

/** Comments must stay on their line: a newline in a source string (a label) would end the comment. */
const oneLine = (text: string): string => text.replace(/[\r\n\u2028\u2029]+/g, " ");

function trailing(node: Node): string {
  if (node.kind !== "value") return "";
  if (node.placeholder !== undefined)
    return ` // ${PLACEHOLDER_MARK} (placeholder ${scalarText(node.value)}): ${oneLine(node.placeholder)}`;
  return node.note ? ` // ${oneLine(node.note)}` : "";
}

function hasComments(node: Node): boolean {
  if (node.kind === "value") return node.placeholder !== undefined || node.note !== undefined;
  if (node.kind === "array") return node.items.some(hasComments);
  return node.entries.some((e) => e.comment !== undefined || hasComments(e.value));
}

function inlineText(node: Node): string {
  if (node.kind === "value") return scalarText(node.value);
  if (node.kind === "array") return `[${node.items.map(inlineText).join(", ")}]`;
  if (node.entries.length === 0) return "{}";
  return `{ ${node.entries.map((e) => `${JSON.stringify(e.key)}: ${inlineText(e.value)}`).join(", ")} }`;
}

/** Lines of a node opened at the current line; `comma` goes before the node's trailing comment. */
function write(node: Node, indent: string, comma: string, out: string[], first: string): void {
  const empty = node.kind === "array" ? node.items.length === 0 : node.kind === "object" && node.entries.length === 0;
  if (node.kind === "value" || empty || ((node.inline ?? false) && !hasComments(node))) {
    out.push(`${first}${inlineText(node)}${comma}${trailing(node)}`);
    return;
  }
  const inner = `${indent}  `;
  if (node.kind === "array") {
    out.push(`${first}[`);
    node.items.forEach((item, i) => write(item, inner, i < node.items.length - 1 ? "," : "", out, inner));
    out.push(`${indent}]${comma}`);
    return;
  }
  out.push(`${first}{`);
  node.entries.forEach((e, i) => {
    for (const line of e.comment ?? []) out.push(`${inner}// ${oneLine(line)}`);
    write(e.value, inner, i < node.entries.length - 1 ? "," : "", out, `${inner}${JSON.stringify(e.key)}: `);
  });
  out.push(`${indent}}${comma}`);
}

/** The whole file: header comment lines, then the root object. */
export function jsoncText(header: string[], root: ObjectNode): string {
  const out = header.map((line) => `// ${oneLine(line)}`);
  write(root, "", "", out, "");
  return `${out.join("\n")}\n`;
}
