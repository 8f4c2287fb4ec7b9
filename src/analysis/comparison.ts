/**
 * "What does this change do?": the parameters a change touches, and every scenario of the
 * new file run on both files over the same books, with the critical shock of both and one
 * verdict line that leads with what got worse. Pure: the CLI's diff, the worker's Compare
 * and the panel's overlay read the same numbers.
 *
 * Same books: positions are the new file's wherever the base has the venue (same name and
 * kind) and every asset or market the book uses. A synthetic book is generated once, from
 * the new file: regenerated from the base's threshold it would hold other positions, and
 * the diff would measure the generator, not the change.
 */
import { compileModel } from "../engine/compiledModel";
import type { CurveResult } from "../engine/curve";
import type { ScenarioResult } from "../engine/results";
import { shockText, signedUsd } from "./comparisonWords";
import type { Book } from "../model/book";
import { hasName } from "../model/names";
import type { RiskFile } from "../model/schema";
import type { ResolvedRiskFile } from "../rules/validate";
import type { ComparisonSummary } from "../shared/resultProtocol";
import { curveAssetOf, curveOf, simulateAll, type CurveHooks } from "./analyses";
import { parameterChanges, type ParameterChange } from "./parameterDiff";

export interface OutcomeFigures {
  rounds: number;
  halted: boolean;
  finalDrawdown: Record<string, number>;
  amplification: Record<string, number>;
  liquidatedUsd: number;
  badDebtUsd: number;
  uncoveredUsd: number;
  stuckDebtUsd: number;
}

export type OutcomeDelta = Omit<OutcomeFigures, "halted">;

export interface ScenarioComparison {
  name: string;
  /** null when the base cannot run the scenario (it lacks a shocked asset); `baseNote` says why. */
  base: OutcomeFigures | null;
  new: OutcomeFigures;
  delta: OutcomeDelta | null;
  baseNote?: string;
}

export interface CriticalShockComparison {
  asset: string;
  base: number | null;
  new: number | null;
  /** new - base, in drawdown (negative: the cascade now starts at a smaller fall). */
  delta: number | null;
}

export interface Comparison {
  parameters: ParameterChange[];
  scenarios: ScenarioComparison[];
  criticalShock: CriticalShockComparison;
  /** Venues of the base run on their own positions (no matching venue or book in the new file). */
  ownBooks: string[];
  verdict: string;
  /** For the panel's overlay: the runs themselves. */
  runs: { base: ScenarioResult[]; new: ScenarioResult[]; baseCurve?: CurveResult; newCurve?: CurveResult };
}

function figures(result: ScenarioResult): OutcomeFigures {
  const sum = (pick: (v: ScenarioResult["venues"][number]) => number) => result.venues.reduce((s, v) => s + pick(v), 0);
  return {
    rounds: result.rounds,
    halted: result.halted,
    finalDrawdown: result.drawdown,
    amplification: result.amplification,
    liquidatedUsd: result.liquidatedUsd,
    badDebtUsd: sum((v) => v.badDebtUsd),
    uncoveredUsd: sum((v) => v.uncoveredUsd),
    stuckDebtUsd: sum((v) => v.stuckDebtUsd),
  };
}

function perAsset(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(b)) if (Object.hasOwn(a, key)) out[key] = b[key] - a[key];
  return out;
}

function delta(base: OutcomeFigures, next: OutcomeFigures): OutcomeDelta {
  return {
    rounds: next.rounds - base.rounds,
    finalDrawdown: perAsset(base.finalDrawdown, next.finalDrawdown),
    amplification: perAsset(base.amplification, next.amplification),
    liquidatedUsd: next.liquidatedUsd - base.liquidatedUsd,
    badDebtUsd: next.badDebtUsd - base.badDebtUsd,
    uncoveredUsd: next.uncoveredUsd - base.uncoveredUsd,
    stuckDebtUsd: next.stuckDebtUsd - base.stuckDebtUsd,
  };
}

/** Can the base venue read this book: every asset or market it names exists there? */
function bookFits(book: Book, file: RiskFile, venueIndex: number): boolean {
  const venue = file.venues[venueIndex];
  if (venue.kind !== book.kind) return false;
  const names = book.kind === "lending" ? [...book.collateralAssets, ...book.debtAssets] : book.markets;
  return names.every((name) => hasName(venue.markets, name) && (book.kind !== "lending" || hasName(file.assets, name)));
}

export function sharedBooks(base: ResolvedRiskFile, next: ResolvedRiskFile): { books: Book[]; ownBooks: string[] } {
  const ownBooks: string[] = [];
  const books = base.file.venues.map((venue, i) => {
    const j = next.file.venues.findIndex((v) => v.name === venue.name);
    if (j >= 0 && bookFits(next.books[j], base.file, i)) return next.books[j];
    ownBooks.push(venue.name);
    return base.books[i];
  });
  return { books, ownBooks };
}

/**
 * Changes that let positions take more risk than the books hold: the same books cannot show
 * their effect, so the verdict names them rather than let a lower bad debt read as safety.
 */
function leverageNotes(parameters: readonly ParameterChange[]): string | undefined {
  const looser = parameters.filter(
    (p) =>
      typeof p.old === "number" &&
      typeof p.new === "number" &&
      ((p.field === "ltv" && p.new > p.old) || (p.field === "initialMargin" && p.new < p.old)),
  );
  if (looser.length === 0) return undefined;
  const names = looser.map((p) => `${p.field} of ${p.market} in ${p.venue}`).join(", ");
  return `${names} now allow${looser.length === 1 ? "s" : ""} more leverage, which these books do not take: the added risk is not in these figures`;
}

/** One line a reviewer reads first; what got worse always comes before what got better. */
export function verdictOf(
  scenarios: readonly ScenarioComparison[],
  critical: CriticalShockComparison,
  parameters: readonly ParameterChange[] = [],
): string {
  const compared = scenarios.filter((s) => s.delta !== null);
  const n = compared.length;
  const worst = (list: ScenarioComparison[], key: "uncoveredUsd" | "badDebtUsd", sign: 1 | -1) =>
    list.reduce((a, b) => (sign * b.delta![key] > sign * a.delta![key] ? b : a));
  const parts: string[] = [];
  for (const key of ["uncoveredUsd", "badDebtUsd"] as const) {
    const what = key === "uncoveredUsd" ? "uncovered bad debt" : "bad debt";
    const up = compared.filter((s) => s.delta![key] > 0);
    const down = compared.filter((s) => s.delta![key] < 0);
    if (up.length > 0) {
      const w = worst(up, key, 1);
      parts.push(
        `the change raises ${what} in ${up.length} of ${n} scenario${n === 1 ? "" : "s"}, worst ${w.name}: ${signedUsd(w.delta![key])}`,
      );
      if (down.length > 0) parts.push(`lowers it in ${down.length}`);
      break;
    }
    if (down.length > 0) {
      const b = worst(down, key, -1);
      parts.push(
        `the change lowers ${what} in ${down.length} of ${n} scenario${n === 1 ? "" : "s"} and raises it in none, most ${b.name}: ${signedUsd(b.delta![key])}`,
      );
      break;
    }
  }
  if (parts.length === 0)
    parts.push(n === 0 ? "no scenario runs on both files" : `the change moves no scenario's bad debt (${n} compared)`);
  const { asset, base, new: next } = critical;
  if (base !== next)
    parts.push(
      `critical shock on ${asset}: ${shockText(base)} → ${shockText(next)}${
        base !== null && (next === null || next > base)
          ? " (the cascade now needs a larger fall)"
          : next !== null && (base === null || next < base)
            ? " (a smaller fall now starts the cascade)"
            : ""
      }`,
    );
  const leverage = leverageNotes(parameters);
  if (leverage) parts.unshift(leverage);
  const skipped = scenarios.length - n;
  if (skipped > 0) parts.push(`${skipped} scenario${skipped === 1 ? "" : "s"} cannot run on the base`);
  const line = parts.join("; ");
  return line.charAt(0).toUpperCase() + line.slice(1) + ".";
}

export interface CompareHooks extends CurveHooks {
  /** Skip the two curves (the critical shock). */
  withoutCurves?: boolean;
}

/** The new file's scenarios the base can run (every shocked asset and vol-shocked market exists there), and why others cannot. */
export function runnableOnBase(
  base: RiskFile,
  next: RiskFile,
): { runnable: RiskFile["scenarios"]; notes: Map<string, string> } {
  const notes = new Map<string, string>();
  const runnable = next.scenarios.filter((scenario) => {
    const missing =
      Object.keys(scenario.shocks).find((asset) => !hasName(base.assets, asset)) ??
      Object.keys(scenario.volShocks ?? {}).find((market) => !baseHasOptionsMarket(base, market));
    if (missing !== undefined) notes.set(scenario.name, `the base has no ${missing}`);
    return missing === undefined;
  });
  return { runnable, notes };
}

/** The runs put together: what the CLI's diff and the worker's Compare both report. */
export function assembleComparison(input: {
  base: RiskFile;
  next: RiskFile;
  baseResults: ScenarioResult[];
  newResults: ScenarioResult[];
  baseCurve?: CurveResult | null;
  newCurve?: CurveResult | null;
  curveAsset: string;
  ownBooks: string[];
}): Comparison {
  const parameters = parameterChanges(input.base, input.next);
  const { notes } = runnableOnBase(input.base, input.next);
  const baseByName = new Map(input.baseResults.map((r) => [r.name, r]));
  const scenarios = input.newResults.map((result): ScenarioComparison => {
    const baseResult = notes.has(result.name) ? undefined : baseByName.get(result.name);
    if (!baseResult)
      return {
        name: result.name,
        base: null,
        new: figures(result),
        delta: null,
        baseNote: notes.get(result.name) ?? "not run on the base",
      };
    const b = figures(baseResult);
    const n = figures(result);
    return { name: result.name, base: b, new: n, delta: delta(b, n) };
  });
  const b = input.baseCurve?.criticalShock ?? null;
  const n = input.newCurve?.criticalShock ?? null;
  const criticalShock: CriticalShockComparison = {
    asset: input.curveAsset,
    base: b,
    new: n,
    delta: b !== null && n !== null ? n - b : null,
  };
  return {
    parameters,
    scenarios,
    criticalShock,
    ownBooks: input.ownBooks,
    verdict: verdictOf(scenarios, criticalShock, parameters),
    runs: {
      base: input.baseResults,
      new: input.newResults,
      baseCurve: input.baseCurve ?? undefined,
      newCurve: input.newCurve ?? undefined,
    },
  };
}

export function compareFiles(base: ResolvedRiskFile, next: ResolvedRiskFile, hooks: CompareHooks = {}): Comparison {
  const { books, ownBooks } = sharedBooks(base, next);
  const baseModel = compileModel(base.file, books);
  const { runnable } = runnableOnBase(base.file, next.file);
  const newResults = simulateAll(next, undefined, { onRound: hooks.onRound });
  const baseResults = simulateAll(
    { file: { ...base.file, scenarios: runnable }, books },
    undefined,
    { onRound: hooks.onRound },
    baseModel,
  );
  const curveAsset = curveAssetOf(next);
  const curves = !hooks.withoutCurves;
  return assembleComparison({
    base: base.file,
    next: next.file,
    baseResults,
    newResults,
    newCurve: curves ? curveOf(next, curveAsset, hooks) : undefined,
    baseCurve:
      curves && hasName(base.file.assets, curveAsset)
        ? curveOf({ file: base.file, books }, curveAsset, hooks, baseModel)
        : undefined,
    curveAsset,
    ownBooks,
  });
}

function baseHasOptionsMarket(file: RiskFile, market: string): boolean {
  return file.venues.some((v) => v.kind === "options" && hasName(v.markets, market));
}

/** A comparison without its runs: what crosses to the editor and what the diff prints. */
export function comparisonSummary(comparison: Comparison, base: string): ComparisonSummary {
  return {
    base,
    verdict: comparison.verdict,
    parameters: comparison.parameters.map((p) => ({
      path: p.path,
      at: p.at,
      field: p.field,
      venue: p.venue ?? null,
      market: p.market ?? null,
      old: p.old ?? null,
      new: p.new ?? null,
      relativeChange: p.relativeChange,
    })),
    scenarios: comparison.scenarios.map((s) => ({
      name: s.name,
      base: s.base,
      new: s.new,
      delta: s.delta,
      ...(s.baseNote ? { baseNote: s.baseNote } : {}),
    })),
    criticalShock: comparison.criticalShock,
    ownBooks: comparison.ownBooks,
  };
}
