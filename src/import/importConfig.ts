/**
 * The one import pipeline the CLI and the editor share: unwrap the source's container, read
 * it as untrusted JSON, convert, write JSONC, and validate the result before anyone writes
 * it anywhere. A source that cannot be converted completely is an ImportError: no file.
 */
import { aaveV3 } from "./aaveV3";
import { compoundV3 } from "./compoundV3";
import { dydxV4 } from "./dydxV4";
import { hyperliquid } from "./hyperliquid";
import type { Importer } from "./importer";
import { jsoncText, PLACEHOLDER_MARK } from "./jsoncWriter";
import { morphoBlue } from "./morphoBlue";
import { ImportError, SourceDocument } from "./sourceDocument";
import type { Problem } from "../model/problem";
import { validateRiskText } from "../rules/validate";

export const IMPORTERS: readonly Importer[] = [compoundV3, aaveV3, morphoBlue, dydxV4, hyperliquid];

export const importerOf = (format: string): Importer | undefined => IMPORTERS.find((i) => i.format === format);

export interface ImportedFile {
  text: string;
  /** The file's own problems: CL050 on each placeholder, and any rule the real parameters break. */
  problems: Problem[];
}

/** Codes that mean the importer wrote a file the format does not accept (a bug here, never the user's). */
const STRUCTURAL = new Set(["CL001", "CL002", "CL003", "CL004"]);

export function importConfig(importer: Importer, sourceText: string, sourceName: string): ImportedFile {
  const json = importer.unwrap ? importer.unwrap(sourceText, sourceName) : sourceText;
  const source = new SourceDocument(json);
  const imported = importer.convert(source);
  const header = [
    `Imported by Cascade Lens from ${sourceName} (format ${importer.format}: ${importer.label}).`,
    "Values read from the source are illustrative, as of the source's own date: on-chain parameters move.",
    `What the source does not hold is a placeholder marked "${PLACEHOLDER_MARK}" (warning CL050 until you edit it).`,
    ...imported.notes,
  ];
  const text = jsoncText(header, imported.root);
  const problems = validateRiskText(text).problems;
  const broken = problems.filter((p) => p.severity === "error" && STRUCTURAL.has(p.code));
  if (broken.length > 0)
    throw new ImportError(
      broken.slice(0, 5).map((p) => ({
        message: `the converted file would not be valid (${p.code} at line ${p.range.start.line + 1}: ${p.message}); please report this with the source file`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      })),
    );
  return { text, problems };
}
