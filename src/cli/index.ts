import { run } from "./main";

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
