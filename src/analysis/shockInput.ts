/**
 * A shock typed by a user, in the unit the file uses (a fraction of the price: -0.35) or
 * as a percentage with its sign (-35%). A bare number of magnitude 1 or more is refused:
 * "-35" could mean either, and read as the file's unit it is a fall of 3,500 %.
 */
import { signedPercent } from "./summaries";

export type ParsedShock = { shock: number; echo: string } | { error: string };

export function parseShock(text: string): ParsedShock {
  const trimmed = text.trim().replace(/\s+%$/, "%");
  const percent = trimmed.endsWith("%");
  const body = percent ? trimmed.slice(0, -1) : trimmed;
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(body))
    return { error: "a price change such as -0.35 (the file's unit, a fraction) or -35%" };
  const value = Number(body);
  if (!percent && Math.abs(value) >= 1)
    return {
      error: `"${trimmed}" is ambiguous: write ${value}% for a ${Math.abs(value)} % move, or a fraction such as ${(value / 100).toString()} (the file's unit)`,
    };
  const shock = percent ? value / 100 : value;
  if (!(shock > -1) || !Number.isFinite(shock))
    return { error: "the price must stay above 0: a change above -100 % (-1)" };
  return { shock, echo: `${signedPercent(shock)} (shock ${shock} in the file's unit)` };
}
