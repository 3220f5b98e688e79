import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../excel-sim/host/snapshot.js';
import { addinBundle } from './addin-page.js';
import { gridToSnapshot } from './grid-snapshot.js';
import { launchBrowser, openHostPage } from './host/page.js';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

const HEADER = ['序号', '问题类别', '问题描述', '整改措施', '责任领导', '责任人', '整改时限', '整改状态'];
const ROW = (n: number) => [n, '执法程序', `2023年3月第${n}起案件送达回证无受送达人签名`, '规范送达程序并补正全部送达材料', '张志强', '杨帆', '6月底前', '整改中'];

async function open(values: (string | number | null)[][], top = 1, left = 1) {
  const host = await openHostPage(browser, { snapshot: gridToSnapshot({ sheet: '台账', top, left, values }) });
  await host.page.addScriptTag({ content: await addinBundle() });
  return host;
}

/** A two-item ledger with one more value far out (`cell`), as a stray draft or note leaves it. */
async function openWithStray(cell: string, value: string) {
  const snapshot = gridToSnapshot({ sheet: '台账', values: [HEADER, ROW(1), ROW(2)] });
  (snapshot.sheets[0]!.cells as Record<string, unknown>)[cell] = { value };
  const host = await openHostPage(browser, { snapshot });
  await host.page.addScriptTag({ content: await addinBundle() });
  return host;
}

describe('sheets at the edges', () => {
  it('an empty sheet is no ledger: the check says so and writes nothing', async () => {
    const host = await openHostPage(browser, {});
    await host.page.addScriptTag({ content: await addinBundle() });
    const before = await host.snapshot();
    const out = await host.run((asOf) => window.ledgerAddin.check(asOf), '2023-05-29');
    expect(out.text).toContain('不是整改台账');
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
    await host.close();
  });

  it.each([
    ['XFD1048576', 'A1:XFD1048576'],
    ['SS5', 'A1:SS5'],
  ])('a stray value far out (%s): the check says where and what to do, and writes nothing', async (stray, range) => {
    const host = await openWithStray(stray, '草稿');
    const before = await host.snapshot();
    const out = await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), '2023-05-29');
    expect(out.ok).toBe(false);
    expect(out.text).toContain(`「台账」的已用区域为 ${range}`);
    expect(out.text).toMatch(/Ctrl\+End.*没有任何改动/);
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
    await host.close();
  });

  it('checks, checks again and clears a ledger whose used range reaches column IV (256)', async () => {
    const host = await openWithStray('IV3', '备注');
    const before = await host.snapshot();
    expect((await host.run((asOf) => window.ledgerAddin.check(asOf), '2023-05-29')).report.stats.items).toBe(2);
    expect((await host.run((asOf) => window.ledgerAddin.check(asOf), '2023-05-29')).report.stats.items).toBe(2);
    await host.run(() => window.ledgerAddin.clear());
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
    await host.close();
  });

  it('refuses a check whose columns would reach past column SR (512), which no later read could take', async () => {
    const host = await openWithStray('SR3', '备注');
    const before = await host.snapshot();
    const out = await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), '2023-05-29');
    expect(out.ok).toBe(false);
    expect(out.text).toContain('「台账」的已用区域为 A1:SR3（3 行 × 512 列）');
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
    await host.close();
  });

  it('reads a ledger that starts far down and to the right, in its own coordinates', async () => {
    const host = await open([HEADER, ROW(1), ROW(2)], 300, 4);
    const out = await host.run((asOf) => window.ledgerAddin.check(asOf), '2023-05-29');
    expect(out.report.sheets[0]).toMatchObject({ headerRows: [300], firstDataRow: 301 });
    expect(out.report.sheets[0]!.columns.description).toBe('F');
    expect(out.report.stats.items).toBe(2);
    await host.run(() => window.ledgerAddin.clear());
    await host.close();
  });

  it('a sheet that is not a ledger any more loses what an earlier check added', async () => {
    const host = await open([HEADER, ROW(1)]);
    const before = await host.snapshot();
    await host.run((asOf) => window.ledgerAddin.check(asOf), '2023-05-29');
    // The user deletes the header: the next check finds no ledger and cleans up after itself.
    await host.run(() =>
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem('台账').getRange('A1:H1').clear(Excel.ClearApplyTo.contents);
        await context.sync();
      }),
    );
    await host.run((asOf) => window.ledgerAddin.check(asOf), '2023-05-29');
    const after = await host.snapshot();
    expect(after.sheets.map((s) => s.name)).toEqual(before.sheets.map((s) => s.name));
    expect(await host.highlights('台账')).toEqual([]);
    // Only the rows the user left remain: no computed column, no note of ours.
    expect(Object.keys(after.sheets[0]!.cells ?? {}).filter((a) => !/^[A-H]\d+$/.test(a))).toEqual([]);
    await host.close();
  });
});
