/** Version 2 (SPEC 8): each protocol mechanism's example in the real extension host: clean diagnostics, outcomes, a style hover, a style sweep. */
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { SweepResult } from "../../src/engine/sweep";
import { codeOf, extensionApi, openRiskFile, ours, waitFor } from "./helpers";

const EXAMPLES = [
  "aave-v33-pool",
  "morpho-markets",
  "euler-prime",
  "compound-usdc",
  "maker-eth-a",
  "liquity-v1",
  "perps-tiers",
  "options-venue",
];

describe("Protocol mechanisms (version 2)", () => {
  for (const name of EXAMPLES) {
    it(`${name}.risk.json validates without errors and simulates, each scenario's outcome on its name`, async () => {
      const api = await extensionApi();
      const document = await openRiskFile(`${name}.risk.json`);
      const validation = await api.analysis.validate(document);
      assert.deepEqual(
        validation.problems.filter((p) => p.severity === "error"),
        [],
      );
      const result = await api.simulation.simulate(document);
      assert.ok(result && result.blockingProblems.length === 0 && result.scenarios.length > 0);
      assert.ok(result.scenarios.every((s) => s.venues.every((v) => Number.isFinite(v.writtenOffUsd))));
      await waitFor("the outcomes", () =>
        ours(document.uri).filter((d) => codeOf(d) === "CL100").length === result.scenarios.length ? true : undefined,
      );
    });
  }

  it("hovering a Morpho market's LLTV shows its incentive factor", async () => {
    const document = await openRiskFile("morpho-markets.risk.json");
    const position = document.positionAt(document.getText().indexOf('"liquidationThreshold": 0.965') + 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      "vscode.executeHoverProvider",
      document.uri,
      position,
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value))).join("\n");
    assert.match(text, /LIF = min\(1\.15, 1 \/ \(1 - 0\.3 x \(1 - LLTV\)\)\) = 1\.0106/);
  });

  it("sweeps a style field (Euler's maxDiscount) from the palette command", async () => {
    const document = await openRiskFile("euler-prime.risk.json");
    const sweep = await vscode.commands.executeCommand<SweepResult>("cascadeLens.sweepParameter", document.uri, {
      param: "venues.ePrime USDC.liquidation.maxDiscount",
      from: 0.05,
      to: 0.15,
      steps: 2,
    });
    assert.deepEqual(
      sweep.points.map((p) => [p.value, p.error]),
      [
        [0.05, undefined],
        [0.1, undefined],
        [0.15, undefined],
      ],
    );
  });

  it("the panel of a Compound market names its mechanism and charts its reserves per round", async () => {
    const document = await openRiskFile("compound-usdc.risk.json");
    const panel = await vscode.commands.executeCommand<{
      shown?: { type: string; model?: { header: { mechanisms: string }; charts: { id: string; title: string }[] } };
    }>("cascadeLens.showCurves", document.uri);
    const model = await waitFor(
      "the panel's charts",
      () => (panel.shown?.type === "show" ? panel.shown.model : undefined),
      60_000,
    );
    assert.equal(model.header.mechanisms, "cUSDCv3 (WETH book): compound · cUSDCv3 (WBTC book): compound");
    assert.ok(model.charts.some((c) => c.id.startsWith("mechanism-") && /\(compound\)/.test(c.title)));
  });

  it("the panel of the options example charts open interest by strike and names the largest gamma flow; its market hover gives the dealers' gamma", async () => {
    const document = await openRiskFile("options-venue.risk.json");
    const panel = await vscode.commands.executeCommand<{
      shown?: { type: string; model?: { header: { mechanisms: string }; charts: { id: string }[] } };
    }>("cascadeLens.showCurves", document.uri);
    const model = await waitFor(
      "the panel's charts",
      () => (panel.shown?.type === "show" ? panel.shown.model : undefined),
      60_000,
    );
    assert.ok(model.charts.some((c) => c.id === "open-interest-Options"));
    assert.match(model.header.mechanisms, /largest dealer gamma flow/);
    const position = document.positionAt(document.getText().indexOf('"ETH-OPT": {') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      "vscode.executeHoverProvider",
      document.uri,
      position,
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value))).join("\n");
    assert.match(text, /Dealers' gamma: .* short gamma/);
  });
});
