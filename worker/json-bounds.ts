import { columnLetter, type WorkbookInput } from '../shared/index.js';
import { API_LIMITS, submissionSize } from '../shared/schema/api.js';
import { ApiError } from './errors.js';

/** Bounds on a JSON body, checked on its text before JSON.parse builds anything. */
export const JSON_BOUNDS = {
  /** values, text and formats each hold one entry a cell; the rest of a body is small. */
  values: 3 * API_LIMITS.cellsPerSubmission + 100_000,
  /** A submission nests body → sheets → grid → values → row: five levels; six leaves room. */
  depth: 6,
} as const;

/**
 * One pass over the body's text counting its values (commas and openings outside strings) and
 * its nesting, so a 30 MB body of 15 million cells, or 100,000 nested brackets, is refused
 * before JSON.parse would materialise it past a Worker's 128 MB.
 * @example boundJson('{"a":[1,2]}') // passes; boundJson('[[[[[[[1]]]]]]]') throws too-deep
 */
export function boundJson(text: string, bounds: { values: number; depth: number } = JSON_BOUNDS): void {
  let values = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) {
      // Skip the string: to the next quote not escaped by an odd run of backslashes.
      for (i++; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x5c) i++;
        else if (c === 0x22) break;
      }
    } else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > bounds.depth) throw new ApiError('too-deep', `嵌套超过 ${bounds.depth} 层 (the body nests more than ${bounds.depth} levels)`);
      values++;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
    else if (ch === 0x2c && ++values > bounds.values) {
      throw new ApiError('too-many-cells', `一次报送最多 ${API_LIMITS.cellsPerSubmission} 个单元格 (the body holds more than ${bounds.values} values)`);
    }
  }
}

/**
 * The limits every submission meets (JSON or upload), before the core reads it: at most 12,000
 * rows and 300,000 cells (what a Worker's 128 MB holds, API_LIMITS), 32,767 characters a cell
 * (Excel's own limit) and 100,000 a row, so a stored row always fits D1's 2 MB. A refusal for a
 * cell's length names the cell, e.g. 整改台账!C4.
 */
export function checkCells(workbook: WorkbookInput): void {
  const { rows, cells } = submissionSize(workbook.sheets);
  if (rows > API_LIMITS.rowsPerSubmission) {
    throw new ApiError('too-many-rows', `一次报送最多 ${API_LIMITS.rowsPerSubmission} 行，本次 ${rows} 行 (a submission holds at most ${API_LIMITS.rowsPerSubmission} rows)`);
  }
  if (cells > API_LIMITS.cellsPerSubmission) {
    throw new ApiError('too-many-cells', `一次报送最多 ${API_LIMITS.cellsPerSubmission} 个单元格，本次 ${cells} 个 (a submission holds at most ${API_LIMITS.cellsPerSubmission} cells)`);
  }
  for (const grid of workbook.sheets) {
    const top = grid.top ?? 1;
    const left = grid.left ?? 1;
    grid.values.forEach((row, r) => {
      let rowChars = 0;
      row.forEach((value, c) => {
        const chars = Math.max(typeof value === 'string' ? value.length : 0, grid.text?.[r]?.[c]?.length ?? 0);
        rowChars += chars;
        if (chars > API_LIMITS.charsPerCell) {
          throw new ApiError('cell-too-long', `${grid.sheet}!${columnLetter(left + c)}${top + r} 有 ${chars} 个字，单元格最多 ${API_LIMITS.charsPerCell} 个 (characters in a cell)`);
        }
      });
      if (rowChars > API_LIMITS.charsPerRow) {
        throw new ApiError('cell-too-long', `${grid.sheet} 第 ${top + r} 行有 ${rowChars} 个字，一行最多 ${API_LIMITS.charsPerRow} 个 (characters in a row)`);
      }
    });
  }
}
