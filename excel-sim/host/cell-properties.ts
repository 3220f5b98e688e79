// Range.getCellProperties / getColumnProperties / getRowProperties and their setters (ExcelApi
// 1.9): formatting of many cells in one call, shaped by the load options the add-in passes.
import { formatAddress, rectCols, rectRows, type Rect } from './address.js';
import type { CellStyle, EdgeName } from './cell.js';
import { normalizeColor } from './colors.js';
import { NotModelledError, invalidArgument } from './errors.js';
import { grid, shaped } from './range-model.js';
import type { SheetModel } from './sheet.js';
import { edgeOf, editStyle, uniform } from './styles.js';
import type { WorkbookModel } from './workbook.js';

type Options = Record<string, unknown>;
const SIDES: Record<string, EdgeName> = { top: 'EdgeTop', bottom: 'EdgeBottom', left: 'EdgeLeft', right: 'EdgeRight', diagonalDown: 'DiagonalDown', diagonalUp: 'DiagonalUp' };

/** Picks the requested keys (`true` or a nested option object) from a full description. */
function pick(full: Record<string, unknown>, opts: unknown): Record<string, unknown> {
  if (opts === true) return full;
  if (!opts || typeof opts !== 'object') return {};
  const out: Record<string, unknown> = {};
  for (const [k, want] of Object.entries(opts as Options)) {
    if (!want) continue;
    if (!(k in full)) throw new NotModelledError(`cell property ${k}`);
    const v = full[k];
    out[k] = v && typeof v === 'object' && typeof want === 'object' && !Array.isArray(v) ? pick(v as Record<string, unknown>, want) : v;
  }
  return out;
}

function fontOf(wb: WorkbookModel, s: CellStyle): Record<string, unknown> {
  const d = wb.options.defaultFont;
  return {
    bold: s.font?.bold ?? false,
    italic: s.font?.italic ?? false,
    color: s.font?.color ?? d.color,
    name: s.font?.name ?? d.name,
    size: s.font?.size ?? d.size,
    underline: s.font?.underline ?? 'None',
    strikethrough: s.font?.strikethrough ?? false,
  };
}

function cellFormat(wb: WorkbookModel, sheet: SheetModel, r: number, c: number): Record<string, unknown> {
  const s = sheet.style(r, c);
  const borders: Record<string, unknown> = {};
  for (const [side, edge] of Object.entries(SIDES)) borders[side] = { ...edgeOf(sheet, r, c, edge) };
  // A single cell has no inside borders.
  borders.horizontal = { style: 'None', weight: 'Thin', color: '#000000' };
  borders.vertical = { style: 'None', weight: 'Thin', color: '#000000' };
  return {
    fill: { color: s.fill ?? '#FFFFFF', pattern: s.fill ? 'Solid' : 'None' },
    font: fontOf(wb, s),
    borders,
    wrapText: s.wrapText ?? false,
    horizontalAlignment: s.horizontalAlignment ?? 'General',
    verticalAlignment: s.verticalAlignment ?? 'Bottom',
    indentLevel: s.indentLevel ?? 0,
    columnWidth: sheet.columns.get(c)?.size ?? wb.options.defaultColumnWidth,
    rowHeight: sheet.rows.get(r)?.size ?? wb.options.defaultRowHeight,
  };
}

/** Border load options apply to every side: `{ style: true }` → `{ top: { style: true }, … }`. */
function bordersPerSide(opts: unknown): unknown {
  const format = (opts as { format?: { borders?: unknown } } | null)?.format;
  const b = format?.borders;
  if (!b || typeof b !== 'object') return opts;
  const perSide = Object.fromEntries([...Object.keys(SIDES), 'horizontal', 'vertical'].map((side) => [side, b]));
  return { ...(opts as object), format: { ...format, borders: perSide } };
}

/** Range.getCellProperties(options): a 2-D array of what `options` asks for. */
export function getCellProperties(wb: WorkbookModel, sheet: SheetModel, rect: Rect, options: unknown): unknown[][] {
  const opts = bordersPerSide(options);
  return grid(rect, (r, c) => {
    const cell = { r0: r, c0: c, r1: r, c1: c };
    const full: Record<string, unknown> = {
      address: formatAddress(sheet.name, cell),
      addressLocal: formatAddress(sheet.name, cell),
      format: cellFormat(wb, sheet, r, c),
      hidden: sheet.columnHidden(c) || sheet.rowHidden(r),
      hyperlink: sheet.cell(r, c)?.hyperlink ?? null,
      style: 'Normal',
    };
    return pick(full, opts);
  });
}

function lineFormat(wb: WorkbookModel, sheet: SheetModel, rect: Rect): Record<string, unknown> {
  const s = (get: (x: CellStyle) => unknown): unknown => uniform(sheet, rect, get);
  const d = wb.options.defaultFont;
  return {
    fill: { color: s((x) => x.fill ?? '#FFFFFF'), pattern: s((x) => (x.fill ? 'Solid' : 'None')) },
    font: {
      bold: s((x) => x.font?.bold ?? false),
      italic: s((x) => x.font?.italic ?? false),
      color: s((x) => x.font?.color ?? d.color),
      name: s((x) => x.font?.name ?? d.name),
      size: s((x) => x.font?.size ?? d.size),
      underline: s((x) => x.font?.underline ?? 'None'),
      strikethrough: s((x) => x.font?.strikethrough ?? false),
    },
    wrapText: s((x) => x.wrapText ?? false),
    horizontalAlignment: s((x) => x.horizontalAlignment ?? 'General'),
    verticalAlignment: s((x) => x.verticalAlignment ?? 'Bottom'),
  };
}

/** Range.getColumnProperties(options): one entry per column of the range. */
export function getColumnProperties(wb: WorkbookModel, sheet: SheetModel, rect: Rect, opts: unknown): unknown[] {
  return Array.from({ length: rectCols(rect) }, (_, i) => {
    const c = rect.c0 + i;
    const col = { ...rect, c0: c, c1: c };
    const full: Record<string, unknown> = {
      address: formatAddress(sheet.name, col),
      addressLocal: formatAddress(sheet.name, col),
      columnIndex: c,
      columnHidden: sheet.columnHidden(c),
      format: { ...lineFormat(wb, sheet, col), columnWidth: sheet.columns.get(c)?.size ?? wb.options.defaultColumnWidth },
      hyperlink: null,
      style: 'Normal',
    };
    return pick(full, opts);
  });
}

/** Range.getRowProperties(options): one entry per row of the range. */
export function getRowProperties(wb: WorkbookModel, sheet: SheetModel, rect: Rect, opts: unknown): unknown[] {
  return Array.from({ length: rectRows(rect) }, (_, i) => {
    const r = rect.r0 + i;
    const row = { ...rect, r0: r, r1: r };
    const full: Record<string, unknown> = {
      address: formatAddress(sheet.name, row),
      addressLocal: formatAddress(sheet.name, row),
      rowIndex: r,
      rowHidden: sheet.rowHidden(r),
      format: { ...lineFormat(wb, sheet, row), rowHeight: sheet.rows.get(r)?.size ?? wb.options.defaultRowHeight },
      hyperlink: null,
      style: 'Normal',
    };
    return pick(full, opts);
  });
}

/** Applies a `format` object of settable properties to a rectangle. */
export function applyFormat(wb: WorkbookModel, sheet: SheetModel, rect: Rect, format: unknown): void {
  if (!format || typeof format !== 'object') return;
  const f = format as Options;
  const known = ['fill', 'font', 'borders', 'wrapText', 'horizontalAlignment', 'verticalAlignment', 'indentLevel', 'columnWidth', 'rowHeight'];
  for (const k of Object.keys(f)) if (!known.includes(k)) throw new NotModelledError(`cell property format.${k}`);
  const fill = f.fill as Options | undefined;
  const font = f.font as Options | undefined;
  editStyle(sheet, rect, (s) => {
    if (fill?.color !== undefined) s.fill = normalizeColor(fill.color);
    if (font) {
      s.font = { ...s.font };
      if (font.color !== undefined) s.font.color = normalizeColor(font.color);
      for (const k of ['bold', 'italic', 'strikethrough'] as const) if (typeof font[k] === 'boolean') s.font[k] = font[k] as boolean;
      if (typeof font.name === 'string') s.font.name = font.name;
      if (typeof font.size === 'number') s.font.size = font.size;
      if (typeof font.underline === 'string') s.font.underline = font.underline;
    }
    if (typeof f.wrapText === 'boolean') s.wrapText = f.wrapText;
    if (typeof f.horizontalAlignment === 'string') s.horizontalAlignment = f.horizontalAlignment;
    if (typeof f.verticalAlignment === 'string') s.verticalAlignment = f.verticalAlignment;
    if (typeof f.indentLevel === 'number') s.indentLevel = f.indentLevel;
  });
  const borders = f.borders as Record<string, Options> | undefined;
  if (borders)
    for (const [side, line] of Object.entries(borders)) {
      const edge = SIDES[side];
      if (!edge) throw new NotModelledError(`cell property format.borders.${side}`);
      editStyle(sheet, rect, (s) => {
        s.borders = { ...s.borders };
        const prev = s.borders[edge] ?? { style: 'None', weight: 'Thin', color: '#000000' };
        const next = { style: (line.style as string) ?? prev.style, weight: (line.weight as string) ?? prev.weight, color: line.color !== undefined ? normalizeColor(line.color) : prev.color };
        if (next.style === 'None') delete s.borders[edge];
        else s.borders[edge] = next;
      });
    }
  if (typeof f.columnWidth === 'number') for (let c = rect.c0; c <= rect.c1; c++) sheet.line('columns', c).size = f.columnWidth;
  if (typeof f.rowHeight === 'number') for (let r = rect.r0; r <= rect.r1; r++) sheet.line('rows', r).size = f.rowHeight;
}

/** Range.setCellProperties(values): a 2-D array shaped like the range. */
export function setCellProperties(wb: WorkbookModel, sheet: SheetModel, rect: Rect, values: unknown): void {
  if (!Array.isArray(values)) throw invalidArgument('setCellProperties expects a 2-D array.');
  const at = shaped<Options | null>(values, rect, 'cellProperties');
  for (let r = rect.r0; r <= rect.r1; r++)
    for (let c = rect.c0; c <= rect.c1; c++) {
      const p = at(r, c);
      if (!p) continue;
      const cell = { r0: r, c0: c, r1: r, c1: c };
      applyFormat(wb, sheet, cell, p.format);
      if (p.hyperlink !== undefined) sheet.ensureCell(r, c).hyperlink = p.hyperlink as never;
    }
}

/** Range.setColumnProperties / setRowProperties: one entry per column or row. */
export function setLineProperties(wb: WorkbookModel, sheet: SheetModel, rect: Rect, values: unknown, kind: 'columns' | 'rows'): void {
  const n = kind === 'columns' ? rectCols(rect) : rectRows(rect);
  if (!Array.isArray(values) || values.length !== n) throw invalidArgument(`The number of ${kind} in the input array doesn't match the range.`);
  values.forEach((p: Options | null, i) => {
    if (!p) return;
    const line = kind === 'columns' ? { ...rect, c0: rect.c0 + i, c1: rect.c0 + i } : { ...rect, r0: rect.r0 + i, r1: rect.r0 + i };
    applyFormat(wb, sheet, line, p.format);
    const hidden = kind === 'columns' ? p.columnHidden : p.rowHidden;
    if (typeof hidden === 'boolean') sheet.line(kind, rect[kind === 'columns' ? 'c0' : 'r0'] + i).hidden = hidden;
  });
}
