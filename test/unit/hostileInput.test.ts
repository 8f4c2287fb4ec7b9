/**
 * A risk file from a pull request is untrusted input: floods of errors, files that ask for
 * more memory or time than the stated limits, numbers written the way JavaScript (but not
 * JSON) reads them, names that forge report lines, and markup in a chart image must each
 * end in a located error or a bounded, true result.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { compileResolved } from "../../src/analysis/analyses";
import { reportHtml } from "../../src/analysis/reportHtml";
import { run } from "../../src/cli/main";
import { applyPriceStep } from "../../src/engine/priceStep";
import { newTally } from "../../src/engine/roundTally";
import { ROUND_PRICE_LIMIT, simulateScenario } from "../../src/engine/simulate";
import { SimulationError } from "../../src/engine/simulationError";
import { printable } from "../../src/model/printable";
import { quote } from "../../src/model/quote";
import { parseLendingCsv, parsePerpsCsv } from "../../src/parse/csvBook";
import { DuplicateIdFinder } from "../../src/parse/duplicateIds";
import { readPlainLendingRows } from "../../src/parse/plainLendingRows";
import { MAX_SYNTAX_ERRORS } from "../../src/parse/jsonDocument";
import { hostToAnalysis } from "../../src/shared/analysisProtocol";
import { webviewToHost } from "../../src/shared/panelProtocol";
import { MAX_PROBLEMS_PER_FILE, MAX_RISK_FILE_CHARS, validateRiskText } from "../../src/rules/validate";
import { lendingVenue, resolve, riskFile, temporaryDirectory } from "./support";

const tmp = temporaryDirectory("cascade-hostile-");
const cliPath = path.resolve(__dirname, "../../../dist/cli.js");

function cli(...argv: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = run(argv, { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n") });
  return { code, out, err };
}

function writeRisk(name: string, file: object | string): string {
  const target = path.join(tmp, name);
  fs.writeFileSync(target, typeof file === "string" ? file : JSON.stringify(file));
  return target;
}

const underwater = [{ id: "a", collateral: { WETH: 10 }, debt: { USDC: 9000 } }];

describe("floods of problems", () => {
  it("a 2 MB file of '{' and commas stops after the first syntax errors, with a count, in the CLI's JSON too", () => {
    const file = writeRisk("flood.risk.json", "{" + ",".repeat(2_000_000));
    const { code, out } = cli("validate", file, "--format", "json");
    assert.equal(code, 1);
    const problems = JSON.parse(out) as { code: string; message: string }[];
    assert.equal(problems.length, MAX_SYNTAX_ERRORS + 1);
    assert.match(problems[problems.length - 1].message, /reading stopped after the first 100/);
  });

  it("a million bad positions give at most 1,000 located problems and one count of the rest", () => {
    const positions = Array.from({ length: 5000 }, (_, i) => ({
      id: `p${i}`,
      collateral: { WETH: -1 },
      debt: { USDC: "x" },
    }));
    const { problems } = validateRiskText(JSON.stringify(riskFile({ venues: [lendingVenue({ positions })] })));
    assert.equal(problems.length, MAX_PROBLEMS_PER_FILE + 1);
    assert.match(problems[MAX_PROBLEMS_PER_FILE].message, /…and 9,000 more problems in this file/);
  });
});

describe("memory within the stated limits", () => {
  it("a risk file above 32 MiB is refused before it is parsed, in the CLI (exit 2) and in validation", () => {
    const big = " ".repeat(MAX_RISK_FILE_CHARS + 1);
    assert.match(validateRiskText(big).problems[0].message, /above the 32 MiB a risk file may have/);
    const file = writeRisk("huge.risk.json", big);
    const result = cli("validate", file);
    assert.equal(result.code, 2);
    assert.match(result.err, /above the 32 MiB a risk file may have/);
  });

  it("many assets over many rounds: per-round prices stop at the run's budget with a located error, and the curve keeps none", () => {
    const assets: Record<string, unknown> = {
      WETH: { price: 1000, liquidity: { model: "sqrt", depthUsd: 1e9 } },
      USDC: { price: 1 },
    };
    for (let i = 0; i < 5000; i++) assets[`X${i}`] = { price: 1 };
    const positions = Array.from({ length: 100 }, (_, i) => ({
      id: `p${i}`,
      collateral: { WETH: 10 },
      debt: { USDC: 7000 + i * 10 },
    }));
    const file = riskFile({
      assets,
      venues: [lendingVenue({ closeFactor: 0.001, positions })],
      simulation: { maxRounds: 10000 },
    });
    const model = compileResolved(resolve(file));
    // A small budget stands for ROUND_PRICE_LIMIT, which simulateAll gives each run.
    const budget = { remaining: 50_000 };
    assert.throws(
      () => simulateScenario(model, "s", { WETH: -0.5 }, { roundPriceBudget: budget }),
      (error: unknown) =>
        error instanceof SimulationError &&
        /pass the 10,000,000 one run may report/.test(error.message) &&
        error.path.join(".") === "simulation.maxRounds",
    );
    const unrecorded = simulateScenario(model, "s", { WETH: -0.5 }, { roundPrices: false });
    assert.ok(unrecorded.rounds > 50_000 / 5002, `ran ${unrecorded.rounds} rounds`);
    assert.equal(ROUND_PRICE_LIMIT, 10_000_000);
    assert.deepEqual(unrecorded.perRound[0].prices, {});
  });

  it("--max-positions refuses a CSV book by its line count, before parsing it", () => {
    fs.writeFileSync(path.join(tmp, "rows.csv"), "id,collateral.WETH,debt.USDC\n" + "a,1,100\n".repeat(500));
    const file = writeRisk("rows.risk.json", riskFile({ venues: [lendingVenue({ positions: { file: "rows.csv" } })] }));
    const refused = cli("validate", file, "--max-positions", "100");
    assert.equal(refused.code, 1);
    assert.match(refused.out, /holds 500 positions, above the limit of 100/);
    // Parsed, the same book would also report 499 duplicate ids: it was not parsed.
    assert.doesNotMatch(refused.out, /CL004/);
  });

  it("a quoted CSV cell of millions of characters is read in one piece, and quoted short in its problem", () => {
    const cell = "x".repeat(5_000_000);
    const csv = `id,collateral.WETH,debt.USDC\n"${cell}",1,"${cell}"\n`;
    const { problems } = parseLendingCsv(csv, "big.csv", new Set(["WETH", "USDC"]));
    assert.equal(problems.length, 1);
    assert.ok(problems[0].message.length < 300, `message of ${problems[0].message.length} characters`);
    assert.match(problems[0].message, /\(5,000,000 characters\)/);
  });
});

/**
 * Sixteen pairs of 4-character blocks, each pair taking FNV-1a (the id tables' hash) from
 * the state the blocks before left to one same state: any choice of one block per pair
 * gives an id with the same hash, 65,536 of them (Joux's multicollisions, found offline).
 */
const FNV_COLLIDING_BLOCKS = [
  ["l9On", "H8aa"],
  ["mCCn", "q2aa"],
  ...Array.from({ length: 14 }, () => ["lCCn", "p2aa"]),
];
const fnv1a = (text: string) => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
};

describe("ids made to collide", () => {
  const ids = Array.from({ length: 1 << 16 }, (_, n) =>
    FNV_COLLIDING_BLOCKS.map((pair, bit) => pair[(n >> bit) & 1]).join(""),
  );

  it("the id table's work stays linear: reads of ids counted, not time", () => {
    const some = ids.slice(0, 4096);
    let reads = 0;
    const counted = new Proxy(some, {
      get: (target, key) => {
        if (typeof key === "string" && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key);
      },
    });
    const finder = new DuplicateIdFinder(counted, some.length);
    for (let row = 0; row < some.length; row++) assert.equal(finder.add(row), -1);
    // Probing every earlier row would read about 8 million ids (n^2 / 2).
    assert.ok(reads < 20 * some.length, `${reads} reads of ${some.length} ids`);
  });

  it("65,536 distinct ids of one FNV-1a hash: the CSV reader finds the one repeat", () => {
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(new Set(ids.map(fnv1a)).size, 1, "the ids collide");
    const rows = ids.map((id) => `${id},1,100`);
    rows.push(`${ids[12345]},2,200`); // one real repeat, at the end
    const text = `id,collateral.WETH,debt.USDC\n${rows.join("\n")}\n`;
    // Each id probed past every earlier one took 80 s here; the table's Map fallback takes milliseconds.
    const { problems } = parseLendingCsv(text, "b.csv", new Set(["WETH", "USDC"]));
    assert.deepEqual(
      problems.map((p) => p.message),
      [`b.csv line 65538: duplicate position id ${quote(ids[12345])} (first on line 12347).`],
    );
  });
});

describe("hash values made to share a run of the one-pass reader's table", () => {
  it("send the book to the general reader (no row walks the run), which reads it whole", () => {
    // 4,000 hash values held by two ids each (a colliding block pair, then one suffix per
    // value), each chosen to sit in the first quarter of the 16,384-slot table, where they
    // fill one run of slots that every row holding one of them would otherwise walk.
    const [left, right] = FNV_COLLIDING_BLOCKS[0];
    const ids: string[] = [];
    for (let n = 0; ids.length < 8000; n++) {
      const suffix = `-${n}`;
      if ((fnv1a(left + suffix) & 16383) < 4000) ids.push(left + suffix, right + suffix);
    }
    assert.equal(new Set(ids).size, ids.length);
    const text = `id,collateral.WETH,debt.USDC\n${ids.map((id) => `${id},1,100`).join("\n")}\n`;
    const bytes = new TextEncoder().encode(text);
    assert.equal(bytes.length, text.length, "the ids are ASCII, so the one-pass reader reads them");
    const offset = bytes.indexOf(10) + 1;
    assert.equal(readPlainLendingRows({ bytes, offset, headerLine: 0, columns: 2, capacity: 1e6 }), undefined);
    const { book, problems } = parseLendingCsv(text, "b.csv", new Set(["WETH", "USDC"]));
    assert.deepEqual(problems, []);
    assert.equal(book?.ids.length, ids.length);
  });
});

describe("one number grammar for inline JSON and CSV books", () => {
  it("refuses hexadecimal, binary, padded and other non-JSON numbers in CSV cells, and accepts JSON's", () => {
    for (const bad of [
      "0x64",
      "0b1010",
      "0o17",
      " 7 ",
      "7 ",
      "+5",
      ".5",
      "5.",
      "Infinity",
      "1_000",
      "1e",
      "--1",
      "01",
    ]) {
      const { problems } = parseLendingCsv(
        `id,collateral.WETH,debt.USDC\na,${bad},1\n`,
        "b.csv",
        new Set(["WETH", "USDC"]),
      );
      assert.equal(problems.length, 1, `"${bad}" is refused`);
      const perps = parsePerpsCsv(`id,market,size,entryPrice,margin\na,M,1,${bad},1\n`, "p.csv", new Set(["M"]));
      assert.equal(perps.problems.length, 1, `"${bad}" is refused as an entry price`);
    }
    const good = parseLendingCsv(
      'id,collateral.WETH,debt.USDC\na,0,1.5e3\nb,12.25,\nc,"7",1E-2\n',
      "g.csv",
      new Set(["WETH", "USDC"]),
    );
    assert.deepEqual(good.problems, []);
    assert.deepEqual([...good.book!.collateral[0]], [0, 12.25, 7]);
    assert.deepEqual([...good.book!.debt[0]], [1500, 0, 0.01]);
  });
});

describe("sweeps of hostile paths and ranges", () => {
  const file = () =>
    writeRisk(
      "sweep.risk.json",
      riskFile({
        venues: [lendingVenue({ positions: underwater })],
        scenarios: [{ name: "s", shocks: { WETH: -0.3 } }],
      }),
    );

  it("--param __proto__.x never writes to Object.prototype", () => {
    for (const param of [
      "__proto__.polluted",
      "constructor.prototype.polluted",
      "venues.Pool.__proto__.polluted",
      "assets.WETH.__proto__",
    ]) {
      const result = cli("sweep", file(), "--param", param, "--from", "1", "--to", "2", "--steps", "1");
      assert.equal(result.code, 2, `${param}: ${result.err}`);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    }
  });

  it("a range whose spacing overflows is a usage error, not null in the JSON", () => {
    const result = cli(
      "sweep",
      file(),
      "--param",
      "assets.WETH.price",
      "--from",
      "-1e308",
      "--to",
      "1e308",
      "--steps",
      "4",
      "--format",
      "json",
    );
    assert.equal(result.code, 2);
    assert.match(result.err, /too wide to space evenly/);
  });

  it("a point's error quotes the swept value, not the file's", () => {
    const result = cli(
      "sweep",
      file(),
      "--param",
      "venues.Pool.markets.WETH.liquidationThreshold",
      "--from",
      "0.8",
      "--to",
      "1.4",
      "--steps",
      "1",
      "--format",
      "json",
    );
    assert.equal(result.code, 0, result.err);
    const points = (JSON.parse(result.out) as { points: { value: number; error?: string }[] }).points;
    assert.match(points[1].error!, /must be at most 1 \(is 1\.4\)/);
  });
});

describe("errors that name their real cause", () => {
  it("a price worn to zero by sales in a file without contagion is blamed on liquidity, not contagion", () => {
    const model = compileResolved(
      resolve(
        riskFile({
          assets: { WETH: { price: 1000, liquidity: { model: "linear", depthUsd: 1 } }, USDC: { price: 1 } },
          venues: [lendingVenue({})],
        }),
      ),
    );
    const weth = model.indexOf.get("WETH")!;
    const market = model.initialPrices.slice();
    market[weth] = 5e-324;
    const tally = newTally(model.assetNames.length);
    tally.sell[weth] = 1e6;
    assert.throws(
      () => applyPriceStep(model, tally, market),
      (error: unknown) =>
        error instanceof SimulationError &&
        /smallest positive number/.test(error.message) &&
        !/contagion/.test(error.message),
    );
  });

  it("a shock that takes a price past 1.8e308 is a located CL002 on the shock, not a buy-back error", () => {
    const text = JSON.stringify(
      riskFile({
        assets: { WETH: { price: 1e300 }, USDC: { price: 1 } },
        venues: [lendingVenue({})],
        scenarios: [{ name: "s", shocks: { WETH: 1e10 } }],
      }),
      null,
      1,
    );
    const problem = validateRiskText(text).problems.find((p) => p.code === "CL002");
    assert.ok(
      problem && /takes the price of WETH from 1e\+300 to Infinity/.test(problem.message),
      JSON.stringify(problem),
    );
    assert.equal(
      text.split("\n")[problem.range.start.line].slice(problem.range.start.character, problem.range.end.character),
      "10000000000",
    );
    const model = compileResolved(
      resolve(riskFile({ assets: { WETH: { price: 1e300 }, USDC: { price: 1 } }, venues: [lendingVenue({})] })),
    );
    assert.throws(
      () => simulateScenario(model, "custom", { WETH: 1e10 }),
      /A shock of 10000000000 takes the price of WETH/,
    );
  });
});

describe("forged output", () => {
  it("control characters in names are escaped in every text report: no forged line, no terminal escape", () => {
    const forged = "ETH\n0 errors\r::error file=x::forged\u001b[2J\u202e";
    const file = writeRisk(
      "forged.risk.json",
      riskFile({
        venues: [
          lendingVenue({
            name: forged,
            positions: [{ id: "a", collateral: { WETH: 10 }, debt: { USDC: 9000, [forged]: 1 } }],
          }),
        ],
        scenarios: [{ name: forged, shocks: { WETH: -0.3 } }],
      }),
    );
    const validated = cli("validate", file);
    const simulated = cli(
      "simulate",
      writeRisk(
        "forged-ok.risk.json",
        riskFile({
          venues: [lendingVenue({ name: forged, positions: underwater })],
          scenarios: [{ name: forged, shocks: { WETH: -0.3 } }],
        }),
      ),
    );
    assert.equal(simulated.code, 0, simulated.err);
    for (const text of [validated.out, validated.err, simulated.out]) {
      for (const line of text.split("\n")) {
        assert.ok(!/^(0 errors|::error)/.test(line), `forged line: ${JSON.stringify(line)}`);
        assert.ok(
          // eslint-disable-next-line no-control-regex
          !/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/.test(line),
          `control character in ${JSON.stringify(line)}`,
        );
      }
    }
    assert.match(simulated.out, /ETH\\n0 errors\\r::error file=x::forged\\x1b\[2J\\u202e/);
    // JSON keeps the name exact.
    const json = JSON.parse(cli("simulate", path.join(tmp, "forged-ok.risk.json"), "--format", "json").out) as {
      scenarios: { name: string }[];
    };
    assert.equal(json.scenarios[0].name, forged);
    assert.equal(printable("plain name -30 %"), "plain name -30 %");
  });

  it("a chart image is embedded in the report only when the whole data URL is a PNG", () => {
    const forged = 'data:image/png;base64,AAAA"><script>alert(1)</script>';
    assert.equal(
      webviewToHost.notifications.exportPng.safeParse({ chartId: "c", title: "t", dataUrl: forged }).success,
      false,
    );
    assert.equal(
      webviewToHost.notifications.exportPng.safeParse({
        chartId: "c",
        title: "t",
        dataUrl: "data:image/png;base64,iVBORw0KGgo=",
      }).success,
      true,
    );
    // And again where the images cross to the analysis worker, which writes the report.
    const report = (dataUrl: string) =>
      hostToAnalysis.requests.report.params.safeParse({
        uri: "file:///a",
        generatedAt: "2026-01-01T00:00:00Z",
        images: [{ chartId: "c", title: "t", dataUrl }],
      }).success;
    assert.equal(report(forged), false);
    assert.equal(report("data:image/png;base64,iVBORw0KGgo="), true);
    const resolved = resolve(riskFile({ venues: [lendingVenue({})] }));
    const html = reportHtml({
      fileName: "x",
      file: resolved.file,
      scenarios: [],
      criticalShock: null,
      images: [
        { title: "chart", dataUrl: forged },
        { title: "ok", dataUrl: "data:image/png;base64,iVBORw0KGgo=" },
      ],
      generatedAt: new Date(0),
    });
    assert.ok(!html.includes("<script>alert"));
    assert.ok(html.includes('src="data:image/png;base64,iVBORw0KGgo="'));
  });
});

describe("--max-seconds from the process start", () => {
  it("stops inside one long curve point instead of finishing it", { timeout: 60_000 }, () => {
    const file = writeRisk(
      "slow.risk.json",
      riskFile({
        assets: { WETH: { price: 3000, liquidity: { model: "sqrt", depthUsd: 1e9 } }, USDC: { price: 1 } },
        venues: [
          lendingVenue({
            closeFactor: 0.001,
            positions: { synthetic: { seed: 1, count: 300_000, collateral: "WETH", debt: "USDC" } },
          }),
        ],
        simulation: { maxRounds: 10000, curve: { asset: "WETH", maxDrawdown: 0.5, steps: 1 } },
      }),
    );
    const started = Date.now();
    const result = spawnSync(process.execPath, [cliPath, "curve", file, "--max-seconds", "1"], { encoding: "utf8" });
    const seconds = (Date.now() - started) / 1000;
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /stopped after 1 s, the --max-seconds limit/);
    // The point at -50 % alone runs about 1,200 rounds over 300,000 positions (8 s and more here).
    assert.ok(seconds < 6, `ended after ${seconds} s`);
  });
});
