/**
 * Entry point of the extension-host suite (`extensionTestsPath`). Both launchers use it:
 * code-server + Chromium here, @vscode/test-electron where VS Code can be downloaded.
 * It writes a JSON report next to the repository so the launcher can read pass/fail.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Mocha from "mocha";

const repoRoot = path.resolve(__dirname, "../../..");
export const HOST_RESULTS = path.join(repoRoot, "test-results", "host-results.json");

interface TestRecord {
  title: string;
  state: "passed" | "failed" | "pending";
  error?: string;
  durationMs?: number;
}

export function run(): Promise<void> {
  // HOST_GREP narrows the suite while working on one part (the launcher passes its environment on).
  const mocha = new Mocha({ ui: "bdd", timeout: 60_000, color: false, grep: process.env.HOST_GREP });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith(".test.js"))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  const records: TestRecord[] = [];
  fs.mkdirSync(path.dirname(HOST_RESULTS), { recursive: true });
  fs.rmSync(HOST_RESULTS, { force: true });
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      fs.writeFileSync(HOST_RESULTS, JSON.stringify({ finished: true, records }, null, 2));
      if (failures > 0) reject(new Error(`${failures} extension-host tests failed`));
      else resolve();
    });
    runner.on("pass", (test) => records.push({ title: test.fullTitle(), state: "passed", durationMs: test.duration }));
    runner.on("fail", (test, error: Error) =>
      records.push({ title: test.fullTitle(), state: "failed", error: `${error.message}\n${error.stack ?? ""}` }),
    );
    runner.on("pending", (test) => records.push({ title: test.fullTitle(), state: "pending" }));
  });
}
