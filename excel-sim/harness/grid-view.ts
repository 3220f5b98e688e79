// The active sheet drawn as a spreadsheet: column letters and row numbers, merged areas as
// row/column spans, each cell as Excel shows it (the host's CellView: text after number formats,
// fill and font after conditional formats), a corner mark with a tooltip for notes and comments,
// hidden lines left out, and the selection. Drawn from the host's model, never from office.js,
// so what it shows is what the add-in's requests left in the workbook.
import { columnLetters, contains, type Rect } from '../host/address.js';
import type { SimulatedExcel } from '../host/simulated-excel.js';
import type { SheetModel } from '../host/sheet.js';
import { cellCss } from './cell-style.js';
import { gridLayout, spanAt, type GridLayout } from './grid-layout.js';
import { withTableLook } from './table-look.js';

const ROW_HEADER_PX = 44;

const escape = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * Text that does not wrap runs on over empty cells to its right, as in Excel: the width it may
 * take (0 when the next cell is not empty, so it is clipped at its own edge).
 */
function spillWidth(sheet: SheetModel, layout: GridLayout, row: number, index: number): number {
  let width = 0;
  for (let i = index + 1; i < layout.cols.length && i <= index + 20; i++) {
    const c = layout.cols[i]!;
    const cell = sheet.cell(row, c);
    if ((cell && ((cell.value !== null && cell.value !== '') || cell.formula !== undefined)) || sheet.mergeAt(row, c)) break;
    width += layout.widths.get(c) ?? 0;
  }
  return width ? width + (layout.widths.get(layout.cols[index]!) ?? 0) - 7 : 0;
}

export interface DrawnSheet {
  sheet: string;
  /** Rows of the sheet when more than the window drawn (see MAX_DRAWN_ROWS). */
  windowOf?: number;
  firstRow: number;
  lastRow: number;
}

/**
 * Draws the host's active sheet into `el` (replacing what was there).
 * @example drawSheet(window.excelHost!, document.getElementById('h-grid')!)
 */
export function drawSheet(host: SimulatedExcel, el: HTMLElement): DrawnSheet {
  const wb = host.workbook;
  const sheet = wb.active;
  const layout = gridLayout(wb, sheet);
  const drawn = { rows: new Set(layout.rows), cols: new Set(layout.cols) };
  const look = { defaultSize: wb.options.defaultFont.size, gridlines: sheet.showGridlines };
  const width = ROW_HEADER_PX + layout.cols.reduce((n, c) => n + (layout.widths.get(c) ?? 0), 0);
  const out: string[] = [`<table class="grid" style="width:${width}px;font-size:${wb.options.defaultFont.size}pt"><colgroup><col style="width:${ROW_HEADER_PX}px">`];
  for (const c of layout.cols) out.push(`<col style="width:${layout.widths.get(c)}px">`);
  out.push('</colgroup><thead><tr><th class="corner"></th>');
  for (const c of layout.cols) out.push(`<th class="ch" data-c="${c}">${columnLetters(c)}</th>`);
  out.push('</tr></thead><tbody>');
  for (const r of layout.rows) {
    const height = layout.heights.get(r);
    out.push(`<tr style="height:${height ?? layout.defaultHeight}px"><th class="rh" data-r="${r}">${r + 1}</th>`);
    layout.cols.forEach((c, i) => {
      const span = spanAt(sheet, layout, drawn, r, c);
      if (!span) return;
      const v = withTableLook(wb, sheet, r, c, host.view(sheet.name, `${columnLetters(c)}${r + 1}`));
      const style = sheet.style(r, c);
      const spans = `${span.rowSpan > 1 ? ` rowspan="${span.rowSpan}"` : ''}${span.colSpan > 1 ? ` colspan="${span.colSpan}"` : ''}`;
      const tip = v.note ?? v.comment;
      const single = span.rowSpan === 1 && span.colSpan === 1;
      const spill = single && v.text && !style.wrapText && typeof v.value === 'string' && [undefined, 'General', 'Left'].includes(style.horizontalAlignment) ? spillWidth(sheet, layout, r, i) : 0;
      const cls = [
        v.note !== undefined ? 'note' : v.comment !== undefined ? 'comment' : '',
        v.formula?.toUpperCase().startsWith('=HYPERLINK(') ? 'link' : '',
        spill ? 'spill' : '',
      ].filter(Boolean);
      const box = [height !== undefined && span.rowSpan === 1 ? `max-height:${height - 1}px` : '', spill ? `width:${spill}px` : ''].filter(Boolean).join(';');
      out.push(
        `<td data-r="${r}" data-c="${c}"${spans}${cls.length ? ` class="${cls.join(' ')}"` : ''}${tip !== undefined ? ` title="${escape(tip)}"` : ''} style="${cellCss(v, style, look)}">` +
          `<div class="v"${box ? ` style="${box}"` : ''}>${escape(v.text)}</div></td>`,
      );
    });
    out.push('</tr>');
  }
  out.push('</tbody></table>');
  el.innerHTML = out.join('');
  markSelection(el, sheet);
  const result: DrawnSheet = { sheet: sheet.name, firstRow: (layout.rows[0] ?? 0) + 1, lastRow: (layout.rows.at(-1) ?? 0) + 1 };
  if (layout.windowOf !== undefined) result.windowOf = layout.windowOf;
  return result;
}

/** Shows the sheet's selection: the active cell outlined, the rest tinted, headers lit. */
export function markSelection(el: HTMLElement, sheet: SheetModel): void {
  for (const old of el.querySelectorAll('.active, .in-sel, .hl')) old.classList.remove('active', 'in-sel', 'hl');
  const sel = sheet.selection;
  const merge = sheet.mergeAt(sel.r0, sel.c0);
  const single = sel.r0 === sel.r1 && sel.c0 === sel.c1;
  for (const td of el.querySelectorAll<HTMLElement>('td[data-r]')) {
    const r = Number(td.dataset.r);
    const c = Number(td.dataset.c);
    if (r === sel.r0 && c === sel.c0) td.classList.add('active');
    else if (!single && contains(sel, r, c)) td.classList.add('in-sel');
  }
  const area: Rect = merge && single ? merge : sel;
  for (const th of el.querySelectorAll<HTMLElement>('th[data-r]')) if (Number(th.dataset.r) >= area.r0 && Number(th.dataset.r) <= area.r1) th.classList.add('hl');
  for (const th of el.querySelectorAll<HTMLElement>('th[data-c]')) if (Number(th.dataset.c) >= area.c0 && Number(th.dataset.c) <= area.c1) th.classList.add('hl');
}

/** Scrolls the active cell into view (after a finding in the task pane selected it). */
export function revealSelection(el: HTMLElement): void {
  el.querySelector('td.active')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}

/** The cell a click landed on, as the sheet coordinates of its (anchor) cell. */
export function cellAt(target: EventTarget | null): { row: number; col: number } | null {
  const td = (target as HTMLElement | null)?.closest?.('td[data-r]') as HTMLElement | null;
  return td ? { row: Number(td.dataset.r), col: Number(td.dataset.c) } : null;
}
