/** Simulation on save in the real extension host: outcomes on scenario names, skipped runs, cancellation. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as vscode from "vscode";
import { simulateAll } from "../../src/analysis/analyses";
import { scenarioOutcome } from "../../src/analysis/scenarioOutcome";
import { scenarioSummary } from "../../src/analysis/summaries";
import { fileBookReader } from "../../src/analysis/fileBookReader";
import { validateRiskText } from "../../src/rules/validate";
import {
  codeOf,
  extensionApi,
  heavyFile,
  openCopyOf,
  openRiskFile,
  ours,
  replaceInDocument,
  waitFor,
  workspaceUri,
} from "./helpers";

const SEVERITY_NAMES = ["error", "warning", "information", "hint"];
const outcomes = (uri: vscode.Uri) => ours(uri).filter((d) => codeOf(d) === "CL100");

describe("Simulation on save", () => {
  it("reports each scenario's outcome on its name after a save, with the engine's numbers", async () => {
    await extensionApi();
    const document = await openRiskFile("two-venues.risk.json");
    // A save only happens for a changed document: add a space after the opening brace.
    await replaceInDocument(document, "{", "{ ");
    assert.ok(await document.save());
    const diagnostics = await waitFor(
      "scenario outcomes",
      () => (outcomes(document.uri).length === 3 ? outcomes(document.uri) : undefined),
      60_000,
    );
    // The same text through the same engine, computed here independently of the extension.
    const validation = validateRiskText(document.getText(), fileBookReader(document.uri.fsPath));
    const expected = simulateAll(validation.resolved!);
    for (const result of expected) {
      const nameOffset = document.getText().indexOf(`"name": "${result.name}"`) + '"name": "'.length;
      const diagnostic = diagnostics.find((d) => d.range.start.isEqual(document.positionAt(nameOffset)));
      assert.ok(diagnostic, `an outcome on the name of ${result.name}`);
      assert.equal(document.getText(diagnostic.range), result.name);
      assert.ok(
        diagnostic.message.startsWith(scenarioSummary(result)),
        `${diagnostic.message} starts with ${scenarioSummary(result)}`,
      );
      assert.equal(SEVERITY_NAMES[diagnostic.severity], scenarioOutcome(result, 1.5).severity);
    }
    // This book leaves uncovered bad debt at -45 %: an error, as SPEC section 6 requires.
    assert.ok(
      diagnostics.some((d) => d.severity === vscode.DiagnosticSeverity.Error && /uncovered bad debt/.test(d.message)),
    );
  });

  it("shows the active editor's file in the status bar, with its worst scenario's uncovered and stuck debt", async () => {
    const api = await extensionApi();
    const pool = await openRiskFile("lending-pool.risk.json");
    await vscode.commands.executeCommand("cascadeLens.simulate", pool.uri);
    const venues = await openRiskFile("two-venues.risk.json");
    await vscode.commands.executeCommand("cascadeLens.simulate", venues.uri);
    await waitFor("the two-venue file in the status bar", () =>
      api.simulation.statusText.includes("two-venues.risk.json") ? true : undefined,
    );
    // Its worst scenario leaves debt to no liquidator: the status says so beside the uncovered figure.
    assert.match(api.simulation.statusText, /two-venues\.risk\.json · ETH -45%: \$[\d.]+M uncovered, \$[\d.]+M stuck/);
    await vscode.window.showTextDocument(pool);
    await waitFor("the pool in the status bar after switching editors", () =>
      api.simulation.statusText.includes("lending-pool.risk.json") ? true : undefined,
    );
    assert.doesNotMatch(api.simulation.statusText, /two-venues/);
    // The language status item beside "JSON with Comments": the analysis of the active file.
    await waitFor("the language status of the pool", () =>
      /^Cascade Lens: validated in \d+ ms · simulated in \d+ ms$/.test(api.status.text) ? true : undefined,
    );
  });

  it("clears the outcomes as soon as the file is edited (they are stale)", async () => {
    const document = await openRiskFile("two-venues.risk.json");
    await waitFor("outcomes from the previous test", () => (outcomes(document.uri).length > 0 ? true : undefined));
    await replaceInDocument(document, "{ ", "{");
    await waitFor("outcomes cleared", () => (outcomes(document.uri).length === 0 ? true : undefined));
    await document.save();
  });

  it("skips the simulation of a file with errors and says so", async () => {
    const document = await openRiskFile("broken.risk.json");
    const result = await vscode.commands.executeCommand<{ blockingProblems: unknown[] } | undefined>(
      "cascadeLens.simulate",
      document.uri,
    );
    assert.ok(result && result.blockingProblems.length === 5);
    const [skipped] = await waitFor("the skip notice", () =>
      outcomes(document.uri).length === 1 ? outcomes(document.uri) : undefined,
    );
    assert.equal(skipped.severity, vscode.DiagnosticSeverity.Information);
    assert.match(skipped.message, /Simulation skipped: the file has 5 errors/);
  });

  it("runs one simulation at a time under a burst of 50 runs, ends with the last content, and leaks no worker", async () => {
    const api = await extensionApi();
    // A run takes a second or two (100,000 positions and their curve), far longer than an edit:
    // each run is still in flight when the next content arrives, on a fast machine or a slow one.
    const uri = heavyFile("burst.risk.json", 100_000);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const started = (await api.analysis.stats()).simulationWorkersStarted;
    const runs: Promise<unknown>[] = [];
    for (let i = 0; i < 50; i++) {
      // Each run sees different content: the scenario's shock changes with i.
      await replaceInDocument(
        document,
        /"WETH": -0\.\d+/.exec(document.getText())![0],
        `"WETH": -0.${String(10 + i).padStart(2, "0")}`,
      );
      runs.push(api.simulation.simulate(document));
    }
    const results = await Promise.all(runs);
    assert.ok(results[49] !== undefined, "the last run completes");
    assert.deepEqual(
      results.slice(0, 49).filter((r) => r !== undefined),
      [],
      "every earlier run was cancelled by the next content",
    );
    const last = results[49] as { scenarios: unknown[] };
    const expected = simulateAll(validateRiskText(document.getText(), fileBookReader(document.uri.fsPath)).resolved!);
    assert.deepEqual(last.scenarios, expected, "the result is that of the last content (ETH -59 %)");
    assert.ok((await api.analysis.stats()).simulationWorkersStarted - started <= 50, "at most one worker per run");
    await waitFor(
      "cancelled workers to exit",
      async () => {
        const stats = await api.analysis.stats();
        return stats.simulationWorkersStarted - stats.simulationWorkersExited === 1 ? true : undefined;
      },
      30_000,
    );
    assert.equal((await api.analysis.stats()).running, false);
    assert.equal(api.simulation.busy, false);
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
    await vscode.workspace.fs.delete(uri);
  });
});

describe("Worker faults", () => {
  it("reports a crashed analysis worker on the file, starts a fresh one with every open document, and the next run works", async () => {
    const api = await extensionApi();
    const document = await openRiskFile("two-venues.risk.json");
    const broken = await openRiskFile("broken.risk.json");
    const running = api.simulation.simulate(document);
    // Kill the analysis worker mid-run, as an out-of-memory abort would (its simulation worker goes with it).
    const worker = await waitFor("the worker to run", () => api.analysis.workerThread);
    await worker.terminate();
    assert.equal(await running, undefined);
    const [report] = await waitFor("the crash report", () => {
      const found = outcomes(document.uri).filter((d) => /analysis worker stopped/.test(d.message));
      return found.length > 0 ? found : undefined;
    });
    assert.equal(report.severity, vscode.DiagnosticSeverity.Error);
    const started = api.analysis.startedWorkers;
    const next = await api.simulation.simulate(document);
    assert.ok(next && next.scenarios.length === 3, "the next run works");
    assert.equal(api.analysis.startedWorkers, started + 1, "with a fresh worker");
    // The fresh worker was given every open document again: the other file is validated without a new edit.
    const validation = await api.analysis.validate(broken);
    assert.equal(validation.problems.filter((p) => p.severity === "error").length, 5);
  });
});

describe("Simulation without a save", () => {
  it("runs a risk file's scenarios once when it is opened, not again when it is shown again", async () => {
    const api = await extensionApi();
    const { uri, document } = await openCopyOf("lending-pool.risk.json", "opened.risk.json");
    await vscode.window.showTextDocument(document);
    await waitFor("outcomes without a save", () => (outcomes(uri).length === 4 ? true : undefined), 60_000);
    const first = api.simulation.lastRun(uri);
    assert.ok(first && first.scenarios.length === 4);
    await openRiskFile("perps-venue.risk.json");
    await vscode.window.showTextDocument(document);
    await waitFor("the editor back in front", () =>
      vscode.window.activeTextEditor?.document === document ? true : undefined,
    );
    assert.equal(api.simulation.lastRun(uri), first, "showing it again does not run it again");
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    fs.rmSync(uri.fsPath);
  });

  it("clears the outcomes of a file whose CSV book disappears, beside the book's error", async () => {
    const book = workspaceUri("vanishing.csv");
    const uri = workspaceUri("vanishing.risk.json");
    fs.writeFileSync(book.fsPath, "id,collateral.WETH,debt.USDC\na,10,7000\nb,10,2000\n");
    const file = {
      version: 1,
      name: "vanishing book",
      assets: { WETH: { price: 1000, liquidity: { model: "sqrt", depthUsd: 1e6 } }, USDC: { price: 1 } },
      venues: [
        {
          name: "Pool",
          kind: "lending",
          markets: {
            WETH: { ltv: 0.7, liquidationThreshold: 0.8, liquidationBonus: 0.05 },
            USDC: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 },
          },
          positions: { file: "vanishing.csv" },
        },
      ],
      scenarios: [{ name: "ETH -20%", shocks: { WETH: -0.2 } }],
    };
    fs.writeFileSync(uri.fsPath, JSON.stringify(file, null, 2));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await waitFor("the outcome of the opened file", () => (outcomes(uri).length === 1 ? true : undefined), 60_000);
    fs.rmSync(book.fsPath);
    await waitFor(
      "the book's error",
      () =>
        ours(uri).some((d) => /Cannot read the position book "vanishing\.csv"/.test(d.message)) ? true : undefined,
      20_000,
    );
    await waitFor("the stale outcome cleared", () => (outcomes(uri).length === 0 ? true : undefined));
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    fs.rmSync(uri.fsPath);
  });
});
