/**
 * CL002: turns zod issues into located problems with messages a newcomer understands
 * (which field, what it must be, what it is), placed on the value, or on the key for an
 * unknown field, or on the parent's key for a missing one.
 */
import type * as z from "zod";
import type { Problem } from "../model/problem";
import type { JsonDocument, JsonPath } from "../parse/jsonDocument";
import { writtenAt } from "../model/names";

type Issue = z.core.$ZodIssue;

/**
 * `value` is what was validated: the document's value, or a sweep's copy with one value
 * replaced, whose messages must quote the swept value. Issues past `max` problems are not
 * located (each costs a walk of the syntax tree), only counted in `omitted`.
 */
export function schemaProblems(
  doc: JsonDocument,
  issues: readonly Issue[],
  value: unknown = doc.value,
  max = Infinity,
): { problems: Problem[]; omitted: number } {
  const problems: Problem[] = [];
  const flat = flattenUnions(issues, []);
  let i = 0;
  for (; i < flat.length && problems.length < max; i++) problems.push(...issueProblems(doc, flat[i], value));
  return { problems, omitted: flat.length - i };
}

/** A union reports every branch's failure; keep the branch whose shape the input matched. */
function flattenUnions(issues: readonly Issue[], prefix: JsonPath): Issue[] {
  const flat: Issue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as JsonPath)];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const best = [...issue.errors].sort((a, b) => branchScore(a) - branchScore(b))[0];
      flat.push(...flattenUnions(best, path));
    } else {
      flat.push({ ...issue, path } as Issue);
    }
  }
  return flat;
}

function branchScore(branch: readonly Issue[]): number {
  const wrongShape = branch.some((issue) => issue.path.length === 0 && issue.code === "invalid_type");
  // A branch of the wrong shape loses to any number of problems inside the right one.
  return (wrongShape ? Number.MAX_SAFE_INTEGER / 2 : 0) + branch.length;
}

const fieldName = (path: JsonPath): string => {
  const last = path[path.length - 1];
  return typeof last === "number" ? `item ${last}` : `"${String(last ?? "file")}"`;
};

const describeValue = (value: unknown): string => {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `the string "${value.length > 40 ? value.slice(0, 40) + "…" : value}"`;
  return String(value);
};

function issueProblems(doc: JsonDocument, issue: Issue, root: unknown): Problem[] {
  const path = issue.path as JsonPath;
  const problem = (message: string, pathForRange = path, preferKey = false): Problem => ({
    code: "CL002",
    severity: "error",
    message,
    range: doc.rangeOf(pathForRange, preferKey),
  });
  const value = writtenAt(root, path);
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) =>
        problem(`Unknown field "${key}"${where(path)}: remove it or check its spelling.`, [...path, key], true),
      );
    case "invalid_type":
      if (value === undefined) return [problem(missingFieldMessage(path), path)];
      return [problem(`${fieldName(path)} must be ${article(issue.expected)}, not ${describeValue(value)}.`)];
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const comparison =
        issue.code === "too_small"
          ? issue.inclusive
            ? "at least"
            : "greater than"
          : issue.inclusive
            ? "at most"
            : "less than";
      if (issue.origin === "array")
        return [
          problem(
            `${fieldName(path)} needs ${comparison === "at least" ? "at least" : "at most"} ${String(bound)} entr${Number(bound) === 1 ? "y" : "ies"}.`,
          ),
        ];
      if (issue.origin === "string") return [problem(`${fieldName(path)} must not be empty.`)];
      return [problem(`${fieldName(path)} must be ${comparison} ${String(bound)} (is ${describeValue(value)}).`)];
    }
    case "invalid_value":
      return [
        problem(
          `${fieldName(path)} must be ${issue.values.map((v) => JSON.stringify(v)).join(" or ")} (is ${describeValue(value)}).`,
        ),
      ];
    case "invalid_union":
      if ((issue as { note?: string }).note === "No matching discriminator") {
        const options = (issue as { options?: unknown[] }).options ?? [];
        return [
          problem(
            `${fieldName(path)} must be one of ${options.map((o) => JSON.stringify(o)).join(", ")} (is ${describeValue(value)}).`,
          ),
        ];
      }
      return [problem(`${fieldName(path)} has an invalid form (is ${describeValue(value)}).`)];
    default:
      return [problem(`${fieldName(path)}: ${issue.message}.`)];
  }
}

const article = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/** How a missing required field is reported, by zod's checks and by the style rules alike. */
export const missingFieldMessage = (path: JsonPath): string =>
  `Missing required field ${fieldName(path)}${where(path.slice(0, -1))}.`;

function where(path: JsonPath): string {
  return path.length === 0
    ? ""
    : ` in ${path
        .map((segment) => (typeof segment === "number" ? `[${segment}]` : segment))
        .join(".")
        .replace(/\.\[/g, "[")}`;
}
