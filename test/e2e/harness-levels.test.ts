import { readdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../excel-sim/host/snapshot.js';
import { buildHarness, hostGaps, hostSnapshot, launchBrowser, openHarness, pressRibbon, startDevServer, type DevServer } from './harness-page.js';

// Done when (issue 8): the harness at each ExcelApi level Excel reports — the minimum, 1.12, 1.15
// (the newest the packaged office.js knows), 1.18 (notes reported, not in that library) and the
// current 1.20 — runs 检查 then 清除标注 on every demo ledger and the three fixture ledgers, and
// the workbook comes back cell by cell (values, formats, notes, comments, rules, names, sheets).
const LEVELS = ['1.9', '1.12', '1.15', '1.18', '1.20'];
const LEDGERS = [
  ...readdirSync('test/fixtures/demo-county').filter((f) => f.endsWith('.xlsx')).map((f) => `demo-county/${f}`),
  ...readdirSync('test/fixtures/spec').filter((f) => f.endsWith('.xlsx')).map((f) => `spec/${f}`),
];

let server: DevServer;
let browser: Browser;
beforeAll(async () => {
  buildHarness();
  [server, browser] = await Promise.all([startDevServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.each(LEVELS)('the harness at excelApi=%s', (level) => {
  it('检查 then 清除标注 on every demo and fixture ledger completes and restores the workbook', async () => {
    const { page, problems } = await openHarness(browser, server.origin, LEDGERS[0], { excelApi: level });
    try {
      expect(await page.evaluate(() => window.excelHost!.engine.excelApi)).toBe(level);
      for (const ledger of LEDGERS) {
        if ((await page.getAttribute('body', 'data-ledger')) !== ledger) {
          await page.selectOption('#h-ledger', ledger);
          await page.waitForSelector(`body[data-ledger="${ledger}"]:not([data-busy])`);
        }
        const before = await hostSnapshot(page);
        const checked = await pressRibbon(page, 'h-check');
        expect(checked, `${ledger} at ${level}`).toMatch(/^共\d+项事项/);
        expect((await hostSnapshot(page)).sheets.some((s) => s.name === '检查报告'), ledger).toBe(true);
        const cleared = await pressRibbon(page, 'h-clear');
        expect(cleared, ledger).toContain('已清除');
        expect(diffSnapshots(before, await hostSnapshot(page)), `${ledger} at ${level}`).toEqual([]);
      }
      expect(await hostGaps(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.context().close();
    }
  }, 600_000);
});
