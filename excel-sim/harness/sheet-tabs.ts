// The sheet tabs under the grid and the name box / formula bar above it. A tab click is the
// person switching sheets in Excel: the host's workbook activates the sheet (no add-in request).
import { columnLetters, formatRect } from '../host/address.js';
import type { SimulatedExcel } from '../host/simulated-excel.js';

/**
 * Draws a tab per visible sheet (hidden ones, such as the check's marks sheet, have none in
 * Excel either); `onSwitch` runs after a click has activated another sheet.
 * @example drawTabs(host, tabsEl, () => redraw())
 */
export function drawTabs(host: SimulatedExcel, el: HTMLElement, onSwitch: () => void): void {
  const wb = host.workbook;
  el.replaceChildren(
    ...wb.visibleSheets().map((sheet) => {
      const tab = document.createElement('button');
      tab.type = 'button';
      tab.className = `tab${sheet === wb.active ? ' active' : ''}`;
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-selected', String(sheet === wb.active));
      tab.dataset.sheet = sheet.name;
      tab.textContent = sheet.name;
      if (sheet.tabColor) tab.style.setProperty('--tab-color', sheet.tabColor);
      tab.addEventListener('click', () => {
        if (sheet === host.workbook.active || sheet.deleted) return;
        host.workbook.activate(sheet);
        onSwitch();
      });
      return tab;
    }),
  );
}

/** The name box (selected address) and the formula bar (the active cell's formula or text). */
export function drawFormulaBar(host: SimulatedExcel, nameBox: HTMLElement, formula: HTMLElement): void {
  const sheet = host.workbook.active;
  const sel = sheet.selection;
  const merge = sheet.mergeAt(sel.r0, sel.c0);
  const single = sel.r0 === sel.r1 && sel.c0 === sel.c1;
  nameBox.textContent = single || (merge && merge.r0 === sel.r0 && merge.c0 === sel.c0 && merge.r1 === sel.r1 && merge.c1 === sel.c1) ? `${columnLetters(sel.c0)}${sel.r0 + 1}` : formatRect(sel);
  const view = host.view(sheet.name, `${columnLetters(sel.c0)}${sel.r0 + 1}`);
  formula.textContent = view.formula ?? view.text;
  formula.title = view.note ?? view.comment ?? '';
}
