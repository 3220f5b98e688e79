import { columnLetter } from '../../shared/index.js';
import { REPORT_SHEET, type AnnotationPlan, type Block } from '../annotation-plan.js';
import { rowSlices, WriteBatch } from './batch.js';
import { marksSheetName, type ExistingState } from './state.js';

export const ERROR_FILL = '#FFC7CE';
export const ERROR_FONT = '#9C0006';
export const WARNING_FILL = '#FFEB9C';
export const WARNING_FONT = '#9C5700';

const address = (b: Block) => `${columnLetter(b.left)}${b.top}:${columnLetter(b.right)}${b.bottom}`;

/**
 * Writes a plan into the workbook without touching what the user typed or formatted: highlights
 * are conditional formats reading a hidden marks sheet (two rules however many rows), notes carry
 * the add-in's mark, computed columns sit right of the ledger, and the report is a sheet of its
 * own. What an earlier check left is replaced, never duplicated. Returns the round trips used.
 */
export async function annotate(context: Excel.RequestContext, sheet: Excel.Worksheet, sheetName: string, plan: AnnotationPlan, state: ExistingState, previous: PreviousColumns): Promise<number> {
  const batch = new WriteBatch(context);
  const sheets = context.workbook.worksheets;
  await batch.add(previous.rows.bottom * previous.columns.length * 12, () => removePrevious(sheet, state, previous));

  if (plan.marked) {
    const block = plan.marked;
    const marksName = marksSheetName(sheetName);
    const marks = sheets.add(marksName);
    marks.visibility = Excel.SheetVisibility.veryHidden;
    for (const slice of rowSlices(plan.marks)) {
      const at = { ...block, top: block.top + slice.start, bottom: block.top + slice.start + slice.rows.length - 1 };
      await batch.add(slice.bytes, () => (marks.getRange(address(at)).values = slice.rows));
    }
    // Relative reference: each ledger cell reads the mark at its own address on the marks sheet.
    const ref = `'${marksName}'!${columnLetter(block.left)}${block.top}`;
    await batch.add(0, () => {
      const target = sheet.getRange(address(block));
      const warning = target.conditionalFormats.add(Excel.ConditionalFormatType.custom);
      warning.custom.rule.formula = `=${ref}=2`;
      warning.custom.format.fill.color = WARNING_FILL;
      warning.custom.format.font.color = WARNING_FONT;
      const error = target.conditionalFormats.add(Excel.ConditionalFormatType.custom);
      error.custom.rule.formula = `=${ref}=3`;
      error.custom.format.fill.color = ERROR_FILL;
      error.custom.format.font.color = ERROR_FONT;
      error.priority = 0;
    });
  }

  const e = plan.enrichment;
  if (e) {
    await batch.add(200, () => {
      sheet.getRangeByIndexes(e.headerRow - 1, e.left - 1, 1, e.headers.length).values = [e.headers];
      e.widths.forEach((w, i) => (sheet.getRangeByIndexes(e.headerRow - 1, e.left - 1 + i, 1, 1).format.columnWidth = w));
    });
    for (const slice of rowSlices(e.rows)) {
      await batch.add(slice.bytes * 2, () => {
        const r = sheet.getRangeByIndexes(e.firstRow - 1 + slice.start, e.left - 1, slice.rows.length, e.headers.length);
        r.values = slice.rows;
        r.numberFormat = slice.rows.map(() => e.formats);
      });
    }
  }

  if (state.notes !== 'none') {
    for (const [cell, text] of plan.notes) {
      if (state.userNoteCells.has(cell)) continue; // the user's own note stays; the finding is in 检查·问题摘要
      const bytes = new TextEncoder().encode(text).length;
      await batch.add(bytes, () => (state.notes === 'notes' ? sheet.notes.add(cell, text) : sheet.comments.add(cell, text)));
    }
  }

  const reportName = state.reportNameTaken ? `${REPORT_SHEET}（台账检查）` : REPORT_SHEET;
  const report = sheets.add(reportName);
  for (const slice of rowSlices(plan.report)) {
    await batch.add(slice.bytes, () => {
      report.getRangeByIndexes(slice.start, 0, slice.rows.length, slice.rows[0]!.length).formulas = slice.rows;
    });
  }
  // The report is our own sheet: fit its columns so messages read without widening by hand.
  // (The ledger's own column widths are the user's and are never touched.)
  await batch.add(0, () => report.getRange('A:G').format.autofitColumns());
  await batch.flush();
  return batch.syncs;
}

/** The computed columns an earlier check wrote, and the rows they span (header to last row). */
export interface PreviousColumns {
  columns: number[];
  rows: { top: number; bottom: number };
}

/** Queues the removal of everything an earlier check added (also what Clear does). */
export function removePrevious(sheet: Excel.Worksheet, state: ExistingState, previous: PreviousColumns): void {
  for (const f of state.ourFormats) f.delete();
  for (const n of state.ourNotes) n.delete();
  state.marksSheet?.delete();
  state.reportSheet?.delete();
  const { top, bottom } = previous.rows;
  if (bottom < top) return;
  for (const c of previous.columns) {
    const cells = sheet.getRangeByIndexes(top - 1, c - 1, bottom - top + 1, 1);
    cells.clear(Excel.ClearApplyTo.contents);
    // The check set these cells' number format and the column's width; they were General and standard before it.
    cells.numberFormat = Array.from({ length: bottom - top + 1 }, () => ['General']);
    cells.format.useStandardWidth = true;
  }
}
