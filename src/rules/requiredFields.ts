/**
 * Fields a market needs depending on its venue (SPEC 2-3, 8.1, 8.8), read from the file as
 * written: the schema leaves them optional because which one is required depends on the
 * venue's style, and they are reported with the schema's own problems, even when the
 * schema finds others (a file shows all its missing fields at once).
 */
import type { Problem } from "../model/problem";
import type { JsonDocument, JsonPath } from "../parse/jsonDocument";
import { missingFieldMessage } from "./schemaProblems";

const objectAt = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const own = (value: Record<string, unknown>, key: string) => Object.prototype.hasOwnProperty.call(value, key);

export function requiredFieldProblems(doc: JsonDocument): Problem[] {
  const root = objectAt(doc.value);
  const venues = root && Array.isArray(root.venues) ? root.venues : [];
  const problems: Problem[] = [];
  const missing = (path: JsonPath) =>
    problems.push({ code: "CL002", severity: "error", message: missingFieldMessage(path), range: doc.rangeOf(path) });
  venues.forEach((rawVenue, v) => {
    const venue = objectAt(rawVenue);
    const markets = venue && objectAt(venue.markets);
    if (!venue || !markets) return;
    const liquidation = objectAt(venue.liquidation);
    const style = liquidation && typeof liquidation.style === "string" ? liquidation.style : "aave";
    for (const [name, rawMarket] of Object.entries(markets)) {
      const market = objectAt(rawMarket);
      if (!market) continue;
      const path: JsonPath = ["venues", v, "markets", name];
      if (venue.kind === "perps") {
        if (!own(market, "maintenanceMargin") && !own(market, "maintenanceTiers"))
          missing([...path, "maintenanceMargin"]);
      } else if (venue.kind === "lending") {
        // maker's penalty is required of collateral markets only, which the positions tell (versionTwo.ts).
        const field =
          style === "aave" || style === "aave-v3.3"
            ? "liquidationBonus"
            : style === "compound" && name !== liquidation?.baseAsset
              ? "liquidationFactor"
              : undefined;
        if (field && !own(market, field)) missing([...path, field]);
      }
    }
  });
  return problems;
}
