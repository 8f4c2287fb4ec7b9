import { run } from "./main";

// A reader that stops early (`| head`) closes the pipe: that ends the output, not in a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

try {
  process.exitCode = run(process.argv.slice(2), {
    out: (text) => process.stdout.write(text + "\n"),
    err: (text) => process.stderr.write(text + "\n"),
  });
} catch (error) {
  // An internal failure is still reported as a message, never as a stack dump alone.
  process.stderr.write(`cascade-lens: internal error: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 2;
}
