/**
 * A comparison as the CLI prints it: JSON (the documented shape), plain text, and Markdown
 * for a governance forum post or a pull-request comment. Markdown is escaped as untrusted:
 * a scenario named "@team <img src=x>" renders as text, never as a mention or an image.
 */
import { printable } from "../model/printable";
import type { Problem } from "../model/problem";
import { formatUsd } from "../rules/formatUsd";
import { pctText, relativeText, shockText, signed, valueText } from "./comparisonWords";
import { comparisonSummary, type Comparison, type OutcomeFigures, type ScenarioComparison } from "./comparison";

export function comparisonJson(base: string, next: string, comparison: Comparison, problems: readonly Problem[]) {
  const { verdict, parameters, scenarios, criticalShock, ownBooks } = comparisonSummary(comparison, base);
  return {
    base,
    new: next,
    verdict,
    // `at` is the new file's JSON path, for the editor's ranges; the CLI names parameters by `path`.
    parameters: parameters.map(({ path, venue, market, field, old, new: value, relativeChange }) => ({
      path,
      venue,
      market,
      field,
      old,
      new: value,
      relativeChange,
    })),
    scenarios,
    criticalShock,
    ownBooks,
    stewardProblems: problems.map(({ code, severity, message, range }) => ({ code, severity, message, range })),
  };
}

/** The assets that moved, signed (drawdowns are negative for a fall). */
function drawdownText(f: OutcomeFigures): string {
  const moved = Object.entries(f.finalDrawdown).filter(([, d]) => Math.abs(d) >= 0.0005);
  return moved.length === 0 ? "none" : moved.map(([asset, d]) => `${asset} ${pctText(d)}`).join(", ");
}

const usdChange = (base: number, next: number): string =>
  base === next
    ? formatUsd(next)
    : `${formatUsd(base)} → ${formatUsd(next)} (${signed(formatUsd(next - base), next - base)})`;

function scenarioCells(s: ScenarioComparison): string[] {
  const n = s.new;
  const b = s.base;
  if (!b)
    return [
      `${formatUsd(n.uncoveredUsd)} (base: ${s.baseNote})`,
      formatUsd(n.badDebtUsd),
      formatUsd(n.liquidatedUsd),
      formatUsd(n.stuckDebtUsd),
      String(n.rounds),
      drawdownText(n),
    ];
  return [
    usdChange(b.uncoveredUsd, n.uncoveredUsd),
    usdChange(b.badDebtUsd, n.badDebtUsd),
    usdChange(b.liquidatedUsd, n.liquidatedUsd),
    usdChange(b.stuckDebtUsd, n.stuckDebtUsd),
    b.rounds === n.rounds ? String(n.rounds) : `${b.rounds} → ${n.rounds}`,
    drawdownText(b) === drawdownText(n) ? drawdownText(n) : `${drawdownText(b)} → ${drawdownText(n)}`,
  ];
}

function criticalText(c: Comparison["criticalShock"]): string {
  return `${c.asset}: ${shockText(c.base)} → ${shockText(c.new)}`;
}

export function comparisonText(
  base: string,
  next: string,
  comparison: Comparison,
  problems: readonly Problem[],
): string {
  const lines = [`${base} → ${next}`, comparison.verdict, "", `Parameters (${comparison.parameters.length} changed):`];
  for (const p of comparison.parameters)
    lines.push(
      `  ${p.path}: ${valueText(p.old)} → ${valueText(p.new)}${p.relativeChange === null ? "" : ` (${relativeText(p.relativeChange)})`}`,
    );
  lines.push(
    "",
    "Scenarios (the new file's, same books): uncovered | bad debt | liquidated | stuck | rounds | final drawdown",
  );
  for (const s of comparison.scenarios) lines.push(`  ${s.name}: ${scenarioCells(s).join(" | ")}`);
  lines.push("", `Critical shock ${criticalText(comparison.criticalShock)}`);
  if (comparison.ownBooks.length > 0) lines.push(`Base venues on their own books: ${comparison.ownBooks.join(", ")}`);
  for (const p of problems) lines.push(`${p.code} ${p.message}`);
  return lines.join("\n");
}

/** Text safe in a Markdown table cell: no markup, mention, link, HTML or line break gets through. */
export function markdownCell(text: string): string {
  return printable(text.replace(/[\r\n\u2028\u2029]+/g, " "))
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/</g, "&lt;")
    .replace(/@/g, "&#64;")
    .replace(/:\/\//g, ":&#47;&#47;");
}

export function comparisonMarkdown(
  base: string,
  next: string,
  comparison: Comparison,
  problems: readonly Problem[],
): string {
  const row = (cells: string[]) => `| ${cells.map(markdownCell).join(" | ")} |`;
  const out = [
    `### Cascade Lens: ${markdownCell(base)} → ${markdownCell(next)}`,
    "",
    `**${markdownCell(comparison.verdict)}**`,
    "",
    `#### Parameters (${comparison.parameters.length} changed)`,
    "",
  ];
  if (comparison.parameters.length === 0) out.push("No parameter changed.");
  else {
    out.push("| parameter | old | new | change |", "|---|---:|---:|---:|");
    for (const p of comparison.parameters)
      out.push(row([p.path, valueText(p.old), valueText(p.new), relativeText(p.relativeChange)]));
  }
  out.push(
    "",
    "#### Outcomes (the new file's scenarios on both files, same books)",
    "",
    "| scenario | uncovered bad debt | bad debt | liquidated | stuck debt | rounds | final drawdown |",
    "|---|---:|---:|---:|---:|---:|---|",
    ...comparison.scenarios.map((s) => row([s.name, ...scenarioCells(s)])),
    "",
    `**Critical shock** ${markdownCell(criticalText(comparison.criticalShock))}`,
  );
  if (comparison.ownBooks.length > 0)
    out.push("", `Base venues on their own books: ${markdownCell(comparison.ownBooks.join(", "))}`);
  if (problems.length > 0) {
    out.push("", "#### Beyond steward limits (CL040)", "");
    for (const p of problems) out.push(`- line ${p.range.start.line + 1}: ${markdownCell(p.message)}`);
  }
  out.push(
    "",
    "<sub>Generated by Cascade Lens. Figures are model outputs on the files' own prices, liquidity and books.</sub>",
  );
  return out.join("\n");
}
