/**
 * Peak memory of the CLI (whole process, as CI runs it) on the largest inputs it accepts:
 * a risk file of dense inline positions at the 32 MiB limit, with one problem at its end
 * so the syntax tree is built (the worst case), and a CSV book at the 400 MiB limit.
 * Each runs in a child process whose peak resident size a preloaded hook reports.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_MAX_BOOK_BYTES } from "../src/analysis/fileBookReader";
import { MAX_RISK_FILE_CHARS } from "../src/rules/validate";

const cli = path.resolve(__dirname, "../../dist/cli.js");

function peakOf(dir: string, argv: string[]): { peakMiB: number; seconds: number; status: number | null } {
  const hook = path.join(dir, "peak-hook.js");
  fs.writeFileSync(
    hook,
    `process.on("exit", () => require("fs").writeSync(2, "\\npeak-rss-kb " + process.resourceUsage().maxRSS + "\\n"));`,
  );
  const started = performance.now();
  const child = spawnSync(process.execPath, ["--require", hook, cli, ...argv], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  const peakKb = Number(/peak-rss-kb (\d+)/.exec(child.stderr)?.[1] ?? NaN);
  return { peakMiB: peakKb / 1024, seconds: (performance.now() - started) / 1000, status: child.status };
}

/** Dense inline positions up to `bytes`, the last one liquidatable (a CL030 needs the syntax tree). */
function writeDenseInline(file: string, bytes: number): void {
  const head = `{"version":1,"name":"dense","assets":{"A":{"price":3000},"B":{"price":1}},"venues":[{"name":"P","kind":"lending","markets":{"A":{"ltv":0.8,"liquidationThreshold":0.83,"liquidationBonus":0.05},"B":{"ltv":0,"liquidationThreshold":0,"liquidationBonus":0}},"positions":[`;
  const tail = `{"id":"last","collateral":{"A":1},"debt":{"B":1e9}}]}],"scenarios":[{"name":"s","shocks":{"A":-0.3}}]}`;
  const chunks = [head];
  let size = head.length + tail.length;
  for (let i = 0; ; i++) {
    const position = `{"id":${i},"collateral":{"A":1},"debt":{"B":1}},`;
    if (size + position.length > bytes) break;
    chunks.push(position);
    size += position.length;
  }
  chunks.push(tail);
  fs.writeFileSync(file, chunks.join(""));
}

/** A lending CSV book of about `bytes`, written in pieces (it is larger than one string may comfortably be built). */
function writeLargeCsv(file: string, bytes: number): number {
  const fd = fs.openSync(file, "w");
  fs.writeSync(fd, "id,collateral.WETH,debt.USDC\n");
  let written = 0;
  let rows = 0;
  while (written < bytes - 4_000_000) {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++, rows++)
      lines.push(
        `0x${rows.toString(16)},${(1 + (rows % 997) / 100).toFixed(4)},${(1000 + (rows % 1013)).toFixed(2)}\n`,
      );
    const chunk = lines.join("");
    fs.writeSync(fd, chunk);
    written += chunk.length;
  }
  fs.closeSync(fd);
  return rows;
}

export function benchPeakMemory(dir: string, csvRiskFile: (book: string) => string): void {
  const inline = path.join(dir, "dense-inline.risk.json");
  writeDenseInline(inline, MAX_RISK_FILE_CHARS);
  const validated = peakOf(dir, ["validate", inline]);
  const simulated = peakOf(dir, ["simulate", inline]);
  console.log(
    `largest inline file (${(fs.statSync(inline).size / 1048576).toFixed(1)} MiB of dense positions): validate peak ${validated.peakMiB.toFixed(0)} MiB in ${validated.seconds.toFixed(1)} s; simulate peak ${simulated.peakMiB.toFixed(0)} MiB in ${simulated.seconds.toFixed(1)} s`,
  );
  fs.rmSync(inline);
  const book = path.join(dir, "largest.csv");
  const rows = writeLargeCsv(book, DEFAULT_MAX_BOOK_BYTES);
  const riskPath = csvRiskFile("largest.csv");
  const csvRun = peakOf(dir, ["simulate", riskPath]);
  console.log(
    `largest CSV book (${(fs.statSync(book).size / 1048576).toFixed(0)} MiB, ${(rows / 1e6).toFixed(1)}M rows): simulate peak ${csvRun.peakMiB.toFixed(0)} MiB in ${csvRun.seconds.toFixed(1)} s${csvRun.status === 0 ? "" : ` (exit ${csvRun.status})`}`,
  );
  fs.rmSync(book);
}
