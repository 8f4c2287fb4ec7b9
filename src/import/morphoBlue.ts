/**
 * Morpho Blue market params (struct MarketParams: loanToken, collateralToken, oracle, irm,
 * lltv as a WAD) → one `morpho` venue per market. Accepts one MarketParams object, an array
 * of them, or { "markets": [...] }; an optional "label" ("wstETH/WETH 96.5%") names the
 * tokens, which the params themselves give only as addresses.
 */
import * as z from "zod";
import { entry, object, placeholder, value, type Entry, type ObjectNode } from "./jsoncWriter";
import { assetNode, placeholderScenario, riskFileRoot, syntheticLendingBook } from "./placeholders";
import { wad } from "./units";
import { IMPORT_FORMATS } from "./formats";
import type { Importer } from "./importer";
import type { SourceDocument } from "./sourceDocument";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "expected a 20-byte hex address");

const marketParams = z.looseObject({
  loanToken: address,
  collateralToken: address,
  oracle: address.optional(),
  irm: address.optional(),
  lltv: z.union([z.string().regex(/^\d{1,30}$/, "expected a WAD integer (1e18 = 100 %)"), z.number().int().min(0)]),
  label: z.string().optional(),
  id: z.string().optional(),
  chainId: z.number().int().optional(),
});

export const morphoMarkets = z.union([
  z.looseObject({ markets: z.array(marketParams).min(1) }),
  z.array(marketParams).min(1),
  marketParams,
]);

type Market = z.infer<typeof marketParams>;

/** "wstETH/WETH 96.5%" → collateral wstETH, loan WETH (Morpho's UI writes collateral first). */
function labelSymbols(label: string | undefined): { collateral: string; loan: string } | undefined {
  const match = /^\s*([^\s/]+)\s*\/\s*([^\s/]+)/.exec(label ?? "");
  return match ? { collateral: match[1], loan: match[2] } : undefined;
}

/** One asset per token (chain and address); named by the labels, or by its address where none names it. */
interface Token {
  name: string;
  chainId: number | undefined;
  /** Lower case: addresses are compared without their checksum's capitals. */
  address: string;
}

class TokenNames {
  private readonly byToken = new Map<string, Token>();
  private readonly taken = new Set<string>();

  name(chainId: number | undefined, token: string, symbol: string | undefined): string {
    const address = token.toLowerCase();
    const key = `${chainId ?? ""}:${address}`;
    const known = this.byToken.get(key);
    if (known) return known.name;
    let name = symbol ?? token;
    if (this.taken.has(name)) name = `${name}_${chainId === undefined ? "" : `${chainId}_`}${token.slice(0, 8)}`;
    this.byToken.set(key, { name, chainId, address });
    this.taken.add(name);
    return name;
  }

  tokens(): Token[] {
    return [...this.byToken.values()];
  }
}

export const morphoBlue: Importer = {
  ...IMPORT_FORMATS.morphoBlue,
  convert(source: SourceDocument) {
    const parsed = source.parse(morphoMarkets);
    const markets = (Array.isArray(parsed) ? parsed : "markets" in parsed ? parsed.markets : [parsed]) as Market[];
    const base = Array.isArray(parsed) ? [] : "markets" in parsed ? ["markets"] : undefined;
    const names = new TokenNames();
    const venueNames = new Set<string>();
    const venues: ObjectNode[] = [];
    const collaterals: string[] = [];
    markets.forEach((market, i) => {
      const at = base === undefined ? ["lltv"] : [...base, i, "lltv"];
      if (market.collateralToken.toLowerCase() === market.loanToken.toLowerCase())
        source.fail(at.slice(0, -1).concat("collateralToken"), "the collateral and loan tokens are the same");
      const lltv = wad(market.lltv);
      if (!(lltv > 0 && lltv < 1)) source.fail(at, `LLTV ${lltv} must be between 0 and 1 (exclusive)`);
      const symbols = labelSymbols(market.label);
      const collateral = names.name(market.chainId, market.collateralToken, symbols?.collateral);
      const loan = names.name(market.chainId, market.loanToken, symbols?.loan);
      if (!collaterals.includes(collateral)) collaterals.push(collateral);
      let venueName = market.label?.trim() || `Morpho ${market.id?.slice(0, 10) ?? `${collateral}/${loan}`}`;
      while (venueNames.has(venueName)) venueName = `${venueName} #${i + 1}`;
      venueNames.add(venueName);
      // Morpho Blue lends up to the LLTV itself; the format's ltv (rules and hovers read it)
      // must stay below the threshold, so it is a placeholder half a point under.
      const ltv = Math.max(0, Number((lltv - 0.005).toFixed(4)));
      venues.push(
        object([
          entry("name", value(venueName)),
          entry("kind", value("lending")),
          entry("liquidation", object([entry("style", value("morpho"))]), [
            "maxIncentiveFactor 1.15 and cursor 0.3 are Morpho Blue's constants: the style's defaults.",
            ...(market.id
              ? [`market id ${market.id}${market.chainId === undefined ? "" : ` on chain ${market.chainId}`}`]
              : []),
            ...(market.oracle ? [`oracle ${market.oracle}`] : []),
          ]),
          entry(
            "markets",
            object([
              entry(
                collateral,
                object([
                  entry(
                    "ltv",
                    placeholder(
                      ltv,
                      "Morpho Blue has no borrow limit below the LLTV; set the LTV borrowers are expected to use",
                    ),
                  ),
                  entry("liquidationThreshold", value(lltv, `LLTV ${market.lltv} (WAD)`)),
                ]),
              ),
              entry(loan, object([entry("ltv", value(0)), entry("liquidationThreshold", value(0))], true), [
                "the loan token: not collateral in this market",
              ]),
            ]),
          ),
          entry("liquidatorCostUsd", placeholder(0, "a liquidator's gas and overhead per call is not in the source")),
          entry("positions", syntheticLendingBook(collateral, loan)),
        ]),
      );
    });
    const assets: Entry[] = names
      .tokens()
      .map(({ name, chainId, address }) =>
        entry(
          name,
          assetNode(
            undefined,
            name === address ? undefined : `token ${address}${chainId === undefined ? "" : ` on chain ${chainId}`}`,
          ),
        ),
      );
    return {
      name: "Morpho Blue markets",
      root: riskFileRoot("Morpho Blue markets (imported)", assets, venues, [placeholderScenario(collaterals)]),
      notes: [],
    };
  },
};
