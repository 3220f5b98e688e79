// The simulated workbook: its sheets with Excel's rules for naming, hiding, deleting and
// activating them, the workbook-level collections (names, tables, comments), and computed cell
// values (formulas evaluated against the whole workbook). Renderers read cells through cell-view.ts.
import { cellKey, parseAddress, type Rect } from './address.js';
import type { Cell } from './cell.js';
import type { CommentModel } from './comments.js';
import { ExcelError, invalidArgument } from './errors.js';
import { evaluateFormula, type FormulaHost, type FormulaSheet, type Scalar } from './formula-eval.js';
import { FormulaSyntaxError } from './formula-parser.js';
import { dropSheetFromFormula, renameSheetInFormula, rewriteFormula } from './formula-shift.js';
import type { NamedItemModel } from './names.js';
import { dateSerial, DAYS_1904 } from './number-format.js';
import { SheetModel, type Visibility } from './sheet.js';
import type { TableModel } from './tables.js';

export interface WorkbookOptions {
  /** Locale of the simulated Excel (number formats, default names); default `zh-CN`. */
  locale?: string;
  /** The signed-in user, author of new notes and comments. */
  user?: { name: string; email: string };
  /** TODAY() as `YYYY-MM-DD` (default: the real date). */
  today?: string;
  /** Clock for comment creation dates (default: the real time). */
  now?: () => Date;
  defaultFont?: { name: string; size: number; color: string };
  /** Default column width and row height, in points. */
  defaultColumnWidth?: number;
  defaultRowHeight?: number;
}

const INVALID_SHEET_CHARS = /[[\]:*?/\\]/;

export class WorkbookModel {
  sheets: SheetModel[] = [];
  active!: SheetModel;
  names: NamedItemModel[] = [];
  tables: TableModel[] = [];
  comments: CommentModel[] = [];
  /** Review > Protect Workbook (structure): the add-in may not add, delete, rename, move, hide or show sheets. */
  structureProtected = false;
  /** The 1904 date system (Excel's option, a Mac workbook of old): dates kept 1,462 days lower. */
  date1904 = false;
  /** The workbook's file name, as Workbook.name gives it. */
  fileName = 'Book1.xlsx';
  readonly options: Required<Omit<WorkbookOptions, 'today' | 'now'>> & Pick<WorkbookOptions, 'today' | 'now'>;
  /** Called with what the evaluator could not do (the engine records it as a host gap). */
  onGap: (what: string) => void = () => {};
  private counters = { sheet: 0, table: 0, cf: 0, comment: 0, chart: 0 };
  private computing = new Set<string>();

  constructor(options: WorkbookOptions = {}) {
    this.options = {
      locale: options.locale ?? 'zh-CN',
      user: options.user ?? { name: '测试用户', email: 'tester@example.com' },
      defaultFont: options.defaultFont ?? { name: '等线', size: 11, color: '#000000' },
      defaultColumnWidth: options.defaultColumnWidth ?? 48,
      defaultRowHeight: options.defaultRowHeight ?? 14.25,
      ...(options.today === undefined ? {} : { today: options.today }),
      ...(options.now === undefined ? {} : { now: options.now }),
    };
  }

  /** A new empty workbook with one sheet, as Excel opens. */
  static blank(options?: WorkbookOptions): WorkbookModel {
    const wb = new WorkbookModel(options);
    wb.addSheet('Sheet1');
    return wb;
  }

  nextId(kind: 'table' | 'cf' | 'comment' | 'chart'): number {
    return ++this.counters[kind];
  }

  sheetByName(name: string): SheetModel | undefined {
    const n = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === n);
  }

  /** A sheet by name or id (Office.js `worksheets.getItem(key)`). */
  sheet(key: string): SheetModel | undefined {
    return this.sheetByName(key) ?? this.sheets.find((s) => s.id === key);
  }

  validateSheetName(name: unknown, except?: SheetModel): string {
    if (typeof name !== 'string' || name.length === 0 || name.length > 31 || INVALID_SHEET_CHARS.test(name) || name.startsWith("'") || name.endsWith("'") || name.toLowerCase() === 'history')
      throw invalidArgument(`The sheet name "${String(name)}" is not valid.`);
    const clash = this.sheetByName(name);
    if (clash && clash !== except) throw new ExcelError('ItemAlreadyExists', `A worksheet named "${name}" already exists.`);
    return name;
  }

  /** Adds a sheet at the end (Office.js `worksheets.add`); it does not become active. */
  addSheet(name?: string): SheetModel {
    let n = name;
    if (n === undefined || n === null) {
      let i = this.sheets.length + 1;
      while (this.sheetByName(`Sheet${i}`)) i++;
      n = `Sheet${i}`;
    }
    this.validateSheetName(n);
    const id = ++this.counters.sheet;
    const sheet = new SheetModel(`{00000000-0001-0000-${String(id).padStart(4, '0')}-000000000000}`, n);
    this.sheets.push(sheet);
    if (!this.active) this.active = sheet;
    return sheet;
  }

  visibleSheets(): SheetModel[] {
    return this.sheets.filter((s) => s.visibility === 'Visible');
  }

  deleteSheet(sheet: SheetModel): void {
    if (sheet.visibility === 'Visible' && this.visibleSheets().length === 1)
      throw new ExcelError('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
    const i = this.sheets.indexOf(sheet);
    this.sheets.splice(i, 1);
    sheet.deleted = true;
    const forget = (f: string): string => rewriteFormula(f, (x) => dropSheetFromFormula(x, sheet.name));
    for (const nm of this.names) nm.formula = forget(nm.formula);
    this.names = this.names.filter((nm) => nm.sheet !== sheet);
    for (const t of this.tables.filter((x) => x.sheet === sheet)) t.deleted = true;
    this.tables = this.tables.filter((t) => t.sheet !== sheet);
    this.comments = this.comments.filter((c) => c.sheet !== sheet);
    this.eachFormula((cell) => (cell.formula = forget(cell.formula as string)));
    if (this.active === sheet) this.active = this.visibleSheets().find((s) => this.sheets.indexOf(s) >= i) ?? (this.visibleSheets().at(-1) as SheetModel);
  }

  renameSheet(sheet: SheetModel, name: unknown): void {
    const to = this.validateSheetName(name, sheet);
    const from = sheet.name;
    if (from === to) return;
    const move = (f: string): string => rewriteFormula(f, (x) => renameSheetInFormula(x, from, to));
    for (const nm of this.names) nm.formula = move(nm.formula);
    this.eachFormula((cell) => (cell.formula = move(cell.formula as string)));
    // A rule's parsed formula is cached: drop it with the text it was parsed from.
    for (const s of this.sheets)
      for (const cf of s.conditionalFormats)
        if (cf.formula) {
          cf.formula = move(cf.formula);
          delete cf.tree;
        }
    sheet.name = to;
  }

  setVisibility(sheet: SheetModel, v: unknown): void {
    if (v !== 'Visible' && v !== 'Hidden' && v !== 'VeryHidden') throw invalidArgument(`The visibility "${String(v)}" is not valid.`);
    if (v !== 'Visible' && sheet.visibility === 'Visible' && this.visibleSheets().length === 1)
      throw new ExcelError('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
    sheet.visibility = v as Visibility;
    if (v !== 'Visible' && this.active === sheet) this.active = this.visibleSheets()[0] as SheetModel;
  }

  setPosition(sheet: SheetModel, position: unknown): void {
    if (typeof position !== 'number' || !Number.isInteger(position) || position < 0 || position >= this.sheets.length)
      throw invalidArgument(`The position ${String(position)} is out of range.`);
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    this.sheets.splice(position, 0, sheet);
  }

  activate(sheet: SheetModel): void {
    if (sheet.visibility !== 'Visible') throw new ExcelError('InvalidOperation', `The worksheet "${sheet.name}" is hidden and cannot be activated.`);
    this.active = sheet;
  }

  /** Resolves `Sheet1!A1:B2`, `A1` (on `context`) or a defined name to a sheet and rectangle. */
  resolve(text: string, context?: SheetModel): { sheet: SheetModel; rect: Rect } {
    const parsed = parseAddress(text);
    if (parsed) {
      const sheet = parsed.sheet === undefined ? (context ?? this.active) : this.sheetByName(parsed.sheet);
      if (!sheet) throw invalidArgument(`The address "${text}" refers to a sheet that does not exist.`);
      return { sheet, rect: parsed.rect };
    }
    const name = this.name(text, context);
    const target = name ? parseAddress(name.formula.replace(/^=/, '')) : null;
    const sheet = target?.sheet !== undefined ? this.sheetByName(target.sheet) : undefined;
    if (!target || !sheet) throw invalidArgument(`The argument is invalid or missing or has an incorrect format: "${text}".`);
    return { sheet, rect: target.rect };
  }

  /** The defined name visible from `sheet` (its own scope first, then the workbook's). */
  name(name: string, sheet?: SheetModel): NamedItemModel | undefined {
    const n = name.toLowerCase();
    return this.names.find((x) => x.sheet && x.sheet === sheet && x.name.toLowerCase() === n) ?? this.names.find((x) => !x.sheet && x.name.toLowerCase() === n);
  }

  /** The computed value of a cell: its constant, or its formula's result. */
  value(sheet: SheetModel, row: number, col: number, host?: FormulaHost): Scalar {
    const cell = sheet.cell(row, col);
    if (!cell) return null;
    if (cell.formula === undefined) return cell.value;
    const key = `${sheet.id}:${cellKey(row, col)}`;
    if (this.computing.has(key)) return 0; // a circular reference shows 0, as in Excel
    this.computing.add(key);
    try {
      const v = evaluateFormula(cell.formula, { host: host ?? this.formulaHost(), sheet, row, col, dr: 0, dc: 0 });
      cell.value = v === null ? 0 : v;
      return cell.value;
    } catch (e) {
      if (!(e instanceof FormulaSyntaxError)) throw e;
      this.onGap(`formula syntax: ${cell.formula}`);
      return cell.value;
    } finally {
      this.computing.delete(key);
    }
  }

  /** The workbook as the formula evaluator sees it; `memo` caches ranges (no writes meanwhile). */
  formulaHost(memo = false): FormulaHost {
    const cache = new Map<string, Scalar[][]>();
    const host: FormulaHost = {
      sheetByName: (name) => this.sheetByName(name),
      cellValue: (s, r, c) => this.value(s as SheetModel, r, c, host),
      extent: (s) => (s as SheetModel).extent(),
      nameFormula: (name, s) => this.name(name, s as SheetModel)?.formula,
      today: () => this.today(),
      date1904: this.date1904,
      gap: (what) => this.onGap(what),
    };
    if (memo)
      host.grid = (s: FormulaSheet, rect: Rect) => {
        const k = `${(s as SheetModel).id}:${rect.r0},${rect.c0},${rect.r1},${rect.c1}`;
        let g = cache.get(k);
        if (!g) {
          g = [];
          for (let r = rect.r0; r <= rect.r1; r++) {
            const row: Scalar[] = [];
            for (let c = rect.c0; c <= rect.c1; c++) row.push(this.value(s as SheetModel, r, c, host));
            g.push(row);
          }
          cache.set(k, g);
        }
        return g;
      };
    return host;
  }

  today(): number {
    const d = this.options.today ? new Date(`${this.options.today}T00:00:00Z`) : new Date();
    const serial = this.options.today ? dateSerial(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()) : dateSerial(d.getFullYear(), d.getMonth() + 1, d.getDate());
    return this.date1904 ? serial - DAYS_1904 : serial;
  }

  now(): Date {
    return this.options.now ? this.options.now() : new Date();
  }

  private eachFormula(f: (cell: Cell) => void): void {
    for (const s of this.sheets) for (const cell of s.cells.values()) if (cell.formula !== undefined) f(cell);
  }
}
