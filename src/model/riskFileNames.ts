/**
 * Every name-keyed record of a validated risk file, turned into a null-prototype map (see
 * names.ts): after this, `file.assets["toString"]` is undefined unless the file defines
 * it, in every layer that reads the file.
 */
import { nameMap } from "./names";
import type { RiskFile } from "./schema";

export function withNameMaps(file: RiskFile): RiskFile {
  const assets = nameMap(file.assets);
  for (const symbol of Object.keys(assets)) {
    const asset = assets[symbol];
    assets[symbol] = asset.contagion ? { ...asset, contagion: nameMap(asset.contagion) } : asset;
  }
  const venues = file.venues.map((venue) => {
    if (venue.kind === "perps") return { ...venue, markets: nameMap(venue.markets) };
    if (venue.kind === "options") return { ...venue, markets: nameMap(venue.markets) };
    const positions = Array.isArray(venue.positions)
      ? venue.positions.map((position) => ({
          ...position,
          collateral: nameMap(position.collateral),
          debt: nameMap(position.debt),
        }))
      : venue.positions;
    return { ...venue, markets: nameMap(venue.markets), positions };
  });
  const scenarios = file.scenarios.map((scenario) => ({
    ...scenario,
    shocks: nameMap(scenario.shocks),
    ...(scenario.volShocks ? { volShocks: nameMap(scenario.volShocks) } : {}),
  }));
  const correlations =
    file.correlations &&
    nameMap(Object.fromEntries(Object.entries(file.correlations).map(([name, row]) => [name, nameMap(row)])));
  return { ...file, assets, venues, scenarios, ...(correlations ? { correlations } : {}) };
}
