/**
 * dYdX v4 genesis or exported chain state (`app_state.perpetuals`, `app_state.prices`,
 * `app_state.clob.liquidations_config`) → one perps venue. Liquidity tiers are in ppm, the
 * maintenance margin is initial_margin_ppm x maintenance_fraction_ppm, prices are
 * price x 10^exponent, quote amounts are quantums of 1e-6 USDC.
 */
import * as z from "zod";
import { entry, object, placeholder, value, type Entry } from "./jsoncWriter";
import {
  assetNode,
  fundPlaceholder,
  placeholderScenario,
  riskFileRoot,
  syntheticPerpsBook,
  type SourcePrice,
} from "./placeholders";
import { fixedPoint, ppm, ppmProduct } from "./units";
import { IMPORT_FORMATS } from "./formats";
import type { Importer } from "./importer";
import type { SourceDocument } from "./sourceDocument";
import type { JsonPath } from "../parse/jsonDocument";

const ppmValue = z.number().int().min(0).max(1_000_000);
const quantums = z.union([z.number().int().min(0), z.string().regex(/^\d{1,30}$/)]);

const liquidityTier = z.looseObject({
  id: z.number().int().min(0),
  name: z.string().default(""),
  initial_margin_ppm: ppmValue,
  maintenance_fraction_ppm: ppmValue,
  base_position_notional: quantums.optional(),
  open_interest_lower_cap: quantums.optional(),
  open_interest_upper_cap: quantums.optional(),
});

const perpetual = z.looseObject({
  params: z.looseObject({
    ticker: z.string().min(1),
    id: z.number().int().min(0),
    market_id: z.number().int().min(0),
    liquidity_tier: z.number().int().min(0),
  }),
});

const appState = z.looseObject({
  perpetuals: z.looseObject({
    liquidity_tiers: z.array(liquidityTier).min(1),
    perpetuals: z.array(perpetual).min(1),
  }),
  prices: z
    .looseObject({
      market_prices: z
        .array(
          z.looseObject({ id: z.number().int().min(0), exponent: z.number().int().min(-30).max(30), price: quantums }),
        )
        .default([]),
    })
    .optional(),
  clob: z
    .looseObject({
      liquidations_config: z
        .looseObject({
          max_liquidation_fee_ppm: ppmValue,
          position_block_limits: z
            .looseObject({ min_position_notional_liquidated: quantums, max_position_portion_liquidated_ppm: ppmValue })
            .optional(),
          subaccount_block_limits: z
            .looseObject({
              max_notional_liquidated: quantums.optional(),
              max_quantums_insurance_lost: quantums.optional(),
            })
            .optional(),
        })
        .optional(),
    })
    .optional(),
});

/** "BTC-USD" -> "BTC": the asset a perpetual's ticker trades. */
const assetOfTicker = (ticker: string): string => ticker.split("-")[0] || ticker;

const usdOfQuantums = (q: string | number): number => fixedPoint(String(q), 6);
const usdText = (usd: number): string => `$${usd.toLocaleString("en-US")}`;

export const dydxV4: Importer = {
  ...IMPORT_FORMATS.dydxV4,
  convert(source: SourceDocument) {
    const root = source.value;
    const inGenesis = typeof root === "object" && root !== null && !Array.isArray(root) && "app_state" in root;
    const base: JsonPath = inGenesis ? ["app_state"] : [];
    const state = source.parse(appState, inGenesis ? (root as { app_state: unknown }).app_state : root, base);
    const tiers = new Map(state.perpetuals.liquidity_tiers.map((t) => [t.id, t]));
    const prices = new Map((state.prices?.market_prices ?? []).map((p) => [p.id, p]));
    const chainId = inGenesis ? (root as { chain_id?: unknown }).chain_id : undefined;
    const assets: Entry[] = [];
    const markets: Entry[] = [];
    const seen = new Set<string>();
    state.perpetuals.perpetuals.forEach(({ params }, i) => {
      const at = [...base, "perpetuals", "perpetuals", i, "params"];
      const tier = tiers.get(params.liquidity_tier);
      if (!tier) source.fail([...at, "liquidity_tier"], `no liquidity tier with id ${params.liquidity_tier}`);
      if (tier.initial_margin_ppm === 0)
        source.fail([...base, "perpetuals", "liquidity_tiers"], `tier ${tier.id}: initial_margin_ppm is 0`);
      if (seen.has(params.ticker)) source.fail([...at, "ticker"], `ticker ${params.ticker} appears twice`);
      seen.add(params.ticker);
      const asset = assetOfTicker(params.ticker);
      const quote = prices.get(params.market_id);
      const usd = quote ? fixedPoint(String(quote.price), -quote.exponent) : undefined;
      const price: SourcePrice | undefined =
        usd !== undefined && usd > 0 && Number.isFinite(usd)
          ? { usd, note: `market ${params.market_id}: price ${quote!.price} x 10^${quote!.exponent}, as of the source` }
          : undefined;
      if (!assets.some((a) => a.key === asset)) assets.push(entry(asset, assetNode(price)));
      const comments = [`liquidity tier ${tier.id} "${tier.name}"`];
      if (tier.base_position_notional !== undefined)
        comments.push(
          `initial margin rises with position size above ${usdText(usdOfQuantums(tier.base_position_notional))} (not modelled: it does not move the maintenance margin)`,
        );
      if (tier.open_interest_upper_cap !== undefined && Number(tier.open_interest_upper_cap) > 0)
        comments.push(
          `initial margin rises with open interest from ${usdText(usdOfQuantums(tier.open_interest_lower_cap ?? 0))} to ${usdText(usdOfQuantums(tier.open_interest_upper_cap))} (not modelled: maintenance does not change)`,
        );
      markets.push(
        entry(
          params.ticker,
          object([
            entry("asset", value(asset)),
            entry(
              "initialMargin",
              value(ppm(tier.initial_margin_ppm), `initial_margin_ppm ${tier.initial_margin_ppm}`),
            ),
            entry(
              "maintenanceMargin",
              value(
                ppmProduct(tier.initial_margin_ppm, tier.maintenance_fraction_ppm),
                `x maintenance_fraction_ppm ${tier.maintenance_fraction_ppm}`,
              ),
            ),
            entry(
              "liquidationFee",
              state.clob?.liquidations_config
                ? value(
                    ppm(state.clob.liquidations_config.max_liquidation_fee_ppm),
                    "max_liquidation_fee_ppm: a cap in dYdX, charged in full here (capped by equity)",
                  )
                : placeholder(0.015, "the source has no clob.liquidations_config"),
            ),
          ]),
          comments,
        ),
      );
    });
    const config = state.clob?.liquidations_config;
    const blocks = config?.position_block_limits;
    const subaccount = config?.subaccount_block_limits;
    const first = state.perpetuals.perpetuals[0].params;
    const firstAsset = assetOfTicker(first.ticker);
    const name = `dYdX v4${typeof chainId === "string" ? ` (${chainId})` : ""}`;
    const venue = object([
      entry("name", value(name)),
      entry("kind", value("perps")),
      entry("markets", object(markets)),
      entry("insuranceFundUsd", fundPlaceholder("the insurance fund's balance")),
      blocks
        ? entry(
            "partialLiquidation",
            object([
              entry(
                "fraction",
                value(ppm(blocks.max_position_portion_liquidated_ppm), "max_position_portion_liquidated_ppm"),
              ),
              entry(
                "minNotionalUsd",
                value(
                  usdOfQuantums(blocks.min_position_notional_liquidated),
                  "min_position_notional_liquidated (quantums of 1e-6 USDC)",
                ),
              ),
            ]),
            subaccount?.max_notional_liquidated !== undefined
              ? [
                  `not modelled: at most ${usdText(usdOfQuantums(subaccount.max_notional_liquidated))} liquidated per subaccount per block, and the insurance fund's per-block loss cap`,
                ]
              : undefined,
          )
        : undefined,
      entry("positions", syntheticPerpsBook(first.ticker), [`Generated book on ${first.ticker}, the first perpetual.`]),
    ]);
    return {
      name,
      root: riskFileRoot(`${name} (imported)`, assets, [venue], [placeholderScenario([firstAsset])]),
      notes: blocks ? [] : ["the source has no clob.liquidations_config: liquidations close whole positions"],
    };
  },
};
