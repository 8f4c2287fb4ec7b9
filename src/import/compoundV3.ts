/**
 * Compound v3 (Comet) `deployments/<network>/<market>/configuration.json` → one `compound`
 * venue. Comet writes amounts as exponent literals in the token's base units ("5000000e6",
 * "7_100e18"); the collateral's `decimals` is given, the base token's is not, and is read
 * from the exponent its own amounts are written with.
 */
import * as z from "zod";
import { entry, object, placeholder, value, type Entry, type ObjectNode } from "./jsoncWriter";
import { assetNode, fundPlaceholder, placeholderScenario, riskFileRoot, syntheticLendingBook } from "./placeholders";
import { scaledAmount, writtenExponent } from "./units";
import { IMPORT_FORMATS } from "./formats";
import type { Importer } from "./importer";
import type { SourceDocument } from "./sourceDocument";

const amount = z.union([z.string(), z.number().min(0)]);
const fraction = z.number().min(0).max(1);
const decimals = z.union([
  z.string().regex(/^\d{1,3}$/, "expected a whole number of decimals"),
  z.number().int().min(0),
]);

const cometAsset = z.looseObject({
  address: z.string().optional(),
  priceFeed: z.string().optional(),
  decimals,
  borrowCF: fraction,
  liquidateCF: fraction,
  liquidationFactor: fraction,
  supplyCap: amount,
});

export const cometConfiguration = z.looseObject({
  name: z.string().min(1),
  baseToken: z.string().min(1),
  baseTokenPriceFeed: z.string().optional(),
  borrowMin: amount.optional(),
  storeFrontPriceFactor: fraction,
  targetReserves: amount,
  assets: z.record(z.string().min(1), cometAsset),
});

const PRICE_LATER = "recompute with the price you set";

function read(source: SourceDocument) {
  const config = source.parse(cometConfiguration);
  if (Object.keys(config.assets).length === 0)
    source.fail(["assets"], "a Comet market needs at least one collateral asset");
  if (Object.hasOwn(config.assets, config.baseToken))
    source.fail(["assets", config.baseToken], "the base token cannot also be a collateral asset");
  // The base token's decimals are not in the file: its amounts are written in base units
  // with the decimals as exponent ("5000000e6" for USDC), and both must agree.
  const exponents = [config.targetReserves, config.borrowMin]
    .filter((a) => a !== undefined)
    .map((a) => writtenExponent(a));
  const baseDecimals = exponents[0];
  if (baseDecimals === undefined || exponents.some((e) => e !== baseDecimals))
    source.fail(
      ["targetReserves"],
      `cannot tell the base token's decimals: targetReserves and borrowMin should be written in base units with the decimals as exponent (e.g. "5000000e6")`,
    );
  const targetReserves = scaledAmount(config.targetReserves, baseDecimals);
  if (targetReserves === undefined)
    source.fail(["targetReserves"], `not an amount: ${JSON.stringify(config.targetReserves)}`);
  const assets = Object.entries(config.assets).map(([symbol, asset]) => {
    const assetDecimals = Number(asset.decimals);
    const supplyCap = scaledAmount(asset.supplyCap, assetDecimals);
    if (supplyCap === undefined)
      source.fail(["assets", symbol, "supplyCap"], `not an amount: ${JSON.stringify(asset.supplyCap)}`);
    // Comet refuses borrowCF >= liquidateCF (CometConfiguration checks it at deployment).
    if (asset.borrowCF >= asset.liquidateCF)
      source.fail(
        ["assets", symbol, "borrowCF"],
        `borrowCF ${asset.borrowCF} must be below liquidateCF ${asset.liquidateCF}`,
      );
    return { symbol, ...asset, supplyCap };
  });
  return { config, baseDecimals, targetReserves, assets };
}

export const compoundV3: Importer = {
  ...IMPORT_FORMATS.compoundV3,
  convert(source: SourceDocument) {
    const { config, baseDecimals, targetReserves, assets } = read(source);
    const base = config.baseToken;
    const assetEntries: Entry[] = [
      entry(base, assetNode(undefined), [
        `${base}: the base token (${baseDecimals} decimals, read from the amounts' exponent)`,
      ]),
      ...assets.map((a) =>
        entry(
          a.symbol,
          assetNode(undefined, a.priceFeed ? `${a.symbol}: Comet's price feed ${a.priceFeed}` : undefined),
        ),
      ),
    ];
    const markets = assets.map((a) =>
      entry(
        a.symbol,
        object([
          entry("ltv", value(a.borrowCF, "borrowCF")),
          entry("liquidationThreshold", value(a.liquidateCF, "liquidateCF")),
          entry("liquidationFactor", value(a.liquidationFactor)),
          a.supplyCap > 0
            ? entry(
                "supplyCapUsd",
                placeholder(
                  a.supplyCap,
                  `supplyCap ${a.supplyCap} ${a.symbol} at the placeholder price 1; ${PRICE_LATER}`,
                ),
              )
            : undefined,
        ]),
        a.supplyCap > 0
          ? undefined
          : [`supplyCap 0: Comet accepts no ${a.symbol} until governance raises it; no cap written`],
      ),
    );
    const firstCollateral = assets[0].symbol;
    const venue: ObjectNode = object([
      entry("name", value(config.name)),
      entry("kind", value("lending")),
      entry(
        "liquidation",
        object([
          entry("style", value("compound")),
          entry("baseAsset", value(base)),
          entry("storeFrontPriceFactor", value(config.storeFrontPriceFactor)),
          entry(
            "targetReservesUsd",
            placeholder(
              targetReserves,
              `targetReserves ${targetReserves} ${base} at the placeholder price 1; ${PRICE_LATER}`,
            ),
          ),
        ]),
      ),
      entry("markets", object(markets)),
      entry("insuranceFundUsd", fundPlaceholder("the market's reserves at the start")),
      entry(
        "liquidatorCostUsd",
        placeholder(0, "a storefront buyer's gas and overhead per purchase is not in the source"),
      ),
      entry("positions", syntheticLendingBook(firstCollateral, base), [
        `Generated book: ${firstCollateral} (the first collateral asset) against ${base}.`,
      ]),
    ]);
    return {
      name: `${config.name} (imported)`,
      root: riskFileRoot(`${config.name} (imported)`, assetEntries, [venue], [placeholderScenario([firstCollateral])]),
      notes: [],
    };
  },
};
