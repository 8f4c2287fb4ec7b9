/** The host's channels (worker, webview) accept exactly the messages they name: an unknown field is an error, not dropped. */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compileResolved, simulateAll } from "../../src/analysis/analyses";
import { writtenScenarioNames, writtenWarnAmplification } from "../../src/analysis/writtenFields";
import { JsonDocument } from "../../src/parse/jsonDocument";
import { scenarioResultSchema } from "../../src/engine/resultSchemas";
import { analysisToHost, hostToAnalysis } from "../../src/shared/analysisProtocol";
import { hostToWebview, webviewToHost } from "../../src/shared/panelProtocol";
import { analysisToSimulation } from "../../src/shared/simulationProtocol";
import { lendingVenue, resolve, riskFile } from "./support";

describe("message protocols", () => {
  const resolved = resolve(
    riskFile({
      venues: [lendingVenue({ positions: [{ id: "a", collateral: { WETH: 10 }, debt: { USDC: 7000 } }] })],
      scenarios: [{ name: "s", shocks: { WETH: -0.2 } }],
    }),
  );
  const [result] = simulateAll(resolved, undefined, {}, compileResolved(resolved));

  it("a scenario result as the engine makes it passes, with one more field it fails", () => {
    assert.equal(
      scenarioResultSchema.safeParse(result).success,
      true,
      JSON.stringify(scenarioResultSchema.safeParse(result).error?.issues),
    );
    assert.equal(scenarioResultSchema.safeParse({ ...result, extra: 1 }).success, false);
    assert.equal(
      scenarioResultSchema.safeParse({ ...result, venues: [{ ...result.venues[0], extra: 1 }] }).success,
      false,
    );
  });

  it("every channel's messages refuse unknown fields: host and analysis worker, simulation workers, webview", () => {
    const change = { uri: "file:///a.risk.json", version: 2, changes: [{ offset: 0, length: 0, text: "x" }] };
    assert.equal(hostToAnalysis.notifications.change.safeParse(change).success, true);
    assert.equal(hostToAnalysis.notifications.change.safeParse({ ...change, injected: true }).success, false);
    const log = { line: "x" };
    assert.equal(analysisToHost.notifications.log.safeParse(log).success, true);
    assert.equal(analysisToHost.notifications.log.safeParse({ ...log, injected: true }).success, false);
    const output = { scenarios: [result], curve: null, panel: null, positions: 1, elapsedMs: 1 };
    assert.equal(analysisToSimulation.requests.run.result.safeParse({ ...output, injected: true }).success, false);
    assert.equal(webviewToHost.notifications.ready.safeParse({}).success, true);
    assert.equal(webviewToHost.notifications.ready.safeParse({ injected: true }).success, false);
    const select = { scenario: "s" };
    assert.equal(hostToWebview.notifications.select.safeParse(select).success, true);
    assert.equal(hostToWebview.notifications.select.safeParse({ ...select, injected: true }).success, false);
  });
});

describe("fields read as written", () => {
  it("scenario names and the amplification threshold, typed, whatever the file holds", () => {
    const doc = new JsonDocument(
      '{ "scenarios": [{ "name": "a" }, { "name": 7 }, null], "thresholds": { "warnAmplification": 2 } }',
    );
    assert.deepEqual(writtenScenarioNames(doc), ["a", undefined, undefined]);
    assert.equal(writtenWarnAmplification(doc), 2);
    const odd = new JsonDocument('{ "scenarios": {}, "thresholds": { "warnAmplification": "2" } }');
    assert.deepEqual(writtenScenarioNames(odd), []);
    assert.equal(writtenWarnAmplification(odd), undefined);
  });
});
