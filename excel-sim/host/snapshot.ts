// Opening a workbook snapshot in the simulated host and exporting the host's workbook again,
// deterministically (cells row by row), so tests can load a fixture and compare cell by cell.
import { cellKey, columnIndex, columnLetters, formatRect, keyCol, keyRow, parseAddress, type Rect } from './address.js';
import { CellError, isErrorCode, type BorderLine, type CellStyle, type EdgeName, type ErrorCode } from './cell.js';
import type { ChartModel } from './charts.js';
import { toCriteria } from './auto-filter.js';
import { ruleFormula } from './conditional-format.js';
import { NOTE_SIZE } from './notes.js';
import type { SheetModel } from './sheet.js';
import type { CellSnapshot, ConditionalFormatSnapshot, FormatSnapshot, LineSnapshot, SheetSnapshot, SideName, WorkbookSnapshot } from './snapshot-format.js';
import { WorkbookModel, type WorkbookOptions } from './workbook.js';

export type * from './snapshot-format.js';
export { diffSnapshots } from './snapshot-diff.js';

const SIDES: [SideName, EdgeName][] = [
  ['top', 'EdgeTop'],
  ['bottom', 'EdgeBottom'],
  ['left', 'EdgeLeft'],
  ['right', 'EdgeRight'],
  ['diagonalDown', 'DiagonalDown'],
  ['diagonalUp', 'DiagonalUp'],
];

function rect(text: string): Rect {
  const p = parseAddress(text);
  if (!p) throw new Error(`Snapshot: "${text}" is not an address.`);
  return p.rect;
}

function styleFrom(f: FormatSnapshot): CellStyle | undefined {
  const s: CellStyle = {};
  if (f.numberFormat !== undefined && f.numberFormat !== 'General') s.numberFormat = f.numberFormat;
  if (f.fill !== undefined) s.fill = f.fill;
  if (f.font && Object.keys(f.font).length) s.font = { ...f.font };
  if (f.borders) {
    s.borders = {};
    for (const [side, edge] of SIDES) if (f.borders[side]) s.borders[edge] = { ...(f.borders[side] as BorderLine) };
  }
  for (const k of ['horizontalAlignment', 'verticalAlignment', 'wrapText', 'indentLevel'] as const) if (f[k] !== undefined) (s as Record<string, unknown>)[k] = f[k];
  return Object.keys(s).length ? s : undefined;
}

function styleTo(s: CellStyle | undefined): FormatSnapshot {
  const f: FormatSnapshot = {};
  if (!s) return f;
  if (s.numberFormat !== undefined) f.numberFormat = s.numberFormat;
  if (s.fill !== undefined) f.fill = s.fill;
  if (s.font && Object.values(s.font).some((v) => v !== undefined)) f.font = Object.fromEntries(Object.entries(s.font).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)));
  if (s.borders) {
    const b: Partial<Record<SideName, BorderLine>> = {};
    for (const [side, edge] of SIDES) if (s.borders[edge]) b[side] = { ...(s.borders[edge] as BorderLine) };
    if (Object.keys(b).length) f.borders = b;
  }
  for (const k of ['horizontalAlignment', 'verticalAlignment', 'wrapText', 'indentLevel'] as const) if (s[k] !== undefined) (f as Record<string, unknown>)[k] = s[k];
  return f;
}

/**
 * Builds a workbook model from a snapshot.
 * @example const wb = loadSnapshot(JSON.parse(fs.readFileSync('ledger.json', 'utf8')))
 */
export function loadSnapshot(snap: WorkbookSnapshot, options: WorkbookOptions = {}): WorkbookModel {
  const wb = new WorkbookModel({ ...options, ...(snap.defaultFont ? { defaultFont: snap.defaultFont } : {}) });
  for (const ss of snap.sheets) {
    const sheet = wb.addSheet(ss.name);
    sheet.visibility = ss.visibility ?? 'Visible';
    sheet.tabColor = ss.tabColor ?? '';
    if (ss.freeze) sheet.freeze = { ...ss.freeze };
    if (ss.autoFilter) sheet.autoFilter = { rect: rect(ss.autoFilter.range), criteria: new Map(Object.entries(ss.autoFilter.criteria ?? {}).map(([i, c]) => [Number(i), toCriteria(c)])) };
    for (const [kind, lines] of [['columns', ss.columns], ['rows', ss.rows]] as const)
      for (const [key, line] of Object.entries(lines ?? {})) {
        const i = kind === 'columns' ? columnIndex(key) : Number(key) - 1;
        const p = sheet.line(kind, i);
        if (line.size !== undefined) p.size = line.size;
        if (line.hidden) p.hidden = true;
        const st = line.style ? styleFrom(line.style) : undefined;
        if (st) p.style = st;
      }
    for (const [address, c] of Object.entries(ss.cells ?? {})) {
      const { r0: r, c0: col } = rect(address);
      const cell = sheet.ensureCell(r, col);
      cell.value = c.error && isErrorCode(c.error) ? new CellError(c.error as ErrorCode) : (c.value ?? null);
      if (c.formula !== undefined) cell.formula = c.formula;
      const st = styleFrom(c);
      if (st) cell.style = st;
      else delete cell.style;
      if (c.hyperlink) cell.hyperlink = { ...c.hyperlink };
      if (c.note !== undefined) sheet.notes.set(cellKey(r, col), { sheet, row: r, col, content: c.note, authorName: c.noteAuthor ?? '', ...NOTE_SIZE, visible: false });
      sheet.prune(r, col);
    }
    sheet.merges = (ss.merges ?? []).map(rect);
    sheet.protected = ss.protected === true;
    for (const t of ss.tables ?? [])
      wb.tables.push({ id: wb.nextId('table'), name: t.name, sheet, rect: rect(t.range), showHeaders: t.showHeaders ?? true, showTotals: t.showTotals ?? false, style: t.style ?? 'TableStyleMedium2' });
    sheet.conditionalFormats = (ss.conditionalFormats ?? []).map((cf) => {
      const areas = cf.ranges.map(rect);
      const first = areas[0] as Rect;
      const font: { color?: string; bold?: boolean; italic?: boolean } = { ...cf.font };
      return { id: `{CF-${wb.nextId('cf')}}`, type: cf.type, sheet, areas, anchor: { row: first.r0, col: first.c0 }, formula: cf.formula, stopIfTrue: cf.stopIfTrue ?? false, format: { ...(cf.fill ? { fill: cf.fill } : {}), font, ...(cf.numberFormat ? { numberFormat: cf.numberFormat } : {}) } };
    });
    for (const ch of ss.charts ?? []) {
      const chart: ChartModel = { id: `{CH-${wb.nextId('chart')}}`, name: ch.name, chartType: ch.type, sheet, source: rect(ch.source), seriesBy: 'Auto', title: { text: ch.title ?? '', visible: ch.title !== undefined }, top: 0, left: 0, width: 360, height: 216 };
      sheet.charts.push(chart);
    }
  }
  if (!wb.sheets.length) wb.addSheet('Sheet1');
  wb.structureProtected = snap.structureProtected === true;
  if (snap.name) wb.fileName = snap.name;
  wb.date1904 = snap.date1904 === true;
  const active = snap.activeSheet ? wb.sheetByName(snap.activeSheet) : undefined;
  wb.active = active ?? (wb.visibleSheets()[0] as SheetModel);
  for (const n of snap.names ?? []) {
    const sheet = n.sheet ? wb.sheetByName(n.sheet) : undefined;
    wb.names.push({ name: n.name, formula: n.formula, comment: n.comment ?? '', visible: n.visible ?? true, ...(sheet ? { sheet } : {}) });
  }
  for (const c of snap.comments ?? []) {
    const { sheet, rect: r } = wb.resolve(c.cell);
    const id = `{C-${wb.nextId('comment')}}`;
    const when = new Date(0).toISOString();
    wb.comments.push({
      id,
      sheet,
      row: r.r0,
      col: r.c0,
      content: c.content,
      authorName: c.author ?? '',
      authorEmail: c.email ?? '',
      creationDate: when,
      resolved: c.resolved ?? false,
      replies: (c.replies ?? []).map((x, i) => ({ id: `${id}-R${i + 1}`, content: x.content, authorName: x.author ?? '', authorEmail: '', creationDate: when })),
    });
  }
  return wb;
}

function lines(sheet: SheetModel, kind: 'columns' | 'rows'): Record<string, LineSnapshot> | undefined {
  const out: Record<string, LineSnapshot> = {};
  for (const [i, p] of [...sheet[kind]].sort(([a], [b]) => a - b)) {
    const l: LineSnapshot = {};
    if (p.size !== undefined) l.size = p.size;
    if (p.hidden) l.hidden = true;
    const st = styleTo(p.style);
    if (Object.keys(st).length) l.style = st;
    if (Object.keys(l).length) out[kind === 'columns' ? columnLetters(i) : String(i + 1)] = l;
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * Exports the workbook, deterministically (cells row by row), for comparison and fixtures.
 * @example expect(exportSnapshot(wb)).toEqual(fixture)
 */
export function exportSnapshot(wb: WorkbookModel): WorkbookSnapshot {
  const sheets = wb.sheets.map((sheet) => {
    const ss: SheetSnapshot = { name: sheet.name };
    if (sheet.visibility !== 'Visible') ss.visibility = sheet.visibility;
    if (sheet.tabColor) ss.tabColor = sheet.tabColor;
    const keys = new Set<number>([...sheet.cells.keys(), ...sheet.notes.keys()]);
    const cells: Record<string, CellSnapshot> = {};
    for (const key of [...keys].sort((a, b) => a - b)) {
      const r = keyRow(key);
      const c = keyCol(key);
      const cell = sheet.cell(r, c);
      const out: CellSnapshot = {};
      if (cell) {
        const v = cell.formula !== undefined ? wb.value(sheet, r, c) : cell.value;
        if (v instanceof CellError) out.error = v.code;
        else if (v !== null) out.value = v;
        if (cell.formula !== undefined) out.formula = cell.formula;
        Object.assign(out, styleTo(cell.style));
        if (cell.hyperlink) out.hyperlink = { ...cell.hyperlink };
      }
      const note = sheet.notes.get(key);
      if (note) {
        out.note = note.content;
        if (note.authorName) out.noteAuthor = note.authorName;
      }
      cells[formatRect({ r0: r, c0: c, r1: r, c1: c })] = out;
    }
    if (Object.keys(cells).length) ss.cells = cells;
    const columns = lines(sheet, 'columns');
    if (columns) ss.columns = columns;
    const rows = lines(sheet, 'rows');
    if (rows) ss.rows = rows;
    if (sheet.merges.length) ss.merges = [...sheet.merges].sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0).map((m) => formatRect(m));
    const tables = wb.tables.filter((t) => t.sheet === sheet);
    if (tables.length) ss.tables = tables.map((t) => ({ name: t.name, range: formatRect(t.rect), showHeaders: t.showHeaders, showTotals: t.showTotals, style: t.style }));
    if (sheet.conditionalFormats.length)
      ss.conditionalFormats = sheet.conditionalFormats.map((cf) => {
        const out: ConditionalFormatSnapshot = { type: cf.type, ranges: cf.areas.map((a) => formatRect(a)), formula: ruleFormula(cf) };
        if (cf.format.fill) out.fill = cf.format.fill;
        const font = Object.fromEntries(Object.entries(cf.format.font).filter(([, v]) => v !== undefined));
        if (Object.keys(font).length) out.font = font;
        if (cf.format.numberFormat) out.numberFormat = cf.format.numberFormat;
        if (cf.stopIfTrue) out.stopIfTrue = true;
        return out;
      });
    if (sheet.charts.length) ss.charts = sheet.charts.map((c) => ({ name: c.name, type: c.chartType, source: formatRect(c.source), ...(c.title.visible ? { title: c.title.text } : {}) }));
    if (sheet.freeze.rows || sheet.freeze.cols) ss.freeze = { ...sheet.freeze };
    if (sheet.autoFilter) ss.autoFilter = { range: formatRect(sheet.autoFilter.rect), ...(sheet.autoFilter.criteria.size ? { criteria: Object.fromEntries([...sheet.autoFilter.criteria].map(([i, c]) => [String(i), { ...c }])) } : {}) };
    if (sheet.protected) ss.protected = true;
    return ss;
  });
  const snap: WorkbookSnapshot = { ...(wb.fileName !== 'Book1.xlsx' ? { name: wb.fileName } : {}), activeSheet: wb.active.name, defaultFont: { ...wb.options.defaultFont }, sheets, ...(wb.structureProtected ? { structureProtected: true } : {}), ...(wb.date1904 ? { date1904: true } : {}) };
  if (wb.names.length) snap.names = wb.names.map((n) => ({ name: n.name, formula: n.formula, ...(n.comment ? { comment: n.comment } : {}), ...(n.visible ? {} : { visible: false }), ...(n.sheet ? { sheet: n.sheet.name } : {}) }));
  if (wb.comments.length)
    snap.comments = wb.comments.map((c) => ({
      cell: `${c.sheet.name}!${formatRect({ r0: c.row, c0: c.col, r1: c.row, c1: c.col })}`,
      content: c.content,
      ...(c.authorName ? { author: c.authorName } : {}),
      ...(c.authorEmail ? { email: c.authorEmail } : {}),
      ...(c.resolved ? { resolved: true } : {}),
      ...(c.replies.length ? { replies: c.replies.map((r) => ({ content: r.content, ...(r.authorName ? { author: r.authorName } : {}) })) } : {}),
    }));
  return snap;
}
