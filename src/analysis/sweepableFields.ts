/**
 * Every numeric field of a validated file that a sweep can vary, as the sweep dialog
 * offers them: asset prices and liquidity, venue settings, market parameters, simulation
 * settings. Fields left to their defaults are included (a sweep sets them on every point);
 * positions and the curve's own settings are not (they are data, or do not change results).
 */
import type { RiskFile } from "../model/schema";
import { parameterInWords } from "./panelModel";
import { styleOf } from "../model/styles";
import { styleReads } from "../rules/versionTwo";

export interface SweepableField {
  /** The CLI's --param path. */
  param: string;
  /** The path in words, as the sweep's charts name it. */
  label: string;
  now: number;
}

export function sweepableFields(file: RiskFile): SweepableField[] {
  const fields: SweepableField[] = [];
  const add = (param: string, value: unknown) => {
    if (typeof value === "number") fields.push({ param, label: parameterInWords(param), now: value });
  };
  const numbersOf = (prefix: string, object: object, skip: readonly string[] = []) => {
    for (const [key, value] of Object.entries(object)) if (!skip.includes(key)) add(`${prefix}.${key}`, value);
  };
  for (const venue of file.venues) {
    const prefix = `venues.${venue.name}`;
    // Only what the venue's style reads: a field it ignores would make every point a CL002 (SPEC 8.1).
    const style = venue.kind === "lending" ? styleOf(venue) : undefined;
    const unread = (object: object) => (style ? Object.keys(object).filter((key) => !styleReads(style, key)) : []);
    numbersOf(prefix, venue, ["positions", ...unread(venue)]);
    for (const [name, market] of Object.entries(venue.markets))
      numbersOf(`${prefix}.markets.${name}`, market, unread(market));
    if (venue.kind === "lending" && venue.liquidation) numbersOf(`${prefix}.liquidation`, venue.liquidation);
    if (venue.kind === "perps") {
      if (venue.partialLiquidation) numbersOf(`${prefix}.partialLiquidation`, venue.partialLiquidation);
      if (venue.backstop) numbersOf(`${prefix}.backstop`, venue.backstop);
    }
  }
  for (const [symbol, asset] of Object.entries(file.assets)) {
    add(`assets.${symbol}.price`, asset.price);
    add(`assets.${symbol}.volatility`, asset.volatility);
    numbersOf(`assets.${symbol}.liquidity`, asset.liquidity);
  }
  // A scenario's volatility shocks (SPEC 8.9), by scenario name.
  for (const scenario of file.scenarios)
    for (const [market, shock] of Object.entries(scenario.volShocks ?? {}))
      add(`scenarios.${scenario.name}.volShocks.${market}`, shock);
  add("simulation.maxRounds", file.simulation.maxRounds);
  add("simulation.oracleLagRounds", file.simulation.oracleLagRounds);
  numbersOf("simulation.circuitBreaker", file.simulation.circuitBreaker);
  return fields;
}
