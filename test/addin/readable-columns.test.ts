import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../excel-sim/host/snapshot.js';
import { displayWidth, ENRICHMENT_COLUMNS, widthInPoints } from '../../shared/index.js';
import { openWithAddin } from './addin-page.js';
import { EXCEL_API_MATRIX, launchBrowser } from './host/page.js';

// What a clerk asked for on first use: the computed columns read without widening them by hand,
// 剩余天数 says what a negative number means, the report's codes read in Chinese. On the
// simulated Excel with Microsoft's office.js, at the API levels every add-in test runs at.
const LEDGER = 'test/fixtures/spec/scj-market-regulation.xlsx';
const AS_OF = '2023-05-29';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

describe.each(EXCEL_API_MATRIX)('the computed columns and the report sheet at ExcelApi %s', (level) => {
  it('are wide enough to read, say 已逾期 N 天 for a negative 剩余天数 while keeping the number, and Clear gives the widths back', async () => {
    const host = await openWithAddin(browser, LEDGER, { supported: { ExcelApi: level } });
    const before = await host.snapshot();
    await host.run((asOf) => window.ledgerAddin.check(asOf), AS_OF);
    // 整改台账 ends at Q; the computed columns are R… with their headers on row 4.
    const widths = await host.run((letters) =>
      Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem('整改台账');
        const cols = letters.map((c) => sheet.getRange(`${c}:${c}`).format);
        cols.forEach((f) => f.load('columnWidth'));
        await context.sync();
        return cols.map((f) => f.columnWidth);
      }),
      ENRICHMENT_COLUMNS.map((_, i) => String.fromCharCode(82 + i)),
    );
    ENRICHMENT_COLUMNS.forEach((c, i) => expect(widths[i], c.header).toBeGreaterThanOrEqual(widthInPoints(displayWidth(c.header) + 2)));
    const overdue = await host.view('整改台账', 'T12');
    expect(overdue.value).toBe(-29);
    expect(overdue.text).toBe('已逾期 29 天');
    const report = await host.run(() =>
      Excel.run(async (context) => {
        const r = context.workbook.worksheets.getItem('检查报告').getUsedRange(true);
        r.load('values');
        await context.sync();
        return r.values;
      }),
    );
    expect(report[1]!.slice(0, 3)).toEqual(['级别', '问题类型', '问题代码']);
    expect(report.slice(2).map((r) => [r[1], r[2]])).toContainEqual(['整改时限不明确', 'deadline-invalid']);
    expect(await host.gaps()).toEqual([]);
    await host.run(() => window.ledgerAddin.clear());
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
    await host.close();
  });
});
