/**
 * The same extension-host suite under @vscode/test-electron, for machines that can
 * download VS Code (this one cannot; it uses code-server instead, see scripts/run-tests.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runTests } from "@vscode/test-electron";
import { prepareHostWorkspace, REPO_ROOT } from "../support/codeServer";

async function main(): Promise<void> {
  const workspace = prepareHostWorkspace(path.join(REPO_ROOT, "out/test/workspace-electron"));
  const version = process.env.VSCODE_VERSION ?? "stable";
  const code = await runTests({
    version,
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: path.join(REPO_ROOT, "out/test/host/index"),
    launchArgs: [workspace, "--disable-extensions", "--disable-workspace-trust"],
  });
  const report = path.join(REPO_ROOT, "test-results/host-results.json");
  if (fs.existsSync(report)) {
    const { records } = JSON.parse(fs.readFileSync(report, "utf8")) as { records: { state: string }[] };
    const passed = records.filter((r) => r.state === "passed").length;
    console.log(`${passed} passed, ${records.length - passed} failed`);
  }
  process.exitCode = code;
}

main().catch((error) => {
  console.error(`test:electron: ${(error as Error).message}`);
  process.exitCode = 1;
});
