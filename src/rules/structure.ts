/**
 * CL002 checks that zod's per-field schema cannot express: uniqueness across a list and
 * relations between fields of one object.
 */
import { hasName } from "../model/names";
import type { Problem } from "../model/problem";
import type { RiskFile } from "../model/schema";
import type { JsonDocument } from "../parse/jsonDocument";

const CL002 = { code: "CL002", severity: "error" as const };

export function structureProblems(file: RiskFile, doc: JsonDocument): Problem[] {
  const problems: Problem[] = [];
  const add = (path: (string | number)[], message: string, preferKey = false) =>
    problems.push({ ...CL002, message, range: doc.rangeOf(path, preferKey) });

  const duplicates = (names: string[], listPath: string, what: string) => {
    const first = new Map<string, number>();
    names.forEach((name, index) => {
      if (first.has(name))
        add(
          [listPath, index, "name"],
          `Duplicate ${what} name "${name}" (also ${listPath}[${first.get(name)}]): ${what} names must be unique.`,
        );
      else first.set(name, index);
    });
  };
  duplicates(
    file.venues.map((v) => v.name),
    "venues",
    "venue",
  );
  duplicates(
    file.scenarios.map((s) => s.name),
    "scenarios",
    "scenario",
  );

  for (const [symbol, asset] of Object.entries(file.assets)) {
    if (asset.liquidity.model !== "book") continue;
    const levels = asset.liquidity.levels;
    for (let i = 1; i < levels.length; i++) {
      if (!(levels[i][0] > levels[i - 1][0] && levels[i][1] > levels[i - 1][1])) {
        add(
          ["assets", symbol, "liquidity", "levels", i],
          `Book level ${i} of ${symbol} must be above level ${i - 1} in both cumulative USD and move (levels strictly increase).`,
        );
      }
    }
  }

  file.scenarios.forEach((scenario, s) => {
    for (const [asset, shock] of Object.entries(scenario.shocks)) {
      if (!hasName(file.assets, asset)) continue;
      const price = file.assets[asset].price;
      const shocked = price * (1 + shock);
      if (!(shocked > 0 && Number.isFinite(shocked))) {
        add(
          ["scenarios", s, "shocks", asset],
          `The shock of ${shock} takes the price of ${asset} from ${price} to ${shocked}: a shocked price must stay between 0 and 1.8e308 USD.`,
        );
      }
    }
  });

  file.venues.forEach((venue, v) => {
    if (Array.isArray(venue.positions) || !("synthetic" in venue.positions)) return;
    const spec = venue.positions.synthetic as unknown as Record<string, unknown>;
    for (const key of ["collateralUsd", "healthFactor", "notionalUsd", "leverage"]) {
      const range = spec[key] as { min: number; max: number } | undefined;
      if (!range) continue;
      const path = ["venues", v, "positions", "synthetic", key];
      if (range.min > range.max)
        add([...path, "min"], `${key}.min (${range.min}) must not exceed ${key}.max (${range.max}).`);
      if (range.min <= 0) add([...path, "min"], `${key}.min must be greater than 0 (is ${range.min}).`);
    }
  });
  return problems;
}
