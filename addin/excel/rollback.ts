import { MARKS_PREFIX, type NoteApi } from './state.js';

/** What a check wrote so far, so a failure can take it back. */
export interface Journal {
  marksName: string;
  reportTemp: string;
  noteApi: NoteApi;
  /** Cells where this run added a note (or comment) of ours. */
  notesAdded: string[];
  /** Our notes this run rewrote, with what they said before. */
  notesChanged: { cell: string; content: string }[];
  /** Computed columns written: what their cells held before (no values: blank, General). */
  columns: { col: number; rows: { top: number; bottom: number }; values: (string | number | boolean)[][]; formats: string[][] }[];
}

/**
 * Takes back what a failed check wrote: its marks and report sheets, the highlight rules that read
 * its marks, the notes it added or changed, the computed cells it overwrote. An earlier check's
 * marks are untouched (they are removed only by the last round trip of a check that succeeds).
 * Throws when Excel refuses the rollback too; the caller then says so.
 */
export async function rollback(context: Excel.RequestContext, sheet: Excel.Worksheet, j: Journal): Promise<void> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  const formats = sheet.getRange().conditionalFormats;
  formats.load('items/type');
  await context.sync();
  const rules = formats.items
    .filter((f) => f.type === Excel.ConditionalFormatType.custom)
    .map((f) => {
      const rule = f.custom.rule;
      rule.load('formula');
      return { f, rule };
    });
  await context.sync();
  for (const { f, rule } of rules) if (rule.formula.includes(j.marksName) && j.marksName.startsWith(MARKS_PREFIX)) f.delete();
  for (const s of sheets.items) if (s.name === j.marksName || s.name === j.reportTemp) s.delete();
  const noteAt = (cell: string): { delete(): void; content: string } =>
    j.noteApi === 'notes' ? (sheet as Excel.Worksheet & { notes: Excel.NoteCollection }).notes.getItem(cell) : sheet.comments.getItemByCell(cell);
  for (const cell of j.notesAdded) noteAt(cell).delete();
  for (const { cell, content } of j.notesChanged) noteAt(cell).content = content;
  for (const c of j.columns) {
    const { top, bottom } = c.rows;
    const cells = sheet.getRangeByIndexes(top - 1, c.col - 1, bottom - top + 1, 1);
    if (!c.values.length) {
      cells.clear(Excel.ClearApplyTo.contents);
      cells.numberFormat = Array.from({ length: bottom - top + 1 }, () => ['General']);
      cells.format.useStandardWidth = true; // a new column's width the check set
    } else {
      cells.values = c.values;
      cells.numberFormat = c.formats;
    }
  }
  await context.sync();
}
