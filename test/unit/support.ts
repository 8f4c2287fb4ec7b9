/** Builders for unit tests: small risk files as plain objects, run through the real pipeline. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileResolved } from "../../src/analysis/analyses";
import type { ScenarioResult } from "../../src/engine/results";
import { simulateScenario } from "../../src/engine/simulate";
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
