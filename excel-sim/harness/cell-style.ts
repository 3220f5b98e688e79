// How one cell is drawn: the CSS for what Excel shows (fill and font after conditional formats,
// alignment, wrapping, borders). Borders are drawn on the right and bottom edges only (the cell
// to the left draws the shared edge), so a ledger's own grid lines never lose to the light
// default grid lines; a border of the cell's own left or top edge is an inset shadow.
import type { BorderLine, CellStyle, EdgeName } from '../host/cell.js';
import type { CellView } from '../host/cell-view.js';

/** Excel's default grid line colour. */
export const GRIDLINE = '#E1E1E1';

const LINE_STYLE: Record<string, string> = { Continuous: 'solid', Dash: 'dashed', DashDot: 'dashed', DashDotDot: 'dotted', Dot: 'dotted', Double: 'double', SlantDashDot: 'dashed' };
const WEIGHT_PX: Record<string, number> = { Hairline: 1, Thin: 1, Medium: 2, Thick: 3 };

function line(b: BorderLine | undefined): { width: number; css: string } | null {
  if (!b || b.style === 'None') return null;
  const width = b.style === 'Double' ? 3 : (WEIGHT_PX[b.weight] ?? 1);
  return { width, css: `${width}px ${LINE_STYLE[b.style] ?? 'solid'} ${b.color}` };
}

/** Excel's "General" alignment: numbers to the right, logicals centred, text to the left. */
function horizontal(view: CellView, style: CellStyle): string {
  switch (style.horizontalAlignment) {
    case 'Center':
    case 'CenterAcrossSelection':
      return 'center';
    case 'Right':
      return 'right';
    case 'Justify':
    case 'Distributed':
      return 'justify';
    case 'Left':
    case 'Fill':
      return 'left';
    default:
      return typeof view.value === 'number' ? 'right' : typeof view.value === 'boolean' ? 'center' : 'left';
  }
}

const VERTICAL: Record<string, string> = { Top: 'top', Center: 'middle', Justify: 'middle', Distributed: 'middle', Bottom: 'bottom' };

export interface CellLookOptions {
  /** The workbook's default font size in points (sizes equal to it are left to the sheet's CSS). */
  defaultSize: number;
  gridlines: boolean;
}

/**
 * The inline CSS of a cell.
 * @example cellCss(view, sheet.style(4, 2), { defaultSize: 11, gridlines: true })
 */
export function cellCss(view: CellView, style: CellStyle, opts: CellLookOptions): string {
  const css: string[] = [];
  if (view.displayFill) css.push(`background-color:${view.displayFill}`);
  if (view.displayFontColor.toUpperCase() !== '#000000') css.push(`color:${view.displayFontColor}`);
  if (view.bold) css.push('font-weight:700');
  if (view.conditional.italic ?? style.font?.italic) css.push('font-style:italic');
  const deco = [style.font?.underline && style.font.underline !== 'None' ? 'underline' : '', style.font?.strikethrough ? 'line-through' : ''].filter(Boolean);
  if (deco.length) css.push(`text-decoration:${deco.join(' ')}`);
  if (style.font?.size && style.font.size !== opts.defaultSize) css.push(`font-size:${style.font.size}pt`);
  css.push(`text-align:${horizontal(view, style)}`);
  css.push(`vertical-align:${VERTICAL[style.verticalAlignment ?? 'Bottom'] ?? 'bottom'}`);
  if (style.wrapText) css.push('white-space:pre-wrap');
  if (style.indentLevel) css.push(`padding-left:${3 + style.indentLevel * 9}px`);
  const edge = (name: EdgeName) => line(style.borders?.[name]);
  const grid = opts.gridlines ? `1px solid ${GRIDLINE}` : '1px solid transparent';
  css.push(`border-right:${edge('EdgeRight')?.css ?? grid}`, `border-bottom:${edge('EdgeBottom')?.css ?? grid}`);
  const shadows: string[] = [];
  const left = edge('EdgeLeft');
  const top = edge('EdgeTop');
  if (left) shadows.push(`inset ${left.width}px 0 0 ${style.borders?.EdgeLeft?.color}`);
  if (top) shadows.push(`inset 0 ${top.width}px 0 ${style.borders?.EdgeTop?.color}`);
  if (shadows.length) css.push(`box-shadow:${shadows.join(',')}`);
  return css.join(';');
}

/**
 * The sheet and cell a report link (`=HYPERLINK("#'整改台账'!C5","C5")`) points to.
 * @example linkTarget(view.formula) // { sheet: '整改台账', address: 'C5' }
 */
export function linkTarget(formula: string | undefined): { sheet: string; address: string } | null {
  const m = /^=HYPERLINK\("#(.+)!\$?([A-Z]+)\$?(\d+)"/i.exec(formula ?? '');
  if (!m) return null;
  const sheet = m[1]!.replace(/""/g, '"');
  return { sheet: sheet.startsWith("'") ? sheet.slice(1, -1).replace(/''/g, "'") : sheet, address: `${m[2]}${m[3]}` };
}
