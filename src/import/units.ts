/**
 * Unit conversions of protocol configuration files, each done as one correctly rounded
 * decimal parse: "7800 bps" becomes the double nearest 0.78, never 7800 / 10000 * 1 with
 * two roundings, so an imported value equals the source's to the last bit a reader expects.
 */

/** A plain decimal or exponent literal as protocol files write amounts: "5000000e6", "7_100e18", "0.1e18", 42. */
const AMOUNT = /^(\d+(?:\.\d+)?)(?:e(\d+))?$/;

/** The decimal text of an amount with underscores removed, or undefined when it is not one. */
function amountParts(value: string | number): { digits: string; exponent: number } | undefined {
  const text = typeof value === "number" ? (Number.isFinite(value) && value >= 0 ? String(value) : "") : value;
  const match = AMOUNT.exec(text.replaceAll("_", ""));
  if (!match) return undefined;
  return { digits: match[1], exponent: Number(match[2] ?? 0) };
}

/** An integer amount in base units scaled by 10^-decimals: ("7_100e18", 18) → 7100. */
export function scaledAmount(value: string | number, decimals: number): number | undefined {
  const parts = amountParts(value);
  if (!parts || !Number.isInteger(decimals) || decimals < 0 || decimals > 255) return undefined;
  return Number(`${parts.digits}e${parts.exponent - decimals}`);
}

/** The exponent an amount literal is written with ("5000000e6" → 6), if any. */
export function writtenExponent(value: string | number): number | undefined {
  if (typeof value !== "string") return undefined;
  const match = /e(\d+)$/.exec(value.replaceAll("_", ""));
  return match ? Number(match[1]) : undefined;
}

/** A fixed-point integer (basis points, ppm, WAD) as a fraction: fixedPoint(7800, 4) → 0.78. */
export function fixedPoint(value: string | number | bigint, decimals: number): number {
  return Number(`${String(value)}e-${decimals}`);
}

export const bps = (value: number): number => fixedPoint(value, 4);
export const ppm = (value: number): number => fixedPoint(value, 6);
export const wad = (value: string | number | bigint): number => fixedPoint(value, 18);

/** Aave's bonus "including the 100 %" (10500 = 5 %), as the fraction above 100 % (0.05). */
export const bonusAbove100 = (basisPoints: number): number => bps(basisPoints - 10000);

/** A product of two ppm figures (dYdX's initial margin x maintenance fraction) with one rounding. */
export const ppmProduct = (a: number, b: number): number => fixedPoint(BigInt(a) * BigInt(b), 12);
