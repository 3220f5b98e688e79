import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkbookSnapshot } from '../../excel-sim/host/snapshot.js';
import { activeSheet, buildHarness, drawnGrid, hostGaps, hostSnapshot, launchBrowser, openHarness, pressRibbon, rgb, ROOT, startDevServer, type DevServer, type DrawnCell, type HarnessPage } from './harness-page.js';

// The harness as a newcomer meets it: `node scripts/dev-server.js`, harness.html, a demo ledger,
// the ribbon's 检查 and 清除标注, the task pane beside the grid, an .xlsx of their own. One page
// is shared by the tests in order, as one person's session.
const ERROR_FILL = rgb('#FFC7CE');
const WARNING_FILL = rgb('#FFEB9C');
const SHOTS = join(ROOT, 'test-results');
const COMPUTED = ['检查·事项编号', '检查·规范时限', '检查·剩余天数', '检查·时效', '检查·会诊状态', '检查·问题摘要', '检查·佐证材料'];

let server: DevServer;
let browser: Browser;
let harness: HarnessPage;
let page: Page;
let opened: { grid: DrawnCell[]; snapshot: WorkbookSnapshot };

const cell = (grid: DrawnCell[], at: string) => grid.find((c) => c.at === at);

/** Nothing went wrong that the page did not show: no console errors, no request off the origin, no host gap. */
async function expectClean(): Promise<void> {
  expect(harness.problems).toEqual([]);
  expect(await hostGaps(page)).toEqual([]);
}

beforeAll(async () => {
  buildHarness();
  mkdirSync(SHOTS, { recursive: true });
  [server, browser] = await Promise.all([startDevServer(), launchBrowser()]);
  harness = await openHarness(browser, server.origin, 'demo-county/danko-town.xlsx');
  page = harness.page;
});

afterAll(async () => {
  await browser?.close();
  server?.stop();
});

describe('the harness page', () => {
  it('opens a demo ledger chosen in the list and draws it as a spreadsheet', async () => {
    expect(await page.getAttribute('body', 'data-ledger')).toBe('demo-county/danko-town.xlsx');
    await page.selectOption('#h-ledger', 'demo-county/agriculture.xlsx');
    await page.waitForSelector('body[data-ledger="demo-county/agriculture.xlsx"]:not([data-busy])');
    const grid = await drawnGrid(page);
    // The title is merged across the ledger's columns; the header and the items are drawn as typed.
    expect(cell(grid, 'A1')?.text).toContain('农业农村局');
    expect(cell(grid, 'A1')?.colSpan).toBeGreaterThan(5);
    expect(cell(grid, 'B1')).toBeUndefined();
    expect(cell(grid, 'C2')?.text).toBe('问题描述');
    expect(cell(grid, 'H7')?.text).toBe('尽快');
    expect(grid.filter((c) => c.background === ERROR_FILL || c.background === WARNING_FILL)).toEqual([]);
    expect(await page.$$eval('#h-grid thead th.ch', (ths) => ths.slice(0, 3).map((th) => th.textContent))).toEqual(['A', 'B', 'C']);
    expect(await page.$$eval('#h-tabs .tab', (tabs) => tabs.map((t) => t.textContent))).toEqual(['Sheet1']);
    expect(await page.isVisible('#h-pane #check')).toBe(true);
    opened = { grid, snapshot: await hostSnapshot(page) };
    await page.screenshot({ path: join(SHOTS, 'harness-opened.png') });
    await expectClean();
  });

  it('检查 on the ribbon draws the findings highlighted, with notes, and the computed columns beside the ledger', async () => {
    const outcome = await pressRibbon(page, 'h-check');
    expect(outcome).toMatch(/^共6项事项：错误1条，警告\d+条。/);
    const grid = await drawnGrid(page);
    // The error (整改时限 “尽快”) in Excel's red, a vague description in Excel's yellow.
    expect(cell(grid, 'H7')?.background).toBe(ERROR_FILL);
    expect(cell(grid, 'C7')?.background).toBe(WARNING_FILL);
    expect(cell(grid, 'H7')?.marks).toMatch(/note|comment/);
    expect(cell(grid, 'H7')?.title).toContain('尽快');
    // Every cell the host's conditional formats colour is drawn in that colour, and no other.
    const highlights = await page.evaluate(() => window.excelHost!.highlights().map((v) => ({ at: v.address.split('!')[1]!, fill: v.displayFill ?? '' })));
    expect(highlights.length).toBeGreaterThan(1);
    for (const h of highlights) expect({ at: h.at, background: cell(grid, h.at)?.background }).toEqual({ at: h.at, background: rgb(h.fill) });
    const drawnHighlights = grid.filter((c) => c.background === ERROR_FILL || c.background === WARNING_FILL).map((c) => c.at);
    expect(drawnHighlights.sort()).toEqual(highlights.map((h) => h.at).sort());
    // The computed columns sit right of the ledger on its header row.
    const headerRow = grid.filter((c) => /^[A-Z]+2$/.test(c.at)).map((c) => c.text);
    for (const h of COMPUTED) expect(headerRow).toContain(h);
    expect(await page.$$eval('#h-tabs .tab', (tabs) => tabs.map((t) => t.textContent))).toEqual(['Sheet1', '检查报告']);
    // The open task pane heard the ribbon's check: it lists the same findings.
    await page.waitForSelector('#h-pane #findings:not([hidden]) #groups .group.error');
    expect(await page.textContent('#h-pane #status')).toBe(outcome);
    expect(await page.locator('#h-pane #groups .group.error .finding button.cell').allTextContents()).toContain('H7');
    // At 80% with the ledger's problem columns in view, as a person would look at the findings.
    await page.selectOption('#h-zoom', '0.8');
    await page.$eval('#h-grid th[data-c="2"]', (th) => th.scrollIntoView({ inline: 'start', block: 'nearest' }));
    await page.screenshot({ path: join(SHOTS, 'harness-checked.png') });
    await page.selectOption('#h-zoom', '1');
    await expectClean();
  });

  it('switches sheets with the tabs, and a report link goes back to its cell', async () => {
    await page.click('#h-tabs .tab[data-sheet="检查报告"]');
    expect(await activeSheet(page)).toBe('检查报告');
    const report = await drawnGrid(page);
    const link = report.find((c) => c.marks.includes('link') && c.text === 'H7');
    expect(link).toBeDefined();
    await page.screenshot({ path: join(SHOTS, 'harness-report.png') });
    await page.click(`#h-grid td.link >> text="H7"`);
    expect(await activeSheet(page)).toBe('Sheet1');
    expect(await page.textContent('#h-namebox')).toBe('H7');
    expect(await page.getAttribute('#h-grid td.active', 'data-r')).toBe('6');
    await expectClean();
  });

  it('清除标注 on the ribbon gives back the grid and the workbook exactly as they were', async () => {
    const outcome = await pressRibbon(page, 'h-clear');
    expect(outcome).toContain('已清除');
    // …and the pane forgets the findings that are no longer marked.
    await page.waitForSelector('#h-pane #findings[hidden]', { state: 'attached' });
    expect(await page.textContent('#h-pane #status')).toContain('已清除');
    // Selecting a cell is the person's doing, not the add-in's: compare the workbook's contents.
    const diff = await page.evaluate((before) => window.SimulatedExcel!.diffSnapshots(before, window.excelHost!.export()), opened.snapshot);
    expect(diff).toEqual([]);
    expect(await drawnGrid(page)).toEqual(opened.grid);
    expect(await page.$$eval('#h-tabs .tab', (tabs) => tabs.map((t) => t.textContent))).toEqual(['Sheet1']);
    await expectClean();
  });

  it('runs the task pane beside the grid: its 检查 lists findings and a finding selects its cell in the grid', async () => {
    await page.click('#h-pane #check');
    await page.waitForFunction(() => /共\d+项事项/.test(document.querySelector('#h-pane #status')?.textContent ?? ''));
    const first = page.locator('#h-pane #groups .group.error .finding').first();
    const at = (await first.locator('.at').textContent()) ?? '';
    await first.click();
    await page.waitForFunction((a) => document.getElementById('h-namebox')?.textContent === a, at);
    expect(at).toBe('H7');
    expect(await page.getAttribute('#h-grid td.active', 'data-c')).toBe('7');
    // The pane's button hides and shows it, as the ribbon's task pane button does in Excel.
    await page.click('#h-toggle-pane');
    expect(await page.isHidden('#h-pane')).toBe(true);
    await page.click('#h-toggle-pane');
    expect(await page.isVisible('#h-pane')).toBe(true);
    await expectClean();
  });

  // Excel refuses an add-in's requests while a cell is being edited: the pane's 检查 says what to
  // do and goes on by itself once the person presses Enter (the harness edits on a double-click).
  it('a check pressed while a cell is being edited waits, says to press Enter, and goes on once it is pressed', async () => {
    await page.dblclick('#h-grid td[data-r="4"][data-c="2"]');
    await page.waitForSelector('body[data-editing="C5"]');
    await page.click('#h-pane #check');
    await page.waitForFunction(() => /请按 Enter 或 Tab/.test(document.querySelector('#h-pane #status')?.textContent ?? ''));
    await page.focus('#h-grid');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /共\d+项事项/.test(document.querySelector('#h-pane #status')?.textContent ?? ''));
    expect(await page.getAttribute('body', 'data-editing')).toBeNull();
    await expectClean();
  });

  it('opens an .xlsx picked with the file input, merged cells and hidden columns as Excel shows them', async () => {
    await page.setInputFiles('#h-file', join(ROOT, 'test/fixtures/unit-two-level-header.xlsx'));
    await page.waitForSelector('body[data-ledger="unit-two-level-header.xlsx"]:not([data-busy])');
    expect(await page.$eval('#h-ledger', (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent)).toContain('本地文件');
    const grid = await drawnGrid(page);
    expect(grid.some((c) => c.rowSpan > 1)).toBe(true);
    expect(grid.some((c) => c.text === '序号')).toBe(true);
    // A fresh workbook: nothing of the agriculture ledger's check is left in the pane.
    expect(await page.isHidden('#h-pane #findings')).toBe(true);
    expect(await pressRibbon(page, 'h-check')).toMatch(/^共8项事项/);
    expect((await drawnGrid(page)).some((c) => c.background === ERROR_FILL)).toBe(true);

    await page.setInputFiles('#h-file', join(ROOT, 'test/fixtures/excel-table.xlsx'));
    await page.waitForSelector('body[data-ledger="excel-table.xlsx"]:not([data-busy])');
    const hidden = await page.evaluate(() => {
      const sheet = window.excelHost!.workbook.active;
      return [...sheet.columns].filter(([, p]) => p.hidden).map(([c]) => String.fromCharCode(65 + c));
    });
    expect(hidden.length).toBe(1);
    expect(await page.$$eval('#h-grid thead th.ch', (ths) => ths.map((th) => th.textContent))).not.toContain(hidden[0]);
    expect((await drawnGrid(page)).map((c) => c.text)).not.toContain('问题描述（原稿）');
    await expectClean();
  });

  it('refuses a file that is not an .xlsx with a message saying so', async () => {
    const bad = join(tmpdir(), 'not-a-workbook.xlsx');
    writeFileSync(bad, '序号,问题描述\n1,这是一个 CSV 文件\n');
    await page.setInputFiles('#h-file', bad);
    await page.waitForSelector('#h-outcome[data-kind="error"]:not([hidden])');
    expect(await page.textContent('#h-outcome-text')).toContain('不是 .xlsx 文件');
    // The workbook open before stays open, and the list still names it.
    expect(await page.getAttribute('body', 'data-ledger')).toBe('excel-table.xlsx');
    expect(await page.$eval('#h-ledger', (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe('本地文件 · excel-table.xlsx');
    // Chromium logs the server's 400 answer itself; nothing else went wrong.
    expect(harness.problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    expect(await hostGaps(page)).toEqual([]);
  });
});
