import { runCli } from "./main";
import { isShareThread, runShareThread } from "../worker/shareThreads";

// A reader that stops early (`| head`) closes the pipe: that ends the output, not in a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// An internal failure is still reported as a message, never as a stack dump alone.
const internal = (error: unknown) => {
  process.stderr.write(`cascade-lens: internal error: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 2;
};

if (isShareThread()) runShareThread();
else
  try {
    const code = runCli(
      process.argv.slice(2),
      { out: (text) => process.stdout.write(text + "\n"), err: (text) => process.stderr.write(text + "\n") },
      { threadScript: __filename },
    );
    if (typeof code === "number") process.exitCode = code;
    else code.then((value) => (process.exitCode = value), internal);
  } catch (error) {
    internal(error);
  }
