import { positionId } from "../model/book";
import { filePrices, scanLendingBook } from "../model/lendingScan";
import { perpsMargin } from "../model/health";
import type { Problem } from "../model/problem";
import type { Rule, RuleContext } from "./ruleContext";
import { plain, positionProblems, problemAt } from "./ruleContext";
import { formatUsd } from "./formatUsd";
import { maintenanceRequirement } from "../model/styles";
import { optionsAtFilePrices } from "../engine/compiledModel";
import { optionMargin } from "../engine/optionsRound";

/** Individual diagnostics beyond this many per venue are folded into one summary. */
const MAX_LISTED = 20;

/** CL030: positions that the first round liquidates even without a shock. */
export const liquidatableAtFilePrices: Rule = {
  code: "CL030",
  severity: "information",
  title: "position already liquidatable at file prices",
  check(context) {
    return context.file.venues.flatMap((_, v) => venueProblems(this, context, v));
  },
};

function venueProblems(rule: Rule, context: RuleContext, venueIndex: number): Problem[] {
  const venue = context.file.venues[venueIndex];
  const book = context.books[venueIndex];
  if (!book) return [];
  const prices = filePrices(context.file.assets);
  const found: { index: number; message: string }[] = [];
  let count = 0;
  const report = (index: number, message: string) => {
    count++;
    if (found.length < MAX_LISTED) found.push({ index, message });
  };
  if (venue.kind === "lending" && book.kind === "lending") {
    scanLendingBook(
      book,
      prices,
      (asset) => venue.markets[asset]?.liquidationThreshold ?? 0,
      (index, position) =>
        report(
          index,
          `Position "${positionId(book, index)}" in "${venue.name}" is liquidatable at file prices: health factor ${plain(position.healthFactor)} < 1 (debt ${formatUsd(position.debtUsd)}, collateral ${formatUsd(position.collateralUsd)}).`,
        ),
      true,
    );
  } else if (venue.kind === "perps" && book.kind === "perps") {
    for (let i = 0; i < book.ids.length; i++) {
      const market = venue.markets[book.markets[book.marketOf[i]]];
      const price = market && prices[market.asset];
      if (!price) continue;
      const notional = Math.abs(book.size[i]) * price;
      const { equity, requirement } = perpsMargin(
        book.size[i],
        book.entryPrice[i],
        book.margin[i],
        price,
        maintenanceRequirement(market, notional) / notional,
      );
      if (equity < requirement)
        report(
          i,
          `Position "${positionId(book, i)}" in "${venue.name}" is liquidatable at file prices: equity ${formatUsd(equity)} < maintenance ${formatUsd(requirement)}.`,
        );
    }
  } else if (venue.kind === "options" && book.kind === "options") {
    // SPEC 8.9: E < MR at file prices, with the model the cascade marks positions by (unknown markets are CL003).
    const atFilePrices = optionsAtFilePrices(context.file, venue, book);
    if (!atFilePrices) return [];
    const { compiled, p0 } = atFilePrices;
    for (let i = 0; i < book.ids.length; i++) {
      const asset = compiled.markets[compiled.marketOf[i]].asset;
      if (asset === undefined) continue;
      const { equity, requirement } = optionMargin(compiled, i, p0[asset], p0, 0);
      if (equity < requirement)
        report(
          i,
          `Position "${positionId(book, i)}" in "${venue.name}" is liquidatable at file prices: equity ${formatUsd(equity)} < margin requirement ${formatUsd(requirement)}.`,
        );
    }
  }
  const problems = found.flatMap(({ index, message }) => positionProblems(rule, context, venueIndex, index, message));
  if (count > found.length) {
    problems.push(
      problemAt(
        rule,
        context,
        ["venues", venueIndex, "positions"],
        `${count} positions in "${venue.name}" are liquidatable at file prices (the first ${found.length} are marked).`,
        true,
      ),
    );
  }
  return problems;
}
