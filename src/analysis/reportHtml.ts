/**
 * The standalone governance report: parameters, every scenario's results and the charts
 * as inline images, in one HTML file with no external resource (forums strip them).
 */
import { mechanismPhrase, scenarioSummary, signedPercent } from "./summaries";
import { totalBadDebt, totalStuck, totalStuckBadDebt, totalUncovered, type ScenarioResult } from "../engine/results";
import type { RiskFile } from "../model/schema";
import { formatUsd } from "../rules/formatUsd";
import { PNG_DATA_URL } from "../shared/panelProtocol";
import { baseMaintenanceMargin, fullLiquidationBelowUsdOf } from "../model/styles";

export interface ReportInput {
  fileName: string;
  file: RiskFile;
  scenarios: readonly ScenarioResult[];
  criticalShock: { asset: string; value: number | null } | null;
  images: readonly { title: string; dataUrl: string }[];
  generatedAt: Date;
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
function describeLiquidity(liquidity: RiskFile["assets"][string]["liquidity"]): string {
  switch (liquidity.model) {
    case "none":
      return "no impact";
    case "linear":
    case "sqrt":
      return `${liquidity.model}: ${formatUsd(liquidity.depthUsd)} moves it ${pct(liquidity.depthMove)}`;
    case "amm":
      return `constant-product pool, ${formatUsd(liquidity.reserveUsd)} a side`;
    case "book":
      return `order book, ${liquidity.levels.length} levels to ${formatUsd(liquidity.levels[liquidity.levels.length - 1][0])}`;
  }
}

const pct = (fraction: number) => `${(fraction * 100).toFixed(2).replace(/\.?0+$/, "")} %`;
const table = (head: string[], rows: string[][]) =>
  `<table><thead><tr>${head.map((h) => `<th>${escape(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join("")}</tr>`).join("")}</tbody></table>`;

export function reportHtml(input: ReportInput): string {
  const { file } = input;
  const sections: string[] = [];
  sections.push(
    `<h2>Assets</h2>${table(
      ["asset", "price", "liquidity", "volatility"],
      Object.entries(file.assets).map(([symbol, asset]) => [
        symbol,
        `$${asset.price}`,
        describeLiquidity(asset.liquidity),
        asset.volatility === undefined ? "" : pct(asset.volatility),
      ]),
    )}`,
  );
  for (const venue of file.venues) {
    if (venue.kind === "lending") {
      sections.push(
        `<h2>${escape(venue.name)} (lending)</h2><p>close factor ${pct(venue.closeFactor)}, full liquidation below HF ${venue.fullLiquidationHealthFactor ?? "never"} or ${formatUsd(fullLiquidationBelowUsdOf(venue))}, liquidator cost ${formatUsd(venue.liquidatorCostUsd)}, insurance fund ${formatUsd(venue.insuranceFundUsd)}</p>` +
          table(
            ["market", "LTV", "liquidation threshold", "bonus", "protocol fee", "supply cap"],
            Object.entries(venue.markets).map(([asset, m]) => [
              asset,
              pct(m.ltv),
              pct(m.liquidationThreshold),
              m.liquidationBonus === undefined ? "" : pct(m.liquidationBonus),
              pct(m.liquidationProtocolFee),
              m.supplyCapUsd === undefined ? "" : formatUsd(m.supplyCapUsd),
            ]),
          ),
      );
    } else if (venue.kind === "options") {
      sections.push(
        `<h2>${escape(venue.name)} (options)</h2><p>dealer delta hedged ${pct(venue.hedgeShare)}, insurance fund ${formatUsd(venue.insuranceFundUsd)}</p>` +
          table(
            ["market", "asset", "volatility", "spot-vol beta", "risk move", "liquidation fee"],
            Object.entries(venue.markets).map(([name, m]) => [
              name,
              m.asset,
              pct(m.volatility),
              String(m.spotVolBeta),
              pct(m.riskMove),
              pct(m.liquidationFee),
            ]),
          ),
      );
    } else {
      sections.push(
        `<h2>${escape(venue.name)} (perpetuals)</h2><p>insurance fund ${formatUsd(venue.insuranceFundUsd)}</p>` +
          table(
            ["market", "asset", "initial margin", "maintenance margin", "liquidation fee"],
            Object.entries(venue.markets).map(([name, m]) => [
              name,
              m.asset,
              pct(m.initialMargin),
              pct(baseMaintenanceMargin(m)),
              pct(m.liquidationFee),
            ]),
          ),
      );
    }
  }
  sections.push(
    `<h2>Scenarios</h2>${table(
      ["scenario", "rounds", "final moves", "liquidated", "bad debt", "uncovered", "stuck debt (of which bad debt)"],
      input.scenarios.map((s) => [
        s.name,
        String(s.rounds) + (s.halted ? " (halted)" : ""),
        Object.keys(s.amplification)
          .map((a) => `${a} ${signedPercent(s.drawdown[a])}`)
          .join(", "),
        formatUsd(s.liquidatedUsd),
        formatUsd(totalBadDebt(s)),
        formatUsd(totalUncovered(s)),
        `${formatUsd(totalStuck(s))} (${formatUsd(totalStuckBadDebt(s))})`,
      ]),
    )}<ul>${input.scenarios
      .map((s) => {
        // Each mechanism's own figures (written-off debt, reserves, auctions, the stability pool, a backstop).
        const mechanisms = s.venues.filter((v) => mechanismPhrase(v)).map((v) => `${v.name}: ${mechanismPhrase(v)}`);
        return `<li>${escape(scenarioSummary(s))}${mechanisms.length ? `<br>${escape(mechanisms.join("; "))}` : ""}</li>`;
      })
      .join("")}</ul>`,
  );
  if (input.criticalShock) {
    sections.push(
      `<p><strong>Critical shock</strong> (smallest ${escape(input.criticalShock.asset)} drawdown leaving uncovered bad debt): ${input.criticalShock.value === null ? "none within the curve's range" : signedPercent(-input.criticalShock.value)}</p>`,
    );
  }
  // Checked again here, where the URL is written into markup: only a well-formed PNG is embedded.
  const images = input.images.filter((image) => PNG_DATA_URL.test(image.dataUrl));
  sections.push(
    `<h2>Charts</h2>${images.map((image) => `<figure><img alt="${escape(image.title)}" src="${image.dataUrl}"><figcaption>${escape(image.title)}</figcaption></figure>`).join("")}`,
  );
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<title>${escape(file.name)}: liquidation cascade report</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 980px; margin: 2em auto; padding: 0 1em; color: #1b1f24; }
table { border-collapse: collapse; margin: 0.5em 0 1em; } th, td { border: 1px solid #ccd; padding: 3px 8px; text-align: right; } th:first-child, td:first-child { text-align: left; }
figure { margin: 1em 0; } img { max-width: 100%; border: 1px solid #dde; } figcaption { font-size: 0.9em; color: #555; }
.note { color: #555; font-size: 0.9em; }
</style>
</head>
<body>
<h1>${escape(file.name)}</h1>
<p class="note">Cascade Lens report of ${escape(input.fileName)}, ${escape(input.generatedAt.toISOString().slice(0, 16).replace("T", " "))} UTC. Simulated with the cascade model of the Cascade Lens SPEC (version 1); parameters as in the file, not live data.</p>
${sections.join("\n")}
</body>
</html>
`;
}
