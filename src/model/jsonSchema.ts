/** The JSON Schema the editor's JSON support uses, generated from the zod schema (never written by hand). */
import { z } from "zod";
import { riskFileSchema } from "./schema";

export function riskJsonSchema(): Record<string, unknown> {
  // Input types: what a user may write (defaults make fields optional). Draft 7 is what
  // VS Code's JSON language service understands fully.
  const schema = z.toJSONSchema(riskFileSchema, { target: "draft-7", io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { ...schema, title: "Cascade Lens risk-parameter file", $id: "cascade-lens://schemas/risk.schema.json" };
}
