import type { HeaderLayout } from './header.js';
import type { Field } from './schema/report.js';
import type { SheetView } from './sheet-view.js';

/** One cell of an item as read: what it shows and, for a date cell, the day. */
export interface FieldCell {
  text: string;
  date: string | null;
  column: number;
}

export interface ItemRow {
  row: number;
  cells: Map<Field, FieldCell>;
  /** The key the add-in wrote into the sheet on an earlier run, if any. */
  writtenKey?: string;
}

const FOOTER = /^(?:填表人|填报人|审核人|审核|制表人|制表|联系电话|联系人|负责人|单位负责人|主要负责人|签字|签发人|报送人|注|说明)\s*[:：]/;
const NOTHING_FOUND = /^(?:经自查)?[，,：:]?(?:暂未|未|没有|暂无)(?:发现|查出|发现明显)?(?:问题|.{0,6}问题)?[。.]?$|^(?:无|暂无|没有)[。.]?$/;
const DATE_FIELDS: ReadonlySet<Field> = new Set(['deadline', 'completedOn', 'closedOn']);
/** Fields that do not make a row an item on their own (a 序号 beside 经自查暂未发现问题). */
const NOT_COUNTED: ReadonlySet<Field> = new Set(['seq', 'unit']);

/**
 * The item rows below the header: rows with at least two mapped fields (besides 序号 and unit)
 * filled, merged cells giving their value to every row they cover, footers and "nothing found"
 * rows left out. Yielded one at a time, so a row's cells can be freed once it is checked.
 */
export function* readItemRows(view: SheetView, layout: HeaderLayout): Generator<ItemRow> {
  const fill = mergeFill(view, layout.firstDataRow);
  const keyColumn = layout.enrichment.get('key');
  for (let r = layout.firstDataRow; r <= view.bottom; r++) {
    const cells = new Map<Field, FieldCell>();
    let counted = 0;
    const filled = fill.get(r);
    for (const [field, column] of layout.columns) {
      const source = filled?.get(column) ?? r;
      const text = view.text(source, column);
      if (!text) continue;
      // Only date fields need the cell's date; skipping the others saves a lookup per cell.
      cells.set(field, { text, date: DATE_FIELDS.has(field) ? view.dateValue(source, column) : null, column });
      if (!NOT_COUNTED.has(field)) counted++;
    }
    if (counted < 2 || isFooter(view, r, layout) || isNothingFound(cells) || isNumberingRow(view, r, layout)) continue;
    const item: ItemRow = { row: r, cells };
    if (keyColumn) {
      const key = view.text(r, keyColumn);
      if (key) item.writtenKey = key;
    }
    yield item;
  }
}

/** row → (column → the row of the merge anchor whose value the cell takes). */
function mergeFill(view: SheetView, firstDataRow: number): Map<number, Map<number, number>> {
  const fill = new Map<number, Map<number, number>>();
  for (const m of view.merges) {
    if (m.top < firstDataRow || m.bottom === m.top) continue;
    const last = Math.min(m.bottom, view.bottom);
    for (let r = m.top + 1; r <= last; r++) {
      let row = fill.get(r);
      if (!row) fill.set(r, (row = new Map()));
      row.set(m.left, m.top);
    }
  }
  return fill;
}

function isFooter(view: SheetView, row: number, layout: HeaderLayout): boolean {
  for (let c = view.left; c <= Math.max(view.right, layout.lastColumn); c++) {
    const text = view.text(row, c);
    if (text) return FOOTER.test(text);
  }
  return false;
}

function isNothingFound(cells: Map<Field, FieldCell>): boolean {
  const d = cells.get('description')?.text.replace(/\s+/g, '');
  return !!d && NOTHING_FOUND.test(d);
}

/** A row of column numbers (1, 2, 3, …) printed under some headers. */
function isNumberingRow(view: SheetView, row: number, layout: HeaderLayout): boolean {
  let expected = 1;
  let seen = 0;
  for (let c = view.left; c <= layout.lastColumn; c++) {
    const v = view.value(row, c);
    if (v === null || v === '') continue;
    if (Number(v) !== expected && Number(v) !== c - view.left + 1) return false;
    expected = Number(v) + 1;
    seen++;
  }
  return seen >= 3;
}
