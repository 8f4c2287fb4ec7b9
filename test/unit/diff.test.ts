/**
 * `cascade-lens diff` and CL040: the parameter list, every outcome equal to `simulate` of
 * each file (the example pair has inline books, so "same books" is each file's own), the
 * verdict, Markdown safe to post, and steward limits against a base.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { markdownCell } from "../../src/analysis/comparisonReports";
import { run } from "../../src/cli/main";
import { temporaryDirectory } from "./support";

const examples = path.resolve(__dirname, "../../../media/examples");
const BASE = path.join(examples, "lending-pool.risk.json");
const PROPOSAL = path.join(examples, "lending-pool.proposal.risk.json");

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function cli(...argv: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = run(argv, { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n") });
  return { code, out, err };
}

const totals = (scenario: Any): Any => ({
  rounds: scenario.rounds,
  halted: scenario.halted,
  finalDrawdown: scenario.drawdown,
  amplification: scenario.amplification,
  liquidatedUsd: scenario.liquidatedUsd,
  badDebtUsd: scenario.venues.reduce((s: number, v: Any) => s + v.badDebtUsd, 0),
  uncoveredUsd: scenario.venues.reduce((s: number, v: Any) => s + v.uncoveredUsd, 0),
  stuckDebtUsd: scenario.venues.reduce((s: number, v: Any) => s + v.stuckDebtUsd, 0),
});

function withText(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe("cascade-lens diff", () => {
  const result = cli("diff", BASE, PROPOSAL, "--format", "json");
  const diff = JSON.parse(result.out) as Any;

  it("lists every changed parameter with old, new and relative change, by name", () => {
    assert.equal(result.code, 0, result.err);
    assert.deepEqual(
      diff.parameters.map((p: Any) => [p.path, p.old, p.new]),
      [
        ["name", "Ethereum Core Pool (illustrative)", "Ethereum Core Pool, WETH efficiency proposal (illustrative)"],
        ["venues.Core.markets.WETH.ltv", 0.805, 0.83],
        ["venues.Core.markets.WETH.liquidationThreshold", 0.83, 0.86],
        ["venues.Core.markets.WETH.liquidationBonus", 0.05, 0.04],
        ["venues.Core.markets.wstETH.supplyCapUsd", 1e9, 2.5e9],
        [
          "thresholds.stewardLimits",
          null,
          { ltv: 0.005, liquidationThreshold: 0.005, liquidationBonus: 0.005, capsRelative: 1 },
        ],
      ],
    );
    const threshold = diff.parameters[2];
    assert.equal(threshold.venue, "Core");
    assert.equal(threshold.market, "WETH");
    assert.equal(threshold.relativeChange, (0.86 - 0.83) / 0.83);
  });

  it("runs every scenario of NEW on both files: each figure equals simulate's, and the delta is their difference", () => {
    const base = JSON.parse(cli("simulate", BASE, "--format", "json").out).scenarios as Any[];
    const proposal = JSON.parse(cli("simulate", PROPOSAL, "--format", "json").out).scenarios as Any[];
    assert.equal(diff.scenarios.length, proposal.length);
    diff.scenarios.forEach((s: Any, i: number) => {
      assert.equal(s.name, proposal[i].name);
      assert.deepEqual(s.new, totals(proposal[i]));
      assert.deepEqual(s.base, totals(base.find((b) => b.name === s.name)!));
      for (const key of ["liquidatedUsd", "badDebtUsd", "uncoveredUsd", "stuckDebtUsd", "rounds"])
        assert.equal(s.delta[key], s.new[key] - s.base[key], key);
    });
    const baseCurve = JSON.parse(cli("curve", BASE, "--format", "json").out);
    const newCurve = JSON.parse(cli("curve", PROPOSAL, "--format", "json").out);
    assert.deepEqual(diff.criticalShock, {
      asset: "WETH",
      base: baseCurve.criticalShock,
      new: newCurve.criticalShock,
      delta: newCurve.criticalShock - baseCurve.criticalShock,
    });
  });

  it("leads the verdict with the leverage the books cannot show, then the bad debt", () => {
    assert.match(diff.verdict, /^Ltv of WETH in Core now allows more leverage, which these books do not take/);
    assert.match(
      diff.verdict,
      /lowers uncovered bad debt in 2 of 4 scenarios and raises it in none, most ETH -35%: -\$1\.71M/,
    );
  });

  it("flags CL040 on each value moved beyond the steward limits, located in NEW, in diff and in validate --base", () => {
    assert.deepEqual(
      diff.stewardProblems.map((p: Any) => [p.code, p.range.start.line, p.message.split(" moved")[0]]),
      [
        ["CL040", 23, 'ltv of WETH in "Core"'],
        ["CL040", 23, 'liquidationThreshold of WETH in "Core"'],
        ["CL040", 23, 'liquidationBonus of WETH in "Core"'],
        ["CL040", 24, 'supplyCapUsd of wstETH in "Core"'],
      ],
    );
    assert.match(diff.stewardProblems[1].message, /stewards may set 0\.825 to 0\.835 \(±0\.005\)/);
    const validated = JSON.parse(cli("validate", PROPOSAL, "--base", BASE, "--format", "json").out) as Any[];
    assert.equal(validated.filter((p) => p.code === "CL040").length, 4);
    assert.equal(
      JSON.parse(cli("validate", PROPOSAL, "--format", "json").out).filter((p: Any) => p.code === "CL040").length,
      0,
    );
  });

  it("uses the base's limits when it has them (a proposal cannot widen its own bounds), and within them says nothing", () => {
    const dir = temporaryDirectory("cl-diff-");
    const strict = fs
      .readFileSync(PROPOSAL, "utf8")
      .replace('"ltv": 0.005, "liquidationThreshold": 0.005', '"ltv": 0.5, "liquidationThreshold": 0.5');
    const baseWithLimits = withText(dir, "base.risk.json", fs.readFileSync(PROPOSAL, "utf8"));
    const next = withText(
      dir,
      "new.risk.json",
      strict.replace('"ltv": 0.83, "liquidationThreshold": 0.86', '"ltv": 0.834, "liquidationThreshold": 0.9'),
    );
    const problems = JSON.parse(cli("diff", baseWithLimits, next, "--format", "json").out).stewardProblems as Any[];
    assert.deepEqual(
      problems.map((p) => p.message.split(" moved")[0]),
      ['liquidationThreshold of WETH in "Core"'],
    );
  });

  it("a scenario the base cannot run (an asset it lacks) is reported, not dropped; a base venue without the market keeps its own book", () => {
    const dir = temporaryDirectory("cl-diff-");
    const text = fs.readFileSync(BASE, "utf8");
    const next = withText(
      dir,
      "new.risk.json",
      text
        .replace(
          '"DAI": { "price": 1, "liquidity": { "model": "amm", "reserveUsd": 400000000 } }',
          '"DAI": { "price": 1, "liquidity": { "model": "amm", "reserveUsd": 400000000 } },\n    "LINK": { "price": 15 }',
        )
        .replace(
          '{ "name": "stETH depeg", "shocks": { "wstETH": -0.12 } }',
          '{ "name": "stETH depeg", "shocks": { "wstETH": -0.12 } },\n    { "name": "LINK -50%", "shocks": { "LINK": -0.5 } }',
        ),
    );
    const diffed = JSON.parse(cli("diff", BASE, next, "--format", "json").out) as Any;
    const link = diffed.scenarios.find((s: Any) => s.name === "LINK -50%");
    assert.equal(link.base, null);
    assert.equal(link.delta, null);
    assert.equal(link.baseNote, "the base has no LINK");
    assert.match(diffed.verdict, /1 scenario cannot run on the base/);
    const noDai = withText(
      dir,
      "nodai.risk.json",
      text
        .replace(
          '"DAI": { "ltv": 0.77, "liquidationThreshold": 0.8, "liquidationBonus": 0.05, "liquidationProtocolFee": 0.1 }',
          '"DAI": { "ltv": 0.77, "liquidationThreshold": 0.8, "liquidationBonus": 0.05, "liquidationProtocolFee": 0.1 },\n        "LINK": { "ltv": 0.5, "liquidationThreshold": 0.6, "liquidationBonus": 0.07 }',
        )
        .replace(
          '"DAI": { "price": 1, "liquidity": { "model": "amm", "reserveUsd": 400000000 } }',
          '"DAI": { "price": 1, "liquidity": { "model": "amm", "reserveUsd": 400000000 } },\n    "LINK": { "price": 15 }',
        )
        .replace(
          '{ "id": "0xbtc-1", "collateral": { "WBTC": 1500 }',
          '{ "id": "0xlink", "collateral": { "LINK": 100000 }, "debt": { "USDC": 500000 } },\n        { "id": "0xbtc-1", "collateral": { "WBTC": 1500 }',
        ),
    );
    const own = JSON.parse(cli("diff", BASE, noDai, "--format", "json").out) as Any;
    assert.deepEqual(own.ownBooks, ["Core"]);
  });

  it("prints Markdown for a pull request: the verdict, both tables, CL040; names cannot inject markup", () => {
    const markdown = cli("diff", BASE, PROPOSAL, "--format", "markdown").out;
    assert.match(markdown, /^### Cascade Lens: /);
    assert.match(markdown, /\| parameter \| old \| new \| change \|/);
    assert.match(markdown, /\| venues\.Core\.markets\.WETH\.liquidationThreshold \| 0\.83 \| 0\.86 \| \+3\.6 % \|/);
    assert.match(markdown, /\| ETH -35% \| \$17M → \$15\.3M \(-\$1\.71M\) \|/);
    assert.match(markdown, /#### Beyond steward limits \(CL040\)\n\n- line 24: ltv of WETH/);
    assert.equal(
      markdownCell("a|b @team <img src=x> [x](https://e.vil)\nrow"),
      "a\\|b &#64;team &lt;img src=x> \\[x\\](https:&#47;&#47;e.vil) row",
    );
  });

  it("exit codes: 1 when a file has errors, 2 for a usage mistake", () => {
    assert.equal(cli("diff", BASE, path.join(examples, "broken.risk.json")).code, 1);
    assert.equal(cli("diff", BASE).code, 2);
    assert.equal(cli("diff", BASE, PROPOSAL, "--format", "csv").code, 2);
  });
});
