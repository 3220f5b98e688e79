// What a cell looks like once everything applies: its value and displayed text, its own fill
// and font colour and those conditional formats show, its note, comment and merge. Tests ask
// "which cells are highlighted with which colour" here; a renderer draws from it.
import { cellKey, formatAddress } from './address.js';
import { conditionalLook, type ConditionalLook } from './conditional-format.js';
import type { FormulaHost, Scalar } from './formula-eval.js';
import { GENERAL, formatText } from './number-format.js';
import type { SheetModel } from './sheet.js';
import type { WorkbookModel } from './workbook.js';

/** What one cell looks like, for tests and for a renderer. */
export interface CellView {
  address: string;
  value: Scalar;
  text: string;
  formula?: string;
  numberFormat: string;
  /** Own fill (`#RRGGBB`) or undefined; and the fill shown once conditional formats apply. */
  fill?: string;
  displayFill?: string;
  fontColor: string;
  displayFontColor: string;
  bold: boolean;
  conditional: ConditionalLook;
  note?: string;
  comment?: string;
  /** The merged area this cell anchors, or the anchor of the area that covers it. */
  mergeArea?: string;
  mergedInto?: string;
  hidden: boolean;
}

/**
 * One cell as a renderer draws it: value, text, fills (own and after conditional formats).
 * @example cellView(wb, wb.sheetByName('整改台账')!, 4, 2).displayFill
 */
export function cellView(wb: WorkbookModel, sheet: SheetModel, row: number, col: number, host: FormulaHost = wb.formulaHost(true)): CellView {
  const value = wb.value(sheet, row, col, host);
  const style = sheet.style(row, col);
  const cell = sheet.cell(row, col);
  const look = conditionalLook(host, sheet, row, col);
  const numberFormat = style.numberFormat ?? GENERAL;
  const fontColor = style.font?.color ?? wb.options.defaultFont.color;
  const merge = sheet.mergeAt(row, col);
  const view: CellView = {
    address: formatAddress(sheet.name, { r0: row, c0: col, r1: row, c1: col }),
    value,
    text: formatText(value, look.numberFormat ?? numberFormat, wb.options.locale, wb.date1904),
    numberFormat,
    fontColor,
    displayFontColor: look.fontColor ?? fontColor,
    bold: look.bold ?? style.font?.bold ?? false,
    conditional: look,
    hidden: sheet.columnHidden(col) || sheet.rowHidden(row),
  };
  if (cell?.formula !== undefined) view.formula = cell.formula;
  if (style.fill !== undefined) view.fill = style.fill;
  const shown = look.fill ?? style.fill;
  if (shown !== undefined) view.displayFill = shown;
  const note = sheet.notes.get(cellKey(row, col));
  if (note) view.note = note.content;
  const comment = wb.comments.find((c) => c.sheet === sheet && c.row === row && c.col === col);
  if (comment) view.comment = comment.content;
  if (merge && merge.r0 === row && merge.c0 === col) view.mergeArea = formatAddress(sheet.name, merge);
  else if (merge) view.mergedInto = formatAddress(sheet.name, { r0: merge.r0, c0: merge.c0, r1: merge.r0, c1: merge.c0 });
  return view;
}

/**
 * The cells of a sheet that conditional formats change, with what they show.
 * @example highlights(wb, sheet).map((h) => h.address) // ['整改台账!C5', …]
 */
export function highlights(wb: WorkbookModel, sheet: SheetModel): CellView[] {
  const host = wb.formulaHost(true);
  const seen = new Set<number>();
  const out: [number, CellView][] = [];
  const { rows, cols } = sheet.extent();
  for (const cf of sheet.conditionalFormats)
    for (const a of cf.areas)
      for (let r = a.r0; r <= Math.min(a.r1, Math.max(rows - 1, a.r0)); r++)
        for (let c = a.c0; c <= Math.min(a.c1, Math.max(cols - 1, a.c0)); c++) {
          const k = cellKey(r, c);
          if (seen.has(k)) continue;
          seen.add(k);
          const v = cellView(wb, sheet, r, c, host);
          if (v.conditional.rules.length) out.push([k, v]);
        }
  return out.sort((x, y) => x[0] - y[0]).map(([, v]) => v);
}
