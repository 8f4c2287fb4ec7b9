/** Builders for unit tests: small risk files as plain objects, run through the real pipeline. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileResolved } from "../../src/analysis/analyses";
import type { ScenarioResult } from "../../src/engine/results";
import { compileModel } from "../../src/engine/compiledModel";
import { simulateScenario } from "../../src/engine/simulate";
import { SimulationError } from "../../src/engine/simulationError";
import { validateRiskText, type ResolvedRiskFile } from "../../src/rules/validate";

export type Json = Record<string, unknown>;

export function riskFile(overrides: Json): Json {
  return {
    version: 1,
    name: "test",
    assets: { WETH: { price: 1000 }, USDC: { price: 1 } },
    scenarios: [],
    ...overrides,
  };
}

export const lendingVenue = (overrides: Json): Json => ({
  name: "Pool",
  kind: "lending",
  markets: {
    WETH: { ltv: 0.75, liquidationThreshold: 0.8, liquidationBonus: 0.05, liquidationProtocolFee: 0.1 },
    USDC: { ltv: 0, liquidationThreshold: 0, liquidationBonus: 0 },
  },
  fullLiquidationHealthFactor: null,
  positions: [],
  ...overrides,
});

export const perpsVenue = (overrides: Json): Json => ({
  name: "Perps",
  kind: "perps",
  markets: { "ETH-PERP": { asset: "WETH", initialMargin: 0.1, maintenanceMargin: 0.05, liquidationFee: 0.01 } },
  positions: [],
  ...overrides,
});

export function resolve(file: Json): ResolvedRiskFile {
  const validation = validateRiskText(JSON.stringify(file));
  const errors = validation.problems.filter((p) => p.severity === "error");
  assert.deepEqual(errors, [], "the test file is valid");
  assert.ok(validation.resolved);
  return validation.resolved;
}

export function simulate(file: Json, shocks: Record<string, number>): ScenarioResult {
  return simulateScenario(compileResolved(resolve(file)), "test", shocks);
}

/** Equal to a relative precision of 1e-12 (the engine computes these very expressions). */
export function near(actual: number, expected: number, what = "value"): void {
  const scale = Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= 1e-12 * scale, `${what}: ${actual} != ${expected}`);
}

export const venue = (result: ScenarioResult, name: string) => result.venues.find((v) => v.name === name)!;

/**
 * A scenario on a book whose every position is one pair of the file's first venue, run
 * twice on a full scan: through the venue's two columns, and with that shortcut taken away
 * (the loops over each position's entries). A SimulationError, which must name the asset
 * parameter, stands as its message.
 */
export function onePairBothWays(
  resolved: ResolvedRiskFile,
  shocks: Record<string, number>,
): { columns: ScenarioResult | string; entries: ScenarioResult | string } {
  const run = (twoColumns: boolean) => {
    const model = compileModel(resolved.file, resolved.books, { thresholdIndex: false });
    const lending = model.venues[0];
    assert.ok(lending.kind === "lending" && lending.singlePair, "every position is one pair of the same two assets");
    if (!twoColumns) lending.singlePair = null;
    try {
      return simulateScenario(model, "s", shocks);
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      assert.ok(error.path.length >= 2 && error.path[0] === "assets", "the error names the asset parameter");
      return error.message;
    }
  };
  return { columns: run(true), entries: run(false) };
}

const madeDirectories: string[] = [];
process.on("exit", () => {
  for (const directory of madeDirectories) fs.rmSync(directory, { recursive: true, force: true });
});

/** A new private directory under the system's temporary one, removed when the test process exits, so runs do not fill /tmp. */
export function temporaryDirectory(prefix: string): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  madeDirectories.push(directory);
  return directory;
}
