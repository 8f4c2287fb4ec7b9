/**
 * The JSON Schema the editor's JSON support uses, generated from the zod schema (never
 * written by hand). It serves completion and hovers only: the validator (zod, CL002)
 * reports every schema problem once, on the exact node, in its own words. A schema with
 * types, ranges and required fields would make VS Code's JSON service report each of
 * those problems a second time, in other words.
 */
import * as z from "zod";
import { riskFileSchema } from "./schema";

export function riskJsonSchema(): Record<string, unknown> {
  // Input types: what a user may write (defaults make fields optional). Draft 7 is what
  // VS Code's JSON language service understands fully.
  const schema = z.toJSONSchema(riskFileSchema, { target: "draft-7", io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  // allowComments, allowTrailingCommas: VS Code's keywords for JSONC, which risk files are.
  return {
    ...(annotationsOnly(schema) as Record<string, unknown>),
    title: "Cascade Lens risk-parameter file",
    $id: "cascade-lens://schemas/risk.schema.json",
    allowComments: true,
    allowTrailingCommas: true,
  };
}

/** Keywords that only constrain: each would be a second report of what CL002 says. */
const CONSTRAINTS = new Set([
  "type",
  "required",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minItems",
  "maxItems",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "propertyNames",
  "minProperties",
  "maxProperties",
  "multipleOf",
  "uniqueItems",
  "not",
]);

/**
 * The schema's annotations (properties, descriptions, defaults, value suggestions) without
 * its constraints. Allowed values become `examples`, which completion proposes and
 * validation ignores; `oneOf` becomes `anyOf`, since branches stripped of their
 * constraints all match and `oneOf` would then report "matches multiple schemas".
 */
export function annotationsOnly(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(annotationsOnly);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  const examples: unknown[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (CONSTRAINTS.has(key)) continue;
    if (key === "additionalProperties" && typeof value !== "object") continue;
    if (key === "enum" && Array.isArray(value)) examples.push(...value);
    else if (key === "const") examples.push(value);
    else if (key === "examples" && Array.isArray(value)) examples.push(...value);
    else if (key === "oneOf") out.anyOf = annotationsOnly(value);
    else if (key === "properties" || key === "definitions" || key === "$defs") {
      // Maps of names to schemas: their keys are field names, never keywords.
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, schema]) => [name, annotationsOnly(schema)]),
      );
    } else out[key] = annotationsOnly(value);
  }
  if (examples.length > 0) out.examples = examples;
  return out;
}
