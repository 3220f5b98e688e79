import { checkWorkbooks, columnNumber, enrichmentIdOf, type Campaign, type Report, type ServerFacts } from '../../shared/index.js';
import { planAnnotations } from '../annotation-plan.js';
import { annotate, removePrevious, type CellsBefore, type PreviousColumns, type RowText } from './annotate.js';
import { excelValue } from './date-system.js';
import { CheckFailed, CheckRefused } from './refusal.js';
import { MAX_COLUMNS, readActiveSheet, usedExtent, type SheetRead } from './read-sheet.js';
import { marksSheetName, type ExistingState } from './state.js';

export interface CheckOptions {
  campaign?: Campaign;
  asOf?: string;
  unit?: string;
  reviewStates?: ReadonlyMap<string, string>;
  serverFacts?: ReadonlyMap<string, ServerFacts>;
  /** Told after reading and after checking, for the task pane's progress bar. */
  onProgress?: (stage: 'read' | 'checked' | 'annotated') => void;
}

export interface CheckOutcome {
  report: Report;
  /** False when this Excel could not say which cells are merged (before ExcelApi 1.13). */
  mergesRead: boolean;
  /** Round trips to Excel (SPEC: a handful, not one per row). */
  syncs: number;
}

/**
 * The one-click check of the active sheet: read it, run the core, write the marks, notes,
 * computed columns and report sheet. All or nothing: on any failure what it wrote is taken back.
 * @example await Excel.run((ctx) => checkActiveSheet(ctx, { asOf: '2023-05-29' }))
 */
export async function checkActiveSheet(context: Excel.RequestContext, options: CheckOptions = {}): Promise<CheckOutcome> {
  const read = await readOrSayNothingWritten(context);
  options.onProgress?.('read');
  const report = checkWorkbooks([{ file: read.grid.sheet, sheets: [read.grid] }], { campaign: options.campaign, asOf: options.asOf, unit: options.unit });
  options.onProgress?.('checked');
  return annotateChecked(context, read, report, options);
}

/**
 * Writes a check's results into the sheet that was read: a local check, or the report the county
 * server sent back for a submission (the same core ran there), with review states.
 */
export async function annotateChecked(context: Excel.RequestContext, read: SheetRead, report: Report, options: CheckOptions = {}): Promise<CheckOutcome> {
  // A protected sheet: Excel would refuse every write. Say so before writing anything.
  if (read.state.protected) throw new CheckRefused('protected', read.grid.sheet);
  const sheetReport = report.sheets[0]!;
  // A check adds its marks and report sheets; taking an earlier check away deletes them.
  if (read.state.structureProtected && (sheetReport.isLedger || leftSheets(read.state))) throw new CheckRefused('workbook-protected', read.grid.sheet);
  let syncs = read.syncs;
  if (sheetReport.isLedger) {
    const plan = planAnnotations(sheetReport, { usedRight: rightEdge(read), reviewStates: options.reviewStates, serverFacts: options.serverFacts, dateShift: read.dateShift });
    // Check columns that would reach past what a read takes (a ledger out to column SR): refused
    // now, or the sheet could be checked once and never read again to clear or re-check it.
    const right = plan.enrichment ? plan.enrichment.left + plan.enrichment.headers.length - 1 : 0;
    if (right > MAX_COLUMNS) throw new CheckRefused('too-large', read.grid.sheet, usedExtent(read));
    try {
      syncs += await annotate(context, read.sheet, plan, read.state, previousColumns(read, sheetReport), cellsBefore(read), rowText(read));
    } catch (error) {
      if (error instanceof CheckFailed && (await earlierCheckGone(context, read.state))) {
        // A co-author cleared or re-checked this sheet while we wrote: the rollback put back parts of
        // a check that is no longer there. Finish as Clear does, so the sheet is clean, not half.
        try {
          await clearActiveSheet(context);
        } catch {
          throw new CheckFailed(error.cause, false, true);
        }
        throw new CheckFailed(error.cause, true, true);
      }
      throw error;
    }
  } else {
    // Not a ledger (any more): take away what an earlier check left, nothing else (one round trip).
    removePrevious(read.sheet, read.state, orphanColumns(read));
    await context.sync();
    syncs++;
  }
  options.onProgress?.('annotated');
  return { report, syncs, mergesRead: read.mergesRead };
}

/**
 * Clear: removes exactly what checks added — highlight rules, the marks and report sheets, our
 * notes, the computed columns — and nothing of the user's, in one round trip.
 */
export async function clearActiveSheet(context: Excel.RequestContext): Promise<{ syncs: number; cleared: boolean }> {
  const read = await readOrSayNothingWritten(context);
  if (read.state.protected) throw new CheckRefused('protected', read.grid.sheet);
  if (read.state.structureProtected && leftSheets(read.state)) throw new CheckRefused('workbook-protected', read.grid.sheet);
  const report = checkWorkbooks([{ file: read.grid.sheet, sheets: [read.grid] }]);
  const sheet = report.sheets[0]!;
  const previous = sheet.isLedger ? previousColumns(read, sheet) : orphanColumns(read);
  // Whether a check left anything here, so Clear on a sheet never checked says so rather than
  // that it removed marks.
  const { ourFormats, ourNotes, marksSheets, reportSheet } = read.state;
  const cleared = ourFormats.length + ourNotes.length + marksSheets.length > 0 || !!reportSheet || previous.columns.length > 0;
  if (!cleared) return { syncs: read.syncs, cleared };
  removePrevious(read.sheet, read.state, previous);
  await context.sync();
  return { syncs: read.syncs + 1, cleared };
}

/**
 * Where new computed columns may start after: the used range's right edge, one column further
 * when a table ends there. Excel takes a column written right beside a table into it (table
 * auto-expansion), so a blank column keeps our columns out of the user's table.
 */
function rightEdge(read: SheetRead): number {
  const tableRight = Math.max(0, ...(read.grid.tables ?? []).map((t) => columnNumber(/:\$?([A-Z]+)\$?\d+$/.exec(t.ref)?.[1] ?? 'A')));
  return tableRight >= read.usedRight ? tableRight + 1 : read.usedRight;
}

/** Text as Excel's `&` makes it from a cell value (numbers to 15 significant digits). */
function excelText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') {
    const n = Number(v.toPrecision(15));
    return Math.abs(n) >= 1e21 || (n !== 0 && Math.abs(n) < 1e-9) ? n.toExponential().replace('e', 'E') : String(n);
  }
  return String(v);
}

/** A row's text as the highlight rules compute it, from the values read. */
function rowText(read: SheetRead): RowText {
  const top = read.grid.top ?? 1;
  const left0 = read.grid.left ?? 1;
  return (row, left, right) => {
    const values = read.grid.values[row - top] ?? [];
    const formats = read.grid.formats?.[row - top] ?? [];
    const parts: string[] = [];
    // As Excel's own formulas see the row: a date as the serial this workbook keeps.
    for (let c = left; c <= right; c++) parts.push(excelText(excelValue(values[c - left0], formats[c - left0], read.dateShift)));
    return `#${parts.join('|')}`;
  };
}

/** Whether an earlier check left sheets (its marks, our report) that taking it away deletes. */
function leftSheets(state: ExistingState): boolean {
  return state.marksSheets.length > 0 || state.reportSheet !== null;
}

/** Whether a marks sheet the earlier check left, seen when this run read the sheet, is gone now. */
async function earlierCheckGone(context: Excel.RequestContext, state: ExistingState): Promise<boolean> {
  const own = marksSheetName(state.sheetId);
  const earlier = state.sheetNames.filter((n) => n === own || n.startsWith(`${own}_`));
  if (!earlier.length) return false;
  const sheets = context.workbook.worksheets.load('items/name');
  await context.sync();
  const now = new Set(sheets.items.map((s) => s.name));
  return earlier.some((n) => !now.has(n));
}

/** Reads the sheet; a failure there has written nothing, and the message says so. */
async function readOrSayNothingWritten(context: Excel.RequestContext): Promise<SheetRead> {
  try {
    return await readActiveSheet(context);
  } catch (error) {
    if (error instanceof CheckRefused) throw error;
    throw new CheckFailed(error, true);
  }
}

/** What a computed column's cells held when read (a rollback puts it back). */
function cellsBefore(read: SheetRead): CellsBefore {
  const top = read.grid.top ?? 1;
  const left = read.grid.left ?? 1;
  return (col, rows) => {
    const values: (string | number | boolean)[][] = [];
    const formats: string[][] = [];
    for (let r = rows.top; r <= rows.bottom; r++) {
      const v = read.grid.values[r - top]?.[col - left];
      const format = read.grid.formats?.[r - top]?.[col - left] ?? 'General';
      values.push([v === null || v === undefined ? '' : (excelValue(v, format, read.dateShift) as string | number | boolean)]);
      formats.push([format]);
    }
    return { values, formats };
  };
}

/** Computed columns left on a sheet whose ledger header is gone: found by their own headers. */
function orphanColumns(read: SheetRead): PreviousColumns {
  const top = read.grid.top ?? 1;
  const left = read.grid.left ?? 1;
  for (let r = 0; r < Math.min(30, read.grid.values.length); r++) {
    const columns = read.grid.values[r]!.flatMap((v, c) => (typeof v === 'string' && enrichmentIdOf(v) ? [left + c] : []));
    if (columns.length) return { columns, rows: { top: top + r, bottom: top + read.grid.values.length - 1 } };
  }
  return { columns: [], rows: { top: 1, bottom: 0 } };
}

function previousColumns(read: SheetRead, sheet: Report['sheets'][number]): PreviousColumns {
  const columns = Object.values(sheet.enrichmentColumns).map(columnNumber);
  const top = sheet.headerRows[sheet.headerRows.length - 1] ?? 1;
  const bottom = (read.grid.top ?? 1) + read.grid.values.length - 1;
  return { columns, rows: { top, bottom } };
}
