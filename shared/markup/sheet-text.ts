/**
 * What Excel makes of a text file's pieces when it opens one (a web page, a CSV): the sheet's
 * name and which cell texts become numbers. One rule for html-tables.ts and csv.ts.
 */

/** A plain number as Excel takes it from text: no leading zero, no separators, at most 15 digits before the point. */
const PLAIN_NUMBER = /^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?$/;

/** The cell's value: a plain number as a number, anything else as the text itself. */
export function textOrNumber(text: string): string | number {
  return PLAIN_NUMBER.test(text) ? Number(text) : text;
}

/**
 * A sheet name as Excel gives one: `named` when the file names its sheet, else the file's name
 * without folder and extension; characters a sheet name cannot hold as _, at most 31 of them.
 * @example sheetNameFor('uploads/台账.csv') === '台账'
 */
export function sheetNameFor(file: string, named?: string): string {
  const base = named ?? file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  return base.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet1';
}
