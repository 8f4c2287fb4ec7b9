/**
 * The one validation pipeline both front ends use: syntax (CL001), schema (CL002),
 * books, references (CL003), duplicate ids (CL004), then the economic rules. Each stage
 * runs only when the previous one left a file it can reason about.
 */
import type { Book } from "../model/book";
import type { Problem } from "../model/problem";
import { withNameMaps } from "../model/riskFileNames";
import { riskFileSchema, type RiskFile } from "../model/schema";
import { JsonDocument } from "../parse/jsonDocument";
import { resolveBooks, type BookReader } from "../parse/resolveBooks";
import { isPlainObject, plainLendingPositions } from "./plainPositions";
import { duplicatePositionIdProblems } from "./duplicatePositionIds";
import { economicRules } from "./economicRules";
import type { RuleContext } from "./ruleContext";
import { schemaProblems } from "./schemaProblems";
import { limitProblems, UNLIMITED, type RunLimits } from "./runLimits";
import { structureProblems } from "./structure";
import { unknownReferenceProblems } from "./unknownReferences";
import { versionTwoProblems } from "./versionTwo";
import { requiredFieldProblems } from "./requiredFields";

/** A file whose structure is sound: every name resolves and every book was read. */
export interface ResolvedRiskFile {
  file: RiskFile;
  doc: JsonDocument;
  books: Book[];
}

export interface Validation {
  doc: JsonDocument;
  problems: Problem[];
  /** Present when no structural error (CL001-CL004) stands in the way of a simulation. */
  resolved?: ResolvedRiskFile;
  /** CSV books still loading in the background: the file is validated again when they arrive. */
  pendingBooks?: string[];
}

export const noBooks: BookReader = () => ({ error: "position files cannot be read here" });

/**
 * The largest risk file read (in characters, about bytes). Locating problems builds a
 * syntax tree, and a file of dense inline positions ("{\"id\":1,...}") needs about 80
 * times its size for it: 32 MiB peaks near 2.6 GB, inside every process's heap (the
 * CLI's 4 GB, a worker's 3 GB). Larger books belong in a CSV book, read into typed arrays.
 */
export const MAX_RISK_FILE_CHARS = 32 * 1024 * 1024;

export function validateRiskText(
  text: string,
  readBook: BookReader = noBooks,
  limits: RunLimits = UNLIMITED,
): Validation {
  if (text.length > MAX_RISK_FILE_CHARS) {
    const doc = new JsonDocument("");
    const mib = (text.length / 1048576).toFixed(1);
    return {
      doc,
      problems: [
        {
          code: "CL002",
          severity: "error",
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          message: `The file is ${mib} MiB of text, above the 32 MiB a risk file may have (reading a larger one could exhaust memory); move its positions to a CSV book ({ "file": "book.csv" }).`,
        },
      ],
    };
  }
  const doc = new JsonDocument(text);
  if (doc.syntaxProblems.length > 0 || doc.value === undefined) {
    return { doc, problems: doc.syntaxProblems.length ? doc.syntaxProblems : [emptyFileProblem()] };
  }
  return validateValue(doc, doc.value, readBook, limits);
}

/**
 * Most problems one file reports. A hostile or generated file can hold millions (a
 * million bad positions); past this many, the editor would publish a list no one reads on
 * every keystroke, and the CLI's JSON would grow without bound. The rest are counted in
 * one last problem, placed where the first of them is.
 */
export const MAX_PROBLEMS_PER_FILE = 1000;

export function capProblems(problems: Problem[], omitted = 0, max = MAX_PROBLEMS_PER_FILE): Problem[] {
  if (problems.length <= max && omitted === 0) return problems;
  const first = problems[Math.min(max, problems.length - 1)];
  const rest = Math.max(0, problems.length - max) + omitted;
  return [
    ...problems.slice(0, max),
    {
      code: first.code,
      severity: first.severity,
      range: first.range,
      message: `…and ${rest.toLocaleString("en-US")} more problems in this file (the first ${max.toLocaleString("en-US")} are listed); fix these and validate again.`,
    },
  ];
}

/** Validation of an already parsed value (the sweep replaces one value and validates again). */
export function validateValue(
  doc: JsonDocument,
  value: unknown,
  readBook: BookReader,
  limits: RunLimits = UNLIMITED,
): Validation {
  const parsed = parseRiskFile(value);
  if (!parsed.success) {
    const located = schemaProblems(doc, parsed.error.issues, value, MAX_PROBLEMS_PER_FILE);
    return {
      doc,
      problems: capProblems(
        [...doc.syntaxProblems, ...located.problems, ...requiredFieldProblems(doc)],
        located.omitted,
      ),
    };
  }
  const file = withNameMaps(parsed.data);
  const structural = structureProblems(file, doc);
  const { books, problems: bookProblems, pending, sizes } = resolveBooks(file, doc, readBook, limits.maxPositions);
  const context: RuleContext = { file, doc, books };
  const referenceProblems = [
    ...unknownReferenceProblems(context),
    ...duplicatePositionIdProblems(context),
    ...requiredFieldProblems(doc),
    ...versionTwoProblems(context),
  ];
  const blocking = [
    ...doc.syntaxProblems,
    ...structural,
    ...bookProblems,
    ...referenceProblems,
    ...limitProblems(file, doc, sizes, limits),
  ];
  // The economic rules still run on a file with broken references (they skip what does not
  // resolve), so fixing one name never hides a dangerous parameter.
  const problems = capProblems([...blocking, ...economicRules.flatMap((rule) => rule.check(context))]);
  const pendingBooks = pending.length > 0 ? { pendingBooks: pending } : {};
  if (blocking.some((p) => p.severity === "error") || books.some((b) => b === undefined))
    return { doc, problems, ...pendingBooks };
  return { doc, problems, resolved: { file, doc, books: books as Book[] } };
}

/**
 * riskFileSchema.safeParse(value), with each lending venue's plain inline positions checked
 * by hand (plainPositions.ts) rather than by zod: the same result. A file that fails is
 * parsed again whole, so its problems are zod's own.
 */
export function parseRiskFile(value: unknown): ReturnType<typeof riskFileSchema.safeParse> {
  const venues = isPlainObject(value) && Array.isArray(value.venues) ? (value.venues as unknown[]) : undefined;
  const setAside = venues?.map((venue) =>
    isPlainObject(venue) && venue.kind === "lending" ? plainLendingPositions(venue.positions) : undefined,
  );
  if (!venues || !setAside?.some((positions) => positions !== undefined && positions.length > 0))
    return riskFileSchema.safeParse(value);
  const rest = {
    ...(value as Record<string, unknown>),
    venues: venues.map((venue, v) => (setAside[v] ? { ...(venue as Record<string, unknown>), positions: [] } : venue)),
  };
  const parsed = riskFileSchema.safeParse(rest);
  if (!parsed.success) return riskFileSchema.safeParse(value);
  parsed.data.venues.forEach((venue, v) => {
    const positions = setAside[v];
    if (positions && venue.kind === "lending") venue.positions = positions;
  });
  return parsed;
}

function emptyFileProblem(): Problem {
  return {
    code: "CL001",
    severity: "error",
    message: "JSON syntax error: the file is empty; a risk file is a JSON object.",
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  };
}
