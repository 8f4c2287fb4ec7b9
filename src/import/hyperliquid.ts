/**
 * Hyperliquid `POST /info {"type":"meta"}` (universe with maxLeverage, marginTables where
 * present), or `metaAndAssetCtxs` (which adds mark prices), or a recorded HTTP cassette
 * (YAML) holding one of them → one perps venue. Maintenance margin is half the initial
 * margin at the tier's maximum leverage; a margin table's tiers become `maintenanceTiers`.
 */
import { parse as parseYaml } from "yaml";
import * as z from "zod";
import { array, entry, object, placeholder, value, type Entry } from "./jsoncWriter";
import { assetNode, placeholderScenario, riskFileRoot, syntheticPerpsBook, type SourcePrice } from "./placeholders";
import { IMPORT_FORMATS } from "./formats";
import type { Importer } from "./importer";
import { ImportError, type SourceDocument } from "./sourceDocument";

const leverage = z.number().int().min(1).max(1000);
const decimalText = z.string().regex(/^\d+(\.\d+)?$/, "expected a decimal number as text");

const asset = z.looseObject({
  name: z.string().min(1),
  szDecimals: z.number().int().min(0).optional(),
  maxLeverage: leverage,
  marginTableId: z.number().int().min(0).optional(),
  onlyIsolated: z.boolean().optional(),
  isDelisted: z.boolean().optional(),
});

const marginTable = z.tuple([
  z.number().int().min(0),
  z.looseObject({
    description: z.string().default(""),
    marginTiers: z.array(z.looseObject({ lowerBound: decimalText, maxLeverage: leverage })).min(1),
  }),
]);

const meta = z.looseObject({ universe: z.array(asset).min(1), marginTables: z.array(marginTable).default([]) });
const assetContext = z.looseObject({ markPx: decimalText.optional(), oraclePx: decimalText.optional() });
export const hyperliquidMeta = z.union([meta, z.tuple([meta, z.array(assetContext)])]);

/** A recorded cassette (vcrpy's YAML): the body of the first response to a meta request. */
function unwrapCassette(text: string): string {
  let cassette: unknown;
  try {
    cassette = parseYaml(text, { maxAliasCount: 10 });
  } catch (error) {
    throw new ImportError([
      {
        message: `not YAML: ${(error as Error).message.split("\n")[0]}`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      },
    ]);
  }
  const interactions = (cassette as { interactions?: unknown })?.interactions;
  if (Array.isArray(interactions))
    for (const interaction of interactions) {
      const body = (interaction as { response?: { body?: { string?: unknown } } })?.response?.body?.string;
      if (typeof body === "string" && /"universe"/.test(body)) return body;
    }
  throw new ImportError([
    {
      message: 'interactions: no recorded response holds a meta body (a "universe")',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    },
  ]);
}

const half = (maxLeverage: number): number => 1 / (2 * maxLeverage);

export const hyperliquid: Importer = {
  ...IMPORT_FORMATS.hyperliquid,
  unwrap(text, fileName) {
    return /\.ya?ml$/i.test(fileName) ? unwrapCassette(text) : text;
  },
  convert(source: SourceDocument) {
    const parsed = source.parse(hyperliquidMeta);
    const [info, contexts] = Array.isArray(parsed) ? parsed : [parsed, undefined];
    const base = Array.isArray(parsed) ? [0] : [];
    const tables = new Map(info.marginTables.map(([id, table]) => [id, table]));
    const assets: Entry[] = [];
    const markets: Entry[] = [];
    const delisted: string[] = [];
    // Assets listed, in order: the first one carries the generated book and the scenario.
    const listed: string[] = [];
    info.universe.forEach((a, i) => {
      const at = [...base, "universe", i];
      if (a.isDelisted) {
        delisted.push(a.name);
        return;
      }
      if (listed.includes(a.name)) source.fail([...at, "name"], `${a.name} appears twice`);
      listed.push(a.name);
      // "For IDs less than 50, there is a single tier with max leverage equal to the ID."
      const table = a.marginTableId === undefined ? undefined : tables.get(a.marginTableId);
      const tiers =
        table?.marginTiers ??
        (a.marginTableId !== undefined && a.marginTableId < 50
          ? [{ lowerBound: "0", maxLeverage: a.marginTableId }]
          : undefined);
      if (a.marginTableId !== undefined && !tiers)
        source.fail([...at, "marginTableId"], `no margin table ${a.marginTableId}`);
      if (tiers) {
        if (Number(tiers[0].lowerBound) !== 0)
          source.fail([...base, "marginTables"], `table ${a.marginTableId}: the first tier must start at 0`);
        for (let t = 1; t < tiers.length; t++)
          if (
            !(Number(tiers[t].lowerBound) > Number(tiers[t - 1].lowerBound)) ||
            tiers[t].maxLeverage > tiers[t - 1].maxLeverage
          )
            source.fail(
              [...base, "marginTables"],
              `table ${a.marginTableId}: tiers must rise in lowerBound and not rise in maxLeverage`,
            );
      }
      const context = contexts?.[i];
      const px = context?.markPx ?? context?.oraclePx;
      const price: SourcePrice | undefined =
        px !== undefined && Number(px) > 0
          ? { usd: Number(px), note: `${context?.markPx ? "markPx" : "oraclePx"} of the response` }
          : undefined;
      assets.push(entry(a.name, assetNode(price)));
      const comments = [
        ...(a.onlyIsolated ? ["onlyIsolated: isolated margin only, as this model treats every position"] : []),
        ...(table?.description ? [`margin table ${a.marginTableId} "${table.description}"`] : []),
      ];
      const tiered = tiers !== undefined && tiers.length > 1;
      markets.push(
        entry(
          `${a.name}-PERP`,
          object([
            entry("asset", value(a.name)),
            entry("initialMargin", value(1 / a.maxLeverage, `1 / maxLeverage ${a.maxLeverage}`)),
            tiered
              ? entry(
                  "maintenanceTiers",
                  array(
                    tiers.map((t) => array([value(Number(t.lowerBound)), value(half(t.maxLeverage))], true)),
                    true,
                  ),
                  [
                    `[lowerBound, 1 / (2 x maxLeverage)] per tier: ${tiers.map((t) => `${t.maxLeverage}x from $${Number(t.lowerBound).toLocaleString("en-US")}`).join(", ")}`,
                  ],
                )
              : entry(
                  "maintenanceMargin",
                  value(half(tiers?.[0].maxLeverage ?? a.maxLeverage), "half the initial margin at max leverage"),
                ),
            entry("liquidationFee", value(0, "Hyperliquid charges no clearance fee")),
          ]),
          comments,
        ),
      );
    });
    if (markets.length === 0) source.fail([...base, "universe"], "every asset is delisted");
    const venue = object([
      entry("name", value("Hyperliquid")),
      entry("kind", value("perps")),
      entry("markets", object(markets)),
      entry(
        "insuranceFundUsd",
        placeholder(0, "Hyperliquid publishes no insurance fund; losses beyond the backstop go to ADL, not modelled"),
      ),
      entry(
        "partialLiquidation",
        object([entry("fraction", value(0.2)), entry("fullBelowNotionalUsd", value(100000))]),
        ["Hyperliquid's documentation: positions above $100k are liquidated 20 % at a time."],
      ),
      entry(
        "backstop",
        object([
          entry("triggerShare", value(2 / 3, "below 2/3 of maintenance margin the liquidator vault takes over")),
          entry("capitalUsd", placeholder(0, "the liquidator vault's (HLP) capital is not in the source")),
        ]),
      ),
      entry("positions", syntheticPerpsBook(markets[0].key), [
        `Generated book on ${markets[0].key}, the first listed market.`,
      ]),
    ]);
    return {
      name: "Hyperliquid",
      root: riskFileRoot("Hyperliquid (imported)", assets, [venue], [placeholderScenario([listed[0]])]),
      notes: delisted.length > 0 ? [`left out, delisted: ${delisted.join(", ")}`] : [],
    };
  },
};
