/** "$48.1M": every USD figure a user reads goes through here. */
export function formatUsd(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? "∞ USD" : "n/a";
  const sign = value < 0 ? "-" : "";
  const magnitude = Math.abs(value);
  const units: [number, string][] = [
    [1e12, "T"],
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "k"],
  ];
  for (const [size, suffix] of units) {
    if (magnitude >= size) return `${sign}$${trim((magnitude / size).toPrecision(3))}${suffix}`;
  }
  return `${sign}$${trim(magnitude.toFixed(magnitude >= 100 ? 0 : 2))}`;
}

const trim = (text: string): string => (text.includes(".") ? text.replace(/\.?0+$/, "") : text);
