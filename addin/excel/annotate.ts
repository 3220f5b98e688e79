import { columnLetter } from '../../shared/index.js';
import { REPORT_SHEET, type AnnotationPlan, type Block } from '../annotation-plan.js';
import { WriteBatch } from './batch.js';
import { addNotesSkippingUsers } from './note-writer.js';
import { CheckFailed } from './refusal.js';
import { rollback, type Journal } from './rollback.js';
import { whenEditEnds } from './run.js';
import { marksSheetName, runMarksName, type ExistingState } from './state.js';

export const ERROR_FILL = '#FFC7CE';
export const ERROR_FONT = '#9C0006';
export const WARNING_FILL = '#FFEB9C';
export const WARNING_FONT = '#9C5700';

const address = (b: Block) => `${columnLetter(b.left)}${b.top}:${columnLetter(b.right)}${b.bottom}`;

/** The computed columns an earlier check wrote, the rows they span, and what they held. */
export interface PreviousColumns {
  columns: number[];
  rows: { top: number; bottom: number };
}

/** What the cells a run overwrites held before it (for the rollback): by column, top to bottom. */
export type CellsBefore = (col: number, rows: { top: number; bottom: number }) => { values: (string | number | boolean)[][]; formats: string[][] };

/** A sheet row's text as the highlight rules join it: '#' then the block's cells joined by '|'. */
export type RowText = (row: number, left: number, right: number) => string;

/**
 * The marks sheet's rows: the row text, then the severity of each block column. Rows with the
 * same text (Excel compares text case-insensitively) are one row, at the higher severity.
 */
export function keyedMarks(plan: AnnotationPlan, rowText: RowText): (string | number)[][] {
  const block = plan.marked!;
  const byText = new Map<string, (string | number)[]>();
  plan.marks.forEach((severities, i) => {
    if (!severities.some((v) => v > 0)) return;
    const text = rowText(block.top + i, block.left, block.right);
    const key = text.toLowerCase();
    const row = byText.get(key);
    if (!row) byText.set(key, [text, ...severities]);
    else severities.forEach((v, c) => (row[c + 1] = Math.max(Number(row[c + 1]), v)));
  });
  return [...byText.values()];
}

/** A short random tag that names this run's own sheets, so two co-authors' runs never collide. */
const runTag = (): string => Math.random().toString(36).slice(2, 7);

/**
 * Writes a plan without touching what the user typed or formatted, all or nothing: everything new
 * is written beside what an earlier check left (a marks sheet and a report sheet of this run's
 * own names; our notes updated in place), and the old is removed in the last round trip. When any
 * round trip fails, what this run wrote is taken back and the error is rethrown.
 * Returns the round trips used.
 */
export async function annotate(context: Excel.RequestContext, sheet: Excel.Worksheet, plan: AnnotationPlan, state: ExistingState, previous: PreviousColumns, before: CellsBefore, rowText: RowText): Promise<number> {
  const tag = runTag();
  const journal: Journal = { marksName: runMarksName(state.sheetId, tag), reportTemp: `${REPORT_SHEET}~${tag}`, noteApi: state.notes, notesAdded: [], notesChanged: [], columns: [] };
  const batch = new WriteBatch(context);
  try {
    await writeAll(context, sheet, plan, state, previous, before, rowText, journal, batch);
    // The last round trip: the earlier check's leftovers go, the report takes its name.
    const reused = new Set(journal.columns.map((j) => j.col));
    removePrevious(sheet, state, { ...previous, columns: previous.columns.filter((c) => !reused.has(c)) }, new Set(plan.notes.keys()));
    // Reused columns keep the rows just written; an earlier, longer run's rows below them go.
    const written = journal.columns[0]?.rows.bottom ?? 0;
    if (previous.rows.bottom > written) removePrevious(sheet, { ...state, ourFormats: [], ourNotes: [], marksSheets: [], reportSheet: null }, { columns: [...reused].filter((c) => previous.columns.includes(c)), rows: { top: written + 1, bottom: previous.rows.bottom } }, new Set(), false);
    // This run's sheets take their lasting names (rules follow a renamed sheet), so checking
    // twice leaves the same workbook as checking once.
    const report = context.workbook.worksheets.getItem(journal.reportTemp);
    report.name = state.reportNameTaken ? `${REPORT_SHEET}（台账检查）` : REPORT_SHEET;
    if (plan.marked) context.workbook.worksheets.getItem(journal.marksName).name = marksSheetName(state.sheetId);
    await batch.force();
    return batch.syncs;
  } catch (error) {
    try {
      await whenEditEnds(context, () => rollback(context, sheet, journal));
    } catch {
      throw new CheckFailed(error, false);
    }
    throw new CheckFailed(error, true);
  }
}

async function writeAll(context: Excel.RequestContext, sheet: Excel.Worksheet, plan: AnnotationPlan, state: ExistingState, previous: PreviousColumns, before: CellsBefore, rowText: RowText, journal: Journal, batch: WriteBatch): Promise<void> {
  const sheets = context.workbook.worksheets;
  if (plan.marked) {
    const block = plan.marked;
    const keyed = keyedMarks(plan, rowText);
    const width = block.right - block.left + 1;
    const marks = sheets.add(journal.marksName);
    marks.visibility = Excel.SheetVisibility.veryHidden;
    await batch.addRows(keyed, (start, rows) => (marks.getRangeByIndexes(start, 0, rows.length, width + 1).values = rows));
    // Marks follow the rows, not their places: a cell's severity is looked up by its row's own
    // contents (the ledger columns joined), so a sort, an inserted or deleted row moves the
    // highlight with its row; an edited row is no longer highlighted. Column B of the marks
    // sheet is the block's first column (relative), read by SUMPRODUCT (no 255-character limit).
    const n = Math.max(1, keyed.length);
    const m = `'${journal.marksName}'`;
    const text = Array.from({ length: width }, (_, i) => `$${columnLetter(block.left + i)}${block.top}`).join('&"|"&');
    const severity = `SUMPRODUCT((${m}!$A$1:$A$${n}="#"&${text})*${m}!B$1:B$${n})`;
    await batch.add(0, () => {
      const target = sheet.getRange(address(block));
      const warning = target.conditionalFormats.add(Excel.ConditionalFormatType.custom);
      warning.custom.rule.formula = `=${severity}=2`;
      warning.custom.format.fill.color = WARNING_FILL;
      warning.custom.format.font.color = WARNING_FONT;
      const error = target.conditionalFormats.add(Excel.ConditionalFormatType.custom);
      error.custom.rule.formula = `=${severity}=3`;
      error.custom.format.fill.color = ERROR_FILL;
      error.custom.format.font.color = ERROR_FONT;
      error.priority = 0;
    });
  }

  const e = plan.enrichment;
  if (e) {
    const rows = { top: e.headerRow, bottom: e.firstRow + e.rows.length - 1 };
    for (let i = 0; i < e.headers.length; i++) {
      const col = e.left + i;
      journal.columns.push({ col, rows, ...(previous.columns.includes(col) ? before(col, rows) : { values: [], formats: [] }) });
    }
    await batch.add(200, () => {
      sheet.getRangeByIndexes(e.headerRow - 1, e.left - 1, 1, e.headers.length).values = [e.headers];
      // Wide enough to read each header (Clear and a rollback set them back to standard).
      e.widths.forEach((w, i) => (sheet.getRangeByIndexes(e.headerRow - 1, e.left - 1 + i, 1, 1).format.columnWidth = w));
    });
    // A row costs its values and its row of number formats (short, the same for every row).
    const formatBytes = new TextEncoder().encode(JSON.stringify(e.formats)).length + 1;
    await batch.addRows(
      e.rows,
      (start, rows) => {
        const r = sheet.getRangeByIndexes(e.firstRow - 1 + start, e.left - 1, rows.length, e.headers.length);
        r.values = rows;
        r.numberFormat = rows.map(() => e.formats);
      },
      formatBytes,
    );
  }

  await batch.add(0, () => sheets.add(journal.reportTemp));
  const report = sheets.getItem(journal.reportTemp);
  await batch.addRows(plan.report, (start, rows) => (report.getRangeByIndexes(start, 0, rows.length, rows[0]!.length).formulas = rows));
  // The report is our own sheet: fit its columns so messages read without widening by hand.
  // (The ledger's own column widths are the user's and are never touched.)
  await batch.add(0, () => report.getRange('A:G').format.autofitColumns());

  if (state.notes !== 'none') {
    // Our note already on a cell is updated in place; a new one is added (last, in round trips of
    // its own: on Excel before 1.18 a user's note is invisible to add-ins, and adding a comment
    // there is refused, so that cell is skipped and its finding stays in 检查·问题摘要).
    const ours = new Map(state.ourNotes.map((n) => [n.cell, n]));
    const added: [string, string][] = [];
    for (const [cell, text] of plan.notes) {
      if (state.userNoteCells.has(cell)) continue;
      const old = ours.get(cell);
      if (old) {
        if (old.content === text) continue;
        journal.notesChanged.push({ cell, content: old.content });
        await batch.add(text.length * 3, () => (old.target.content = text));
      } else added.push([cell, text]);
    }
    await batch.flush();
    await addNotesSkippingUsers(context, sheet, state, added, journal, batch);
  }
  await batch.flush();
}

/**
 * Queues the removal of everything an earlier check added (also what Clear does). Our notes on
 * `keepNotes` cells stay (a re-check updated them in place).
 */
export function removePrevious(sheet: Excel.Worksheet, state: ExistingState, previous: PreviousColumns, keepNotes: ReadonlySet<string> = new Set(), resetWidths = true): void {
  for (const f of state.ourFormats) f.delete();
  for (const n of state.ourNotes) if (!keepNotes.has(n.cell) || state.userNoteCells.has(n.cell)) n.target.delete();
  for (const m of state.marksSheets) m.delete();
  state.reportSheet?.delete();
  const { top, bottom } = previous.rows;
  if (bottom < top) return;
  for (const c of previous.columns) {
    const cells = sheet.getRangeByIndexes(top - 1, c - 1, bottom - top + 1, 1);
    cells.clear(Excel.ClearApplyTo.contents);
    // The check set these cells' number format and the column's width; they were General and standard before it.
    cells.numberFormat = Array.from({ length: bottom - top + 1 }, () => ['General']);
    if (resetWidths) cells.format.useStandardWidth = true;
  }
}
