/// <reference types="office-js" />
// The simulated host behind Microsoft's real office.js: start-up, loads and writes, errors,
// null objects, references across syncs, loud failures, payload limits and the recorder.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { WorkbookSnapshot } from '../../../excel-sim/host/snapshot.js';
import { launchBrowser, openHostPage, type HostPage } from './page.js';

const LEDGER: WorkbookSnapshot = {
  sheets: [
    {
      name: '整改台账',
      cells: {
        A1: { value: '序号', font: { bold: true } },
        B1: { value: '整改时限' },
        C1: { value: '完成率' },
        A2: { value: 1 },
        B2: { value: 45047, numberFormat: 'yyyy/m/d' },
        C2: { value: 0.5, numberFormat: '0%' },
        A3: { value: 2 },
        B3: { value: '立行立改' },
        C3: { value: 1234.5, numberFormat: '#,##0.00' },
      },
    },
    { name: 'Sheet 2' },
  ],
};

let browser: Browser;
let host: HostPage;

beforeAll(async () => {
  browser = await launchBrowser();
  host = await openHostPage(browser, { snapshot: LEDGER });
});
afterAll(async () => browser?.close());
beforeEach(async () => host.load(LEDGER));

describe('start-up', () => {
  it('resolves Office.onReady with Excel on the PC platform', async () => {
    const info = await host.run(() => Office.onReady());
    expect(info).toMatchObject({ host: 'Excel', platform: 'PC' });
  });

  it('reports the current ExcelApi level (1.20) by default through isSetSupported, as Microsoft 365 does', async () => {
    const sets = await host.run(() => ['1.9', '1.15', '1.18', '1.20', '1.21'].map((v) => Office.context.requirements.isSetSupported('ExcelApi', v)));
    expect(sets).toEqual([true, true, true, true, false]);
  });

  it('reports an older level as Excel writes it (1.12 is not 1.2, 1.20 is not 1.2)', async () => {
    const older = await openHostPage(browser, { snapshot: LEDGER, supported: { ExcelApi: '1.12' } });
    const sets = await older.run(() => ['1.2', '1.9', '1.12', '1.13'].map((v) => Office.context.requirements.isSetSupported('ExcelApi', v)));
    await older.close();
    expect(sets).toEqual([true, true, true, false]);
  });
});

describe('reading and writing ranges', () => {
  it('loads values, text and number formats of a range as Excel shows them', async () => {
    const r = await host.run(() =>
      Excel.run(async (ctx) => {
        const range = ctx.workbook.worksheets.getItem('整改台账').getRange('A1:C3');
        range.load('values, text, numberFormat, address, valueTypes, rowCount, columnCount');
        await ctx.sync();
        return { values: range.values, text: range.text, numberFormat: range.numberFormat, address: range.address, valueTypes: range.valueTypes, size: [range.rowCount, range.columnCount] };
      }),
    );
    expect(r.address).toBe('整改台账!A1:C3');
    expect(r.values).toEqual([
      ['序号', '整改时限', '完成率'],
      [1, 45047, 0.5],
      [2, '立行立改', 1234.5],
    ]);
    expect(r.text).toEqual([
      ['序号', '整改时限', '完成率'],
      ['1', '2023/5/1', '50%'],
      ['2', '立行立改', '1,234.50'],
    ]);
    expect(r.numberFormat[1]).toEqual(['General', 'yyyy/m/d', '0%']);
    expect(r.valueTypes[1]).toEqual(['Double', 'Double', 'Double']);
    expect(r.size).toEqual([3, 3]);
  });

  it('writes values and reads them back, reading typed text as Excel does', async () => {
    const r = await host.run(() =>
      Excel.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getActiveWorksheet();
        const range = ws.getRange('E1:H1');
        range.values = [['2023-06-30', '12%', "'007", '=E1+1']];
        range.load('values, text, numberFormat, formulas, valueTypes');
        await ctx.sync();
        return { values: range.values, text: range.text, numberFormat: range.numberFormat, formulas: range.formulas, types: range.valueTypes };
      }),
    );
    expect(r.values).toEqual([[45107, 0.12, '007', 45108]]);
    expect(r.text).toEqual([['2023/6/30', '12%', '007', '45108']]);
    expect(r.numberFormat).toEqual([['yyyy/m/d', '0%', 'General', 'General']]);
    expect(r.formulas).toEqual([[45107, 0.12, '007', '=E1+1']]);
    expect(r.types).toEqual([['Double', 'Double', 'String', 'Double']]);
  });

  it('keeps text as text in a cell formatted as @', async () => {
    const values = await host.run(() =>
      Excel.run(async (ctx) => {
        const range = ctx.workbook.worksheets.getActiveWorksheet().getRange('E2');
        range.numberFormat = [['@']];
        range.values = [['2023-06-30']];
        range.load('values');
        await ctx.sync();
        return range.values;
      }),
    );
    expect(values).toEqual([['2023-06-30']]);
  });

  it('leaves a cell unchanged where the values array holds null', async () => {
    const values = await host.run(() =>
      Excel.run(async (ctx) => {
        const range = ctx.workbook.worksheets.getActiveWorksheet().getRange('A2:B2');
        range.values = [[null, 'x']] as never;
        range.load('values');
        await ctx.sync();
        return range.values;
      }),
    );
    expect(values).toEqual([[1, 'x']]);
  });

  it('answers a values array of the wrong shape with InvalidArgument on the client', async () => {
    const error = await host.error(() =>
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getActiveWorksheet().getRange('A1:B2').values = [[1, 2, 3]];
        await ctx.sync();
      }),
    );
    expect(error).toMatchObject({ name: 'RichApi.Error', code: 'InvalidArgument' });
    expect(error?.debugInfo?.errorLocation).toContain('getRange("A1:B2")');
  });

  it('normalises addresses, quoting only sheet names Excel quotes', async () => {
    const r = await host.run(() =>
      Excel.run(async (ctx) => {
        const a = ctx.workbook.worksheets.getItem('整改台账').getRange('$b$2:c3');
        const b = ctx.workbook.worksheets.getItem('Sheet 2').getRange('C:D');
        const c = ctx.workbook.worksheets.getItem('Sheet 2').getRange('3:3');
        const d = ctx.workbook.worksheets.getItem('整改台账').getRangeByIndexes(4, 1, 1, 1);
        [a, b, c, d].forEach((x) => x.load('address'));
        await ctx.sync();
        return [a.address, b.address, c.address, d.address];
      }),
    );
    expect(r).toEqual(['整改台账!B2:C3', "'Sheet 2'!C:D", "'Sheet 2'!3:3", '整改台账!B5']);
  });

  it('loads nested navigation properties and collections with their items', async () => {
    const r = await host.run(() =>
      Excel.run(async (ctx) => {
        const range = ctx.workbook.worksheets.getItem('整改台账').getRange('A1');
        range.load('format/font/bold, format/fill/color, format/columnWidth');
        const sheets = ctx.workbook.worksheets.load('items/name, items/visibility, items/position');
        await ctx.sync();
        return { bold: range.format.font.bold, fill: range.format.fill.color, width: range.format.columnWidth, sheets: sheets.items.map((s) => [s.name, s.visibility, s.position]) };
      }),
    );
    expect(r).toEqual({ bold: true, fill: '#FFFFFF', width: 48, sheets: [['整改台账', 'Visible', 0], ['Sheet 2', 'Visible', 1]] });
  });

  it('applies set() with nested format properties', async () => {
    const r = await host.run(() =>
      Excel.run(async (ctx) => {
        const range = ctx.workbook.worksheets.getActiveWorksheet().getRange('B2:C2');
        range.set({ format: { fill: { color: 'yellow' }, font: { color: '#c00000', bold: true } } });
        range.load('format/fill/color, format/font/color, format/font/bold');
        await ctx.sync();
        return [range.format.fill.color, range.format.font.color, range.format.font.bold];
      }),
    );
    expect(r).toEqual(['#FFFF00', '#C00000', true]);
  });
});

describe('objects across syncs', () => {
  it('reports a missing sheet through getItemOrNullObject and ignores calls on it', async () => {
    const r = await host.run(() =>
      Excel.run(async (ctx) => {
        const missing = ctx.workbook.worksheets.getItemOrNullObject('不存在');
        const present = ctx.workbook.worksheets.getItemOrNullObject('整改台账');
        missing.delete();
        missing.load('name');
        present.load('name');
        await ctx.sync();
        return { missing: missing.isNullObject, present: present.isNullObject, name: present.name };
      }),
    );
    expect(r).toEqual({ missing: true, present: false, name: '整改台账' });
  });

  it('answers getItem of a missing sheet with ItemNotFound', async () => {
    const error = await host.error(() =>
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('不存在').load('name');
        await ctx.sync();
      }),
    );
    expect(error?.code).toBe('ItemNotFound');
  });

  it('reuses a range from one sync in the next through its reference id', async () => {
    const r = await host.run(() =>
      Excel.run(async (ctx) => {
        const range = ctx.workbook.worksheets.getActiveWorksheet().getRange('A2:A3');
        range.load('values');
        await ctx.sync();
        const before = range.values;
        range.values = [[10], [20]];
        range.format.font.italic = true;
        range.load('values, format/font/italic');
        await ctx.sync();
        return { before, after: range.values, italic: range.format.font.italic };
      }),
    );
    expect(r).toEqual({ before: [[1], [2]], after: [[10], [20]], italic: true });
    const requests = await host.requests();
    expect(requests.at(-1)?.kind).toBe('cleanup');
  });

  it('finds collection items again in a later sync, by key or by reference', async () => {
    const r = await host.run(() =>
      Excel.run(async (ctx) => {
        const sheets = ctx.workbook.worksheets.load('items/name');
        const ws = ctx.workbook.worksheets.getItem('整改台账');
        const table = ws.tables.add('A1:C3', true);
        const rows = table.rows.load('items');
        await ctx.sync();
        sheets.items[1]?.getRange('A1').set({ values: [['第二张']] });
        rows.items[1]?.set({ values: [[20, '长期坚持', 0.75]] });
        const a1 = ctx.workbook.worksheets.getItem('Sheet 2').getRange('A1').load('values');
        const row3 = ws.getRange('A3:C3').load('values');
        await ctx.sync();
        return { a1: a1.values, row3: row3.values };
      }),
    );
    expect(r).toEqual({ a1: [['第二张']], row3: [[20, '长期坚持', 0.75]] });
  });

  it('keeps tracked objects usable across Excel.run batches', async () => {
    const r = await host.run(async () => {
      const range = await Excel.run(async (ctx) => {
        const x = ctx.workbook.worksheets.getActiveWorksheet().getRange('C2');
        ctx.trackedObjects.add(x);
        await ctx.sync();
        return x;
      });
      return Excel.run(range, async (ctx) => {
        range.load('text');
        await ctx.sync();
        ctx.trackedObjects.remove(range);
        await ctx.sync();
        return range.text;
      });
    });
    expect(r).toEqual([['50%']]);
  });
});

describe('failing loudly', () => {
  it('answers an API it does not model with NotImplemented naming it, and records the gap', async () => {
    const error = await host.error(() =>
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getActiveWorksheet().getRange('A1:C3').getSpecialCells('Constants').load('address');
        await ctx.sync();
      }),
    );
    expect(error?.code).toBe('NotImplemented');
    expect(error?.message).toContain('Range.getSpecialCells()');
    const gaps = await host.gaps();
    expect(gaps.map((g) => g.what)).toContain('Range.getSpecialCells()');
  });

  it('fails loudly on a property it does not model', async () => {
    const error = await host.error(() =>
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getActiveWorksheet().getRange('A1').load('style');
        await ctx.sync();
      }),
    );
    expect(error?.code).toBe('NotImplemented');
    expect(error?.message).toContain('Range.style');
  });
});

describe('payload limits and the recorder', () => {
  it('rejects a request over 5 MB with RequestPayloadSizeLimitExceeded', async () => {
    const error = await host.error(() =>
      Excel.run(async (ctx) => {
        const rows = Array.from({ length: 60_000 }, (_, i) => [`第${i}行整改措施说明文字`, 'x'.repeat(60)]);
        ctx.workbook.worksheets.getActiveWorksheet().getRange('A1:B60000').values = rows;
        await ctx.sync();
      }),
    );
    expect(error?.code).toBe('RequestPayloadSizeLimitExceeded');
    const last = (await host.requests()).filter((r) => r.kind === 'sync').at(-1);
    expect(last).toMatchObject({ outcome: 'request-too-large' });
    expect(last?.requestBytes).toBeGreaterThan(5 * 1024 * 1024);
  });

  it('rejects a response over 5 MB with ResponsePayloadSizeLimitExceeded', async () => {
    const error = await host.error(() =>
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getActiveWorksheet().getRange('A:C').load('values');
        await ctx.sync();
      }),
    );
    expect(error?.code).toBe('ResponsePayloadSizeLimitExceeded');
  });

  it('measures the syncs and bytes of one piece of add-in code', async () => {
    const { result, summary, requests } = await host.measure(() =>
      Excel.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getActiveWorksheet();
        const used = ws.getUsedRange().load('values');
        await ctx.sync();
        ws.getRange('D1:D3').values = used.values.map((row) => [row.length]);
        await ctx.sync();
        return used.values.length;
      }),
    );
    expect(result).toBe(3);
    expect(summary).toMatchObject({ syncs: 2, requests: 3, errors: 0 });
    expect(summary.maxRequestBytes).toBe(Math.max(...requests.map((r) => r.requestBytes)));
  });

  it('records each sync with its real request size', async () => {
    await host.run(() => {
      window.excelHost!.engine.recorder.reset();
    });
    await host.run(() =>
      Excel.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getActiveWorksheet();
        ws.getRange('A10:B10').values = [['一', '二']];
        await ctx.sync();
        ws.getRange('A11').values = [['三']];
        await ctx.sync();
      }),
    );
    const summary = await host.run(() => window.excelHost!.summary());
    const requests = await host.requests();
    expect(summary.syncs).toBe(2);
    expect(requests.filter((r) => r.kind === 'sync').map((r) => r.sync)).toEqual([1, 2]);
    expect(summary.totalRequestBytes).toBe(requests.filter((r) => r.kind !== 'internal').reduce((n, r) => n + r.requestBytes, 0));
    // The body carries the Chinese text as UTF-8: three bytes a character.
    expect(requests[0]?.requestBytes).toBeGreaterThan(200);
  });
});

describe('an older Excel', () => {
  it('hides ExcelApi 1.13 APIs on a 1.9 host while a 1.13 host answers them', async () => {
    const old = await openHostPage(browser, { supported: { ExcelApi: 1.9 }, snapshot: { sheets: [{ name: 'S', merges: ['A1:B2'], cells: { A1: { value: 'x' } } }] } });
    try {
      expect(await old.run(() => Office.context.requirements.isSetSupported('ExcelApi', '1.13'))).toBe(false);
      const error = await old.error(() =>
        Excel.run(async (ctx) => {
          ctx.workbook.worksheets.getActiveWorksheet().getRange('A1:C3').getMergedAreasOrNullObject().load('address');
          await ctx.sync();
        }),
      );
      expect(error?.code).toBe('ApiNotFound');
    } finally {
      await old.close();
    }
    await host.load({ sheets: [{ name: 'S', merges: ['A1:B2', 'D4:E4'], cells: { A1: { value: 'x' } } }] });
    const merged = await host.run(() =>
      Excel.run(async (ctx) => {
        const areas = ctx.workbook.worksheets.getActiveWorksheet().getRange('A1:F6').getMergedAreasOrNullObject();
        areas.load('address, areaCount');
        const none = ctx.workbook.worksheets.getActiveWorksheet().getRange('F6').getMergedAreasOrNullObject();
        none.load('address');
        await ctx.sync();
        return { address: areas.address, count: areas.areaCount, none: none.isNullObject };
      }),
    );
    expect(merged).toEqual({ address: 'S!A1:B2, S!D4:E4', count: 2, none: true });
  });
});
