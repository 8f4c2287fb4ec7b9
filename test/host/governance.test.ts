/** Real configurations in, governance answers out, in the real extension host: import, compare with a file, CL040, the change hover. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as vscode from "vscode";
import { sweep2Of } from "../../src/analysis/sweep2";
import type { BaseText } from "../../src/extension/analysisClient";
import { BaseTracker, type HeadSource } from "../../src/extension/baseTracker";
import type { CurvePanel } from "../../src/extension/curvePanel";
import { validateRiskText } from "../../src/rules/validate";
import type { FileValidation } from "../../src/shared/analysisProtocol";
import type { Sweep2ResultMessage } from "../../src/shared/resultProtocol";
import {
  codeOf,
  extensionApi,
  openCopyOf,
  openRiskFile,
  ours,
  replaceInDocument,
  waitFor,
  workspaceUri,
  hoverText,
} from "./helpers";

describe("Import Protocol Config and Compare", () => {
  it("imports a Comet configuration into a new file that validates, with a CL050 warning on each placeholder", async () => {
    await extensionApi();
    const target = workspaceUri("imported-comet.risk.jsonc");
    fs.rmSync(target.fsPath, { force: true });
    const document = await vscode.commands.executeCommand<vscode.TextDocument>(
      "cascadeLens.importConfig",
      "compound-v3",
      workspaceUri("fixtures/import/compound-v3-mainnet-weth-configuration.json"),
      target,
    );
    assert.equal(document.uri.toString(), target.toString());
    assert.match(
      fs.readFileSync(target.fsPath, "utf8"),
      /^\/\/ Imported by Cascade Lens from compound-v3-mainnet-weth-configuration\.json/,
    );
    const placeholders = document.getText().split("// TODO: set (placeholder").length - 1;
    const warnings = await waitFor("the CL050 warnings", () => {
      const found = ours(target).filter((d) => codeOf(d) === "CL050");
      return found.length === placeholders ? found : undefined;
    });
    assert.ok(warnings.every((d) => d.severity === vscode.DiagnosticSeverity.Warning));
    assert.deepEqual(
      ours(target).filter((d) => d.severity === vscode.DiagnosticSeverity.Error),
      [],
    );
    // Editing a placeholder removes its warning.
    await replaceInDocument(document, '"price": 1, // TODO', '"price": 3200, // TODO');
    await waitFor("one warning fewer", () =>
      ours(target).filter((d) => codeOf(d) === "CL050").length === placeholders - 1 ? true : undefined,
    );
    // An existing file is never replaced, and a malformed source writes nothing.
    const before = fs.readFileSync(target.fsPath, "utf8");
    const again = await vscode.commands.executeCommand(
      "cascadeLens.importConfig",
      "aave-v3",
      workspaceUri("fixtures/import/aave-v3-arbitrum-20231031.EXCERPT.json"),
      target,
    );
    assert.equal(again, undefined);
    assert.equal(fs.readFileSync(target.fsPath, "utf8"), before);
    const never = workspaceUri("never.risk.jsonc");
    const failed = await vscode.commands.executeCommand(
      "cascadeLens.importConfig",
      "compound-v3",
      workspaceUri("fixtures/import/morpho-blue-market-params.DERIVED.json"),
      never,
    );
    assert.equal(failed, undefined);
    assert.equal(fs.existsSync(never.fsPath), false);
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
  });

  it("compares the proposal with the pool: overlay and deltas in the panel, CL040 beyond the steward limits, the old value on hover", async () => {
    const api = await extensionApi();
    const document = await openRiskFile("lending-pool.proposal.risk.json");
    const panel = await vscode.commands.executeCommand<CurvePanel>(
      "cascadeLens.compareWithFile",
      document.uri,
      workspaceUri("lending-pool.risk.json"),
    );
    // The base is set: any run of the file from now on compares (a run the file's opening started may have
    // cancelled the command's own; this one cannot be).
    await waitFor(
      "a run that carries the comparison",
      async () => (await api.simulation.simulate(document))?.comparison,
      50_000,
    );
    const shown = await waitFor(
      "the compared panel",
      () => {
        const view = panel.shown;
        return view?.type === "show" && view.model.comparison ? view.model : undefined;
      },
      60_000,
    );
    // Named as the workspace names it (this one has two folders: "examples/lending-pool.risk.json").
    const base = shown.comparison!.base;
    assert.match(base, /(^|\/)lending-pool\.risk\.json$/);
    assert.match(shown.comparison!.verdict, /^Ltv of WETH in Core now allows more leverage/);
    assert.ok(shown.comparison!.deltas.some((d) => /^ETH -35%: uncovered \$17M → \$15\.3M \(-\$1\.71M\)/.test(d)));
    const curve = shown.charts.find((c) => c.id === "curve")!;
    assert.ok(curve.datasets.some((d) => d.label === `Liquidated in the cascade, ${base}` && d.dashed));
    assert.ok(
      shown.charts.find((c) => c.id === "response")!.datasets.some((d) => d.label === `Final drawdown, ${base}`),
    );
    const last = api.simulation.lastRun(document.uri);
    assert.equal(last?.comparison?.scenarios.length, 4);
    // CL040 on each value moved beyond thresholds.stewardLimits.
    const steward = await waitFor("CL040", () => {
      const found = ours(document.uri).filter((d) => codeOf(d) === "CL040");
      return found.length === 4 ? found : undefined;
    });
    assert.ok(
      steward[1].message.startsWith(
        `liquidationThreshold of WETH in "Core" moved 0.83 → 0.86 (+0.03) against ${base},`,
      ),
      steward[1].message,
    );
    const hover = await hoverText(document, '"liquidationThreshold": 0.86');
    assert.ok(hover.includes(`**At ${base}:** 0.83 → now 0.86 (+3.6 %)`), hover);
    assert.match(hover, /ETH -35%: uncovered \$17M → \$15\.3M/);
    // Stop Comparing: the overlay and the warnings go.
    await vscode.commands.executeCommand("cascadeLens.stopComparing", document.uri);
    await waitFor(
      "the plain panel",
      () => {
        const view = panel.shown;
        return view?.type === "show" && !view.model.comparison ? true : undefined;
      },
      60_000,
    );
    await waitFor("no CL040", () => (ours(document.uri).some((d) => codeOf(d) === "CL040") ? undefined : true));
  });
});

describe("Sweep Two Parameters", () => {
  it("runs the grid over the simulation workers, equal cell for cell to the single-threaded sweep2, and shows the heatmap", async () => {
    const api = await extensionApi();
    // A copy: the heatmap joins its panel's charts, and other suites count the example's charts.
    const { document } = await openCopyOf("lending-pool.risk.json", "sweep2-pool.risk.json");
    await vscode.window.showTextDocument(document);
    const x = { param: "venues.Core.markets.WETH.liquidationThreshold", from: 0.8, to: 0.9, steps: 4 };
    const y = { param: "venues.Core.markets.WETH.liquidationBonus", from: 0.02, to: 0.1, steps: 3 };
    const result = await vscode.commands.executeCommand<Sweep2ResultMessage>(
      "cascadeLens.sweepTwoParameters",
      document.uri,
      { x, y, metric: "uncoveredUsd" },
    );
    assert.equal(result.cells.length, 20);
    const validation = validateRiskText(document.getText());
    const single = sweep2Of(validation, { x, y, metric: "uncoveredUsd" }, () => ({ error: "no books" }));
    assert.ok(!("error" in single));
    assert.deepEqual(result.cells, single.result.cells);
    // The extension's own panel (this test bundle has its own copy of the module).
    const panel = await vscode.commands.executeCommand<CurvePanel>("cascadeLens.showCurves", document.uri);
    const shown = await waitFor("the heatmap", () => {
      const view = panel.shown;
      return view?.type === "show" ? view.model.charts.find((c) => c.id === "sweep2-heatmap") : undefined;
    });
    assert.deepEqual(shown.heatmap!.current, { x: 0.83, y: 0.05 });
    assert.deepEqual(
      shown.heatmap!.hatched,
      result.cells.map((c) => c.rules.length > 0),
    );
    assert.ok(shown.heatmap!.hatched[0], "threshold 0.8 under ltv 0.805: CL010 fires, the cell is hatched");
    assert.ok(api.analysis);
  });
});

describe("Steward limits against git HEAD", () => {
  /** A tracker on a fake analysis client and a git whose HEAD reads the test settles by hand. */
  function trackerWithHeadReads(answers: ({ text: string; commit?: string } | { error: string })[]) {
    const listeners: ((validation: FileValidation) => void)[] = [];
    const bases: (BaseText | null)[] = [];
    const settle: (() => void)[] = [];
    const client = {
      onDidValidate: (listener: (validation: FileValidation) => void) => {
        listeners.push(listener);
        return { dispose: () => undefined };
      },
      setBase: (_uri: vscode.Uri, base: BaseText | null) => void bases.push(base),
    };
    let reads = 0;
    const git: HeadSource = {
      readHead: () => {
        const answer = answers[reads++];
        return new Promise((resolve) => settle.push(() => resolve(answer)));
      },
      repositoryOf: async () => "not a repository (test)",
    };
    const tracker = new BaseTracker(client, () => undefined, git);
    tracker.start();
    const uri = workspaceUri("lending-pool.proposal.risk.json").toString();
    const validated = () => listeners.forEach((listener) => listener({ uri, stewardLimits: true } as FileValidation));
    return { tracker, bases, settle, validated, reads: () => reads };
  }

  it("reads HEAD again when the file was validated while a read that found no base was under way", async () => {
    const { tracker, bases, settle, validated, reads } = trackerWithHeadReads([
      { error: "not in a git repository yet" },
      { text: "{}", commit: "0123456789abcdef" },
    ]);
    validated(); // the file opens: HEAD is read
    validated(); // an edit is validated while git has not answered
    assert.equal(reads(), 1, "one read at a time");
    settle[0]();
    await waitFor("the second read", () => (reads() === 2 ? true : undefined));
    settle[1]();
    await waitFor("the base from HEAD", () => (bases.length === 1 ? true : undefined));
    assert.equal(bases[0]?.label, "HEAD (0123456)");
    tracker.dispose();
  });

  it("does not read HEAD again after a read that found no base when nothing asked meanwhile", async () => {
    const { tracker, bases, settle, validated, reads } = trackerWithHeadReads([{ error: "not in a git repository" }]);
    validated();
    settle[0]();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(reads(), 1);
    assert.deepEqual(bases, []);
    tracker.dispose();
  });
});
