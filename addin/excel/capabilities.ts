// What this Excel can do for the add-in. An API is used only when Excel reports its requirement
// set AND the loaded office.js has it: an Excel that reports ExcelApi 1.18 running an older
// library (the packaged @microsoft/office-js 1.1.110 knows ExcelApi up to 1.15) has no
// `worksheet.notes` on the client side, and calling it would crash.

/** Which note API to use: notes (ExcelApi 1.18), else threaded comments (1.10), else none. */
export type NoteApi = 'notes' | 'comments' | 'none';

const supported = (version: string): boolean => Office.context.requirements.isSetSupported('ExcelApi', version);

/** Whether the loaded library has the Notes API (Excel.NoteCollection and Worksheet.notes). */
export function libraryHasNotes(): boolean {
  const excel = Excel as unknown as { NoteCollection?: unknown; Worksheet?: { prototype: object } };
  return typeof excel.NoteCollection === 'function' && !!excel.Worksheet && 'notes' in excel.Worksheet.prototype;
}

export function noteApi(): NoteApi {
  if (supported('1.18') && libraryHasNotes()) return 'notes';
  return supported('1.10') ? 'comments' : 'none';
}

/** Whether Excel can say if the workbook's structure is protected (Workbook.protection, ExcelApi 1.7). */
export const workbookProtectionKnown = (): boolean => supported('1.7');

/**
 * Excel.run's options: one undo step for the whole run where Excel groups an add-in's changes
 * (`mergeUndoGroup`, ExcelApi 1.20). An older library ignores the option; on an older Excel
 * every sync is an undo step of its own.
 * https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-undo-capabilities
 */
export function runOptions(): Excel.RunOptions {
  return supported('1.20') ? ({ mergeUndoGroup: true } as Excel.RunOptions) : {};
}
