/** The host's channels (worker, webview) accept exactly the messages they name: an unknown field is an error, not dropped. */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compileResolved, simulateAll } from "../../src/analysis/analyses";
import { writtenScenarioNames, writtenWarnAmplification } from "../../src/analysis/writtenFields";
import { JsonDocument } from "../../src/parse/jsonDocument";
import { fromWebviewSchema, toWebviewSchema } from "../../src/shared/panelProtocol";
import { scenarioResultSchema, workerMessageSchema } from "../../src/shared/workerProtocol";
import { lendingVenue, resolve, riskFile } from "./support";

describe("message protocols", () => {
  const resolved = resolve(riskFile({ venues: [lendingVenue({ positions: [{ id: "a", collateral: { WETH: 10 }, debt: { USDC: 7000 } }] })], scenarios: [{ name: "s", shocks: { WETH: -0.2 } }] }));
  const [result] = simulateAll(resolved, undefined, {}, compileResolved(resolved));

  it("a scenario result as the engine makes it passes, with one more field it fails", () => {
    assert.equal(scenarioResultSchema.safeParse(result).success, true, JSON.stringify(scenarioResultSchema.safeParse(result).error?.issues));
    assert.equal(scenarioResultSchema.safeParse({ ...result, extra: 1 }).success, false);
    assert.equal(scenarioResultSchema.safeParse({ ...result, venues: [{ ...result.venues[0], extra: 1 }] }).success, false);
  });

  it("worker messages, webview messages both ways: unknown fields are refused", () => {
    const progress = { kind: "progress", id: 1, message: "scenario s", fraction: 0.5 };
    assert.equal(workerMessageSchema.safeParse(progress).success, true);
    assert.equal(workerMessageSchema.safeParse({ ...progress, injected: true }).success, false);
    const ready = { type: "ready" };
    assert.equal(fromWebviewSchema.safeParse(ready).success, true);
    assert.equal(fromWebviewSchema.safeParse({ ...ready, injected: true }).success, false);
    const select = { type: "select", scenario: "s" };
    assert.equal(toWebviewSchema.safeParse(select).success, true);
    assert.equal(toWebviewSchema.safeParse({ ...select, injected: true }).success, false);
  });
});

describe("fields read as written", () => {
  it("scenario names and the amplification threshold, typed, whatever the file holds", () => {
    const doc = new JsonDocument('{ "scenarios": [{ "name": "a" }, { "name": 7 }, null], "thresholds": { "warnAmplification": 2 } }');
    assert.deepEqual(writtenScenarioNames(doc), ["a", undefined, undefined]);
    assert.equal(writtenWarnAmplification(doc), 2);
    const odd = new JsonDocument('{ "scenarios": {}, "thresholds": { "warnAmplification": "2" } }');
    assert.deepEqual(writtenScenarioNames(odd), []);
    assert.equal(writtenWarnAmplification(odd), undefined);
  });
});
