import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../excel-sim/host/snapshot.js';
import { readXlsx } from '../../cli/read-xlsx.js';
import { checkWorkbooks, campaignOrDefault, ENRICHMENT_COLUMNS } from '../../shared/index.js';
import { launchBrowser } from './host/page.js';
import { openWithAddin } from './addin-page.js';

const SPEC = 'test/fixtures/spec';
const AS_OF = '2023-05-29';
const own = ['test/fixtures/unit-two-level-header.xlsx', 'test/fixtures/excel-table.xlsx', ...readdirSync('test/fixtures/demo-county').slice(0, 3).map((f) => `test/fixtures/demo-county/${f}`)];
const spec = readdirSync(SPEC).filter((f) => f.endsWith('.xlsx')).map((f) => join(SPEC, f));

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

/** A report without the file name (the add-in names a ledger by its sheet). */
const comparable = (r: ReturnType<typeof checkWorkbooks>) => r.sheets.map(({ file: _f, ...s }) => ({ ...s, items: s.items.map((i) => ({ ...i, diagnostics: i.diagnostics.map(({ file: _g, ...d }) => d) })), diagnostics: s.diagnostics.map(({ file: _g, ...d }) => d) }));

describe('the Excel adapter reads a ledger as the CLI reads the .xlsx', () => {
  it.each([...spec, ...own])('%s gives the same report from Excel as from the file', async (file) => {
    const host = await openWithAddin(browser, file);
    const grid = await host.run(() => window.ledgerAddin.readGrid());
    await host.close();
    const fromFile = await readXlsx(file);
    const sheet = fromFile.input.sheets.find((s) => s.sheet === grid.sheet)!;
    const opts = { campaign: campaignOrDefault(), asOf: AS_OF };
    expect(comparable(checkWorkbooks([{ file: 'x', sheets: [grid] }], opts))).toEqual(comparable(checkWorkbooks([{ file: 'x', sheets: [sheet] }], opts)));
  });
});

describe('checking the public fixtures in place', () => {
  const scj = join(SPEC, 'scj-market-regulation.xlsx');

  it('highlights the cells expected.json names, fills the computed columns, and Clear restores the sheet exactly', async () => {
    const host = await openWithAddin(browser, scj);
    const before = await host.snapshot();
    const { result, summary } = await host.measure((asOf) => window.ledgerAddin.check(asOf), AS_OF);
    const lit = new Map((await host.highlights('整改台账')).map((v) => [v.address.split('!').pop()!, v.displayFill]));
    // expected.json: errors at H8, B10, O10, I13; warnings at C8, E8, I12.
    for (const at of ['H8', 'B10', 'O10', 'I13']) expect(lit.get(at), at).toBe('#FFC7CE');
    for (const at of ['C8', 'E8', 'I12']) expect(lit.get(at), at).toBe('#FFEB9C');
    expect([...lit.keys()].sort()).toEqual(['B10', 'C8', 'E8', 'H8', 'I12', 'I13', 'O10']);
    // Computed columns right of the ledger (Q is its last column): R.. with the headers in row 4.
    expect((await host.view('整改台账', 'R4')).value).toBe(ENRICHMENT_COLUMNS[0]!.header);
    expect((await host.view('整改台账', 'S12')).text).toBe('2023-04-30');
    expect((await host.view('整改台账', 'T12')).value).toBe(-29);
    expect((await host.view('整改台账', 'U12')).value).toBe('已逾期');
    expect((await host.view('整改台账', 'R11')).value).toBe(null); // not an item
    expect(result.report.stats).toMatchObject({ items: 8, errors: 4 });
    expect(summary.syncs).toBeLessThanOrEqual(8);
    // A note on a diagnosed cell says why (comments on ExcelApi 1.15, notes where 1.18 exists).
    expect((await host.view('整改台账', 'O10')).comment ?? (await host.view('整改台账', 'O10')).note).toContain('佐证材料');
    expect(await host.gaps()).toEqual([]);

    expect((await host.run(() => window.ledgerAddin.clear())).cleared).toBe(true);
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
    // Nothing the check added is left: a second clear says so (it said it had removed them).
    expect((await host.run(() => window.ledgerAddin.clear())).cleared).toBe(false);
    await host.close();
  });

  it('checking twice leaves the same sheet as checking once', async () => {
    const host = await openWithAddin(browser, scj);
    await host.run((asOf) => window.ledgerAddin.check(asOf), AS_OF);
    const once = await host.snapshot();
    await host.run((asOf) => window.ledgerAddin.check(asOf), AS_OF);
    expect(diffSnapshots(once, await host.snapshot())).toEqual([]);
    await host.close();
  });

  it('works on an Excel that has only ExcelApi 1.9 (no merged-area API, no comments), and says what it could not see', async () => {
    const host = await openWithAddin(browser, join(SPEC, 'rulin-town.xlsx'), { supported: { ExcelApi: 1.9 } });
    const before = await host.snapshot();
    const { result } = await host.measure((asOf) => window.ledgerAddin.check(asOf), AS_OF);
    expect(result.report.sheets[0]!.unit).toBe('儒林镇');
    const lit = (await host.highlights('Sheet1')).map((v) => v.address.split('!').pop());
    expect(lit).toEqual(expect.arrayContaining(['B3', 'B4', 'D3', 'D4']));
    // The leader merged over E3:E5 reads as blank below E3 on such an Excel; the outcome says why.
    expect(result.mergesRead).toBe(false);
    expect(result.text).toContain('合并单元格');
    expect(await host.gaps()).toEqual([]);
    await host.run(() => window.ledgerAddin.clear());
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
    await host.close();
  });
});
