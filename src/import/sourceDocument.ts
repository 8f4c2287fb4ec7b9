/**
 * Reading a protocol's configuration file as untrusted input: syntax and shape are checked
 * against the format's schema, and every problem is located (line, character) and names
 * the field, so "reserves.0x11….ltv: expected a number" points at the line to look at.
 */
import type * as z from "zod";
import type { TextRange } from "../model/problem";
import { JsonDocument, type JsonPath } from "../parse/jsonDocument";

/** The largest source read: real snapshots and genesis files are well under a megabyte; a full chain export is not a configuration. */
export const MAX_SOURCE_CHARS = 64 * 1024 * 1024;

export interface SourceProblem {
  message: string;
  range: TextRange;
}

/** The input cannot be imported; nothing is written. */
export class ImportError extends Error {
  constructor(readonly problems: SourceProblem[]) {
    super(problems.map((p) => p.message).join("; "));
  }
}

const MAX_REPORTED = 20;

/** A path as a reader writes it: reserves["0x11…"].ltv, perpetuals[3].params. */
export function pathText(path: readonly PropertyKey[]): string {
  let text = "";
  for (const part of path) {
    if (typeof part === "number") text += `[${part}]`;
    else {
      const key = String(part);
      text += /^[A-Za-z_$][\w$]*$/.test(key) ? `${text ? "." : ""}${key}` : `[${JSON.stringify(key)}]`;
    }
  }
  return text || "(the whole file)";
}

export class SourceDocument {
  readonly doc: JsonDocument;

  constructor(text: string) {
    if (text.length > MAX_SOURCE_CHARS)
      throw new ImportError([
        {
          message: `the file is ${(text.length / 1048576).toFixed(1)} MiB, above the ${MAX_SOURCE_CHARS / 1048576} MiB a configuration file may have`,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        },
      ]);
    this.doc = new JsonDocument(text);
    if (this.doc.syntaxProblems.length > 0)
      throw new ImportError(
        this.doc.syntaxProblems.slice(0, MAX_REPORTED).map(({ message, range }) => ({ message, range })),
      );
  }

  get value(): unknown {
    return this.doc.value;
  }

  /** The value at `base` checked against `schema`; its problems located in the file. */
  parse<T>(schema: z.ZodType<T>, value: unknown = this.doc.value, base: JsonPath = []): T {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    throw new ImportError(
      result.error.issues.slice(0, MAX_REPORTED).map((issue) => {
        const path = [...base, ...(issue.path as (string | number)[])];
        return { message: `${pathText(path)}: ${issue.message}`, range: this.doc.rangeOf(path) };
      }),
    );
  }

  /** A problem found after the shape check (a value out of the protocol's own range). */
  fail(path: JsonPath, message: string): never {
    throw new ImportError([{ message: `${pathText(path)}: ${message}`, range: this.doc.rangeOf(path) }]);
  }
}
