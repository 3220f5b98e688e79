// Node side: an .xlsx file (read with ExcelJS) as a workbook snapshot, to open in the simulated
// host. Reads values (dates as serials), formulas, number formats, fills, fonts, borders,
// alignment, notes, hyperlinks, merges, column widths and hidden columns/rows, sheet
// visibility, tables, formula conditional formats and defined names. What it cannot carry over
// is listed in `warnings`.
import ExcelJS from 'exceljs';
import { columnLetters, parseAddress, type Rect } from './address.js';
import type { BorderLine, FontStyle } from './cell.js';
import { OFFICE_THEME, applyTint } from './colors.js';
import { parseFormula, printFormula } from './formula-parser.js';
import { DAYS_1904 } from './number-format.js';
import type { CellSnapshot, ConditionalFormatSnapshot, FormatSnapshot, LineSnapshot, NameSnapshot, SheetSnapshot, SideName, WorkbookSnapshot } from './snapshot.js';

export interface XlsxSnapshot {
  snapshot: WorkbookSnapshot;
  warnings: string[];
}

type Color = { argb?: string; theme?: number; tint?: number; indexed?: number } | undefined;

// The legacy indexed palette (indexes 0–63).
const INDEXED = (
  '000000 FFFFFF FF0000 00FF00 0000FF FFFF00 FF00FF 00FFFF 000000 FFFFFF FF0000 00FF00 0000FF FFFF00 FF00FF 00FFFF ' +
  '800000 008000 000080 808000 800080 008080 C0C0C0 808080 9999FF 993366 FFFFCC CCFFFF 660066 FF8080 0066CC CCCCFF ' +
  '000080 FF00FF FFFF00 00FFFF 800080 800000 008080 0000FF 00CCFF CCFFFF CCFFCC FFFF99 99CCFF FF99CC CC99FF FFCC99 ' +
  '3366FF 33CCCC 99CC00 FFCC00 FF9900 FF6600 666699 969696 003366 339966 003300 333300 993300 993366 333399 333333'
).split(' ');

/** Theme colours from the workbook's theme part, in theme-index order (lt1, dk1, lt2, dk2, …). */
function themePalette(xml: unknown): string[] {
  if (typeof xml !== 'string') return OFFICE_THEME;
  const pick = (tag: string): string | undefined => {
    const m = new RegExp(`<a:${tag}>([\\s\\S]*?)</a:${tag}>`).exec(xml);
    return m?.[1] ? (/lastClr="([0-9A-Fa-f]{6})"/.exec(m[1])?.[1] ?? /srgbClr val="([0-9A-Fa-f]{6})"/.exec(m[1])?.[1]) : undefined;
  };
  const order = ['lt1', 'dk1', 'lt2', 'dk2', 'accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6', 'hlink', 'folHlink'];
  return order.map((t, i) => (pick(t) ?? OFFICE_THEME[i] ?? '000000').toUpperCase());
}

const BORDERS: Record<string, [string, string]> = {
  thin: ['Continuous', 'Thin'],
  medium: ['Continuous', 'Medium'],
  thick: ['Continuous', 'Thick'],
  hair: ['Continuous', 'Hairline'],
  dotted: ['Dot', 'Thin'],
  dashed: ['Dash', 'Thin'],
  mediumDashed: ['Dash', 'Medium'],
  dashDot: ['DashDot', 'Thin'],
  mediumDashDot: ['DashDot', 'Medium'],
  dashDotDot: ['DashDotDot', 'Thin'],
  mediumDashDotDot: ['DashDotDot', 'Medium'],
  slantDashDot: ['SlantDashDot', 'Medium'],
  double: ['Double', 'Thick'],
};

/** A formula as Excel writes it back (sheet names quoted only where needed). */
function canonical(formula: string): string {
  try {
    return printFormula(parseFormula(formula));
  } catch {
    return formula;
  }
}

/** Excel column width in characters to points (max digit width 7 px, 96 dpi). */
export function widthToPoints(chars: number): number {
  const px = Math.trunc(((256 * chars + Math.trunc(128 / 7)) / 256) * 7);
  return px * 0.75;
}

/** An ExcelJS date (UTC) to Excel's serial number, in the workbook's date system. */
function serial(d: Date, date1904: boolean): number {
  return d.getTime() / 86_400_000 + 25_569 - (date1904 ? DAYS_1904 : 0);
}

/**
 * Reads an .xlsx into a snapshot the simulated host opens.
 * @example const { snapshot } = await xlsxToSnapshot(await readFile('ledger.xlsx'));
 */
export async function xlsxToSnapshot(data: ArrayBuffer | Uint8Array): Promise<XlsxSnapshot> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as never);
  // ExcelJS turns a 1904 workbook's serials into dates; the snapshot keeps them as Excel does.
  const date1904 = (wb.properties as { date1904?: boolean }).date1904 === true;
  const warnings: string[] = [];
  const theme = themePalette((wb as unknown as { _themes?: Record<string, unknown> })._themes?.theme1);
  const color = (c: Color): string | undefined => {
    if (!c) return undefined;
    if (c.argb) return `#${c.argb.slice(-6).toUpperCase()}`;
    if (c.theme !== undefined) return `#${applyTint(theme[c.theme] ?? '000000', c.tint ?? 0)}`;
    if (c.indexed !== undefined) return INDEXED[c.indexed] ? `#${INDEXED[c.indexed]}` : undefined;
    return undefined;
  };

  // The workbook's default font: the most common font among styled cells.
  const fonts = new Map<string, number>();
  for (const ws of wb.worksheets)
    ws.eachRow({ includeEmpty: true }, (row) => {
      for (const cell of (row as unknown as { _cells: (ExcelJS.Cell | undefined)[] })._cells) {
        const f = cell?.font;
        if (!f?.name) continue;
        const key = JSON.stringify([f.name, f.size ?? 11, color(f.color as Color) ?? '#000000']);
        fonts.set(key, (fonts.get(key) ?? 0) + 1);
      }
    });
  const [dName, dSize, dColor] = JSON.parse([...fonts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '["Calibri",11,"#000000"]') as [string, number, string];
  const defaultFont = { name: dName, size: dSize, color: dColor };

  const format = (style: Partial<ExcelJS.Style> | undefined, where: string): FormatSnapshot => {
    const f: FormatSnapshot = {};
    if (!style) return f;
    if (style.numFmt && style.numFmt !== 'General') f.numberFormat = style.numFmt;
    const fill = style.fill as ExcelJS.FillPattern | undefined;
    if (fill?.type === 'pattern' && fill.pattern && fill.pattern !== 'none') {
      const c = color(fill.fgColor as Color) ?? color(fill.bgColor as Color);
      if (c) f.fill = c;
      if (fill.pattern !== 'solid') warnings.push(`${where}: fill pattern ${fill.pattern} read as a solid fill`);
    } else if (style.fill && style.fill.type !== 'pattern') warnings.push(`${where}: gradient fill not read`);
    const font = style.font;
    if (font) {
      const out: FontStyle = {};
      if (font.bold) out.bold = true;
      if (font.italic) out.italic = true;
      if (font.strike) out.strikethrough = true;
      if (font.underline) out.underline = font.underline === 'double' ? 'Double' : 'Single';
      const c = color(font.color as Color);
      if (c && c !== defaultFont.color) out.color = c;
      if (font.name && font.name !== defaultFont.name) out.name = font.name;
      if (font.size && font.size !== defaultFont.size) out.size = font.size;
      if (Object.keys(out).length) f.font = out;
    }
    const b = style.border;
    if (b) {
      const borders: Partial<Record<SideName, BorderLine>> = {};
      for (const side of ['top', 'bottom', 'left', 'right'] as const) {
        const line = b[side];
        if (!line?.style) continue;
        const [s, w] = BORDERS[line.style] ?? ['Continuous', 'Thin'];
        borders[side] = { style: s, weight: w, color: color(line.color as Color) ?? '#000000' };
      }
      if (b.diagonal?.style) {
        const [s, w] = BORDERS[b.diagonal.style] ?? ['Continuous', 'Thin'];
        const line = { style: s, weight: w, color: color(b.diagonal.color as Color) ?? '#000000' };
        if (b.diagonal.down) borders.diagonalDown = line;
        if (b.diagonal.up) borders.diagonalUp = { ...line };
      }
      if (Object.keys(borders).length) f.borders = borders;
    }
    const a = style.alignment;
    if (a?.horizontal) f.horizontalAlignment = a.horizontal === 'centerContinuous' ? 'CenterAcrossSelection' : a.horizontal.charAt(0).toUpperCase() + a.horizontal.slice(1);
    if (a?.vertical) f.verticalAlignment = a.vertical === 'middle' ? 'Center' : a.vertical.charAt(0).toUpperCase() + a.vertical.slice(1);
    if (a?.wrapText) f.wrapText = true;
    if (a?.indent) f.indentLevel = a.indent;
    return f;
  };

  const sheets: SheetSnapshot[] = [];
  const names: NameSnapshot[] = [];
  for (const ws of wb.worksheets) {
    const ss: SheetSnapshot = { name: ws.name };
    if (ws.state === 'hidden') ss.visibility = 'Hidden';
    if (ws.state === 'veryHidden') ss.visibility = 'VeryHidden';
    const cells: Record<string, CellSnapshot> = {};
    const rows: Record<string, LineSnapshot> = {};
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      const line: LineSnapshot = {};
      if (row.height !== undefined && row.height !== null) line.size = row.height;
      if (row.hidden) line.hidden = true;
      if (Object.keys(line).length) rows[String(r)] = line;
      const rowCells = (row as unknown as { _cells: (ExcelJS.Cell | undefined)[] })._cells;
      rowCells.forEach((cell) => {
        if (!cell) return;
        const where = `${ws.name}!${cell.address}`;
        const c: CellSnapshot = format(cell.style, where);
        const v = cell.value as unknown;
        if (cell.type !== ExcelJS.ValueType.Merge && v !== null && v !== undefined) {
          if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') c.value = v;
          else if (v instanceof Date) c.value = serial(v, date1904);
          else if (typeof v === 'object') {
            const o = v as { richText?: { text: string }[]; formula?: string; sharedFormula?: string; result?: unknown; text?: string; hyperlink?: string; error?: string };
            if (o.richText) c.value = o.richText.map((t) => t.text).join('');
            else if (o.error) c.error = o.error;
            else if (o.hyperlink !== undefined) {
              c.value = typeof o.text === 'string' ? o.text : String(o.text ?? '');
              c.hyperlink = { address: o.hyperlink, textToDisplay: c.value };
            } else if (o.formula !== undefined || o.sharedFormula !== undefined) {
              const formula = cell.formula ?? o.formula;
              if (formula) c.formula = `=${formula}`;
              else warnings.push(`${where}: shared formula not read`);
              const res = o.result as unknown;
              if (res instanceof Date) c.value = serial(res, date1904);
              else if (typeof res === 'number' || typeof res === 'string' || typeof res === 'boolean') c.value = res;
              else if (res && typeof res === 'object' && 'error' in res) c.error = String((res as { error: string }).error);
            }
          }
        }
        const note = cell.note as unknown;
        if (typeof note === 'string') c.note = note;
        else if (note && typeof note === 'object' && Array.isArray((note as { texts?: unknown[] }).texts))
          c.note = ((note as { texts: { text: string }[] }).texts ?? []).map((t) => t.text).join('');
        if (Object.keys(c).length) cells[cell.address] = c;
      });
    });
    if (Object.keys(cells).length) ss.cells = cells;
    if (Object.keys(rows).length) ss.rows = rows;
    const columns: Record<string, LineSnapshot> = {};
    (ws.columns ?? []).forEach((col, i) => {
      const line: LineSnapshot = {};
      if (col.width !== undefined && !col.hidden) line.size = widthToPoints(col.width);
      if (col.hidden) line.hidden = true;
      if (Object.keys(line).length) columns[columnLetters(i)] = line;
    });
    if (Object.keys(columns).length) ss.columns = columns;
    const merges = (ws.model as { merges?: string[] }).merges ?? [];
    const at = (a: string): Rect => parseAddress(a)?.rect ?? { r0: 0, c0: 0, r1: 0, c1: 0 };
    if (merges.length) ss.merges = [...merges].sort((a, b) => at(a).r0 - at(b).r0 || at(a).c0 - at(b).c0);
    const tables = (ws as unknown as { getTables(): { table?: { name: string; tableRef?: string; ref?: string; headerRow?: boolean; totalsRow?: boolean; style?: { theme?: string } } }[] }).getTables();
    if (tables.length)
      ss.tables = tables.map(({ table }) => ({ name: table?.name ?? '', range: table?.tableRef ?? table?.ref ?? '', showHeaders: table?.headerRow !== false, showTotals: table?.totalsRow === true, style: table?.style?.theme ?? 'TableStyleMedium2' }));
    const cfs: ConditionalFormatSnapshot[] = [];
    const rules = ((ws as unknown as { conditionalFormattings?: { ref: string; rules: { type: string; priority?: number; formulae?: string[]; stopIfTrue?: boolean; style?: { fill?: { bgColor?: Color; fgColor?: Color }; font?: { color?: Color; bold?: boolean; italic?: boolean } } }[] }[] }).conditionalFormattings ?? [])
      .flatMap((cf) => cf.rules.map((rule) => ({ ref: cf.ref, rule })))
      .sort((a, b) => (a.rule.priority ?? 0) - (b.rule.priority ?? 0));
    for (const { ref, rule } of rules) {
      if (rule.type !== 'expression' || !rule.formulae?.[0]) {
        warnings.push(`${ws.name}!${ref}: conditional format type ${rule.type} not read`);
        continue;
      }
      const out: ConditionalFormatSnapshot = { type: 'Custom', ranges: ref.split(/\s+/), formula: `=${rule.formulae[0]}` };
      const fill = color(rule.style?.fill?.bgColor) ?? color(rule.style?.fill?.fgColor);
      if (fill) out.fill = fill;
      const font: { color?: string; bold?: boolean; italic?: boolean } = {};
      const fc = color(rule.style?.font?.color);
      if (fc) font.color = fc;
      if (rule.style?.font?.bold) font.bold = true;
      if (rule.style?.font?.italic) font.italic = true;
      if (Object.keys(font).length) out.font = font;
      if (rule.stopIfTrue) out.stopIfTrue = true;
      cfs.push(out);
    }
    if (cfs.length) ss.conditionalFormats = cfs;
    sheets.push(ss);
  }
  for (const n of (wb.definedNames as unknown as { model: { name: string; ranges: string[]; localSheetId?: number }[] }).model ?? []) {
    if (n.ranges.length !== 1) {
      warnings.push(`name ${n.name}: ${n.ranges.length} ranges not read`);
      continue;
    }
    const item: NameSnapshot = { name: n.name, formula: canonical(`=${n.ranges[0]}`) };
    const scoped = n.localSheetId === undefined ? undefined : wb.worksheets[n.localSheetId]?.name;
    if (scoped) item.sheet = scoped;
    names.push(item);
  }
  // The tab the file was saved on (workbook view's activeTab, in tab order), else the first visible one.
  const saved = wb.views?.[0]?.activeTab;
  const activeTab = typeof saved === 'number' ? wb.worksheets[saved] : undefined; // ExcelJS lists worksheets in tab order
  const first = wb.worksheets.find((w) => w.state === 'visible') ?? wb.worksheets[0];
  const snapshot: WorkbookSnapshot = { activeSheet: (activeTab && activeTab.state === 'visible' ? activeTab : first)?.name ?? 'Sheet1', defaultFont, sheets, ...(date1904 ? { date1904 } : {}) };
  if (names.length) snapshot.names = names;
  return { snapshot, warnings };
}
