/**
 * What no protocol configuration contains — prices (for most), market liquidity, positions
 * and scenarios — written as marked placeholders that validate and run, so an imported
 * file opens with a working panel and a CL050 warning on every value still to be set.
 */
import { entry, object, placeholder, value, type Entry, type ObjectNode } from "./jsoncWriter";

export const NO_PRICE = "the source has no price for this asset; set its USD price";
const NO_LIQUIDITY = "the source has no market depth; set the USD that moves the price by depthMove";

/** A known price with where it came from, or undefined (a placeholder of 1 is written). */
export interface SourcePrice {
  usd: number;
  note: string;
}

export function assetNode(price: SourcePrice | undefined, note?: string): ObjectNode {
  return object([
    entry("price", price ? value(price.usd, price.note) : placeholder(1, NO_PRICE), note ? [note] : undefined),
    entry(
      "liquidity",
      object([
        entry("model", value("sqrt")),
        entry("depthUsd", placeholder(10000000, NO_LIQUIDITY)),
        entry("depthMove", value(0.02)),
      ]),
    ),
  ]);
}

const BOOK = "the source has no positions; point positions at your book (CSV) or tune this generated one";

/** A generated book's range, both ends placeholders. */
const bookRange = (min: number, max: number): ObjectNode =>
  object([entry("min", placeholder(min, BOOK)), entry("max", placeholder(max, BOOK))]);

/** Every generated book's seed and size. */
const bookSize = () => [entry("seed", placeholder(1, BOOK)), entry("count", placeholder(1000, BOOK))];

export function syntheticLendingBook(collateral: string, debt: string): ObjectNode {
  return object([
    entry(
      "synthetic",
      object([
        ...bookSize(),
        entry("collateral", value(collateral)),
        entry("debt", value(debt)),
        entry("collateralUsd", bookRange(1000, 1000000)),
        entry("healthFactor", bookRange(1.02, 1.5)),
      ]),
    ),
  ]);
}

export function syntheticPerpsBook(market: string): ObjectNode {
  return object([
    entry(
      "synthetic",
      object([
        ...bookSize(),
        entry("market", value(market)),
        entry("notionalUsd", bookRange(1000, 1000000)),
        entry("leverage", bookRange(2, 20)),
        entry("longShare", placeholder(0.5, BOOK)),
      ]),
    ),
  ]);
}

const SCENARIO = "the source has no scenarios; set the shock you want to test";

/** One scenario shocking each named asset by -30 %, every shock a placeholder. */
export function placeholderScenario(assets: readonly string[]): ObjectNode {
  return object([
    entry("name", value(`placeholder: ${assets.join(", ")} -30%`)),
    entry("shocks", object(assets.map((asset) => entry(asset, placeholder(-0.3, SCENARIO))))),
  ]);
}

/** An insurance fund or reserve figure the configuration does not hold. */
export const fundPlaceholder = (what: string): ReturnType<typeof placeholder> =>
  placeholder(0, `${what} is not in the source; 0 assumes none`);

/** The file's root in the order a reader expects. */
export function riskFileRoot(name: string, assets: Entry[], venues: ObjectNode[], scenarios: ObjectNode[]): ObjectNode {
  return object([
    entry("version", value(2)),
    entry("name", value(name)),
    entry("assets", object(assets)),
    entry("venues", { kind: "array", items: venues }),
    entry("scenarios", { kind: "array", items: scenarios }),
  ]);
}
