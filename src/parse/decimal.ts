/**
 * The one number grammar of risk files, inline and in CSV books: JSON's
 * (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?). JavaScript's Number() also reads
 * "0x64", "0b1010", "Infinity" and " 7 ", which the same value written inline would be
 * refused as; a book must not accept what the file does not.
 */
export function isDecimal(text: string, start = 0, end = text.length): boolean {
  let i = start;
  if (text.charCodeAt(i) === 45) i++; // -
  if (i >= end) return false;
  if (text.charCodeAt(i) === 48)
    i++; // a leading 0 stands alone
  else if (!digitsFrom()) return false;
  if (i < end && text.charCodeAt(i) === 46 && (i++, !digitsFrom())) return false; // .
  if (i < end && (text.charCodeAt(i) | 32) === 101) {
    i++; // e or E
    const sign = text.charCodeAt(i);
    if (sign === 43 || sign === 45) i++;
    if (!digitsFrom()) return false;
  }
  return i === end;

  function digitsFrom(): boolean {
    const first = i;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
    return i > first;
  }
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;
