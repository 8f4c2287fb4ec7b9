/**
 * Text from a file, made safe for a terminal, a CI log or the run log. A name holding a
 * newline could forge a line ("0 errors", a CI annotation such as "::error"), and an
 * escape sequence could rewrite the terminal. Control characters (C0, DEL, C1), line and
 * paragraph separators and bidirectional overrides are written as escapes, so every
 * printed line is exactly one line of the report. JSON output needs none of this: JSON
 * escapes them itself, and keeps names exact.
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

export function printable(text: string): string {
  return text.replace(
    UNPRINTABLE,
    (c) => NAMED[c] ?? (c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`),
  );
}

const hex = (c: string, width: number): string => c.charCodeAt(0).toString(16).padStart(width, "0");
