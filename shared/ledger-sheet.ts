import type { Campaign } from './campaign.js';
import { columnLetter } from './columns.js';
import { makeDiagnostic } from './diagnostics/make.js';
import { FIELD_DEFS } from './fields.js';
import type { HeaderLayout } from './header.js';
import { checkItem } from './item-check.js';
import { itemKey } from './key.js';
import { readPreamble, unitFromFileName, unitFromSheetName } from './preamble.js';
import { readItemRows } from './rows.js';
import type { Diagnostic, ItemReport, SheetReport } from './schema/report.js';
import type { SheetView } from './sheet-view.js';
import { compactText } from './text.js';
import { contentOf, sameContent, type ReturnedItem } from './returned.js';

export interface SheetOptions {
  campaign: Campaign;
  categories: ReadonlySet<string>;
  asOf: string;
  unit?: string | undefined;
  returned?: ReadonlyMap<string, ReturnedItem> | undefined;
  assignedOn?: ReadonlyMap<string, string> | undefined;
}

export interface ReadItem {
  report: ItemReport;
  vague: boolean;
  /** The description through compactText, computed once for every check that needs it. */
  compact: string;
}

/** One ledger sheet read and checked item by item (cross-unit checks come later). */
export function readLedgerSheet(view: SheetView, layout: HeaderLayout, opts: SheetOptions): { report: SheetReport; items: ReadItem[] } {
  const where = { file: view.file, sheet: view.sheet };
  const preamble = readPreamble(view, layout.headerRows[0]!, opts.campaign.year);
  // The unit: given explicitly, a unit column (per row), a 填报单位 label, the title, the sheet name, the file name.
  const sheetUnit = opts.unit ?? preamble.labelUnit ?? preamble.titleUnit ?? unitFromSheetName(view.sheet) ?? unitFromFileName(view.file);
  const unitColumn = opts.unit ? undefined : layout.columns.get('unit');
  // With a unit given explicitly, the units the ledger states itself are kept, so a mismatch can be told.
  const stated = opts.unit ? new Set([preamble.labelUnit ?? preamble.titleUnit].filter((u): u is string => !!u)) : undefined;
  const statedColumn = opts.unit ? layout.columns.get('unit') : undefined;

  const diagnostics: Diagnostic[] = [];
  for (const def of FIELD_DEFS) {
    if (layout.columns.has(def.field) || (def.tier !== 'R' && def.tier !== 'W')) continue;
    diagnostics.push(makeDiagnostic('column-missing', { ...where, field: def.field }, { label: def.zh, labelEn: def.field }, def.tier === 'R' ? 'error' : 'warning'));
  }
  for (const a of layout.ambiguous) {
    const def = FIELD_DEFS.find((d) => d.field === a.field)!;
    const used = columnLetter(layout.columns.get(a.field)!);
    diagnostics.push(makeDiagnostic('column-ambiguous', { ...where, row: layout.headerRows[layout.headerRows.length - 1], field: a.field },
      { label: def.zh, labelEn: def.field, columns: a.columns.map(columnLetter).join('、'), used }));
  }

  const items: ReadItem[] = [];
  const keys = new Set<string>();
  // Duplicates are within one unit's items (an aggregate sheet holds many units).
  const firstByText = new Map<string, Map<string, number>>();
  const ctx = { ...where, unit: sheetUnit, key: '', compactDescription: '', columns: layout.columns, campaign: opts.campaign, categories: opts.categories, asOf: opts.asOf,
    fillDate: preamble.fillDate ?? undefined, assignedOn: opts.assignedOn };
  for (const row of readItemRows(view, layout)) {
    const unit = (unitColumn !== undefined ? row.cells.get('unit')?.text : undefined) || sheetUnit;
    if (statedColumn !== undefined) {
      const own = row.cells.get('unit')?.text;
      if (own) stated!.add(own);
    }
    const description = row.cells.get('description')?.text ?? '';
    let key = row.writtenKey ?? itemKey(unit, row.cells.get('seq')?.text ?? '', description);
    // Two rows of one sheet with the same 序号: the later one keys on its row as well.
    if (keys.has(key)) key = `${key}-${row.row}`;
    keys.add(key);
    const norm = compactText(description);
    // One context object for every row (checkItem reads it, never keeps it): no copy per item.
    ctx.unit = unit;
    ctx.key = key;
    ctx.compactDescription = norm;
    const checked = checkItem(row, ctx);
    if (norm) {
      let seen = firstByText.get(unit);
      if (!seen) firstByText.set(unit, (seen = new Map()));
      const first = seen.get(norm);
      if (first === undefined) seen.set(norm, row.row);
      else checked.report.diagnostics.push(makeDiagnostic('duplicate-item', { ...where, row: row.row, column: layout.columns.get('description'), field: 'description' }, { otherRow: first }));
    }
    const returned = opts.returned?.get(key);
    if (returned && sameContent(contentOf(checked.report.fields), returned.content)) {
      checked.report.diagnostics.push(makeDiagnostic('returned-unchanged', { ...where, row: row.row },
        { comment: returned.comment ? `（${returned.comment}）` : '', commentEn: returned.comment ? ` (${returned.comment})` : '' }));
    }
    items.push({ report: checked.report, vague: checked.vague, compact: norm });
  }

  const columns: Record<string, string> = {};
  for (const [f, c] of layout.columns) columns[f] = columnLetter(c);
  const enrichmentColumns: Record<string, string> = {};
  for (const [id, c] of layout.enrichment) enrichmentColumns[id] = columnLetter(c);
  const report: SheetReport = {
    file: view.file,
    sheet: view.sheet,
    isLedger: true,
    unit: sheetUnit,
    headerRows: layout.headerRows,
    firstDataRow: layout.firstDataRow,
    columns,
    lastColumn: columnLetter(layout.lastColumn),
    enrichmentColumns,
    items: items.map((i) => i.report),
    diagnostics,
  };
  if (preamble.fillDate) report.fillDate = preamble.fillDate;
  if (stated?.size) report.statedUnits = [...stated];
  return { report, items };
}
