import type { Campaign } from './campaign.js';
import { columnLetter } from './columns.js';
import { diagnosticAt, makeDiagnostic } from './diagnostics/make.js';
import { FIELD_DEFS } from './fields.js';
import type { HeaderLayout } from './header.js';
import { checkItem, FoundDiagnostics, sheetContext, type ItemContext } from './item-check.js';
import { keyHashFrom, keyOfState, unitKeyState } from './key.js';
import { KeySet } from './key-set.js';
import { SCANNED, scanDescription } from './description-scan.js';
import { FirstSeen } from './first-seen.js';
import { readPreamble, unitFromFileName, unitFromSheetName } from './preamble.js';
import { ItemRows } from './rows.js';
import type { Diagnostic, ItemReport, SheetReport } from './schema/report.js';
import type { SheetView } from './sheet-view.js';
import { sameCompact } from './text.js';
import { contentOf, sameContent, type ReturnedItem } from './returned.js';
import { isVagueOfLength } from './vague.js';

export interface SheetOptions {
  campaign: Campaign;
  categories: ReadonlySet<string>;
  asOf: string;
  unit?: string | undefined;
  returned?: ReadonlyMap<string, ReturnedItem> | undefined;
  assignedOn?: ReadonlyMap<string, string> | undefined;
}

/**
 * One ledger sheet read and checked item by item (cross-unit checks come later): its report, and
 * per item (in report.items' order) whether its description is vague, as a column.
 */
export function readLedgerSheet(view: SheetView, layout: HeaderLayout, opts: SheetOptions): { report: SheetReport; vague: Uint8Array } {
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
    items: [],
    diagnostics,
  };

  // At most one item per row below the header: the hash tables are sized for that once.
  const rowCount = Math.max(0, view.bottom - layout.firstDataRow + 1);
  const keys = new KeySet(rowCount);
  const vague = new Uint8Array(rowCount);
  // Duplicates are within one unit's items (an aggregate sheet holds many units): the hash of
  // unit and compact description finds them, the texts confirm.
  const firstByText = new FirstSeen(sameDescription, rowCount, report.items);
  // One context for every row (checkItem reads it, never keeps it): no copy per item.
  const ctx = sheetContext(view.file, view.sheet, layout.columns, { campaign: opts.campaign, categories: opts.categories, asOf: opts.asOf,
    fillDate: preamble.fillDate ?? undefined, assignedOn: opts.assignedOn });
  readItems(view, new ItemRows(view, layout), ctx, opts, { unitColumn, sheetUnit, statedColumn, stated }, report, keys, firstByText, vague);

  if (preamble.fillDate) report.fillDate = preamble.fillDate;
  if (stated?.size) report.statedUnits = [...stated];
  return { report, vague: vague.subarray(0, report.items.length) };
}

/** Whether two items with equal hashes of unit and compact description are a real repeat (one function for every sheet: see FirstSeen). */
function sameDescription(earlier: number, item: number, items: ItemReport[]): boolean {
  const a = items[earlier]!;
  const b = items[item]!;
  return a.unit === b.unit && sameCompact(a.fields.description ?? '', b.fields.description ?? '');
}

/** Where an item's unit comes from: a unit column (per row), else the sheet's unit; and the units the ledger states itself, when a unit is given. */
interface UnitSources {
  unitColumn: number | undefined;
  sheetUnit: string;
  statedColumn: number | undefined;
  stated: Set<string> | undefined;
}

/**
 * The item rows read and checked into report.items (and their vague flags into `vague`). The loop
 * is this function's end: V8 compiles it while it runs (on-stack), and code after it that had not
 * run yet when it was compiled (the report's last fields) threw that compilation away at the end
 * of every check, so every check compiled the loop again.
 */
function readItems(view: SheetView, rows: ItemRows, ctx: ItemContext, opts: SheetOptions, units: UnitSources, report: SheetReport,
  keys: KeySet, firstByText: FirstSeen<ItemReport[]>, vague: Uint8Array): void {
  const { unitColumn, sheetUnit, statedColumn, stated } = units;
  const scratch = new FoundDiagnostics();
  const { text, slot } = rows;
  const descriptionColumn = ctx.letters.description;
  while (rows.next()) {
    const row = rows.row;
    const own = slot.unit >= 0 ? text[slot.unit]! : '';
    const unit = (unitColumn !== undefined && own) || sheetUnit;
    if (statedColumn !== undefined && own) stated!.add(own);
    const description = slot.description >= 0 ? text[slot.description]! : '';
    // The description as compactText leaves it, read once: its length, and its hash after the unit's.
    const start = unitKeyState(unit);
    const length = scanDescription(description, start[0]!, start[1]!);
    const hashA = SCANNED[0]!;
    const hashB = SCANNED[1]!;
    const compactUnits = SCANNED[2]!;
    const seq = slot.seq >= 0 ? text[slot.seq]!.trim() : '';
    // Two rows of one sheet with the same key (序号): the later one keys on its row as well.
    let key: string;
    let fresh: boolean;
    if (rows.writtenKey !== undefined) {
      key = rows.writtenKey;
      fresh = keys.add(key);
    } else {
      const h = seq ? keyHashFrom(start, seq, '') : null;
      const a = h ? h[0]! : hashA;
      const b = h ? h[1]! : hashB;
      key = keyOfState(a, b);
      fresh = keys.addHash(a, b);
    }
    if (!fresh) keys.add((key = `${key}-${row}`));
    ctx.unit = unit;
    ctx.key = key;
    ctx.compactLength = length;
    ctx.vague = isVagueOfLength(description, length);
    const item = checkItem(rows, ctx, scratch);
    const index = report.items.push(item) - 1;
    if (compactUnits > 0) {
      const first = firstByText.firstOf(hashA, hashB, index);
      if (first >= 0) scratch.push(diagnosticAt('duplicate-item', view.file, view.sheet, row, descriptionColumn, 'description', { otherRow: report.items[first]!.row }));
    }
    const returned = opts.returned?.get(key);
    if (returned && sameContent(contentOf(item.fields), returned.content)) {
      scratch.push(diagnosticAt('returned-unchanged', view.file, view.sheet, row, undefined, undefined,
        { comment: returned.comment ? `（${returned.comment}）` : '', commentEn: returned.comment ? ` (${returned.comment})` : '' }));
    }
    // An array of its own, no longer than it needs (an empty one holds no storage at all).
    item.diagnostics = scratch.copy();
    scratch.count = 0;
    if (ctx.vague) vague[index] = 1;
  }
}

