/** Import Protocol Config in the worker: the extension host never parses a source file itself. */
import { importConfig, importerOf } from "../import/importConfig";
import { ImportError } from "../import/sourceDocument";

type Answer =
  { text: string; placeholders: number } | { problems: { message: string; line: number; character: number }[] };

export function importAnswer(format: string, text: string, sourceName: string): Answer {
  const importer = importerOf(format);
  if (!importer) return { problems: [{ message: `unknown format "${format}"`, line: 0, character: 0 }] };
  try {
    const imported = importConfig(importer, text, sourceName);
    return { text: imported.text, placeholders: imported.problems.filter((p) => p.code === "CL050").length };
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    return { problems: error.problems.map((p) => ({ message: p.message, ...p.range.start })) };
  }
}
