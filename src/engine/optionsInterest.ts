/** The panel's options view (SPEC 8.9): open interest by strike per options venue, in options (units of the asset). */
import type { CompiledModel } from "./compiledModel";

export interface StrikeInterest {
  strike: number;
  longCalls: number;
  shortCalls: number;
  longPuts: number;
  shortPuts: number;
}

export interface OptionsInterest {
  venue: string;
  asset: string;
  /** The asset's file price, marked on the chart. */
  price: number;
  strikes: StrikeInterest[];
}

export function optionsInterest(model: CompiledModel): OptionsInterest[] {
  return model.venues.flatMap((venue): OptionsInterest[] => {
    if (venue.kind !== "options" || venue.markets.length === 0) return [];
    // One chart per venue, on its first market's asset (a venue trades options on one asset in practice).
    const asset = venue.markets[0].asset;
    const byStrike = new Map<number, StrikeInterest>();
    for (let i = 0; i < venue.positionCount; i++) {
      if (venue.markets[venue.marketOf[i]].asset !== asset) continue;
      const strike = venue.strike[i];
      const entry = byStrike.get(strike) ?? { strike, longCalls: 0, shortCalls: 0, longPuts: 0, shortPuts: 0 };
      const size = venue.size[i];
      const key = venue.isCall[i] ? (size > 0 ? "longCalls" : "shortCalls") : size > 0 ? "longPuts" : "shortPuts";
      entry[key] += Math.abs(size);
      byStrike.set(strike, entry);
    }
    return [
      {
        venue: venue.name,
        asset: model.assetNames[asset],
        price: model.initialPrices[asset],
        strikes: [...byStrike.values()].sort((a, b) => a.strike - b.strike),
      },
    ];
  });
}
