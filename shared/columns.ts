/** Column numbers (1-based) ↔ letters, as Excel names them. */

/** @example columnLetter(1) === 'A'; columnLetter(28) === 'AB' */
export function columnLetter(column: number): string {
  let n = column;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** @example columnNumber('AB') === 28 */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** @example cellAddress(5, 3) === 'C5' */
export function cellAddress(row: number, column: number): string {
  return `${columnLetter(column)}${row}`;
}
