/// <reference types="office-js" />
// The harness page: the add-in's real ribbon commands and task pane, on Microsoft's real
// office.js, against the simulated Excel host, beside the workbook drawn as a spreadsheet.
// How a newcomer tries the product and how the end-to-end tests drive it (test/e2e).
// The page's state is on <body> for tests: data-ledger (what is open), data-commands (ribbon
// commands finished), data-busy while something runs.
import type { SimulatedExcel } from '../host/simulated-excel.js';
import { columnLetters } from '../host/address.js';
import { bootHost, loadCommands, mountPane, type CommandHandlers } from './boot.js';
import { cellAt, drawSheet, markSelection, revealSelection } from './grid-view.js';
import { linkTarget } from './cell-style.js';
import { DEFAULT_SAMPLE, setupPicker, type OpenedLedger } from './open-file.js';
import { pressCommand } from './ribbon.js';
import { drawFormulaBar, drawTabs } from './sheet-tabs.js';

const RIBBON = ['checkLedger', 'clearAnnotations'] as const;
const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

let host: SimulatedExcel;
let handlers: CommandHandlers;
let loads = 0;
let drawnSignature = '';
let drawnSelection = '';

/** What, when it changes, means the drawing is stale: any request, a new workbook, a tab switch. */
function signature(): string {
  const wb = host.workbook;
  return `${loads}|${host.engine.recorder.requests.length}|${wb.active.name}|${wb.sheets.length}`;
}

function setStatus(text: string, kind: 'ok' | 'busy' | 'error' = 'ok'): void {
  $('h-status').textContent = text;
  $('h-status').dataset.kind = kind;
}

function showOutcome(text: string | null, kind: 'info' | 'error' = 'info'): void {
  const bar = $('h-outcome');
  bar.hidden = !text;
  bar.dataset.kind = kind;
  $('h-outcome-text').textContent = text ?? '';
}

/** Host figures for the status bar: syncs the add-in made, and anything the host does not model. */
function drawHostInfo(): void {
  const gaps = host.gaps();
  const el = $('h-hostinfo');
  el.textContent = `模拟 Excel（ExcelApi ${host.engine.excelApi}）· 同步 ${host.summary().syncs} 次 · 未建模 ${gaps.length} 处`;
  el.dataset.kind = gaps.length ? 'error' : 'ok';
  el.title = gaps.map((g) => `${g.what}: ${g.message}`).join('\n');
}

function redraw(): void {
  const grid = $('h-grid');
  const sheetKey = host.workbook.active.name;
  const keep = grid.dataset.sheet === sheetKey ? { top: grid.scrollTop, left: grid.scrollLeft } : { top: 0, left: 0 };
  const drawn = drawSheet(host, grid);
  grid.dataset.sheet = sheetKey;
  grid.scrollTo(keep.left, keep.top);
  drawTabs(host, $('h-tabs'), redraw);
  drawFormulaBar(host, $('h-namebox'), $('h-formula'));
  drawHostInfo();
  $('h-window').textContent = drawn.windowOf ? `显示第 ${drawn.firstRow}–${drawn.lastRow} 行（共 ${drawn.windowOf} 行）` : '';
  const sel = host.workbook.active.selection;
  const selection = `${sheetKey}|${sel.r0},${sel.c0},${sel.r1},${sel.c1}`;
  if (selection !== drawnSelection) revealSelection(grid);
  drawnSelection = selection;
  drawnSignature = signature();
}

/** Redraws whenever the add-in's requests (or anything else) changed the workbook. */
function watch(): void {
  if (host && signature() !== drawnSignature) redraw();
}

function busy<T>(label: string, job: () => Promise<T>): Promise<T> {
  document.body.dataset.busy = label;
  setStatus(label, 'busy');
  for (const b of document.querySelectorAll<HTMLButtonElement>('.ribbon .cmd')) b.disabled = true;
  return job().finally(() => {
    delete document.body.dataset.busy;
    for (const b of document.querySelectorAll<HTMLButtonElement>('.ribbon .cmd')) b.disabled = false;
  });
}

async function press(name: (typeof RIBBON)[number], label: string): Promise<void> {
  await busy(label, async () => {
    const result = await pressCommand(handlers, name);
    redraw();
    if (result.error) showOutcome(`命令出错：${result.error}`, 'error');
    else showOutcome(result.outcome, result.outcome?.startsWith('未能完成') ? 'error' : 'info');
    setStatus(result.completed ? '就绪' : '命令未调用 completed()：Excel 会让按钮一直转圈', result.completed ? 'ok' : 'error');
    document.body.dataset.commands = String(Number(document.body.dataset.commands ?? 0) + 1);
  });
}

/** A freshly opened workbook: the host opens it and the pane forgets the last one's findings. */
function open(ledger: OpenedLedger): void {
  host.load({ ...ledger.snapshot, name: ledger.name.split('/').pop() });
  loads++;
  showOutcome(null);
  const paneFindings = document.querySelector<HTMLElement>('#h-pane #findings');
  if (paneFindings) paneFindings.hidden = true;
  const paneStatus = document.querySelector<HTMLElement>('#h-pane #status');
  if (paneStatus) paneStatus.textContent = '';
  document.title = `${ledger.name.split('/').pop()} · 整改台账检查（模拟 Excel）`;
  $('h-docname').textContent = ledger.name.split('/').pop() ?? ledger.name;
  redraw();
  $('h-grid').scrollTo(0, 0);
  const warned = ledger.warnings.length ? `（${ledger.warnings.length} 处格式未能读入，见控制台）` : '';
  if (ledger.warnings.length) console.info('未能读入：\n' + ledger.warnings.join('\n'));
  setStatus(`已打开 ${ledger.name}${warned}`);
  document.body.dataset.ledger = ledger.name;
}

/**
 * A cell being edited, as in Excel: a double-click starts it (nothing is typed here), Enter, Tab,
 * Esc or a click on another cell ends it. Meanwhile the host refuses the add-in's requests
 * (InvalidOperationInCellEditMode), as Excel does.
 */
function editCell(address: string | null): void {
  host.editCell(address);
  if (address) document.body.dataset.editing = address;
  else delete document.body.dataset.editing;
  setStatus(address ? `编辑 ${address}（模拟单元格编辑：按 Enter 结束）` : '就绪');
}

function wireGrid(): void {
  const grid = $('h-grid');
  grid.addEventListener('dblclick', (e) => {
    const at = cellAt(e.target);
    if (at) editCell(`${columnLetters(at.col)}${at.row + 1}`);
  });
  document.addEventListener('keydown', (e) => {
    if (document.body.dataset.editing && ['Enter', 'Tab', 'Escape'].includes(e.key)) editCell(null);
  });
  grid.addEventListener('click', (e) => {
    const at = cellAt(e.target);
    if (!at) return;
    const editing = document.body.dataset.editing;
    if (editing && editing !== `${columnLetters(at.col)}${at.row + 1}`) editCell(null);
    const sheet = host.workbook.active;
    const merge = sheet.mergeAt(at.row, at.col);
    sheet.selection = merge ?? { r0: at.row, c0: at.col, r1: at.row, c1: at.col };
    // A report link (检查报告's 单元格 column) goes to its cell, as Ctrl+click does in Excel.
    const td = (e.target as HTMLElement).closest('td');
    const target = td?.classList.contains('link') ? linkTarget(host.workbook.active.cell(at.row, at.col)?.formula) : null;
    const to = target ? host.workbook.sheetByName(target.sheet) : undefined;
    if (target && to && to.visibility === 'Visible') {
      const rect = host.workbook.resolve(target.address, to).rect;
      host.workbook.activate(to);
      to.selection = rect;
      redraw();
      return;
    }
    markSelection(grid, sheet);
    drawFormulaBar(host, $('h-namebox'), $('h-formula'));
    drawnSelection = `${sheet.name}|${sheet.selection.r0},${sheet.selection.c0},${sheet.selection.r1},${sheet.selection.c1}`;
  });
}

function wireRibbon(): void {
  $('h-check').addEventListener('click', () => void press('checkLedger', '正在检查…'));
  $('h-clear').addEventListener('click', () => void press('clearAnnotations', '正在清除标注…'));
  $('h-toggle-pane').addEventListener('click', () => {
    const pane = $('h-pane');
    pane.hidden = !pane.hidden;
    $('h-toggle-pane').setAttribute('aria-pressed', String(!pane.hidden));
  });
  $('h-pane-close').addEventListener('click', () => $('h-toggle-pane').click());
  $('h-outcome-close').addEventListener('click', () => showOutcome(null));
  // Excel's zoom: a county aggregate and the computed columns fit on one screen at 75%.
  $('h-zoom').addEventListener('change', () => $('h-grid').style.setProperty('--zoom', $<HTMLSelectElement>('h-zoom').value));
}

async function main(): Promise<void> {
  setStatus('正在启动模拟的 Excel 和 office.js…', 'busy');
  host = await bootHost();
  [handlers] = await Promise.all([loadCommands(RIBBON), mountPane($('h-pane-body'))]);
  wireRibbon();
  wireGrid();
  const onError = (message: string) => {
    showOutcome(message, 'error');
    setStatus('打开失败', 'error');
    delete document.body.dataset.busy;
  };
  const picker = await setupPicker({
    select: $<HTMLSelectElement>('h-ledger'),
    file: $<HTMLInputElement>('h-file'),
    onBusy: (name) => setStatus(`正在打开 ${name}…`, 'busy'),
    onOpen: open,
    onError,
  });
  // `?ledger=NAME` opens another sample first (links in docs, the tests).
  await picker.openSample(new URLSearchParams(location.search).get('ledger') ?? DEFAULT_SAMPLE);
  setInterval(watch, 250);
  document.body.dataset.ready = 'true';
}

main().catch((error: unknown) => {
  showOutcome(`启动失败：${error instanceof Error ? error.message : String(error)}`, 'error');
  setStatus('启动失败', 'error');
});
