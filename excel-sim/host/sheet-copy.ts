// Worksheet.copy (ExcelApi 1.7) as Excel copies a sheet: everything on it — cells, formats, row
// and column properties, merges, notes, threaded comments, conditional formats (formulas as they
// were: a rule that reads another sheet still reads it), tables (renamed, as names are unique) —
// onto a new sheet named "Name (2)" with a new id. The copy is not activated.
// https://learn.microsoft.com/javascript/api/excel/excel.worksheet#excel-excel-worksheet-copy-member(1)
import { keyCol, keyRow } from './address.js';
import { invalidArgument } from './errors.js';
import type { SheetModel } from './sheet.js';
import type { WorkbookModel } from './workbook.js';

function copyName(wb: WorkbookModel, name: string): string {
  for (let n = 2; ; n++) {
    const tail = ` (${n})`;
    const candidate = `${name.slice(0, 31 - tail.length)}${tail}`;
    if (!wb.sheetByName(candidate)) return candidate;
  }
}

export function copySheet(wb: WorkbookModel, source: SheetModel, positionType: unknown, relativeTo: SheetModel | null): SheetModel {
  const where = positionType ?? 'None';
  if (!['None', 'Before', 'After', 'Beginning', 'End'].includes(where as string)) throw invalidArgument(`Unknown position type "${String(where)}".`);
  if ((where === 'Before' || where === 'After') && !relativeTo) throw invalidArgument('relativeTo is required for Before and After.');
  const copy = wb.addSheet(copyName(wb, source.name));
  for (const [k, c] of source.cells) Object.assign(copy.ensureCell(keyRow(k), keyCol(k)), structuredClone(c));
  for (const [k, l] of source.columns) copy.columns.set(k, structuredClone(l));
  for (const [k, l] of source.rows) copy.rows.set(k, structuredClone(l));
  copy.merges = source.merges.map((m) => ({ ...m }));
  for (const [k, n] of source.notes) copy.notes.set(k, { ...n, sheet: copy });
  copy.conditionalFormats = source.conditionalFormats.map((cf) => ({ ...cf, id: `{CF-${wb.nextId('cf')}}`, sheet: copy, areas: cf.areas.map((a) => ({ ...a })), anchor: { ...cf.anchor }, format: structuredClone(cf.format), tree: undefined }));
  for (const c of wb.comments.filter((x) => x.sheet === source)) wb.comments.push({ ...structuredClone({ ...c, sheet: undefined }), sheet: copy, id: `{C-${wb.nextId('comment')}}` });
  for (const t of wb.tables.filter((x) => x.sheet === source && !x.deleted)) {
    let n = 2;
    while (wb.tables.some((x) => x.name.toLowerCase() === `${t.name}_${n}`.toLowerCase())) n++;
    wb.tables.push({ ...t, id: wb.nextId('table'), name: `${t.name}_${n}`, sheet: copy, rect: { ...t.rect } });
  }
  copy.visibility = source.visibility;
  copy.tabColor = source.tabColor;
  copy.freeze = { ...source.freeze };
  copy.autoFilter = source.autoFilter ? { rect: { ...source.autoFilter.rect }, criteria: new Map(source.autoFilter.criteria) } : null;
  copy.protected = source.protected;
  const at = where === 'None' || where === 'Beginning' ? 0 : where === 'End' ? wb.sheets.length - 1 : wb.sheets.indexOf(relativeTo!) + (where === 'After' ? 1 : 0);
  wb.sheets.splice(wb.sheets.indexOf(copy), 1);
  wb.sheets.splice(Math.min(at, wb.sheets.length), 0, copy);
  return copy;
}
