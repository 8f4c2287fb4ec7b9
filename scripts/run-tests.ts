/**
 * The one test command: unit tests (node:test), the extension-host suite inside a real
 * VS Code (code-server + Chromium), and the browser-level tests. It prints every suite's
 * results and ends with the line "N passed, N failed[, N skipped]" over all of them.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  launchBrowser,
  prepareHostWorkspace,
  REPO_ROOT,
  startCodeServer,
  workbenchUrl,
} from "../test/support/codeServer";

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

const RESULTS = path.join(REPO_ROOT, "test-results");
const HOST_TIMEOUT_MS = 8 * 60_000;

function runNodeTests(label: string, directory: string, env: NodeJS.ProcessEnv = {}): Promise<Counts> {
  const tap = path.join(RESULTS, `${label}.tap`);
  const files = fs.existsSync(directory)
    ? fs
        .readdirSync(directory)
        .filter((f) => f.endsWith(".test.js"))
        .map((f) => path.join(directory, f))
    : [];
  if (files.length === 0) return Promise.resolve({ passed: 0, failed: 0, skipped: 0 });
  console.log(`\n=== ${label} tests (${files.length} files) ===`);
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        "--enable-source-maps",
        "--test",
        "--test-concurrency=1",
        "--test-reporter=spec",
        "--test-reporter-destination=stdout",
        "--test-reporter=tap",
        `--test-reporter-destination=${tap}`,
        ...files,
      ],
      {
        stdio: ["ignore", "inherit", "inherit"],
        env: { ...process.env, ...env },
      },
    );
    child.on("exit", (code) => {
      const text = fs.existsSync(tap) ? fs.readFileSync(tap, "utf8") : "";
      const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, "m").exec(text)?.[1] ?? 0);
      const counts = { passed: count("pass"), failed: count("fail"), skipped: count("skipped") + count("todo") };
      // A runner that died before reporting must not look like success.
      if (code !== 0 && counts.failed === 0) counts.failed = 1;
      resolve(counts);
    });
  });
}

async function runHostTests(): Promise<Counts> {
  console.log("\n=== extension-host tests (code-server 4.100.3, real VS Code) ===");
  const resultsFile = path.join(RESULTS, "host-results.json");
  fs.rmSync(resultsFile, { force: true });
  const workspace = prepareHostWorkspace(path.join(REPO_ROOT, "out/test/workspace-host"));
  const server = await startCodeServer(workspace, path.join(REPO_ROOT, "out/test/code-server-host"));
  const browser = await launchBrowser();
  let exitCode: number | undefined;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.exposeFunction("codeAutomationExit", (code: number) => {
      exitCode = code;
    });
    await page.goto(workbenchUrl(server, { testsPath: path.join(REPO_ROOT, "out/test/host/index") }));
    const deadline = Date.now() + HOST_TIMEOUT_MS;
    while (Date.now() < deadline && !fs.existsSync(resultsFile) && exitCode === undefined)
      await new Promise((r) => setTimeout(r, 250));
    // The report is written just before the host exits; give it a moment if only the exit arrived.
    const settle = Date.now() + 5000;
    while (!fs.existsSync(resultsFile) && Date.now() < settle) await new Promise((r) => setTimeout(r, 100));
    if (!fs.existsSync(resultsFile)) {
      await page.screenshot({ path: path.join(RESULTS, "host-timeout.png") }).catch(() => undefined);
      console.log(
        `  the extension-host suite did not report (exit code ${exitCode ?? "none"}); see out/test/code-server-host/code-server.log`,
      );
      return { passed: 0, failed: 1, skipped: 0 };
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const report = JSON.parse(fs.readFileSync(resultsFile, "utf8")) as {
    records: { title: string; state: string; error?: string; durationMs?: number }[];
  };
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const record of report.records) {
    const mark = record.state === "passed" ? "✔" : record.state === "failed" ? "✖" : "-";
    console.log(`  ${mark} ${record.title}${record.durationMs !== undefined ? ` (${record.durationMs} ms)` : ""}`);
    if (record.error)
      console.log(
        record.error
          .split("\n")
          .map((line) => `      ${line}`)
          .join("\n"),
      );
    if (record.state === "passed") counts.passed++;
    else if (record.state === "failed") counts.failed++;
    else counts.skipped++;
  }
  return counts;
}

async function main(): Promise<void> {
  const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
  fs.mkdirSync(RESULTS, { recursive: true });
  const suites: [string, () => Promise<Counts>][] = [
    ["unit", () => runNodeTests("unit", path.join(REPO_ROOT, "out/test/unit"))],
    ["host", runHostTests],
    ["browser", () => runNodeTests("browser", path.join(REPO_ROOT, "out/test/browser"))],
  ];
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  const lines: string[] = [];
  for (const [name, runSuite] of suites) {
    if (only && only !== name) continue;
    let counts: Counts;
    try {
      counts = await runSuite();
    } catch (error) {
      console.log(`  the ${name} suite could not run: ${(error as Error).message}`);
      counts = { passed: 0, failed: 1, skipped: 0 };
    }
    lines.push(
      `  ${name}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}`,
    );
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  console.log(`\n${lines.join("\n")}`);
  console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
  process.exitCode = total.failed > 0 || total.passed === 0 ? 1 : 0;
}

void main();
