/** CL012 as the cascade sees it: debt that becomes liquidatable and that no liquidator takes. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { curveAssetOf, curveOf, simulateAll } from "../../src/analysis/analyses";
import { buildPanelModel } from "../../src/analysis/panelModel";
import { resultNotes } from "../../src/analysis/resultNotes";
import { untakenDebtProblems } from "../../src/analysis/untakenDebt";
import { fileBookReader } from "../../src/analysis/fileBookReader";
import { untakenShare } from "../../src/engine/results";
import { validateRiskText } from "../../src/rules/validate";

const example = fs.readFileSync(path.resolve(__dirname, "../../../media/examples/lending-pool.risk.json"), "utf8");

function analyse(text: string) {
  const validation = validateRiskText(text);
  assert.ok(validation.resolved, JSON.stringify(validation.problems.filter((p) => p.severity === "error")));
  const scenarios = simulateAll(validation.resolved);
  const curve = curveOf(validation.resolved, curveAssetOf(validation.resolved));
  return {
    validation,
    scenarios,
    curve,
    problems: untakenDebtProblems(validation.doc, validation.resolved.file, scenarios, curve),
    staticCl012: validation.problems.filter((p) => p.code === "CL012"),
  };
}

describe("debt no liquidator takes", () => {
  it("lowering WETH's bonus from 5 % to 2 %: the static rule stays silent, the cascade's warns on the bonus with the drawdown", () => {
    const lowered = example.replace(
      /("WETH": \{ "ltv": 0\.805, "liquidationThreshold": 0\.83, "liquidationBonus": )0\.05/,
      "$10.02",
    );
    assert.notEqual(lowered, example, "the example holds WETH's market as expected");
    const before = analyse(example);
    const after = analyse(lowered);
    assert.deepEqual(after.staticCl012, [], "the median liquidation still looks profitable");
    assert.equal(after.problems.length, 1, JSON.stringify(after.problems));
    const [warning] = after.problems;
    assert.equal(warning.severity, "warning");
    assert.match(
      warning.message,
      /^From a \d+\.\d % fall of WETH \(liquidation curve\), \d+ % of the debt that became liquidatable in venue "Core" \(\$[\d.]+[MB]? of \$[\d.]+[MB]?\) is left to no liquidator/,
    );
    const line = lowered.split("\n")[warning.range.start.line];
    assert.equal(line.slice(warning.range.start.character, warning.range.end.character), "0.02");
    // The untaken share is what the panel charts: it rises where the bonus stops paying.
    const share = (run: typeof before) => Math.max(...run.scenarios.map((s) => untakenShare(s).share));
    assert.ok(share(after) > share(before), `${share(after)} > ${share(before)}`);
    const chart = buildPanelModel({
      fileName: "x",
      scenarios: after.scenarios,
      curve: after.curve,
      distribution: null,
      insuranceFunds: [],
      elapsedMs: 1,
    }).charts.find((c) => c.id === "profitability");
    assert.ok(chart && chart.datasets[0].data.some((p) => p.y >= 10));
  });

  it("the untaken share is stuck debt over stuck plus repaid debt, over lending venues", () => {
    const venues = [
      {
        name: "a",
        badDebtUsd: 0,
        coveredUsd: 0,
        uncoveredUsd: 0,
        stuckDebtUsd: 30,
        liquidations: 1,
        repaidUsd: 70,
        writtenOffUsd: 0,
        details: {},
        mechanismRounds: [],
      },
      {
        name: "p",
        badDebtUsd: 5,
        coveredUsd: 5,
        uncoveredUsd: 0,
        stuckDebtUsd: 0,
        liquidations: 2,
        repaidUsd: 0,
        writtenOffUsd: 0,
        details: {},
        mechanismRounds: [],
      },
    ];
    assert.deepEqual(untakenShare({ venues }), { share: 0.3, stuckUsd: 30, liquidatableUsd: 100 });
    assert.equal(untakenShare({ venues: [] }).share, 0);
  });
});

describe("notes beside results that surprise", () => {
  const examples = path.resolve(__dirname, "../../../media/examples");
  const run = (name: string) => {
    const validation = validateRiskText(
      fs.readFileSync(path.join(examples, name), "utf8"),
      fileBookReader(path.join(examples, name)),
    );
    assert.ok(validation.resolved);
    return {
      file: validation.resolved.file,
      scenarios: simulateAll(validation.resolved),
      curve: curveOf(validation.resolved, curveAssetOf(validation.resolved)),
    };
  };

  it("a larger shock that ends shallower says why (stuck debt), and so does a curve that turns back", () => {
    const { file, scenarios, curve } = run("two-venues-stress.risk.json");
    const notes = resultNotes(scenarios, curve, file);
    assert.ok(
      notes.some((n) =>
        /^ETH -45% ends shallower \(-61\.6 %\) than ETH -15% \(-68\.5 %\): at the larger shock \$209M of debt is left to no liquidator/.test(
          n,
        ),
      ),
      notes.join("\n"),
    );
    assert.ok(
      notes.some((n) => /^The curve is not monotone: /.test(n)),
      notes.join("\n"),
    );
  });

  it("a contagion target the scenario does not shock is said to follow liquidation moves, not the shock", () => {
    const { file, scenarios } = run("lending-pool.risk.json");
    const notes = resultNotes(scenarios, null, file);
    assert.ok(
      notes.some((n) => /wstETH follows WETH through contagion of its liquidation-driven moves, not its shock/.test(n)),
      notes.join("\n"),
    );
  });

  it("a plausible example with monotone results has no reversal note", () => {
    const { scenarios } = run("two-venues.risk.json");
    assert.deepEqual(resultNotes(scenarios, null), []);
  });
});
