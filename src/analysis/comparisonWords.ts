/** How a comparison writes its figures, in the verdict, the panel, the hovers and the reports alike. */
import { formatUsd } from "../rules/formatUsd";

/** 0.0361 -> "3.6 %" (trailing zeros dropped: "20 %"). */
export const pctText = (fraction: number): string => `${Number((fraction * 100).toFixed(1))} %`;

/** A text with a "+" in front when its value is positive (negatives carry their own sign). */
export const signed = (text: string, value: number): string => (value > 0 ? `+${text}` : text);

export const signedUsd = (usd: number): string => signed(formatUsd(usd), usd);

/** A relative change, "+3.6 %", or nothing when there is none to give. */
export const relativeText = (relative: number | null): string =>
  relative === null ? "" : signed(pctText(relative), relative);

/** A critical shock as a fall, "-29.1 %", or "none". */
export const shockText = (drawdown: number | null): string => (drawdown === null ? "none" : `-${pctText(drawdown)}`);

/** A parameter's value as a reader reads it: "—" where absent, numbers to 8 significant digits. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return "—";
  if (typeof value === "number") return String(Number(value.toPrecision(8)));
  return typeof value === "string" ? value : JSON.stringify(value);
}
