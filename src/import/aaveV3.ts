/**
 * An Aave v3 configuration snapshot (the JSON reports governance payloads publish: chainId,
 * eModes, poolConfig, reserves keyed by underlying address) → one `aave-v3.3` venue.
 * Snapshot units: ltv, liquidationThreshold and liquidationProtocolFee in basis points,
 * liquidationBonus in basis points including the 100 % (10500 = 5 %), caps in whole
 * tokens (0 = no cap), prices as oracleLatestAnswer with oracleDecimals.
 */
import * as z from "zod";
import { entry, object, placeholder, value, type Entry } from "./jsoncWriter";
import {
  assetNode,
  fundPlaceholder,
  placeholderScenario,
  riskFileRoot,
  syntheticLendingBook,
  type SourcePrice,
} from "./placeholders";
import { bonusAbove100, bps, fixedPoint } from "./units";
import { IMPORT_FORMATS } from "./formats";
import type { Importer } from "./importer";
import type { SourceDocument } from "./sourceDocument";

const basisPoints = z.number().int().min(0).max(65535);
const wholeTokens = z.number().min(0);

const reserve = z.looseObject({
  symbol: z.string().min(1),
  underlying: z.string().optional(),
  id: z.number().int().min(0).optional(),
  decimals: z.number().int().min(0).max(255),
  ltv: basisPoints,
  liquidationThreshold: basisPoints,
  liquidationBonus: basisPoints,
  liquidationProtocolFee: basisPoints.default(0),
  supplyCap: wholeTokens.default(0),
  borrowCap: wholeTokens.default(0),
  oracleLatestAnswer: z.union([z.number(), z.string().regex(/^-?\d+$/)]).optional(),
  oracleDecimals: z.number().int().min(0).max(36).optional(),
  oracleDescription: z.string().optional(),
  isActive: z.boolean().default(true),
  isFrozen: z.boolean().default(false),
  isPaused: z.boolean().default(false),
  usageAsCollateralEnabled: z.boolean().optional(),
  borrowingEnabled: z.boolean().default(true),
  eModeCategory: z.number().int().min(0).optional(),
});

const eMode = z.looseObject({
  label: z.string().default(""),
  ltv: basisPoints,
  liquidationThreshold: basisPoints,
  liquidationBonus: basisPoints,
  // v3.2+: bit i of a decimal-string bitmap = the reserve with "id": i.
  collateralBitmap: z.string().regex(/^\d+$/).optional(),
  borrowableBitmap: z.string().regex(/^\d+$/).optional(),
});

export const aaveSnapshot = z.looseObject({
  chainId: z.number().int().optional(),
  eModes: z.record(z.string(), eMode).default({}),
  reserves: z.record(z.string(), reserve),
});

type Reserve = z.infer<typeof reserve> & { address: string; key: string; price?: SourcePrice };

/** Names are symbols; two reserves with one symbol (bridged and native USDC) keep their address's start. */
function assetKeys(reserves: { symbol: string; address: string }[]): string[] {
  const count = new Map<string, number>();
  for (const r of reserves) count.set(r.symbol, (count.get(r.symbol) ?? 0) + 1);
  return reserves.map((r) => (count.get(r.symbol)! > 1 ? `${r.symbol}_${r.address.slice(0, 8)}` : r.symbol));
}

function priceOf(r: z.infer<typeof reserve>): SourcePrice | undefined {
  if (r.oracleLatestAnswer === undefined || r.oracleDecimals === undefined) return undefined;
  const usd = fixedPoint(String(r.oracleLatestAnswer), r.oracleDecimals);
  if (!(usd > 0) || !Number.isFinite(usd)) return undefined;
  return {
    usd,
    note: `oracleLatestAnswer ${r.oracleLatestAnswer} / 1e${r.oracleDecimals}${r.oracleDescription ? ` (${r.oracleDescription})` : ""}, as of the snapshot`,
  };
}

function read(source: SourceDocument): {
  chainId?: number;
  reserves: Reserve[];
  eModes: z.infer<typeof aaveSnapshot>["eModes"];
  skipped: string[];
} {
  const snapshot = source.parse(aaveSnapshot);
  const skipped: string[] = [];
  const active = Object.entries(snapshot.reserves).filter(([address, r]) => {
    if (!r.isActive) skipped.push(`${r.symbol} (${address}): inactive`);
    return r.isActive;
  });
  for (const [address, r] of active) {
    const at = (field: string) => ["reserves", address, field];
    if (r.ltv > r.liquidationThreshold && r.liquidationThreshold > 0)
      source.fail(at("ltv"), `ltv ${r.ltv} is above liquidationThreshold ${r.liquidationThreshold} (Aave refuses it)`);
    if (r.liquidationThreshold > 10000) source.fail(at("liquidationThreshold"), "above 10000 basis points (100 %)");
    // Aave requires a bonus above 100 % wherever the threshold is not 0.
    if (r.liquidationThreshold > 0 && r.liquidationBonus <= 10000)
      source.fail(
        at("liquidationBonus"),
        `${r.liquidationBonus} must be above 10000: a snapshot's bonus includes the 100 % (10500 = 5 %); config-engine payloads write it without (5_00) and are not this format`,
      );
    if (r.liquidationProtocolFee >= 10000)
      source.fail(
        at("liquidationProtocolFee"),
        `${r.liquidationProtocolFee} basis points: the file format needs a share below 100 %`,
      );
  }
  if (active.length === 0) source.fail(["reserves"], "no active reserve");
  const withAddress = active.map(([address, r]) => ({ ...r, address, price: priceOf(r) }));
  const keys = assetKeys(withAddress);
  return {
    chainId: snapshot.chainId,
    reserves: withAddress.map((r, i) => ({ ...r, key: keys[i] })),
    eModes: snapshot.eModes,
    skipped,
  };
}

/** Members of an eMode: by the reserve's own category (pre-3.2) or the category's bitmaps (3.2+). */
function eModeLines(eModes: z.infer<typeof aaveSnapshot>["eModes"], reserves: Reserve[]): string[] {
  const inBitmap = (bitmap: string | undefined, r: Reserve) =>
    bitmap !== undefined && r.id !== undefined && ((BigInt(bitmap) >> BigInt(r.id)) & 1n) === 1n;
  return Object.entries(eModes).map(([id, mode]) => {
    const collateral = reserves
      .filter((r) =>
        mode.collateralBitmap !== undefined ? inBitmap(mode.collateralBitmap, r) : r.eModeCategory === Number(id),
      )
      .map((r) => r.key);
    const borrowable =
      mode.borrowableBitmap !== undefined
        ? reserves.filter((r) => inBitmap(mode.borrowableBitmap, r)).map((r) => r.key)
        : undefined;
    return (
      `eMode ${id} "${mode.label}": ltv ${bps(mode.ltv)}, liquidationThreshold ${bps(mode.liquidationThreshold)}, ` +
      `liquidationBonus ${mode.liquidationBonus > 10000 ? bonusAbove100(mode.liquidationBonus) : 0}; ` +
      `${mode.collateralBitmap !== undefined ? "collateral" : "assets"}: ${collateral.join(", ") || "none"}` +
      (borrowable ? `; borrowable: ${borrowable.join(", ") || "none"}` : "")
    );
  });
}

const largestBy = (reserves: Reserve[], usd: (r: Reserve) => number): Reserve | undefined =>
  reserves.reduce<Reserve | undefined>((best, r) => (best === undefined || usd(r) > usd(best) ? r : best), undefined);

export const aaveV3: Importer = {
  ...IMPORT_FORMATS.aaveV3,
  convert(source: SourceDocument) {
    const { chainId, reserves, eModes, skipped } = read(source);
    const name = `Aave v3${chainId === undefined ? "" : ` (chain ${chainId})`}`;
    const assets: Entry[] = reserves.map((r) =>
      entry(r.key, assetNode(r.price, r.key !== r.symbol ? `${r.symbol} at ${r.address}` : undefined)),
    );
    const markets: Entry[] = reserves.map((r) => {
      const comments: string[] = [];
      if (r.isPaused)
        comments.push("paused in the snapshot: Aave pauses its liquidations too; this model still liquidates it");
      if (r.isFrozen) comments.push("frozen in the snapshot: no new supply or borrowing; liquidations go on");
      if (r.usageAsCollateralEnabled === false && r.liquidationThreshold > 0)
        comments.push("usageAsCollateralEnabled false: new supply does not count as collateral");
      const capUsd = (cap: number) => (r.price ? cap * r.price.usd : undefined);
      const supplyCapUsd = r.supplyCap > 0 ? capUsd(r.supplyCap) : undefined;
      const borrowCapUsd = r.borrowCap > 0 && r.borrowingEnabled ? capUsd(r.borrowCap) : undefined;
      if (r.supplyCap > 0 && supplyCapUsd === undefined)
        comments.push(`supplyCap ${r.supplyCap} ${r.symbol}: no price in the snapshot to state it in USD`);
      return entry(
        r.key,
        object([
          entry("ltv", value(bps(r.ltv))),
          entry("liquidationThreshold", value(bps(r.liquidationThreshold))),
          entry(
            "liquidationBonus",
            value(
              r.liquidationBonus > 10000 ? bonusAbove100(r.liquidationBonus) : 0,
              `${r.liquidationBonus} in the snapshot (including the 100 %)`,
            ),
          ),
          entry("liquidationProtocolFee", value(bps(r.liquidationProtocolFee))),
          supplyCapUsd === undefined
            ? undefined
            : entry("supplyCapUsd", value(supplyCapUsd, `supplyCap ${r.supplyCap} ${r.symbol} at the snapshot price`)),
          borrowCapUsd === undefined
            ? undefined
            : entry("borrowCapUsd", value(borrowCapUsd, `borrowCap ${r.borrowCap} ${r.symbol} at the snapshot price`)),
        ]),
        comments,
      );
    });
    const supplyUsd = (r: Reserve) => (r.price?.usd ?? 1) * r.supplyCap;
    const borrowUsd = (r: Reserve) => (r.price?.usd ?? 1) * r.borrowCap;
    const collateral = largestBy(
      reserves.filter((r) => r.liquidationThreshold > 0),
      supplyUsd,
    );
    if (!collateral) source.fail(["reserves"], "no reserve can be collateral (every liquidationThreshold is 0)");
    const debt = largestBy(
      reserves.filter((r) => r.borrowingEnabled && r !== collateral),
      borrowUsd,
    );
    if (!debt) source.fail(["reserves"], "no reserve other than the collateral can be borrowed");
    const modes = eModeLines(eModes, reserves);
    const venue = object([
      entry("name", value(name)),
      entry("kind", value("lending")),
      entry("liquidation", object([entry("style", value("aave-v3.3"))]), [
        "closeFactor 0.5, fullLiquidationHealthFactor 0.95, fullLiquidationBelowUsd 2000 and minLeftoverUsd 1000 are Aave v3.3's constants: the style's defaults.",
        ...(modes.length > 0
          ? ["eModes (the file format has no eModes yet; kept here with their values):", ...modes.map((l) => `  ${l}`)]
          : []),
      ]),
      entry("markets", object(markets)),
      entry("insuranceFundUsd", fundPlaceholder("the treasury or Umbrella cover for deficits")),
      entry("liquidatorCostUsd", placeholder(0, "a liquidator's gas and overhead per call is not in the source")),
      entry("positions", syntheticLendingBook(collateral.key, debt.key), [
        `Generated book: ${collateral.key} (the largest supply cap) against ${debt.key} (the largest borrow cap).`,
      ]),
    ]);
    return {
      name,
      root: riskFileRoot(`${name} (imported)`, assets, [venue], [placeholderScenario([collateral.key])]),
      notes: skipped.map((s) => `left out: ${s}`),
    };
  },
};
