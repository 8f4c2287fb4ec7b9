/**
 * Text from a file quoted in a message. A hostile cell or name can be megabytes long;
 * a message quotes its start and says how long it was, so problems stay readable and a
 * 20 MB cell is not printed (twice) into a terminal, a CI log or the Problems panel.
 */
const QUOTE_LIMIT = 60;

export function quote(text: string, limit = QUOTE_LIMIT): string {
  if (text.length <= limit) return `"${text}"`;
  return `"${text.slice(0, limit)}…" (${text.length.toLocaleString("en-US")} characters)`;
}
