import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BriefItem, BriefItemsResponse } from '../../shared/schema/api.js';
import { launchBrowser } from './host/page.js';
import { openWithAddin } from './addin-page.js';

const SCJ = 'test/fixtures/spec/scj-market-regulation.xlsx';
const AS_OF = '2023-05-29';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

describe('the county view with a unit’s token', () => {
  it('says it needs the county office’s token, writes no sheet, and leaves no refused read unhandled', async () => {
    const host = await openWithAddin(browser, SCJ);
    try {
      const out = await host.run(() => window.ledgerAddin.countyViewAsUnit());
      expect(out.message).toBe('全县汇总需要县委巡察办的令牌（当前是单位令牌）。');
      expect(out.unhandled).toEqual([]);
      expect(out.sheets.filter((n) => n.startsWith('全县'))).toEqual([]);
      expect(out.paths).toContain('/api/v1/me');
    } finally {
      await host.close();
    }
  });
});

describe('campaign actions in Excel (SPEC 12.3)', () => {
  it("asks for an extension of the item on the selected cell's row", async () => {
    const host = await openWithAddin(browser, SCJ);
    try {
      const { report } = await host.run((asOf) => window.ledgerAddin.check(asOf), AS_OF);
      const item = report.sheets[0]!.items.find((i) => i.row === 12)!;
      const answer = { id: 1, key: item.key, unit: item.unit, dueBefore: '2023-04-30', requestedDue: '2023-07-31', reason: '需上级复核', requestedBy: 'u', requestedOn: AS_OF, state: 'pending' };
      const out = await host.run((a) => window.ledgerAddin.requestExtensionAt('E12', a), answer);
      expect([out.key, out.row]).toEqual([item.key, 12]);
      expect(out.calls[0]!.url).toBe(`https://county.test/api/v1/items/${encodeURIComponent(item.key)}/extensions`);
      expect(JSON.parse(out.calls[0]!.body)).toEqual({ requestedDue: '2023-07-31', reason: '需上级复核' });
      const error = await host.error(() => window.ledgerAddin.requestExtensionAt('A2', {}));
      expect(error?.message).toContain('第2行不是整改事项');
    } finally {
      await host.close();
    }
  });

  it("writes the office's latest comment into 检查·会诊状态 and an approved extension into 检查·规范时限", async () => {
    const host = await openWithAddin(browser, SCJ);
    try {
      const { report } = await host.run((asOf) => window.ledgerAddin.check(asOf), AS_OF);
      const at = (row: number) => report.sheets[0]!.items.find((i) => i.row === row)!;
      const current = (row: number, over: Partial<BriefItem>): BriefItem => {
        const i = at(row);
        return { key: i.key, unit: i.unit, description: i.fields.description ?? '', status: i.status, timeliness: i.timeliness, review: { state: 'pending', since: AS_OF, overdue: false }, ...over };
      };
      const items: BriefItemsResponse = { asOf: AS_OF, total: 2, items: [
        current(7, { review: { state: 'returned', since: AS_OF, overdue: false, decision: 'return', comment: '请写明涉及案件的文号' } }),
        current(12, { extension: { due: '2023-07-31', decidedOn: AS_OF, dueBefore: '2023-04-30' }, review: { state: 'assigned', since: AS_OF, overdue: false } }),
      ] };
      expect(await host.run((i) => window.ledgerAddin.pullWith(i), items)).toBe(2);
      expect((await host.view('整改台账', 'V7')).value).toBe('退回完善：请写明涉及案件的文号');
      expect((await host.view('整改台账', 'V12')).value).toBe('已交办');
      expect((await host.view('整改台账', 'S12')).text).toBe('2023-07-31');
      expect((await host.view('整改台账', 'S9')).text).toBe('2023-06-30');
    } finally {
      await host.close();
    }
  });

  it('pulls every item of the unit, page after page, where one page would have held only some (a unit of over 5,000 items)', async () => {
    const host = await openWithAddin(browser, SCJ);
    try {
      const { report } = await host.run((asOf) => window.ledgerAddin.check(asOf), AS_OF);
      const items = report.sheets[0]!.items.map((i): BriefItem => ({
        key: i.key, unit: i.unit, description: i.fields.description ?? '', status: i.status, timeliness: i.timeliness, review: { state: 'assigned', since: AS_OF, overdue: false },
      }));
      expect(items.length).toBeGreaterThan(4);
      const out = await host.run(([all, size]) => window.ledgerAddin.pullPaged(all, size), [{ asOf: AS_OF, items }, 2] as const);
      expect(out.found).toBe(items.length);
      expect(out.urls.length).toBe(Math.ceil(items.length / 2));
      // Every page after the first asks for the same date as the first answered; each the brief view.
      for (const url of out.urls.slice(1)) expect(new URL(url).searchParams.get('asOf')).toBe(AS_OF);
      for (const url of out.urls) expect(new URL(url).searchParams.get('view')).toBe('brief');
      for (const i of report.sheets[0]!.items) expect((await host.view('整改台账', `V${i.row}`)).value).toBe('已交办');
    } finally {
      await host.close();
    }
  });
});
