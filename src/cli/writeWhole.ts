/** Output files written whole or not at all: a temporary file beside the target, renamed into place. */
import * as fs from "node:fs";
import * as path from "node:path";

export function writeWhole(output: string, text: string, ioError: (message: string) => Error): void {
  const temporary = path.join(path.dirname(output), `.${path.basename(output)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, text, { flag: "wx" });
    fs.renameSync(temporary, output);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw ioError(`cannot write ${output}: ${(error as Error).message}`);
  }
}
