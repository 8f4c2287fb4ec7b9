/** The designer's workflow in the real extension host: quick fixes and hovers. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as vscode from "vscode";
import { curveOf, simulateAll } from "../../src/analysis/analyses";
import { fileBookReader } from "../../src/analysis/fileBookReader";
import type { ScenarioResult } from "../../src/engine/results";
import type { SweepResult } from "../../src/engine/sweep";
import { validateRiskText } from "../../src/rules/validate";
import { codeOf, extensionApi, openCopyOf, openRiskFile, ours, waitFor, workspaceUri, hoverText } from "./helpers";

async function fixesAt(
  document: vscode.TextDocument,
  code: string,
): Promise<{ diagnostic: vscode.Diagnostic; actions: vscode.CodeAction[] }> {
  const diagnostic = await waitFor(`a ${code} diagnostic`, () => ours(document.uri).find((d) => codeOf(d) === code));
  // The code-action context's diagnostics come from the workbench's marker service, which
  // receives them a moment after the extension host publishes them: poll until they arrive.
  const deadline = Date.now() + 15_000;
  for (;;) {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      "vscode.executeCodeActionProvider",
      document.uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    // Only our fixes: the queried range is the diagnostic's own value or name.
    const fixes = actions.filter((a) => a.edit !== undefined);
    if (fixes.length > 0 || Date.now() > deadline) return { diagnostic, actions: fixes };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Applies a fix, checks that only the replaced span changed (every other byte identical) and its diagnostic cleared, then undoes it. */
async function applyAndCheck(
  document: vscode.TextDocument,
  action: vscode.CodeAction,
  expectedText: string,
  code: string,
): Promise<void> {
  const before = document.getText();
  const [[, [edit]]] = action.edit!.entries();
  assert.equal(edit.newText, expectedText);
  const start = document.offsetAt(edit.range.start);
  const end = document.offsetAt(edit.range.end);
  assert.ok(await vscode.workspace.applyEdit(action.edit!));
  assert.equal(document.getText(), before.slice(0, start) + expectedText + before.slice(end));
  await waitFor(`${code} to clear`, () =>
    ours(document.uri).some((d) => codeOf(d) === code && d.range.start.line === edit.range.start.line)
      ? undefined
      : true,
  );
  await vscode.commands.executeCommand("undo");
  await waitFor("the undo", () => (document.getText() === before ? true : undefined));
}

describe("Quick fixes", () => {
  before(async () => {
    await extensionApi();
  });

  it("CL010: sets ltv half a point below the threshold", async () => {
    const document = await openRiskFile("broken.risk.json");
    const { actions } = await fixesAt(document, "CL010");
    assert.deepEqual(
      actions.map((a) => a.title),
      ["Set ltv to 0.825 (0.5 pp below the threshold)"],
    );
    assert.ok(actions[0].isPreferred);
    await applyAndCheck(document, actions[0], "0.825", "CL010");
  });

  it("CL011: offers the largest threshold or bonus that makes LT(1+LB) < 1", async () => {
    const document = await openRiskFile("broken.risk.json");
    const { actions } = await fixesAt(document, "CL011");
    assert.deepEqual(
      actions.map((a) => a.title),
      ["Lower liquidationThreshold to 0.9523", "Lower liquidationBonus to 0.0416"],
    );
    await applyAndCheck(document, actions[0], "0.9523", "CL011");
    const again = await fixesAt(document, "CL011");
    await applyAndCheck(document, again.actions[1], "0.0416", "CL011");
  });

  it("CL020: sets maintenance to 60 % of initial", async () => {
    const document = await openRiskFile("broken.risk.json");
    const { actions } = await fixesAt(document, "CL020");
    assert.deepEqual(
      actions.map((a) => a.title),
      ["Set maintenanceMargin to 0.03 (60 % of initial, as dYdX v4)"],
    );
    await applyAndCheck(document, actions[0], "0.03", "CL020");
  });

  it("CL003: corrects a misspelt asset to the closest known name", async () => {
    const document = await openRiskFile("fixtures/typo.risk.json");
    const { diagnostic, actions } = await fixesAt(document, "CL003");
    assert.equal(document.getText(diagnostic.range), "WETh");
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Change to "WETH"'],
    );
    await applyAndCheck(document, actions[0], "WETH", "CL003");
  });
});

describe("Hovers", () => {
  it("shows a lending market's leverage, toxic zone, liquidation drops and depth", async () => {
    const document = await openRiskFile("lending-pool.risk.json");
    const text = await hoverText(document, '"ltv": 0.805');
    assert.match(text, /Max leverage 1 \/ \(1 - ltv\) = x5\.13/);
    assert.match(text, /LT x \(1 \+ LB\) = 0\.8715: .*buffer from HF 1: 12\.85 %/);
    assert.match(
      text,
      /WETH price drop that liquidates the median position: -\d+\.\d %; the largest \(by debt\): -\d+\.\d %/,
    );
    assert.match(text, /USD that moves WETH 10 % under its sqrt liquidity: \$1\.5B/);
  });

  it("shows a perps market's leverage and 10x liquidation prices", async () => {
    const document = await openRiskFile("perps-venue.risk.json");
    const text = await hoverText(document, '"initialMargin": 0.05, "maintenanceMargin": 0.03');
    assert.match(text, /Max leverage 1 \/ initialMargin = x20\.00/);
    // 10x long at 3000 with maintenance 3 %: (3000 - 300) / 0.97 = 2783.51
    assert.match(
      text,
      /10x long entered now is liquidated at \$2,783\.51 \(-7\.2 %\); a 10x short at \$3,203\.88 \(\+6\.8 %\)/,
    );
  });

  it("shows a position's health factor and liquidation price", async () => {
    const document = await openRiskFile("lending-pool.risk.json");
    const text = await hoverText(document, '"0xwhale-eth-1"');
    // 60000 WETH x 3000 x 0.83 / 140M = 1.0671; liquidated at 140M / (60000 x 0.83) = $2,811.24
    assert.match(text, /health factor 1\.0671/);
    assert.match(text, /Liquidated when WETH falls to \$2,811\.24 \(-6\.3 %\)/);
  });
});

describe("Designer commands", () => {
  it("Run Scenario runs a file scenario and a custom shock, with the engine's numbers", async () => {
    const document = await openRiskFile("lending-pool.risk.json");
    const named = await vscode.commands.executeCommand<ScenarioResult>(
      "cascadeLens.runScenario",
      document.uri,
      "ETH -35%",
    );
    const expected = simulateAll(
      validateRiskText(document.getText(), fileBookReader(document.uri.fsPath)).resolved!,
      "ETH -35%",
    )[0];
    assert.deepEqual(named, expected);
    const custom = await vscode.commands.executeCommand<ScenarioResult>(
      "cascadeLens.runScenario",
      document.uri,
      undefined,
      { asset: "WBTC", shock: -0.25 },
    );
    assert.equal(custom.name, "WBTC -25.0 % (custom)");
    assert.equal(custom.perRound[0].prices.WBTC <= 95000 * 0.75, true);
  });

  it("Find Critical Shock reports each shocked asset's critical shock, as the curve defines it", async () => {
    const document = await openRiskFile("two-venues.risk.json");
    const shocks = await vscode.commands.executeCommand<{ asset: string; criticalShock: number | null }[]>(
      "cascadeLens.findCriticalShock",
      document.uri,
    );
    const resolved = validateRiskText(document.getText(), fileBookReader(document.uri.fsPath)).resolved!;
    const expected = curveOf(resolved, "WETH").criticalShock;
    assert.deepEqual(shocks, [{ asset: "WETH", criticalShock: expected }]);
    // ...and in the panel's header.
    const panel = await vscode.commands.executeCommand<{
      shown?: { type: string; model?: { header: { criticalShock: string } } };
    }>("cascadeLens.showCurves", document.uri);
    assert.equal(
      panel.shown?.model?.header.criticalShock,
      `WETH ${expected === null ? "none" : `-${(expected * 100).toFixed(1)} %`}`,
    );
  });

  it("Sweep Parameter runs every scenario per value, split over worker threads, and charts it in the panel", async () => {
    const api = await extensionApi();
    const document = await openRiskFile("perps-venue.risk.json");
    const threadsBefore = (await api.analysis.stats()).sweepWorkersStarted;
    const sweep = await vscode.commands.executeCommand<SweepResult>("cascadeLens.sweepParameter", document.uri, {
      param: "venues.Perps.insuranceFundUsd",
      from: 0,
      to: 30000000,
      steps: 3,
    });
    assert.deepEqual(
      sweep.points.map((p) => p.value),
      [0, 10000000, 20000000, 30000000],
    );
    assert.ok(sweep.points.every((p) => p.scenarios.length === 4));
    // A larger fund never leaves more uncovered bad debt.
    for (let i = 1; i < sweep.points.length; i++) {
      sweep.points[i].scenarios.forEach((s, j) =>
        assert.ok(s.uncoveredUsd <= sweep.points[i - 1].scenarios[j].uncoveredUsd),
      );
    }
    assert.equal(
      (await api.analysis.stats()).sweepWorkersStarted - threadsBefore,
      Math.min(os.cpus().length, 4),
      "one worker per core, at most one per value",
    );
    const panel = await vscode.commands.executeCommand<{
      shown?: { type: string; model?: { charts: { id: string }[] } };
    }>("cascadeLens.showCurves", document.uri);
    assert.deepEqual(
      panel.shown?.model?.charts.slice(0, 4).map((c) => c.id),
      ["sweep-uncovered", "sweep-stuck", "sweep-badDebt", "sweep-amplification"],
    );
    // A save simulates the file again; the sweep's charts stay until the next sweep.
    const simulated = await vscode.commands.executeCommand<unknown>("cascadeLens.simulate", document.uri);
    assert.ok(simulated);
    assert.equal(panel.shown?.model?.charts[0].id, "sweep-uncovered");
  });

  it("puts Run, Show chart and the last outcome above each scenario", async () => {
    const document = await openRiskFile("lending-pool.risk.json");
    const lenses = await waitFor("code lenses with outcomes", () => lensesWithOutcome(document), 20_000).catch(
      () => undefined,
    );
    const all =
      lenses ??
      (await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", document.uri));
    const titles = all.map((lens) => lens.command?.title ?? "");
    assert.equal(titles.filter((t) => t === "$(play) Run").length, 4);
    assert.equal(titles.filter((t) => t === "$(graph-line) Show chart").length, 4);
    assert.ok(
      titles.some((t) => /^WETH -\d+\.\d % \(x\d\.\d\d\) after \d+ rounds/.test(t)),
      titles.join(" | "),
    );
  });

  it("New Risk File from Template creates files that validate cleanly and never overwrites one", async () => {
    const api = await extensionApi();
    for (const kind of ["lending-pool", "perps-venue", "two-venues"]) {
      const document = await vscode.commands.executeCommand<vscode.TextDocument>("cascadeLens.newFromTemplate", kind);
      assert.ok(document.isUntitled);
      assert.deepEqual((await api.analysis.validate(document)).problems, []);
      await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
    }
    const target = workspaceUri("from-template.risk.json");
    const created = await vscode.commands.executeCommand<vscode.TextDocument>(
      "cascadeLens.newFromTemplate",
      "perps-venue",
      target,
    );
    assert.equal(created.uri.toString(), target.toString());
    const bytes = await vscode.workspace.fs.readFile(target);
    assert.equal(
      await vscode.commands.executeCommand("cascadeLens.newFromTemplate", "lending-pool", target),
      undefined,
    );
    assert.deepEqual(await vscode.workspace.fs.readFile(target), bytes, "the existing file is unchanged");
  });
});

let lensCache: vscode.CodeLens[] | undefined;
/** Polled by waitFor: the lenses once the last run's outcome lenses are there. */
function lensesWithOutcome(document: vscode.TextDocument): vscode.CodeLens[] | undefined {
  void vscode.commands
    .executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", document.uri)
    .then((lenses) => (lensCache = lenses));
  return lensCache && lensCache.length > 8 ? lensCache : undefined;
}

describe("Commands that show the panel", () => {
  it("run exactly one simulation: the panel does not start one the command's own run would cancel", async () => {
    const api = await extensionApi();
    // Opened, not shown in an editor: no run on open, and no last run for the panel to show.
    const { uri, document } = await openCopyOf("lending-pool.risk.json", "one-run.risk.json");
    assert.equal(api.simulation.lastRun(uri), undefined);
    let started = 0;
    const counting = api.simulation.onDidStartRun((runUri) => {
      if (runUri.toString() === uri.toString()) started++;
    });
    try {
      const shocks = await vscode.commands.executeCommand<{ asset: string }[]>(
        "cascadeLens.findCriticalShock",
        document.uri,
      );
      assert.ok(shocks && shocks.length > 0);
      assert.equal(started, 1, "one run: the command's own");
    } finally {
      counting.dispose();
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
      fs.rmSync(uri.fsPath);
    }
  });
});

describe("Stress test (Monte Carlo)", () => {
  it("reports the bad-debt distribution, the same for the same seed, and charts it", async () => {
    const document = await openRiskFile("lending-pool.risk.json");
    type Stress = {
      paths: number;
      badDebtUsd: { mean: number; q95: number; q99: number; max: number };
      uncoveredProbability: number;
    };
    const first = await vscode.commands.executeCommand<Stress>("cascadeLens.stressTest", document.uri, {
      paths: 60,
      seed: 5,
    });
    const again = await vscode.commands.executeCommand<Stress>("cascadeLens.stressTest", document.uri, {
      paths: 60,
      seed: 5,
    });
    assert.deepEqual(first, again);
    assert.equal(first.paths, 60);
    assert.ok(first.badDebtUsd.mean <= first.badDebtUsd.max && first.badDebtUsd.q95 <= first.badDebtUsd.q99);
    const panel = await vscode.commands.executeCommand<{
      shown?: { type: string; model?: { charts: { id: string }[] } };
    }>("cascadeLens.showCurves", document.uri);
    assert.equal(panel.shown?.model?.charts[0].id, "stress");
  });
});

describe("Export Report", () => {
  it("writes a standalone HTML report with parameters, results and every chart, leaving the risk file untouched", async () => {
    const document = await openRiskFile("two-venues.risk.json");
    const riskBytes = await vscode.workspace.fs.readFile(document.uri);
    const target = workspaceUri("two-venues-report.html");
    const written = await vscode.commands.executeCommand<vscode.Uri>("cascadeLens.exportReport", document.uri, target);
    assert.equal(written.toString(), target.toString());
    const html = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.match(html, /^<!DOCTYPE html>/);
    assert.doesNotMatch(html, /(src|href)="https?:/, "nothing external");
    for (const name of ["ETH -15%", "ETH -30%", "ETH -45%", "Pool (lending)", "Perps (perpetuals)", "Critical shock"])
      assert.ok(html.includes(name), name);
    // Curve, response, bad debt, liquidator profitability, health, and the path of each of the three scenarios.
    assert.equal([...html.matchAll(/<img alt="[^"]*" src="data:image\/png;base64,[A-Za-z0-9+/=]{2000,}">/g)].length, 8);
    assert.deepEqual(await vscode.workspace.fs.readFile(document.uri), riskBytes);
  });
});
