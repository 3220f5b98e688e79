import type { HeaderLayout } from './header.js';
import { FIELDS } from './field-list.js';
import type { Field } from './schema/report.js';
import { NOT_SEEN, type SheetView } from './sheet-view.js';

const FOOTER = /^(?:填表人|填报人|审核人|审核|制表人|制表|联系电话|联系人|负责人|单位负责人|主要负责人|签字|签发人|报送人|注|说明)\s*[:：]/;
/** The characters FOOTER's labels start with: a row whose first text starts otherwise is no footer, without the regex. */
const FOOTER_FIRST: ReadonlySet<number> = new Set([...'填审制联负单主签报注说'].map((c) => c.charCodeAt(0)));
const NOTHING_FOUND = /^(?:经自查)?[，,：:]?(?:暂未|未|没有|暂无)(?:发现|查出|发现明显)?(?:问题|.{0,6}问题)?[。.]?$|^(?:无|暂无|没有)[。.]?$/;
/** The longest text NOTHING_FOUND can match (经自查，暂未发现明显 + six characters + 问题。). */
const NOTHING_FOUND_MAX = 19;
/** The characters NOTHING_FOUND can start with (经自查, punctuation, 暂未, 未, 没有, 暂无, 无). */
const NOTHING_FOUND_FIRST: ReadonlySet<number> = new Set([...'经，,：:暂未没无'].map((c) => c.charCodeAt(0)));
/** Fields that do not make a row an item on their own (a 序号 beside 经自查暂未发现问题). */
const NOT_COUNTED: ReadonlySet<Field> = new Set(['seq', 'unit']);

/** Field → its slot in a row's text (-1: the sheet has no column for it). */
export type Slots = Readonly<Record<Field, number>>;

/**
 * The item rows below the header, read one at a time into buffers reused from row to row (no
 * object per row): rows with at least two mapped fields (besides 序号 and unit) filled, merged
 * cells giving their value to every row they cover, footers and "nothing found" rows left out.
 * @example for (const rows = new ItemRows(view, layout); rows.next();) use(rows.row, rows.text[rows.slot.description])
 */
export class ItemRows {
  /** The mapped fields in the layout's column order, and their columns. */
  readonly fields: readonly Field[];
  readonly columns: readonly number[];
  readonly slot: Slots;
  /** The current row's text per slot, '' where the cell is empty. */
  readonly text: string[];
  /** The current row (1-based, the sheet's own) and the key written there on an earlier run. */
  row = 0;
  writtenKey: string | undefined;
  /** Per slot, the row the current cell takes its value from (a merge's first row, or the row), when `merged`. */
  private readonly source: number[];
  /** Per slot, the cell string text[slot] was trimmed from (see SheetView.rowTexts). */
  private readonly seen: unknown[];
  /** Whether a merge covers any cell of the current row (else every cell is the row's own). */
  private merged = false;
  private readonly counted: boolean[];
  /** The current row's filled slots, a bit each (set by next()). */
  private filled = 0;
  private readonly fill: Map<number, Map<number, number>>;
  private readonly keyColumn: number | undefined;
  /** Fields objects with empty values, by which fields are filled (a bit per slot). */
  private readonly templates = new Map<number, { shape: Record<string, string>; site: number }>();
  private next_: number;

  constructor(private readonly view: SheetView, private readonly layout: HeaderLayout) {
    this.fields = [...layout.columns.keys()];
    this.columns = [...layout.columns.values()];
    const slot = {} as Record<Field, number>;
    for (const f of FIELDS) slot[f] = -1;
    this.fields.forEach((f, i) => (slot[f] = i));
    this.slot = slot;
    this.text = this.fields.map(() => '');
    this.source = this.fields.map(() => 0);
    this.seen = this.fields.map(() => NOT_SEEN);
    this.counted = this.fields.map((f) => !NOT_COUNTED.has(f));
    this.fill = mergeFill(view, layout.firstDataRow);
    this.keyColumn = layout.enrichment.get('key');
    this.next_ = layout.firstDataRow;
  }

  /** Moves to the next item row; false when there is none. */
  next(): boolean {
    const { view, text, source, columns, seen } = this;
    for (let r = this.next_; r <= view.bottom; r++) {
      view.rowTexts(r, columns, text, seen);
      const filled = this.fill.size ? this.fill.get(r) : undefined;
      this.merged = filled !== undefined;
      if (filled) {
        source.fill(r);
        for (let i = 0; i < columns.length; i++) {
          const from = filled.get(columns[i]!);
          if (from !== undefined) {
            text[i] = view.text((source[i] = from), columns[i]!);
            seen[i] = NOT_SEEN;
          }
        }
      }
      // Which slots are filled (fieldsObject's template) and how many of them make an item, in one pass.
      let counted = 0;
      let mask = 0;
      for (let i = 0; i < text.length; i++) {
        if (!text[i]) continue;
        mask |= 1 << i;
        if (this.counted[i]) counted++;
      }
      this.filled = mask;
      if (counted < 2 || isFooter(view, r, this.layout) || this.isNothingFound() || isNumberingRow(view, r, this.layout)) continue;
      this.row = r;
      this.next_ = r + 1;
      const key = this.keyColumn !== undefined ? view.text(r, this.keyColumn) : '';
      this.writtenKey = key || undefined;
      return true;
    }
    this.next_ = view.bottom + 1;
    return false;
  }

  /**
   * The current row's filled fields as an object (field → text, in column order), copied from a
   * template with the same keys: the object is allocated once at its size, not grown key by key.
   */
  fieldsObject(): Record<string, string> {
    const { text, fields } = this;
    const mask = this.filled;
    let template = this.templates.get(mask);
    if (!template) {
      const grown: Record<string, string> = {};
      for (let i = 0; i < text.length; i++) if (text[i]) grown[fields[i]!] = '';
      // Through JSON.parse, which lays every key out inside the object (one grown key by key
      // keeps all but four in a second array): each copy is then one allocation, half the cost.
      template = { shape: JSON.parse(JSON.stringify(grown)) as Record<string, string>, site: this.templates.size };
      this.templates.set(mask, template);
    }
    const out = copyAt(template.site, template.shape);
    for (let i = 0; i < text.length; i++) if (text[i]) out[fields[i]!] = text[i]!;
    return out;
  }

  /** The day a date cell of the current row holds (only date fields need it), as ISO. */
  date(slot: number): string | null {
    return slot < 0 || !this.text[slot] ? null : this.view.dateValue(this.merged ? this.source[slot]! : this.row, this.columns[slot]!);
  }

  private isNothingFound(): boolean {
    const s = this.slot.description;
    const d = s < 0 ? '' : this.text[s]!;
    // Most descriptions cannot be a "nothing found" phrase: look at the first character, then
    // count, before any regex.
    if (!d || !NOTHING_FOUND_FIRST.has(firstNonSpace(d)) || nonSpaceLength(d, NOTHING_FOUND_MAX + 1) > NOTHING_FOUND_MAX) return false;
    return NOTHING_FOUND.test(d.replace(/\s+/g, ''));
  }
}

/**
 * A copy of a template, made at one of eight places by the template's number: a spread that
 * sees more than four shapes of object (a ledger's rows fill their fields in a dozen ways)
 * copies key by key in the runtime, one that sees at most four copies the object whole.
 */
function copyAt(site: number, shape: Record<string, string>): Record<string, string> {
  switch (site & 7) {
    case 0: return { ...shape };
    case 1: return { ...shape };
    case 2: return { ...shape };
    case 3: return { ...shape };
    case 4: return { ...shape };
    case 5: return { ...shape };
    case 6: return { ...shape };
    default: return { ...shape };
  }
}

/** How many characters of the text are not whitespace (as \s reads it), counting up to `limit`. */
function nonSpaceLength(text: string, limit: number): number {
  let n = 0;
  for (let i = 0; i < text.length && n < limit; i++) if (!isSpace(text.charCodeAt(i))) n++;
  return n;
}

/** The code of the text's first code unit that is not whitespace (as \s reads it), or -1. */
function firstNonSpace(text: string): number {
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return text.charCodeAt(i);
  return -1;
}

/** The characters JavaScript's \s matches. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
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
    // A finite number shows as digits (or a date), never as a label: no text to make and test.
    if (!view.hasShownText) {
      const v = view.value(row, c);
      if (typeof v === 'number' && Number.isFinite(v)) return false;
    }
    const text = view.text(row, c);
    if (text) return FOOTER_FIRST.has(text.charCodeAt(0)) && FOOTER.test(text);
  }
  return false;
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
