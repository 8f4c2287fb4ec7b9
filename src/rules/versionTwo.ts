/**
 * CL002 for what version 2 adds (SPEC 8.1, 8.8): a version 1 file using a version 2 field;
 * a field its venue's liquidation style does not read (so nobody believes a number
 * changes the result when it does not), or a field the style requires; maintenance tiers
 * out of order; and positions that break a style's shape (two collaterals in a Morpho
 * market, debt outside Compound's base asset, a Liquity branch mixing assets), located on
 * the position, inline or on its CSV line.
 */
import { positionId, type LendingBook } from "../model/book";
import type { Problem } from "../model/problem";
import type { LendingVenue, PerpsVenue } from "../model/schema";
import { styleOf, type StyleName } from "../model/styles";
import type { JsonPath } from "../parse/jsonDocument";
import type { RuleContext } from "./ruleContext";
import { positionProblems, problemAt } from "./ruleContext";
import { writtenAt } from "../model/names";
import { missingFieldMessage } from "./schemaProblems";

const CL002 = { code: "CL002", severity: "error" as const };
const ALL: StyleName[] = ["aave", "aave-v3.3", "morpho", "euler", "compound", "maker", "liquity"];
const AAVE: StyleName[] = ["aave", "aave-v3.3"];

/** Which styles read each venue and market field (SPEC 8.1's table). */
const VENUE_FIELDS: Record<string, StyleName[]> = {
  closeFactor: AAVE,
  fullLiquidationHealthFactor: AAVE,
  fullLiquidationBelowUsd: AAVE,
  liquidatorCostUsd: ["aave", "aave-v3.3", "morpho", "euler", "compound", "maker"],
  insuranceFundUsd: ALL,
};
const MARKET_FIELDS: Record<string, StyleName[]> = {
  liquidationBonus: AAVE,
  liquidationProtocolFee: AAVE,
  liquidationFactor: ["compound"],
  liquidationPenalty: ["maker"],
  holeUsd: ["maker"],
};
/** Whether a venue field (closeFactor, ...) or market field is read by a style; fields outside the tables are read by all. */
export const styleReads = (style: StyleName, field: string): boolean =>
  (VENUE_FIELDS[field] ?? MARKET_FIELDS[field] ?? [style]).includes(style);

/** Fields only version 2 has: a version 1 file that writes one is told so. */
const VERSION_2_FIELDS = {
  lendingVenue: ["liquidation"],
  lendingMarket: ["liquidationFactor", "liquidationPenalty", "holeUsd"],
  perpsVenue: ["partialLiquidation", "backstop"],
  perpsMarket: ["maintenanceTiers"],
};

/** Own keys of a value as written (the raw JSON, before defaults). */
function writtenKeys(value: unknown): string[] {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : [];
}
export function versionTwoProblems(context: RuleContext): Problem[] {
  const { file, doc } = context;
  const raw = doc.value;
  const problems: Problem[] = [];
  const at = (path: JsonPath, message: string, preferKey = true) =>
    problems.push(problemAt(CL002, context, path, message, preferKey));
  file.venues.forEach((venue, v) => {
    const venuePath: JsonPath = ["venues", v];
    const rawVenue = writtenAt(raw, venuePath);
    if (file.version === 1 && venue.kind !== "options") {
      const venueFields = venue.kind === "lending" ? VERSION_2_FIELDS.lendingVenue : VERSION_2_FIELDS.perpsVenue;
      const marketFields = venue.kind === "lending" ? VERSION_2_FIELDS.lendingMarket : VERSION_2_FIELDS.perpsMarket;
      for (const key of writtenKeys(rawVenue).filter((k) => venueFields.includes(k)))
        at(
          [...venuePath, key],
          `"${key}" needs version 2: set "version": 2 at the top of the file to use it (version 1 files are simulated by section 4's rules exactly).`,
        );
      for (const name of Object.keys(venue.markets)) {
        const marketPath = [...venuePath, "markets", name];
        for (const key of writtenKeys(writtenAt(raw, marketPath)).filter((k) => marketFields.includes(k)))
          at([...marketPath, key], `"${key}" needs version 2: set "version": 2 at the top of the file to use it.`);
      }
    }
    if (venue.kind === "options") {
      if (context.file.version === 1)
        at([...venuePath, "kind"], `An options venue needs version 2: set "version": 2 at the top of the file.`, false);
      return;
    }
    if (venue.kind === "lending") lendingStyleProblems(context, venue, v, rawVenue, at, problems);
    else perpsTierProblems(venue, v, rawVenue, at);
  });
  return problems;
}

function lendingStyleProblems(
  context: RuleContext,
  venue: LendingVenue,
  v: number,
  rawVenue: unknown,
  at: (path: JsonPath, message: string, preferKey?: boolean) => void,
  problems: Problem[],
): void {
  const style = styleOf(venue);
  const venuePath: JsonPath = ["venues", v];
  const users = (styles: StyleName[]) => styles.join(", ");
  for (const key of writtenKeys(rawVenue)) {
    const styles = VENUE_FIELDS[key];
    if (styles && !styles.includes(style))
      at(
        [...venuePath, key],
        `"${key}" is not read by the ${style} style (only ${users(styles)} use it): remove it, or choose one of those styles in liquidation.style.`,
      );
  }
  const debtAssets = new Set<string>();
  const collateralAssets = new Set<string>();
  const book = context.books[v];
  if (book?.kind === "lending") {
    book.collateralAssets.forEach(
      (asset, c) => book.collateral[c].some((amount) => amount !== 0) && collateralAssets.add(asset),
    );
    book.debtAssets.forEach((asset, c) => book.debt[c].some((amount) => amount !== 0) && debtAssets.add(asset));
  }
  const liquidation = venue.liquidation;
  const baseAsset = liquidation?.style === "compound" ? liquidation.baseAsset : undefined;
  for (const [name, market] of Object.entries(venue.markets)) {
    const marketPath = [...venuePath, "markets", name];
    for (const key of writtenKeys(writtenAt(context.doc.value, marketPath))) {
      const styles = MARKET_FIELDS[key];
      if (styles && !styles.includes(style))
        at(
          [...marketPath, key],
          `"${key}" is not read by the ${style} style (only ${users(styles)} use it): remove it, or choose one of those styles in liquidation.style.`,
        );
    }
    // The debt asset's market of compound, maker and liquity is allowed and unused: nothing is required there.
    const isDebtMarket =
      name === baseAsset ||
      ((style === "maker" || style === "liquity") && debtAssets.has(name) && !collateralAssets.has(name));
    if (isDebtMarket) continue;
    // (The aave styles' bonus and compound's factor are required by requiredFields.ts, with the schema's problems.)
    if (style === "maker" && market.liquidationPenalty === undefined)
      at([...marketPath, "liquidationPenalty"], missingFieldMessage([...marketPath, "liquidationPenalty"]), false);
  }
  if (baseAsset !== undefined && !Object.prototype.hasOwnProperty.call(context.file.assets, baseAsset))
    at(
      [...venuePath, "liquidation", "baseAsset"],
      `liquidation.baseAsset "${baseAsset}" is not an asset of the file.`,
      false,
    );
  if (book?.kind === "lending") problems.push(...shapeProblems(context, venue, v, book, style, baseAsset));
}

/** SPEC 8.1's position shapes, per style. */
function shapeProblems(
  context: RuleContext,
  venue: LendingVenue,
  v: number,
  book: LendingBook,
  style: StyleName,
  baseAsset: string | undefined,
): Problem[] {
  if (style === "aave" || style === "aave-v3.3") return [];
  const problems: Problem[] = [];
  const n = book.ids.length;
  let reported = 0;
  const report = (i: number, message: (id: string) => string) => {
    // A book of a million bad rows says so once per row up to a point; the first ones show what is wrong.
    if (reported++ < 20) problems.push(...positionProblems(CL002, context, v, i, message(positionId(book, i))));
  };
  let branch: { collateral: string; debt: string } | undefined;
  const fromCsv = !Array.isArray(venue.positions) && "file" in venue.positions;
  for (let i = 0; i < n; i++) {
    const collateral = book.collateralAssets.filter((_, c) => book.collateral[c][i] !== 0);
    const debt = book.debtAssets.filter((_, c) => book.debt[c][i] !== 0);
    // A CSV book of these styles may name any asset (its debt needs no market); inline books get CL003 instead.
    const missingMarket = fromCsv
      ? collateral.find((asset) => !Object.prototype.hasOwnProperty.call(venue.markets, asset))
      : undefined;
    if (missingMarket)
      report(
        i,
        (id) =>
          `Position "${id}": collateral ${missingMarket} has no market in venue "${venue.name}"; every collateral asset needs one.`,
      );
    if (
      (style === "morpho" || style === "maker") &&
      (collateral.length > 1 || debt.length > 1 || (collateral.length === 1 && collateral[0] === debt[0]))
    )
      report(
        i,
        (id) =>
          `Position "${id}": a ${style} position holds at most one collateral and owes at most one other asset (it has collateral ${collateral.join(", ") || "none"}, debt ${debt.join(", ") || "none"}).`,
      );
    if (style === "euler" && debt.length > 1)
      report(i, (id) => `Position "${id}": an euler account owes one asset (it owes ${debt.join(", ")}).`);
    if (style === "compound") {
      const outside = debt.filter((asset) => asset !== baseAsset);
      if (outside.length > 0)
        report(
          i,
          (id) =>
            `Position "${id}": a compound account borrows only the base asset ${baseAsset} (it owes ${outside.join(", ")}).`,
        );
      if (baseAsset !== undefined && collateral.includes(baseAsset))
        report(i, (id) => `Position "${id}": the base asset ${baseAsset} is never collateral in compound.`);
    }
    if (style === "liquity") {
      if (collateral.length !== 1 || debt.length !== 1 || collateral[0] === debt[0]) {
        report(
          i,
          (id) =>
            `Position "${id}": a liquity trove holds one collateral asset and owes one other (it has collateral ${collateral.join(", ") || "none"}, debt ${debt.join(", ") || "none"}).`,
        );
        continue;
      }
      const first = (branch ??= { collateral: collateral[0], debt: debt[0] });
      if (collateral[0] !== first.collateral || debt[0] !== first.debt)
        report(
          i,
          (id) =>
            `Position "${id}": every trove of a liquity branch holds the same collateral and owes the same asset (the first holds ${first.collateral} and owes ${first.debt}; this one ${collateral[0]} and ${debt[0]}).`,
        );
    }
  }
  if (reported > 20)
    problems.push(
      problemAt(
        CL002,
        context,
        ["venues", v, "positions"],
        `…and ${reported - 20} more positions of venue "${venue.name}" break the ${style} style's shape.`,
        true,
      ),
    );
  return problems;
}

/** SPEC 8.8: tiers start at 0, floors increase, rates do not decrease; a maintenanceMargin beside them is the first rate. */
function perpsTierProblems(
  venue: PerpsVenue,
  v: number,
  _rawVenue: unknown,
  at: (path: JsonPath, message: string, preferKey?: boolean) => void,
): void {
  for (const [name, market] of Object.entries(venue.markets)) {
    const marketPath: JsonPath = ["venues", v, "markets", name];
    const tiers = market.maintenanceTiers;
    // (A market with neither maintenanceMargin nor tiers is reported by requiredFields.ts.)
    if (!tiers) continue;
    if (tiers[0][0] !== 0)
      at(
        [...marketPath, "maintenanceTiers", 0, 0],
        `The first maintenance tier of ${name} starts at notional 0 (is ${tiers[0][0]}).`,
        false,
      );
    for (let t = 1; t < tiers.length; t++) {
      if (!(tiers[t][0] > tiers[t - 1][0]))
        at(
          [...marketPath, "maintenanceTiers", t, 0],
          `Maintenance tier floors of ${name} must increase strictly (${tiers[t][0]} after ${tiers[t - 1][0]}).`,
          false,
        );
      if (!(tiers[t][1] >= tiers[t - 1][1]))
        at(
          [...marketPath, "maintenanceTiers", t, 1],
          `Maintenance tier rates of ${name} must not decrease (${tiers[t][1]} after ${tiers[t - 1][1]}).`,
          false,
        );
    }
    if (market.maintenanceMargin !== undefined && market.maintenanceMargin !== tiers[0][1])
      at(
        [...marketPath, "maintenanceMargin"],
        `maintenanceMargin ${market.maintenanceMargin} of ${name} must equal its first tier's rate ${tiers[0][1]} (or be left out).`,
        false,
      );
  }
}
