import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BriefItem, BriefItemsResponse } from '../../shared/schema/api.js';
import type { ItemReport } from '../../shared/index.js';
import { launchBrowser } from './host/page.js';
import { openWithAddin } from './addin-page.js';

// 检查·佐证材料 (SPEC 12.4): the number of evidence files the server holds for each item, written
// with the other pulled columns, refreshed on the row after an attach, taken away by Clear.
const SCJ = 'test/fixtures/spec/scj-market-regulation.xlsx';
const AS_OF = '2023-05-29';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

const current = (i: ItemReport): BriefItem => ({
  key: i.key, unit: i.unit, description: i.fields.description ?? '', status: i.status, timeliness: i.timeliness, review: { state: 'pending', since: AS_OF, overdue: false },
});
const file = (itemKey: string, n: number) => ({ id: `e${n}`, itemKey, name: `整改报告${n}.pdf`, type: 'pdf', size: 9, sha256: 'ab', uploadedAt: `${AS_OF}T01:00:0${n}Z`, uploadedOn: AS_OF });

describe('the 检查·佐证材料 column', () => {
  it('pull status writes each item’s file count beside the review state, in the same few round trips', async () => {
    const host = await openWithAddin(browser, SCJ);
    try {
      const checked = await host.run((asOf) => window.ledgerAddin.check(asOf), AS_OF);
      const at = (row: number) => checked.report.sheets[0]!.items.find((i) => i.row === row)!;
      const head = checked.report.sheets[0]!.headerRows.at(-1)!;
      // The server holds rows 7 and 12 (not 9); row 7 has two files, row 12 none.
      const items: BriefItemsResponse = { asOf: AS_OF, total: 2, items: [current(at(7)), current(at(12))] };
      const syncs = await host.run(([i, c]) => window.ledgerAddin.pullSyncs(i, c), [items, { [at(7).key]: 2, 'ZG-other-unit': 5 }] as const);
      const column = await headerColumn(host, head, '检查·佐证材料');
      expect(column).toBe('X'); // last of the computed columns, right of 检查·问题摘要
      expect((await host.view('整改台账', `V${head}`)).value).toBe('检查·会诊状态');
      expect((await host.view('整改台账', 'X7')).value).toBe('2 份');
      expect((await host.view('整改台账', 'X12')).value).toBe('0 份');
      expect((await host.view('整改台账', 'X9')).value ?? '').toBe(''); // not on the server: unknown, not 0
      // No round trip per row: the count goes in the computed columns' own writes (SPEC 8: ≤ 8).
      expect(syncs).toBeLessThanOrEqual(8);
      expect(syncs).toBeLessThanOrEqual(checked.syncs);
    } finally {
      await host.close();
    }
  });

  it('a local check leaves it blank, and Clear takes it away with the other computed columns', async () => {
    const host = await openWithAddin(browser, SCJ);
    try {
      const { report } = await host.run((asOf) => window.ledgerAddin.check(asOf), AS_OF);
      const head = report.sheets[0]!.headerRows.at(-1)!;
      const row7 = report.sheets[0]!.items.find((i) => i.row === 7)!;
      await host.run(([i]) => window.ledgerAddin.pullWith(i, { [i.items[0]!.key]: 1 }), [{ asOf: AS_OF, total: 1, items: [current(row7)] }] as const);
      expect((await host.view('整改台账', 'X7')).value).toBe('1 份');
      await host.run((asOf) => window.ledgerAddin.check(asOf), AS_OF);
      expect((await host.view('整改台账', `X${head}`)).value).toBe('检查·佐证材料');
      expect((await host.view('整改台账', 'X7')).value ?? '').toBe('');
      await host.run(() => window.ledgerAddin.clear());
      expect((await host.view('整改台账', `X${head}`)).value ?? '').toBe('');
      expect((await host.view('整改台账', 'X7')).value ?? '').toBe('');
    } finally {
      await host.close();
    }
  });

  it('after attaching a file to the selected row, that row’s cell shows the server’s new count', async () => {
    const host = await openWithAddin(browser, SCJ);
    try {
      const { report } = await host.run((asOf) => window.ledgerAddin.check(asOf), AS_OF);
      const key = report.sheets[0]!.items.find((i) => i.row === 9)!.key;
      const out = await host.run((files) => window.ledgerAddin.attachAt('C9', files), [1, 2, 3].map((n) => file(key, n)));
      expect(out).toMatchObject({ key, count: 3, shown: true });
      // The upload's answer carries the count: one request, not a second to list the files.
      expect(out.urls).toEqual([`https://county.test/api/v1/items/${encodeURIComponent(key)}/evidence`]);
      expect((await host.view('整改台账', 'X9')).value).toBe('3 份');
      expect((await host.view('整改台账', 'X7')).value ?? '').toBe(''); // other rows as they were
    } finally {
      await host.close();
    }
  });

  it('a cell being edited as the file goes up: the count is written once the edit ends, the file sent once', async () => {
    const host = await openWithAddin(browser, SCJ);
    try {
      const { report } = await host.run((asOf) => window.ledgerAddin.check(asOf), AS_OF);
      const key = report.sheets[0]!.items.find((i) => i.row === 9)!.key;
      const out = await host.run(([files, edit]) => window.ledgerAddin.attachAt('C9', [...files], edit), [[file(key, 1)], { cell: 'C5', syncs: 1 }] as const);
      expect(out).toMatchObject({ key, count: 1, shown: true });
      expect(out.urls).toEqual([`https://county.test/api/v1/items/${encodeURIComponent(key)}/evidence`]);
      expect((await host.view('整改台账', 'X9')).value).toBe('1 份');
    } finally {
      await host.close();
    }
  });

  it('on a sheet never checked there is no column to update: the file is uploaded and nothing is written', async () => {
    const host = await openWithAddin(browser, SCJ);
    try {
      const before = await host.run(() => window.ledgerAddin.readGrid());
      const out = await host.run((files) => window.ledgerAddin.attachAt('C9', files), [file('k', 1)]);
      expect(out).toMatchObject({ count: 1, shown: false });
      expect(await host.run(() => window.ledgerAddin.readGrid())).toEqual(before);
    } finally {
      await host.close();
    }
  });
});

/** The column whose header row cell reads `header`. */
async function headerColumn(host: { view: (s: string, a: string) => Promise<{ value: unknown }> }, row: number, header: string): Promise<string | null> {
  for (let c = 0; c < 40; c++) {
    const letter = String.fromCharCode(65 + (c % 26));
    const col = c < 26 ? letter : `A${letter}`;
    if ((await host.view('整改台账', `${col}${row}`)).value === header) return col;
  }
  return null;
}
