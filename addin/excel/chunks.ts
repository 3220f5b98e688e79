import type { CellValue, Grid, Merge } from '../../shared/index.js';
import { coreValue } from './date-system.js';
import { isWpsPicture, PICTURE_TEXT } from '../../shared/cell-picture.js';

/**
 * Excel on the web refuses a request or response over 5 MB ("Resource limits and performance
 * optimization for Office Add-ins"). Whether that is 5,000,000 bytes or 5 MiB, 4.5 MB stays a
 * tenth under it, room for what the estimates of a request's size miss (paths, ids: ~3%).
 */
export const PAYLOAD_BUDGET = 4_500_000;
/** Rows read in the first round trip, to measure how big a row of this sheet is. */
export const SAMPLE_ROWS = 200;

/** UTF-8 size of what a loaded block costs on the wire (values, text and formats as JSON). */
export function wireBytes(block: unknown): number {
  return new TextEncoder().encode(JSON.stringify(block)).length;
}

/**
 * How many rows fit one request, from the sample's measured size per row.
 * @example rowsPerChunk(200, 160_000) === 5000  // 800 bytes a row, 4 MB a request
 */
export function rowsPerChunk(sampleRows: number, sampleBytes: number, budget = PAYLOAD_BUDGET): number {
  const perRow = Math.max(1, sampleBytes / Math.max(1, sampleRows));
  return Math.max(1, Math.floor(budget / (perRow * 1.25)));
}

/** The row ranges (0-based offsets into the used range) still to read after the sample. */
export function chunkPlan(totalRows: number, sampled: number, perChunk: number): { start: number; count: number }[] {
  const out: { start: number; count: number }[] = [];
  for (let start = sampled; start < totalRows; start += perChunk) out.push({ start, count: Math.min(perChunk, totalRows - start) });
  return out;
}

/**
 * Parses a RangeAreas address list ("Sheet1!A1:Q1, Sheet1!A3:A4" or "'整改 台账'!A1:B2") into merges.
 * @example parseAreas("Sheet1!A1:Q1, Sheet1!C3") → [{ top: 1, left: 1, bottom: 1, right: 17 }, …]
 */
export function parseAreas(address: string): Merge[] {
  const out: Merge[] = [];
  for (const part of address.split(/,(?=(?:[^']*'[^']*')*[^']*$)/)) {
    const ref = part.trim().split('!').pop() ?? '';
    const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(ref);
    if (!m) continue;
    const [left, top] = [col(m[1]!), Number(m[2])];
    const [right, bottom] = m[3] ? [col(m[3]), Number(m[4])] : [left, top];
    out.push({ top, left, bottom, right });
  }
  return out;
}

function col(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

/** A block of a used range as Excel answers it. */
export interface LoadedBlock {
  values: CellValue[][];
  text: string[][];
  numberFormat: string[][];
}

/**
 * The grid of the sheet from the blocks read, in order. Excel reports a blank cell as "", an
 * error as its text ("#N/A"): blanks become null so the core sees empty cells as empty. Dates of
 * a 1904 workbook move up by `dateShift` days (date-system.ts): the core counts in the 1900 system.
 */
export function assembleGrid(sheet: string, top: number, left: number, blocks: LoadedBlock[], merges: Merge[], hiddenColumns: number[], tables: { name: string; ref: string }[], dateShift = 0): Grid {
  const values: CellValue[][] = [];
  const text: (string | null)[][] = [];
  const formats: (string | null)[][] = [];
  for (const b of blocks) {
    b.values.forEach((row, r) => {
      const rowFormats = b.numberFormat[r]!;
      // WPS's picture in a cell, opened in Excel before a recalculation, still holds its
      // =DISPIMG(…) text: it reads as the readers read it (shared/cell-picture.ts).
      values.push(row.map((v, c) => (v === '' ? null : typeof v === 'string' && isWpsPicture(v) ? PICTURE_TEXT : dateShift ? coreValue(v, rowFormats[c], dateShift) : v)));
      text.push(b.text[r]!.map((t, c) => (t === String(row[c] ?? '') || isWpsPicture(t) ? null : t)));
      formats.push(rowFormats.map((f) => (f === 'General' ? null : f)));
    });
  }
  return { sheet, top, left, values, text, formats, merges, hiddenColumns, tables };
}
