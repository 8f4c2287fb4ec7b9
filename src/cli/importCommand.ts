/**
 * `cascade-lens import FORMAT FILE [-o OUT] [--force]`: a protocol's configuration file to a
 * risk file. The output is written whole or not at all (a temporary file renamed into
 * place), and never over an existing file unless --force says so.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readRegularFile, sizeText } from "../analysis/fileBookReader";
import { IMPORTERS, importConfig, importerOf } from "../import/importConfig";
import { ImportError, MAX_SOURCE_CHARS } from "../import/sourceDocument";
import { printable } from "../model/printable";
import { UsageError, type ParsedArgs } from "./args";
import { problemLine } from "./textReports";
import { writeWhole } from "./writeWhole";

export interface ImportIo {
  out(text: string): void;
  err(text: string): void;
}

/** Exit codes as the other commands: 0 written, 1 the source cannot be imported, 2 usage or I/O. */
export function importCommand(args: ParsedArgs, io: ImportIo, ioError: (message: string) => Error): number {
  const [format, file, ...extra] = args.files;
  if (!format || !file || extra.length > 0) throw new UsageError("import needs FORMAT and exactly one FILE");
  const importer = importerOf(format);
  if (!importer)
    throw new UsageError(`unknown format "${format}"; formats: ${IMPORTERS.map((i) => i.format).join(", ")}`);
  const output = args.options.get("output");
  const force = args.options.get("force") === "true";
  if (output !== undefined && !force && fs.existsSync(output))
    throw ioError(`${output} exists; choose another -o or add --force to replace it`);
  const read = readRegularFile(
    file,
    MAX_SOURCE_CHARS,
    (size) =>
      `the file is ${size === "grew" ? "growing" : sizeText(size)}, above the ${sizeText(MAX_SOURCE_CHARS)} a configuration file may have`,
  );
  if ("error" in read) throw ioError(`cannot read ${file}: ${read.error}`);
  let imported;
  try {
    imported = importConfig(importer, read.text, path.basename(file));
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    for (const problem of error.problems)
      io.err(problemLine(file, { code: "import", severity: "error", message: problem.message, range: problem.range }));
    io.err(printable(`cascade-lens: ${file} cannot be imported as ${format}; nothing was written.`));
    return 1;
  }
  if (output === undefined) io.out(imported.text.replace(/\n$/, ""));
  else writeWhole(output, imported.text, ioError);
  const placeholders = imported.problems.filter((p) => p.code === "CL050").length;
  const others = imported.problems.filter((p) => p.code !== "CL050");
  for (const problem of others) io.err(problemLine(output ?? "(stdout)", problem));
  io.err(
    printable(
      `cascade-lens: imported ${file} as ${format}${output ? ` into ${output}` : ""}: ${placeholders} placeholder${placeholders === 1 ? "" : "s"} to set (CL050)${others.length ? `, ${others.length} other problem${others.length === 1 ? "" : "s"}` : ""}.`,
    ),
  );
  return 0;
}
