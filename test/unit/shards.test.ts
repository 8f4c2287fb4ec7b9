/**
 * Beyond one machine: `--shard I/N` and `merge` give, byte for byte, what the unsharded
 * `--format json` prints, for sweep, sweep2, curve and stress with N = 1, 3, 7; merge
 * refuses what would make a wrong result. And sweep2's cells are `simulate` on the file
 * with the two values replaced.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { compileResolved } from "../../src/analysis/analyses";
import { fileBookReader } from "../../src/analysis/fileBookReader";
import { run, runCli } from "../../src/cli/main";
import { curveFromShares, curveShare, liquidationCurve } from "../../src/engine/curve";
import { validateRiskText } from "../../src/rules/validate";
import { temporaryDirectory } from "./support";

const examples = path.resolve(__dirname, "../../../media/examples");
const POOL = path.join(examples, "lending-pool.risk.json");
const TWO = path.join(examples, "two-venues.risk.json");

function cli(...argv: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = run(argv, { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n") });
  return { code, out, err };
}

const RUNS: [string, string[]][] = [
  [
    "sweep",
    [
      "sweep",
      POOL,
      "--param",
      "venues.Core.markets.WETH.liquidationBonus",
      "--from",
      "0.02",
      "--to",
      "0.1",
      "--steps",
      "8",
    ],
  ],
  [
    "sweep2",
    [
      "sweep2",
      POOL,
      "--x",
      "venues.Core.markets.WETH.liquidationThreshold",
      "--from",
      "0.8",
      "--to",
      "0.9",
      "--steps",
      "3",
      "--y",
      "venues.Core.markets.WETH.liquidationBonus",
      "--from",
      "0.02",
      "--to",
      "0.1",
      "--steps",
      "2",
    ],
  ],
  ["curve", ["curve", TWO]],
  ["stress", ["stress", POOL, "--paths", "60", "--seed", "7"]],
];

function shards(argv: string[], count: number, dir: string, name: string): string[] {
  return Array.from({ length: count }, (_, i) => {
    const shard = cli(...argv, "--shard", `${i}/${count}`);
    assert.equal(shard.code, 0, shard.err);
    const file = path.join(dir, `${name}-${i}-of-${count}.json`);
    fs.writeFileSync(file, shard.out);
    return file;
  });
}

describe("--shard and merge", () => {
  const dir = temporaryDirectory("cl-shards-");
  for (const [name, argv] of RUNS) {
    it(`${name}: merging N = 1, 3, 7 shards gives the unsharded JSON byte for byte`, () => {
      const whole = cli(...argv, "--format", "json");
      assert.equal(whole.code, 0, whole.err);
      for (const count of [1, 3, 7]) {
        const out = path.join(dir, `${name}-${count}.json`);
        const merged = cli("merge", out, ...shards(argv, count, dir, name).reverse());
        assert.equal(merged.code, 0, merged.err);
        assert.equal(fs.readFileSync(out, "utf8"), whole.out, `${name} with ${count} shards`);
      }
    });
  }

  it("the curve's critical shock survives any split: it is bisected by the shard holding the first uncovered point", () => {
    const whole = JSON.parse(cli("curve", TWO, "--format", "json").out);
    assert.ok(whole.criticalShock > 0, "the example has a critical shock");
    const quiet = path.join(dir, "quiet.risk.json");
    fs.writeFileSync(
      quiet,
      fs.readFileSync(TWO, "utf8").replace(/"insuranceFundUsd": \d+/g, '"insuranceFundUsd": 1e15'),
    );
    const none = cli("curve", quiet, "--format", "json");
    assert.equal(JSON.parse(none.out).criticalShock, null);
    const out = path.join(dir, "quiet-merged.json");
    assert.equal(cli("merge", out, ...shards(["curve", quiet], 3, dir, "quiet")).code, 0);
    assert.equal(fs.readFileSync(out, "utf8"), none.out);
  });

  it("refuses a missing, repeated or foreign shard, a forged item, a non-shard file and an existing OUT, writing nothing", () => {
    const sweep = RUNS[0][1];
    const [a, b, c] = shards(sweep, 3, dir, "refuse");
    const out = path.join(dir, "never.json");
    const refused = (files: string[], pattern: RegExp) => {
      const result = cli("merge", out, ...files);
      assert.equal(result.code, 1, result.out);
      assert.match(result.err, pattern);
      assert.equal(fs.existsSync(out), false);
    };
    refused([a, b], /missing shard 2 of 3/);
    refused([a, b, b, c], /shard 1\/3 is given twice/);
    const [other] = shards(RUNS[3][1], 3, dir, "other");
    refused([other, b, c], /is of another run/);
    const forged = JSON.parse(fs.readFileSync(c, "utf8"));
    forged.items[0][0] = 1;
    const forgedFile = path.join(dir, "forged.json");
    fs.writeFileSync(forgedFile, JSON.stringify(forged));
    refused([a, b, forgedFile], /holds item 1, which is not its share/);
    const notShard = path.join(dir, "not-a-shard.json");
    fs.writeFileSync(notShard, '{"param": "x"}');
    refused([notShard], /is not a shard file/);
    fs.writeFileSync(notShard, "{");
    refused([notShard], /is not JSON/);
    fs.writeFileSync(out, "kept");
    const exists = cli("merge", out, a, b, c);
    assert.equal(exists.code, 2);
    assert.equal(fs.readFileSync(out, "utf8"), "kept");
    fs.rmSync(out);
  });

  it("--shard is checked: I/N with 0 <= I < N, not with simulate, not with another format", () => {
    for (const bad of ["3/3", "-1/3", "1/0", "a/b", "1/100000"])
      assert.equal(cli("curve", POOL, "--shard", bad).code, 2, bad);
    assert.equal(cli("simulate", POOL, "--shard", "0/2").code, 2);
    assert.equal(cli("curve", POOL, "--shard", "0/2", "--format", "csv").code, 2);
  });
});

describe("sweep2", () => {
  it("every cell is simulate on the file with the two values replaced; the worst scenario's figure and the rules that fire", () => {
    const grid = JSON.parse(cli(...RUNS[1][1], "--format", "json").out);
    assert.deepEqual(grid.x.values, [0.8, 0.8333333333333334, 0.8666666666666667, 0.9]);
    assert.deepEqual(grid.y.values, [0.02, 0.06, 0.1]);
    assert.equal(grid.cells.length, 12);
    const dir = temporaryDirectory("cl-sweep2-");
    // Cell 0 (threshold 0.8 under ltv 0.805) breaks CL010: `simulate` refuses that file, the grid computes it and marks it.
    for (const index of [4, 5, 11]) {
      const cell = grid.cells[index];
      assert.equal(cell.x, grid.x.values[Math.floor(index / 3)]);
      assert.equal(cell.y, grid.y.values[index % 3]);
      const file = path.join(dir, `cell-${index}.risk.json`);
      const text = fs
        .readFileSync(POOL, "utf8")
        .replace(
          '"liquidationThreshold": 0.83, "liquidationBonus": 0.05',
          `"liquidationThreshold": ${cell.x}, "liquidationBonus": ${cell.y}`,
        );
      fs.writeFileSync(file, text);
      const simulated = JSON.parse(cli("simulate", file, "--format", "json").out).scenarios;
      const uncovered = simulated.map((s: { venues: { uncoveredUsd: number }[] }) =>
        s.venues.reduce((t, v) => t + v.uncoveredUsd, 0),
      );
      assert.deepEqual(
        cell.scenarios.map((s: { uncoveredUsd: number }) => s.uncoveredUsd),
        uncovered,
      );
      assert.equal(cell.value, Math.max(...uncovered));
    }
    // ltv 0.805 is above a threshold of 0.8: CL010 fires in the first row, which a heatmap hatches.
    assert.ok(grid.cells[0].rules.includes("CL010"));
    assert.ok(!grid.cells[5].rules.includes("CL010"));
  });

  it("text and CSV; usage errors for a missing axis, one parameter twice and an unknown metric", () => {
    const text = cli(...RUNS[1][1]).out;
    assert.match(
      text,
      /^Sweep of venues\.Core\.markets\.WETH\.liquidationThreshold \(rows\) x venues\.Core\.markets\.WETH\.liquidationBonus \(columns\): uncoveredUsd/,
    );
    const csv = cli(...RUNS[1][1], "--format", "csv")
      .out.trim()
      .split("\n");
    assert.equal(csv.length, 13);
    assert.equal(
      csv[0],
      "venues.Core.markets.WETH.liquidationThreshold,venues.Core.markets.WETH.liquidationBonus,uncoveredUsd,rules,error",
    );
    assert.equal(cli("sweep2", POOL, "--x", "a.b", "--from", "0", "--to", "1", "--steps", "2").code, 2);
    const same = ["--from", "0.8", "--to", "0.9", "--steps", "1"];
    assert.equal(
      cli("sweep2", POOL, "--x", "venues.Core.closeFactor", ...same, "--y", "venues.Core.closeFactor", ...same).code,
      2,
    );
    assert.equal(cli(...RUNS[1][1], "--metric", "profit").code, 2);
  });
});

describe("--threads", () => {
  const script = path.resolve(__dirname, "../../../dist/cli.js");
  const threaded = async (...argv: string[]) => {
    let out = "";
    let err = "";
    const code = await runCli(
      argv,
      { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n") },
      { threadScript: script },
    );
    return { code, out, err };
  };

  it("curve and stress on 2 and 3 threads print what one thread prints, byte for byte", async () => {
    for (const argv of [RUNS[2][1], RUNS[3][1]]) {
      const one = cli(...argv, "--format", "json");
      for (const threads of ["2", "3"]) {
        const many = await threaded(...argv, "--format", "json", "--threads", threads);
        assert.equal(many.code, 0, many.err);
        assert.equal(many.out, one.out, `${argv[0]} on ${threads} threads`);
      }
    }
  });

  it("is refused where it does not apply", () => {
    assert.equal(
      cli(
        "sweep",
        POOL,
        "--param",
        "venues.Core.closeFactor",
        "--from",
        "0.4",
        "--to",
        "0.6",
        "--steps",
        "2",
        "--threads",
        "2",
      ).code,
      2,
    );
    assert.equal(cli("curve", POOL, "--threads", "2", "--shard", "0/2").code, 2);
    assert.equal(cli("curve", POOL, "--threads", "0").code, 2);
  });
});

describe("merge against forged sizes", () => {
  it("refuses a shard whose total its items do not fill, before sizing anything from it", () => {
    const dir = temporaryDirectory("cl-forged-");
    const shard = JSON.parse(cli(...RUNS[0][1], "--shard", "0/1").out);
    shard.total = 2 ** 31;
    const file = path.join(dir, "forged.json");
    fs.writeFileSync(file, JSON.stringify(shard));
    const merged = cli("merge", path.join(dir, "out.json"), file);
    assert.equal(merged.code, 1);
    assert.match(merged.err, /the shards hold 9 items, the run has 2147483648/);
  });
});

describe("the editor's split curve", () => {
  it("shares with venue figures put back together are the whole curve, venues included, for 1, 3 and 7 shares", () => {
    const resolved = validateRiskText(fs.readFileSync(TWO, "utf8"), fileBookReader(TWO)).resolved!;
    const model = compileResolved(resolved);
    const settings = resolved.file.simulation.curve;
    const whole = liquidationCurve(model, "WETH", settings);
    for (const count of [1, 3, 7]) {
      const shares = Array.from({ length: count }, (_, index) =>
        curveShare(model, "WETH", settings, { index, count }, undefined, true),
      );
      const names = model.venues.map((venue) => venue.name);
      assert.deepEqual(curveFromShares("WETH", names, shares.reverse()), whole);
    }
  });
});
