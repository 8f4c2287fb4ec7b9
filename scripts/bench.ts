/**
 * `npm run bench`: the speed and memory figures the README quotes, printed, never asserted.
 * - validation of a ~5 MB risk file with 20,000 inline positions;
 * - a 1,000,000-position CSV lending book: load, and the full cascade (positions x rounds / s);
 * - the same book as the editor meets it, on disk and open in an editor: read by the book
 *   worker, the host thread's stalls;
 * - a 60-point liquidation curve on a 100,000-position book;
 * - a pathological CSV: 100,000 columns, every cell bad (was quadratic in the row's width);
 * - peak memory of the CLI on the largest inline file and CSV book it accepts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileResolved, curveOf } from "../src/analysis/analyses";
import { fileBookReader } from "../src/analysis/fileBookReader";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { simulateScenario } from "../src/engine/simulate";
import { BackgroundBooks } from "../src/extension/backgroundBooks";
import { mulberry32 } from "../src/model/syntheticBook";
import { parseLendingCsv } from "../src/parse/csvBook";
import { validateRiskText } from "../src/rules/validate";
import { benchPeakMemory } from "./benchPeakMemory";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-bench-"));
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`;
const time = <T>(run: () => T): [T, number] => {
  const started = performance.now();
  const value = run();
  return [value, performance.now() - started];
};
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function header(positions: unknown): Record<string, unknown> {
  return {
    version: 1,
    name: "bench",
    assets: { WETH: { price: 3000, liquidity: { model: "sqrt", depthUsd: 200_000_000 } }, USDC: { price: 1 } },
    venues: [
      {
        name: "Pool",
        kind: "lending",
        markets: { WETH: { ltv: 0.8, liquidationThreshold: 0.83, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 }, USDC: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 } },
        liquidatorCostUsd: 5,
        positions,
      },
    ],
    scenarios: [{ name: "ETH -25%", shocks: { WETH: -0.25 } }],
  };
}

/** Positions with collateral log-uniform $1k-$1M and health factors 1.02-3. */
function* positions(count: number, seed: number): Generator<[string, number, number]> {
  const random = mulberry32(seed);
  for (let i = 0; i < count; i++) {
    const collateralUsd = Math.exp(Math.log(1e3) + random() * Math.log(1e3));
    const healthFactor = 1.02 + random() * 1.98;
    yield [`0x${i.toString(16)}`, +(collateralUsd / 3000).toFixed(6), +((collateralUsd * 0.83) / healthFactor).toFixed(2)];
  }
}

function benchValidation(): void {
  // Address-like ids, two collaterals, pretty-printed: about 5 MB, the size of a real export.
  const inline = [...positions(20_000, 1)].map(([, weth, usdc], i) => ({
    id: `0x${i.toString(16).padStart(40, "0")}`,
    collateral: { WETH: weth, WBTC: +(weth / 40).toFixed(6) },
    debt: { USDC: usdc },
  }));
  const file = header(inline) as { venues: { markets: Record<string, unknown> }[]; assets: Record<string, unknown> };
  file.assets.WBTC = { price: 95000 };
  file.venues[0].markets.WBTC = { ltv: 0.7, liquidationThreshold: 0.75, liquidationBonus: 0.06 };
  const text = JSON.stringify(file, null, 2);
  const problems = validateRiskText(text).problems.length; // warm-up
  const runs = 10;
  const [, ms] = time(() => {
    for (let i = 0; i < runs; i++) validateRiskText(text);
  });
  console.log(`validate: ${(text.length / 1e6).toFixed(1)} MB, 20,000 inline positions, ${problems} problems: ${(ms / runs).toFixed(0)} ms per validation (mean of ${runs} after a warm-up)`);
}

function writeCsv(file: string, count: number): void {
  const chunks: string[] = ["id,collateral.WETH,debt.USDC\n"];
  for (const [id, weth, usdc] of positions(count, 2)) chunks.push(`${id},${weth},${usdc}\n`);
  fs.writeFileSync(file, chunks.join(""));
}

/** A risk file whose single venue reads a generated CSV book of `count` rows. */
function csvRiskFile(count: number): { csv: string; riskPath: string } {
  const csv = path.join(dir, "book.csv");
  writeCsv(csv, count);
  const riskPath = path.join(dir, `book-${count}.risk.json`);
  fs.writeFileSync(riskPath, JSON.stringify(header({ file: "book.csv" })));
  return { csv, riskPath };
}

function benchMillion(): void {
  const count = 1_000_000;
  const { csv, riskPath } = csvRiskFile(count);
  gc();
  const heapBefore = process.memoryUsage();
  const [validation, loadMs] = time(() => validateRiskText(fs.readFileSync(riskPath, "utf8"), fileBookReader(riskPath)));
  if (!validation.resolved) throw new Error(validation.problems.map((p) => p.message).join("\n"));
  // Typing in the risk file: the book is unchanged, so it is neither re-read nor re-parsed.
  const edited = fs.readFileSync(riskPath, "utf8").replace('"name":"bench"', '"name":"bench (edited)"');
  const [, retypeMs] = time(() => validateRiskText(edited, fileBookReader(riskPath)));
  const [model, compileMs] = time(() => compileResolved(validation.resolved!));
  const [result, simulateMs] = time(() => simulateScenario(model, "ETH -25%", { WETH: -0.25 }));
  gc();
  const heapAfter = process.memoryUsage();
  const examined = count * result.rounds;
  console.log(`1M book: CSV ${mib(fs.statSync(csv).size)} loaded and validated in ${loadMs.toFixed(0)} ms, compiled in ${compileMs.toFixed(0)} ms`);
  console.log(`1M book: validating the risk file again after an edit (book unchanged): ${retypeMs.toFixed(0)} ms`);
  console.log(
    `1M book: cascade ${result.rounds} rounds, ${result.perRound.reduce((s, r) => s + r.liquidations, 0)} liquidations, in ${simulateMs.toFixed(0)} ms = ${(simulateMs / result.rounds).toFixed(1)} ms per round per million positions, ${((examined / simulateMs) * 1000 / 1e6).toFixed(0)} M positions x rounds / s`,
  );
  console.log(`1M book: heap ${mib(heapAfter.heapUsed - heapBefore.heapUsed)} + typed arrays ${mib(heapAfter.arrayBuffers - heapBefore.arrayBuffers)} held by the loaded book and model (process heap ${mib(heapAfter.heapUsed)}, RSS ${mib(heapAfter.rss)})`);
}

/**
 * Starts a background load with `start` (which must leave it pending) and waits for it:
 * how long `start` held the host thread, how long the load took, and the longest stall of
 * the host thread meanwhile.
 */
async function backgroundLoad(books: BackgroundBooks, start: () => boolean): Promise<{ startMs: number; loadedMs: number; stallMs: number }> {
  const stalls = monitorEventLoopDelay({ resolution: 5 });
  stalls.enable();
  const started = performance.now();
  const [pending, startMs] = time(start);
  if (!pending) throw new Error("the book was expected to load in the background");
  await books.whenIdle();
  const loadedMs = performance.now() - started;
  stalls.disable();
  return { startMs, loadedMs, stallMs: stalls.max / 1e6 };
}

/** What opening a risk file with a 1M-row book costs the editor: the extension host's thread must stay free while the book worker reads it. */
async function benchBackgroundBook(): Promise<void> {
  const { csv, riskPath } = csvRiskFile(1_000_000);
  const books = new BackgroundBooks(path.resolve(__dirname, "../../dist/bookWorker.js"));
  const text = fs.readFileSync(riskPath, "utf8");
  const maxBytes = 400 * 1048576;
  const validate = (riskText: string) => validateRiskText(riskText, books.reader(riskPath, maxBytes));
  const onDisk = await backgroundLoad(books, () => validate(text).pendingBooks !== undefined);
  const [second, secondMs] = time(() => validate(text));
  if (!second.resolved) throw new Error(second.problems.map((p) => p.message).join("\n"));
  console.log(
    `1M book in the editor: first validation ${onDisk.startMs.toFixed(0)} ms on the host thread (book pending), book read and parsed by the book worker in ${onDisk.loadedMs.toFixed(0)} ms, longest host-thread stall meanwhile ${onDisk.stallMs.toFixed(0)} ms, validation with the parsed book ${secondMs.toFixed(0)} ms`,
  );
  // The same book open (and edited) in an editor: its text is handed to the book worker.
  const bookText = fs.readFileSync(csv, "utf8");
  const editor = { uri: "file:///bench/book.csv", absolutePath: csv, version: 2, getText: () => bookText };
  const shape = { kind: "lending" as const, markets: ["WETH", "USDC"] };
  const open = await backgroundLoad(books, () => "pending" in books.reader(riskPath, maxBytes, { openBook: () => editor })("book.csv", shape));
  console.log(
    `1M book open in an editor, after an edit: ${open.startMs.toFixed(0)} ms on the host thread to hand its text to the book worker, parsed in ${open.loadedMs.toFixed(0)} ms, longest host-thread stall meanwhile ${open.stallMs.toFixed(0)} ms`,
  );
  // A synthetic book of a million positions: generated by the book worker, then kept.
  const synthetic = JSON.stringify(header({ synthetic: { seed: 1, count: 1_000_000, collateral: "WETH", debt: "USDC" } }));
  const generated = await backgroundLoad(books, () => validate(synthetic).pendingBooks !== undefined);
  const [again, againMs] = time(() => validate(synthetic.replace('"name":"bench"', '"name":"bench (edited)"')));
  if (!again.resolved) throw new Error(again.problems.map((p) => p.message).join("\n"));
  console.log(
    `1M synthetic book in the editor: first validation ${generated.startMs.toFixed(0)} ms on the host thread (book pending), generated by the book worker in ${generated.loadedMs.toFixed(0)} ms, longest host-thread stall meanwhile ${generated.stallMs.toFixed(0)} ms, validation after an edit (book kept) ${againMs.toFixed(0)} ms`,
  );
  books.dispose();
}

function benchCurve(): void {
  const count = 100_000;
  const { riskPath } = csvRiskFile(count);
  const validation = validateRiskText(fs.readFileSync(riskPath, "utf8"), fileBookReader(riskPath));
  const model = compileResolved(validation.resolved!);
  const [curve, ms] = time(() => curveOf(validation.resolved!, "WETH", undefined, model));
  console.log(`curve: ${curve.points.length} points on ${count.toLocaleString("en")} positions (critical shock ${curve.criticalShock ?? "none"}) in ${ms.toFixed(0)} ms`);
}

/** A header of 100,000 columns and rows of bad cells: each row must be built once, not once per problem. */
function benchWideCsv(): void {
  const columns = 100_000;
  const assets = Array.from({ length: columns }, (_, i) => `A${i}`);
  const rows = ["a", "b", "c"].map((id) => [id, ...assets.map(() => "x")].join(","));
  const text = [["id", ...assets.map((a) => `collateral.${a}`)].join(","), ...rows].join("\n");
  const [parsed, ms] = time(() => parseLendingCsv(text, "wide.csv", new Set(assets)));
  console.log(`wide CSV: ${columns.toLocaleString("en")} columns x ${rows.length} rows, every cell bad, ${parsed.problems.length} problems kept: parsed in ${ms.toFixed(0)} ms`);
}

/** Activation is measured inside the real host by the extension-host suite (npm test). */
function reportActivation(): void {
  const file = path.resolve(__dirname, "../../test-results/activation.json");
  if (!fs.existsSync(file)) {
    console.log("activation: run npm test first (the extension-host suite measures it in the real host)");
    return;
  }
  const { activationMs, vscode, at } = JSON.parse(fs.readFileSync(file, "utf8")) as { activationMs: number; vscode: string; at: string };
  console.log(`activation: ${activationMs.toFixed(1)} ms from activate() to its return, in VS Code ${vscode} (extension-host suite of ${at})`);
}

async function main(): Promise<void> {
  benchValidation();
  benchMillion();
  await benchBackgroundBook();
  benchCurve();
  benchWideCsv();
  benchPeakMemory(dir, (book) => {
    const riskPath = path.join(dir, "largest.risk.json");
    fs.writeFileSync(riskPath, JSON.stringify(header({ file: book })));
    return riskPath;
  });
  reportActivation();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
