// The ledger the host-feature tests open, and a per-file host page on it: one browser per
// test file, the workbook reloaded before each test.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Browser } from 'playwright-core';
import type { WorkbookSnapshot } from '../../../excel-sim/host/snapshot.js';
import { launchBrowser, openHostPage, type HostPage, type HostPageOptions } from './page.js';

// A small ledger, with the list of valid categories on a hidden sheet behind a name.
export const LEDGER: WorkbookSnapshot = {
  sheets: [
    {
      name: '整改台账',
      cells: {
        A1: { value: '序号' },
        B1: { value: '问题描述' },
        C1: { value: '问题类别' },
        D1: { value: '整改时限' },
        E1: { value: '整改措施' },
        A2: { value: 1 },
        B2: { value: '执法文书不规范', fill: '#DDEBF7' },
        C2: { value: '执法程序' },
        D2: { value: 45000, numberFormat: 'yyyy/m/d' },
        E2: { value: '规范文书模板，组织培训' },
        A3: { value: 2 },
        B3: { value: '案卷归档不及时' },
        C3: { value: '执法效率' },
        D3: { value: 45300, numberFormat: 'yyyy/m/d' },
        E3: { value: '暂无' },
        A4: { value: 3 },
        B4: { value: '执法文书不规范' },
        C4: { value: '程序问题' },
        D4: { value: '长期坚持' },
        E4: { value: '建立台账，限期整改到位' },
        A5: { value: 4 },
        B5: { value: '裁量基准未公开' },
        C5: { value: '' as never },
        D5: { value: 44900, numberFormat: 'yyyy/m/d' },
        E5: { value: '公开裁量基准' },
      },
      columns: { B: { size: 120 }, F: { hidden: true } },
    },
    {
      name: '_lists',
      visibility: 'VeryHidden',
      cells: { A1: { value: '执法理念' }, A2: { value: '执法程序' }, A3: { value: '执法裁量' }, A4: { value: '执法廉洁' }, A5: { value: '执法效率' } },
    },
  ],
  names: [{ name: 'categories', formula: '=_lists!$A$1:$A$5' }],
};

/**
 * Registers the hooks that open one host page for the file and reload `snapshot` before each
 * test; returns accessors for the page and the browser.
 * @example const ctx = useHostPage(); it('…', async () => { await ctx.host().run(…) });
 */
export function useHostPage(options: HostPageOptions = {}, snapshot: WorkbookSnapshot = LEDGER): { host: () => HostPage; browser: () => Browser } {
  let browser: Browser | undefined;
  let host: HostPage | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
    host = await openHostPage(browser, { snapshot, today: '2023-08-01', user: { name: '县委巡察办', email: 'xcb@example.gov.cn' }, ...options });
  });
  afterAll(async () => browser?.close());
  beforeEach(async () => host?.load(snapshot));
  return {
    host: () => {
      if (!host) throw new Error('the host page is not open');
      return host;
    },
    browser: () => {
      if (!browser) throw new Error('the browser is not running');
      return browser;
    },
  };
}
