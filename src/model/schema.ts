/**
 * The zod schema of a risk-parameter file (SPEC sections 1-3). It is the single source of
 * truth: the validator uses it, and the build turns it into the JSON Schema that gives the
 * editor completion and hovers, so every description here is what a user reads.
 */
import * as z from "zod";

const fraction = (what: string) => z.number().min(0).max(1).describe(what);
const usd = (what: string) => z.number().min(0).describe(what);

const depthMove = z
  .number()
  .gt(0)
  .lt(1)
  .default(0.02)
  .describe("Price move (fraction) caused by selling depthUsd. Default 0.02: depthUsd is the '2 % depth'.");

export const liquiditySchema = z
  .discriminatedUnion("model", [
    z.strictObject({
      model: z
        .literal("none")
        .describe("No price impact and no execution cost (e.g. a stablecoin or a perfectly deep market)."),
    }),
    z.strictObject({
      model: z
        .literal("linear")
        .describe("Impact grows linearly with size: min(0.99, depthMove x Q / depthUsd); cost is half the impact."),
      depthUsd: z.number().gt(0).describe("USD that, sold at once, moves the price by depthMove."),
      depthMove,
    }),
    z.strictObject({
      model: z
        .literal("sqrt")
        .describe(
          "Square-root law of market impact: min(0.99, depthMove x sqrt(Q / depthUsd)); cost is two thirds of the impact.",
        ),
      depthUsd: z.number().gt(0).describe("USD that, sold at once, moves the price by depthMove."),
      depthMove,
    }),
    z.strictObject({
      model: z.literal("amm").describe("Constant-product pool x*y=k: impact 1 - (R / (R + Q))^2, cost Q / (R + Q)."),
      reserveUsd: z
        .number()
        .gt(0)
        .describe("USD on each side of the pool. A pool moves 2 % after a sale of about 0.0101 x reserveUsd."),
    }),
    z.strictObject({
      model: z
        .literal("book")
        .describe(
          "Order book given as cumulative depth levels; impact is piecewise linear through them, cost is half the impact.",
        ),
      levels: z
        .array(
          z
            .tuple([
              z.number().gt(0).describe("Cumulative USD sold to reach this level."),
              z.number().gt(0).lt(1).describe("Price move (fraction) at this level."),
            ])
            .describe("[cumulativeUsd, move]"),
        )
        .min(1)
        .describe(
          "[[cumulativeUsd, move], ...], strictly increasing in both; past the last level its slope continues, capped at 0.99.",
        ),
    }),
  ])
  .describe(
    'How selling (or buying) this asset moves its price and what it costs a liquidator. Default: { "model": "none" }.',
  );

export const assetSchema = z
  .strictObject({
    price: z.number().gt(0).describe("Pre-shock market and oracle price, USD per whole unit."),
    liquidity: liquiditySchema.default({ model: "none" }),
    contagion: z
      .record(
        z.string(),
        z
          .number()
          .describe(
            "Weight w: the target's price moves by w x this asset's impact return each round (0.9 for a liquid staking token).",
          ),
      )
      .optional()
      .describe(
        'Other assets whose price follows this asset\'s liquidation-driven moves (one hop), e.g. { "stETH": 0.9 }.',
      ),
    volatility: z
      .number()
      .gt(0)
      .max(5)
      .optional()
      .describe(
        "Monte Carlo stress test: standard deviation of the asset's log return over the stress horizon (0.25 = 25 %). Assets without it are not shocked.",
      ),
  })
  .describe("An asset: its price and market liquidity.");

const nullableUsd = (what: string) => z.number().min(0).nullable().default(null).describe(what);

/** SPEC 8.1-8.7: each protocol's liquidation, chosen per lending venue (version 2). */
export const liquidationStyleSchema = z.discriminatedUnion("style", [
  z.strictObject({
    style: z.literal("aave").describe("Aave v3.0-3.2 as section 4: close factor, bonus, protocol fee."),
  }),
  z.strictObject({
    style: z
      .literal("aave-v3.3")
      .describe(
        "Aave v3.3/3.4: close factor on total debt, $2,000 full-liquidation rule, dust rule, deficit write-off.",
      ),
    minLeftoverUsd: usd(
      "A liquidation must not leave less than this of the debt or collateral (default: half of fullLiquidationBelowUsd).",
    ).optional(),
  }),
  z.strictObject({
    style: z
      .literal("morpho")
      .describe("Morpho Blue: one collateral per market, incentive from LLTV, immediate write-off."),
    maxIncentiveFactor: z
      .number()
      .min(1)
      .default(1.15)
      .describe("Cap of the liquidation incentive factor (Morpho: 1.15)."),
    cursor: z
      .number()
      .min(0)
      .max(1)
      .default(0.3)
      .describe("LIF = min(max, 1 / (1 - cursor x (1 - LLTV))) (Morpho: 0.3)."),
  }),
  z.strictObject({
    style: z.literal("euler").describe("Euler v2: reverse Dutch auction, discount 1 - health score up to maxDiscount."),
    maxDiscount: z.number().gt(0).lt(1).describe("Largest liquidation discount (Euler Prime: 0.15)."),
    socializeDebt: z.boolean().default(true).describe("Write off the debt of an account left with no collateral."),
  }),
  z.strictObject({
    style: z
      .literal("compound")
      .describe("Compound v3 (Comet): absorb whole accounts into reserves, sell collateral from a storefront."),
    baseAsset: z.string().min(1).describe("The one borrowable asset (e.g. USDC); it is never collateral."),
    storeFrontPriceFactor: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe("Share of (1 - liquidationFactor) given as the storefront discount (Comet: 0.5-0.6)."),
    targetReservesUsd: nullableUsd("The storefront stops selling once reserves reach this. null = no target."),
  }),
  z.strictObject({
    style: z.literal("maker").describe("MakerDAO / Sky: Dutch auctions (Clipper) limited by hole limits (Dog)."),
    holeUsd: nullableUsd("Most USD of auctions running at once over all collateral (Dog Hole). null = no limit."),
    startMultiplier: z
      .number()
      .gt(0)
      .default(1.2)
      .describe("Auction start price as a multiple of the oracle price (buf)."),
    decayPerRound: z.number().gt(0).lt(1).describe("The auction price is multiplied by this each round."),
    resetAfterRounds: z
      .number()
      .int()
      .min(1)
      .nullable()
      .default(null)
      .describe("Rounds after which an auction restarts (tail). null = never."),
    resetBelow: z
      .number()
      .gt(0)
      .lt(1)
      .nullable()
      .default(null)
      .describe("Restart when the price falls below this share of the start (cusp). null = never."),
    keeperTipUsd: usd("Flat reward to the keeper at each start and reset (tip).").default(0),
    keeperChip: usd("Reward to the keeper as a share of the tab (chip).").default(0),
    dustUsd: usd("A partial auction smaller than this waits instead (dust).").default(0),
  }),
  z.strictObject({
    style: z.literal("liquity").describe("Liquity v1: whole troves, stability pool first, redistribution of the rest."),
    stabilityPool: usd("Stability pool deposits, in units of the debt asset.").default(0),
    gasCompensation: z
      .number()
      .min(0)
      .max(0.1)
      .default(0.005)
      .describe("Share of collateral paid to the liquidation caller, who sells it."),
    stabilityPoolSellShare: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe("Share of the collateral the pool receives that depositors sell in the same round."),
  }),
]);

export const lendingMarketSchema = z
  .strictObject({
    ltv: fraction("Maximum loan-to-value for new borrowing (Aave v3 WETH: 0.805). Max leverage is 1 / (1 - ltv)."),
    liquidationThreshold: fraction(
      "Health factor = Σ collateral x threshold / debt; below 1 a position is liquidatable (Aave v3 WETH: 0.83). Must exceed ltv.",
    ),
    liquidationBonus: fraction(
      "Discount a liquidator gets on seized collateral (0.05 = seizes 105 % of the debt repaid). threshold x (1 + bonus) must stay below 1. Required by the aave styles; other styles pay liquidators their own way.",
    ).optional(),
    liquidationProtocolFee: z
      .number()
      .min(0)
      .lt(1)
      .default(0)
      .describe("Share of the liquidation bonus kept by the venue (Aave v3: 0.1). It covers bad debt."),
    supplyCapUsd: usd("Maximum USD of this asset the venue accepts as collateral.").optional(),
    borrowCapUsd: usd("Maximum USD of this asset that can be borrowed.").optional(),
    liquidationFactor: fraction(
      "compound (version 2): share of the collateral's value credited to an absorbed account (Comet liquidationFactor, e.g. 0.95). The storefront sells at storeFrontPriceFactor x (1 - liquidationFactor) below the oracle.",
    ).optional(),
    liquidationPenalty: z
      .number()
      .min(0)
      .lt(1)
      .optional()
      .describe(
        "maker (version 2): the penalty added to the debt when a vault is liquidated (Maker chop - 1, e.g. 0.13).",
      ),
    holeUsd: z
      .number()
      .min(0)
      .nullable()
      .optional()
      .describe(
        "maker (version 2): most USD of auctions of this collateral running at once (Maker ilk hole). null = no limit.",
      ),
  })
  .describe("Risk parameters of one asset in a lending venue.");

// Numbers are accepted and read as text: an exported book often has numeric account ids.
const positionId = z
  .union([z.string().min(1), z.number().transform(String)])
  .describe("Position identifier, unique within the venue (an address, an account id).");

export const lendingPositionSchema = z
  .strictObject({
    id: positionId,
    collateral: z
      .record(z.string(), z.number().min(0).describe("Amount in whole units of the asset."))
      .default({})
      .describe("Collateral supplied, by asset symbol, in whole units."),
    debt: z
      .record(z.string(), z.number().min(0).describe("Amount in whole units of the asset."))
      .default({})
      .describe("Debt owed, by asset symbol, in whole units."),
  })
  .describe("One borrower's account.");

export const perpsPositionSchema = z
  .strictObject({
    id: positionId,
    market: z.string().min(1).describe("Name of a market of this venue, e.g. ETH-PERP."),
    size: z.number().describe("Position size in asset units: > 0 long, < 0 short."),
    entryPrice: z.number().gt(0).describe("Average entry price, USD."),
    margin: z.number().min(0).describe("Collateral posted for the position, USD."),
  })
  .describe("One trader's isolated-margin position.");

const range = (what: string) =>
  z.strictObject({ min: z.number().describe(`Smallest ${what}.`), max: z.number().describe(`Largest ${what}.`) });

export const syntheticLendingSchema = z
  .strictObject({
    seed: z.number().int().min(0).default(1).describe("Seed of the generator: the same seed gives the same book."),
    count: z
      .number()
      .int()
      .min(1)
      .max(5_000_000)
      .describe("Number of positions to generate (at most 5,000,000 per venue, 10,000,000 over the file)."),
    collateral: z.string().min(1).describe("Collateral asset of every generated position."),
    debt: z.string().min(1).describe("Debt asset of every generated position."),
    collateralUsd: range("collateral value in USD at file prices (sizes are log-uniform)").default({
      min: 1_000,
      max: 1_000_000,
    }),
    healthFactor: range("health factor at file prices (uniform)").default({ min: 1.05, max: 2.5 }),
  })
  .describe("A reproducible generated lending book: single-collateral, single-debt positions.");

export const syntheticPerpsSchema = z
  .strictObject({
    seed: z.number().int().min(0).default(1).describe("Seed of the generator: the same seed gives the same book."),
    count: z
      .number()
      .int()
      .min(1)
      .max(5_000_000)
      .describe("Number of positions to generate (at most 5,000,000 per venue, 10,000,000 over the file)."),
    market: z.string().min(1).describe("Market of every generated position."),
    notionalUsd: range("notional in USD at file prices (log-uniform)").default({ min: 1_000, max: 1_000_000 }),
    leverage: range("leverage, notional / margin (uniform)").default({ min: 2, max: 20 }),
    longShare: z.number().min(0).max(1).default(0.5).describe("Fraction of positions that are long."),
  })
  .describe("A reproducible generated perpetuals book, entered at the file price.");

const positionsFile = z.strictObject({
  file: z.string().min(1).describe("Path of a CSV book, relative to this file."),
});

export const lendingVenueSchema = z
  .strictObject({
    name: z.string().min(1).describe("Venue name, unique in the file."),
    kind: z.literal("lending").describe("An over-collateralised lending pool (Aave, Compound, Morpho style)."),
    markets: z
      .record(z.string(), lendingMarketSchema)
      .describe("Per asset symbol: its risk parameters. Every asset a position uses needs a market."),
    closeFactor: z
      .number()
      .gt(0)
      .max(1)
      .default(0.5)
      .describe("Share of the largest debt one liquidation may repay (Aave v3: 0.5)."),
    fullLiquidationHealthFactor: z
      .number()
      .min(0)
      .nullable()
      .default(0.95)
      .describe("Below this health factor the close factor is 1 (Aave v3: 0.95). null = never."),
    fullLiquidationBelowUsd: usd(
      "The close factor is 1 when the repaid debt or the seized collateral is worth less than this. Default 0 (style aave-v3.3: 2000, as Aave v3.3).",
    ).optional(),
    liquidation: liquidationStyleSchema
      .optional()
      .describe('How this venue liquidates (version 2): its protocol\'s mechanism. Default { "style": "aave" }.'),
    liquidatorCostUsd: usd("Gas and overhead a liquidator pays per liquidation call.").default(0),
    insuranceFundUsd: usd("Reserve that absorbs bad debt before it is uncovered.").default(0),
    positions: z
      .union([
        z.array(lendingPositionSchema),
        positionsFile.describe("A CSV book: header id,collateral.<ASSET>...,debt.<ASSET>... (empty cell = 0)."),
        z.strictObject({ synthetic: syntheticLendingSchema }),
      ])
      .default([])
      .describe('Inline positions, { "file": "book.csv" }, or { "synthetic": {...} }. Default: none.'),
  })
  .describe("A lending venue.");

export const perpsMarketSchema = z
  .strictObject({
    asset: z.string().min(1).describe("Underlying asset symbol."),
    initialMargin: z
      .number()
      .gt(0)
      .max(1)
      .describe(
        "Margin required to open, fraction of notional (dYdX v4 large caps: 0.05). Max leverage is 1 / initialMargin.",
      ),
    maintenanceMargin: z
      .number()
      .gt(0)
      .lt(1)
      .optional()
      .describe(
        "Below this equity / notional a position is liquidated (dYdX v4 large caps: 0.03). Must be below initialMargin. With maintenanceTiers it may be left out (it is the first tier's rate).",
      ),
    maintenanceTiers: z
      .array(
        z
          .tuple([
            z.number().min(0).describe("Notional (USD) from which this tier applies; the first is 0."),
            z.number().gt(0).lt(1).describe("Maintenance margin rate of this tier."),
          ])
          .describe("[floorUsd, rate]"),
      )
      .min(1)
      .optional()
      .describe(
        "Version 2: maintenance margin by notional, continuous across tiers (Binance, Hyperliquid): [[0, 0.01], [500000, 0.02], ...], floors increasing, rates non-decreasing.",
      ),
    liquidationFee: z
      .number()
      .min(0)
      .lt(1)
      .default(0)
      .describe("Fee on notional taken at liquidation into the insurance fund, capped by the remaining equity."),
  })
  .describe("A perpetual futures market.");

export const perpsVenueSchema = z
  .strictObject({
    name: z.string().min(1).describe("Venue name, unique in the file."),
    kind: z.literal("perps").describe("A perpetual futures exchange with isolated margin."),
    markets: z
      .record(z.string(), perpsMarketSchema)
      .describe("Per market name (e.g. ETH-PERP): its margin parameters."),
    insuranceFundUsd: usd("Fund that absorbs losses of positions closed below zero equity.").default(0),
    partialLiquidation: z
      .strictObject({
        fraction: z.number().gt(0).max(1).describe("Share of the position closed per round (dYdX v4: 0.1)."),
        fullBelowNotionalUsd: usd("Positions up to this notional are closed whole.").default(0),
        minNotionalUsd: usd("Each partial close is at least this notional (dYdX v4: 1000).").default(0),
      })
      .optional()
      .describe("Version 2: close a liquidatable position part by part, one part per round (dYdX v4, Hyperliquid)."),
    backstop: z
      .strictObject({
        triggerShare: z
          .number()
          .gt(0)
          .max(1)
          .describe(
            "A position whose equity is below this share of its maintenance margin is taken over (Hyperliquid: 2/3).",
          ),
        capitalUsd: usd("Capital of the backstop vault: its losses beyond this are bad debt."),
      })
      .optional()
      .describe(
        "Version 2: a backstop vault takes over deeply underwater positions at oracle prices, with no market order (Hyperliquid HLP).",
      ),
    positions: z
      .union([
        z.array(perpsPositionSchema),
        positionsFile.describe("A CSV book: header id,market,size,entryPrice,margin."),
        z.strictObject({ synthetic: syntheticPerpsSchema }),
      ])
      .default([])
      .describe('Inline positions, { "file": "book.csv" }, or { "synthetic": {...} }. Default: none.'),
  })
  .describe("A perpetuals venue.");

export const optionsMarketSchema = z
  .strictObject({
    asset: z.string().min(1).describe("Underlying asset symbol."),
    volatility: z.number().gt(0).describe("Annual volatility of the model (0.65 = 65 %)."),
    rate: z.number().default(0).describe("Annual risk-free rate of the model. Default 0."),
    spotVolBeta: z
      .number()
      .min(0)
      .default(0)
      .describe(
        "Volatility added per unit of fall from the file price: σ(S) = volatility + β·max(0, 1 - S/p0). Default 0.",
      ),
    riskMove: z
      .number()
      .gt(0)
      .lt(1)
      .describe("The margin's two scenarios: the asset moved by ±riskMove (0.15 = ±15 %)."),
    liquidationFee: z
      .number()
      .min(0)
      .lt(1)
      .default(0)
      .describe("Fee on the notional at liquidation into the insurance fund, capped by the remaining equity."),
  })
  .describe("An options market marked to a Black-Scholes model (version 2).");

export const optionPositionSchema = z
  .strictObject({
    id: positionId,
    market: z.string().min(1).describe("Name of a market of this venue, e.g. ETH-OPT."),
    type: z.enum(["call", "put"]).describe("call or put."),
    strike: z.number().gt(0).describe("Strike price, USD."),
    expiryDays: z.number().gt(0).describe("Days to expiry (time does not pass during a cascade)."),
    size: z
      .number()
      .refine((value) => value !== 0, "must not be 0")
      .describe("Options on one unit of the asset: > 0 long, < 0 short."),
    premium: z.number().min(0).describe("Price per option at entry, USD."),
    margin: z.number().min(0).describe("Collateral posted for the position, USD."),
  })
  .describe("One trader's option position, isolated margin.");

export const optionsVenueSchema = z
  .strictObject({
    name: z.string().min(1).describe("Venue name, unique in the file."),
    kind: z
      .literal("options")
      .describe("An options venue with risk-based margin whose dealers delta-hedge in the spot market (version 2)."),
    markets: z.record(z.string(), optionsMarketSchema).describe("Per market name (e.g. ETH-OPT): its model."),
    hedgeShare: z
      .number()
      .min(0)
      .max(1)
      .default(1)
      .describe("Share of the dealers' delta that is hedged in the spot market. Default 1."),
    insuranceFundUsd: usd("Fund that absorbs losses of positions closed below zero equity.").default(0),
    positions: z
      .union([
        z.array(optionPositionSchema),
        positionsFile.describe("A CSV book: header id,market,type,strike,expiryDays,size,premium,margin."),
      ])
      .default([])
      .describe('Inline positions or { "file": "book.csv" }. Default: none.'),
  })
  .describe("An options venue (version 2).");

export const venueSchema = z.discriminatedUnion("kind", [lendingVenueSchema, perpsVenueSchema, optionsVenueSchema]);

export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1).describe("Scenario name, unique in the file; results are reported on it."),
    shocks: z
      .record(z.string(), z.number().gt(-1).describe("Instant price change, fraction: -0.3 = -30 %."))
      .describe('Round-0 price shocks by asset symbol, e.g. { "WETH": -0.3 }.'),
    volShocks: z
      .record(z.string(), z.number())
      .optional()
      .describe(
        'Version 2: added to the volatility of every options market of that name for the whole run, e.g. { "ETH-OPT": 0.2 }.',
      ),
  })
  .describe("A price shock to simulate.");

const openFraction = z.number().gt(0).lt(1);

export const simulationSchema = z
  .strictObject({
    maxRounds: z.number().int().min(1).max(10000).default(50).describe("Most liquidation rounds per scenario."),
    oracleLagRounds: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe("Rounds the oracle lags the market: round r sees prices after round r - 1 - lag."),
    circuitBreaker: z
      .strictObject({
        maxRoundMove: openFraction
          .nullable()
          .default(null)
          .describe("Clamp each round's price move to ±this fraction. null = no clamp."),
        haltDrawdown: openFraction
          .nullable()
          .default(null)
          .describe("Halt the market once an asset has fallen this far from its file price. null = never."),
      })
      .default({ maxRoundMove: null, haltDrawdown: null })
      .describe("Exchange-style circuit breakers."),
    curve: z
      .strictObject({
        asset: z
          .string()
          .min(1)
          .nullable()
          .default(null)
          .describe("Asset of the liquidation curve. null = the first shocked asset of the first scenario."),
        maxDrawdown: openFraction.default(0.6).describe("Largest drawdown on the curve."),
        steps: z.number().int().min(1).max(10000).default(60).describe("Number of curve intervals (steps + 1 points)."),
      })
      .default({ asset: null, maxDrawdown: 0.6, steps: 60 })
      .describe("The liquidation curve and critical-shock search."),
  })
  .default({
    maxRounds: 50,
    oracleLagRounds: 0,
    circuitBreaker: { maxRoundMove: null, haltDrawdown: null },
    curve: { asset: null, maxDrawdown: 0.6, steps: 60 },
  })
  .describe("Cascade simulation settings.");

const stewardStep = (what: string) =>
  z
    .number()
    .min(0)
    .optional()
    .describe(
      `Largest change of ${what} (absolute, as a fraction: 0.005 = 0.5 percentage points) stewards may make without a full vote.`,
    );

/** The bounds within which risk stewards may move a parameter; CL040 flags a change against a base beyond them. */
export const stewardLimitsSchema = z
  .strictObject({
    ltv: stewardStep("a market's ltv"),
    liquidationThreshold: stewardStep("a market's liquidationThreshold"),
    liquidationBonus: stewardStep("a market's liquidationBonus"),
    liquidationProtocolFee: stewardStep("a market's liquidationProtocolFee"),
    liquidationFactor: stewardStep("a compound market's liquidationFactor"),
    liquidationPenalty: stewardStep("a maker market's liquidationPenalty"),
    initialMargin: stewardStep("a perpetuals market's initialMargin"),
    maintenanceMargin: stewardStep("a perpetuals market's maintenanceMargin"),
    liquidationFee: stewardStep("a perpetuals market's liquidationFee"),
    capsRelative: z
      .number()
      .min(0)
      .optional()
      .describe(
        "Largest relative change of supplyCapUsd or borrowCapUsd (1.0 = a cap may at most double or fall to 0).",
      ),
  })
  .describe(
    'Risk-steward bounds, e.g. { "ltv": 0.005, "liquidationThreshold": 0.005, "liquidationBonus": 0.005, "capsRelative": 1.0 }: a value changed by more against the base (git HEAD in the editor, BASE in the CLI) raises CL040.',
  );

export const riskFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe("JSON Schema of the file (optional; *.risk.json is mapped to it)."),
    version: z
      .union([z.literal(1), z.literal(2)])
      .describe(
        "File format version: 1, or 2 to use protocol mechanisms (liquidation styles, perps tiers, partial liquidation, backstop).",
      ),
    name: z.string().min(1).describe("Name of the protocol or parameter set."),
    assets: z.record(z.string(), assetSchema).describe("Assets by symbol (WETH, USDC, ...): price and liquidity."),
    venues: z.array(venueSchema).min(1).describe("Lending and perpetuals venues, names unique."),
    scenarios: z.array(scenarioSchema).default([]).describe("Price shocks to simulate on save."),
    correlations: z
      .record(z.string(), z.record(z.string(), z.number().min(-1).max(1)))
      .optional()
      .describe(
        'Monte Carlo stress test: correlations of the assets\' log returns, e.g. { "WETH": { "WBTC": 0.8 } }; pairs not given are 0.',
      ),
    simulation: simulationSchema,
    thresholds: z
      .strictObject({
        warnAmplification: z
          .number()
          .gt(0)
          .default(1.5)
          .describe("Warn when a scenario's amplification (final move / initial shock) exceeds this."),
        stewardLimits: stewardLimitsSchema.optional(),
      })
      .default({ warnAmplification: 1.5 })
      .describe("When a simulated outcome is reported as a warning."),
  })
  .describe("Cascade Lens risk-parameter file (versions 1 and 2).");

export type RiskFile = z.output<typeof riskFileSchema>;
export type StewardLimits = z.output<typeof stewardLimitsSchema>;
export type LiquidationStyle = z.output<typeof liquidationStyleSchema>;
export type Asset = z.output<typeof assetSchema>;
export type Liquidity = z.output<typeof liquiditySchema>;
export type LendingVenue = z.output<typeof lendingVenueSchema>;
export type PerpsVenue = z.output<typeof perpsVenueSchema>;
export type OptionsVenue = z.output<typeof optionsVenueSchema>;
export type OptionsMarket = z.output<typeof optionsMarketSchema>;
export type OptionPosition = z.output<typeof optionPositionSchema>;
export type Venue = z.output<typeof venueSchema>;
export type LendingMarket = z.output<typeof lendingMarketSchema>;
export type PerpsMarket = z.output<typeof perpsMarketSchema>;
export type LendingPosition = z.output<typeof lendingPositionSchema>;
export type PerpsPosition = z.output<typeof perpsPositionSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type SyntheticLending = z.output<typeof syntheticLendingSchema>;
export type SyntheticPerps = z.output<typeof syntheticPerpsSchema>;
