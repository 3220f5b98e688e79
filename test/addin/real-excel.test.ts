// The add-in in the Excel people run: every case at ExcelApi 1.9, 1.12, 1.15 and the current
// level (1.20), on Microsoft's office.js 1.1.110 against the simulated host. Each case was a
// failure of the add-in before this file (a crash at 1.18+, a half-done check on a user's note,
// marks left after a rename, a protected sheet written, a table swallowing the computed columns,
// a failed sync leaving half a check behind).
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../excel-sim/host/snapshot.js';
import type { WorkbookSnapshot } from '../../excel-sim/host/snapshot.js';
import { xlsxToSnapshot } from '../../excel-sim/host/xlsx-snapshot.js';
import { campaignOrDefault } from '../../shared/index.js';
import { isDateFormat } from '../../shared/sheet-view.js';
import { addinBundle } from './addin-page.js';
import { EXCEL_API_MATRIX, launchBrowser, openHostPage, type HostPage } from './host/page.js';

const AS_OF = '2023-05-29';
const SCJ = 'test/fixtures/spec/scj-market-regulation.xlsx';
const SHEET = '整改台账';
// expected.json: errors at H8, B10, O10, I13; warnings at C8, E8, I12.
const FLAGGED = 'O10';

let browser: Browser;
let scj: WorkbookSnapshot;
let table: WorkbookSnapshot;
beforeAll(async () => {
  browser = await launchBrowser();
  scj = (await xlsxToSnapshot(readFileSync(SCJ))).snapshot;
  table = (await xlsxToSnapshot(readFileSync('test/fixtures/excel-table.xlsx'))).snapshot;
});
afterAll(async () => browser?.close());

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** A county server's answers for the county view: a token of the office, one unit, nothing to chase. */
const COUNTY_ANSWERS = {
  '/api/v1/me': { role: 'county', label: '县委巡察办', campaign: campaignOrDefault(), today: AS_OF },
  '/api/v1/summary': {
    asOf: AS_OF, campaign: 'c', crossUnit: [],
    totals: { units: 1, submitted: 1, late: 0, missing: 0, items: 3, overdue: 1, closedOut: 1, reviewOverdue: 0, keyAttention: 0, notices: 0, workNotices: 0, reminders: 0, interviews: 0, peopleInterviewed: 0 },
    units: [{
      unit: '县市场监督管理局', submission: 'on_time', versions: 1, items: 3, byCategory: { 执法程序: 3 }, byStatus: { in_progress: 2, completed: 1 }, byTimeliness: { on_track: 2, overdue: 1 },
      byReview: { pending: 3 }, reviewOverdue: 0, closedOut: 1, closedOutReported: 1, closeOutRate: 1 / 3, vague: 0, overdue: 1, nearDuplicates: 0, keyAttention: false, reasons: [],
      notices: 0, workNotices: 0, reminders: 0, interviews: 0, peopleInterviewed: 0,
    }],
  },
  '/api/v1/reminders': { asOf: AS_OF, units: [] },
  '/api/v1/items': { asOf: AS_OF, total: 0, items: [] },
};

/** The workbook kept in the other date system: its date cells' serials moved by `days` (1904: −1,462). */
function inDateSystem(snap: WorkbookSnapshot, date1904: boolean): WorkbookSnapshot {
  const out = clone(snap);
  const days = date1904 ? -1462 : 1462;
  for (const sheet of out.sheets) for (const c of Object.values(sheet.cells ?? {})) if (typeof c.value === 'number' && isDateFormat(c.numberFormat)) c.value += days;
  if (date1904) out.date1904 = true;
  else delete out.date1904;
  return out;
}
const sheetNames = (s: WorkbookSnapshot) => s.sheets.map((x) => x.name);

describe.each(EXCEL_API_MATRIX)('at ExcelApi %s', (level) => {
  let host: HostPage;
  beforeAll(async () => {
    host = await openHostPage(browser, { snapshot: scj, supported: { ExcelApi: level } });
    await host.page.addScriptTag({ content: await addinBundle() });
  });
  afterAll(async () => host?.close());
  const open = (s: WorkbookSnapshot) => host.load(clone(s));

  it('检查 then 清除标注 completes and gives the sheet back cell by cell', async () => {
    await open(scj);
    const before = await host.snapshot();
    const out = await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    expect(out.text).toContain('共8项事项');
    expect((await host.highlights(SHEET)).map((v) => v.address.split('!').pop()).sort()).toEqual(['B10', 'C8', 'E8', 'H8', 'I12', 'I13', 'O10']);
    const view = await host.view(SHEET, FLAGGED);
    if (level !== '1.9') expect(view.comment ?? view.note).toContain('佐证材料');
    expect(await host.gaps()).toEqual([]);
    expect((await host.run(() => window.ledgerAddin.ribbonClear())).ok).toBe(true);
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
  });

  it("a clerk's own note on a flagged cell stays as it is; the finding is in 检查·问题摘要 and the report", async () => {
    const withNote = clone(scj);
    withNote.sheets.find((s) => s.name === SHEET)!.cells![FLAGGED] = { ...withNote.sheets.find((s) => s.name === SHEET)!.cells![FLAGGED], note: '已补交材料，见附件' };
    await open(withNote);
    const before = await host.snapshot();
    const out = await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    expect(out).toMatchObject({ ok: true });
    expect(out.text).toContain('共8项事项');
    const view = await host.view(SHEET, FLAGGED);
    expect(view.note).toBe('已补交材料，见附件');
    expect(view.comment ?? null).toBe(null);
    // The row's summary column and the report both carry the finding.
    const after = await host.snapshot();
    const row10 = Object.entries(after.sheets.find((s) => s.name === SHEET)!.cells ?? {}).filter(([a]) => /^[A-Z]+10$/.test(a));
    expect(row10.some(([, c]) => String(c.value ?? '').includes('佐证材料'))).toBe(true);
    const report = after.sheets.find((s) => s.name === '检查报告')!;
    expect(Object.values(report.cells ?? {}).some((c) => String(c.formula ?? c.value ?? '').includes(`${FLAGGED}`))).toBe(true);
    // Our notes are on the other flagged cells (where this Excel has an API for them).
    if (level !== '1.9') expect((await host.view(SHEET, 'H8')).comment ?? (await host.view(SHEET, 'H8')).note).toContain('【台账检查】');
    expect(await host.gaps()).toEqual([]);
    await host.run(() => window.ledgerAddin.ribbonClear());
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
  });

  it("a clerk's own comment on a flagged cell stays as it is", async () => {
    const withComment = clone(scj);
    withComment.comments = [{ cell: `${SHEET}!${FLAGGED}`, content: '请核实', author: '李明' }];
    await open(withComment);
    const before = await host.snapshot();
    const out = await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    expect(out).toMatchObject({ ok: true });
    expect((await host.view(SHEET, FLAGGED)).comment).toBe('请核实');
    await host.run(() => window.ledgerAddin.ribbonClear());
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
  });

  it('marks follow the sheet: rename, move, then check again or clear — nothing of ours left or doubled', async () => {
    await open(scj);
    const before = await host.snapshot();
    await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    const once = await host.snapshot();
    await host.run(() =>
      Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getActiveWorksheet();
        sheet.name = '整改台账（改名）';
        sheet.position = 0;
        await context.sync();
      }),
    );
    // Checking the renamed sheet again replaces the marks: one marks sheet, two rules.
    expect((await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF)).ok).toBe(true);
    const again = await host.snapshot();
    expect(sheetNames(again).filter((n) => n.startsWith('_检查标注_'))).toHaveLength(1);
    expect(again.sheets.find((s) => s.name === '整改台账（改名）')!.conditionalFormats).toHaveLength(2);
    expect(sheetNames(again).length).toBe(sheetNames(once).length);
    // Clear after the rename leaves nothing of ours.
    expect((await host.run(() => window.ledgerAddin.ribbonClear())).ok).toBe(true);
    await host.run(() =>
      Excel.run(async (context) => {
        context.workbook.worksheets.getActiveWorksheet().name = '整改台账';
        await context.sync();
      }),
    );
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
  });

  it('a rename between check and Clear leaves no highlight, rule or hidden sheet behind', async () => {
    await open(scj);
    await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    await host.run(() =>
      Excel.run(async (context) => {
        context.workbook.worksheets.getActiveWorksheet().name = '五月台账';
        await context.sync();
      }),
    );
    await host.run(() => window.ledgerAddin.ribbonClear());
    const after = await host.snapshot();
    expect(sheetNames(after)).toEqual(sheetNames(scj).map((n) => (n === SHEET ? '五月台账' : n)));
    expect(await host.highlights('五月台账')).toEqual([]);
    expect(after.sheets.find((s) => s.name === '五月台账')!.conditionalFormats ?? []).toEqual([]);
  });

  it("a copy of a checked sheet: checking and clearing it leaves the original's marks, and clearing both leaves nothing of ours", async () => {
    await open(scj);
    const before = await host.snapshot();
    await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    await host.run(() =>
      Excel.run(async (context) => {
        const original = context.workbook.worksheets.getActiveWorksheet();
        original.copy(Excel.WorksheetPositionType.after, original).activate();
        await context.sync();
      }),
    );
    const COPY = `${SHEET} (2)`;
    expect((await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF)).ok).toBe(true);
    const checked = await host.snapshot();
    expect(sheetNames(checked).filter((n) => n.startsWith('_检查标注_'))).toHaveLength(2);
    expect(checked.sheets.find((s) => s.name === COPY)!.conditionalFormats).toHaveLength(2);
    expect((await host.highlights(COPY)).length).toBe(7);
    expect((await host.run(() => window.ledgerAddin.ribbonClear())).ok).toBe(true);
    expect(await host.highlights(COPY)).toEqual([]);
    expect((await host.highlights(SHEET)).length).toBe(7);
    await host.run(() =>
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem('整改台账').activate();
        await context.sync();
      }),
    );
    expect((await host.run(() => window.ledgerAddin.ribbonClear())).ok).toBe(true);
    const after = await host.snapshot();
    const copy = after.sheets.find((s) => s.name === COPY)!;
    expect(copy.conditionalFormats ?? []).toEqual([]);
    expect(Object.keys(copy.cells ?? {}).sort()).toEqual(Object.keys(before.sheets.find((s) => s.name === SHEET)!.cells ?? {}).sort());
    expect(diffSnapshots(before, { ...after, sheets: after.sheets.filter((s) => s.name !== COPY) })).toEqual([]);
  });

  it('a protected sheet: nothing is written, and the clerk is told to unprotect it or check a copy', async () => {
    const locked = clone(scj);
    locked.sheets.find((s) => s.name === SHEET)!.protected = true;
    await open(locked);
    const before = await host.snapshot();
    const out = await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    expect(out.ok).toBe(false);
    expect(out.text).toMatch(/受保护.*撤消工作表保护.*复制/);
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
    const cleared = await host.run(() => window.ledgerAddin.ribbonClear());
    expect(cleared.text).toContain('受保护');
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
  });

  it('an Excel table: the computed columns never join it, and Clear gives the table back as it was', async () => {
    await open(table);
    const before = await host.snapshot();
    expect((await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF)).ok).toBe(true);
    const checked = await host.snapshot();
    expect(checked.sheets[0]!.tables).toEqual(before.sheets[0]!.tables);
    // The computed columns are there, beside the table and not in it.
    expect(Object.values(checked.sheets[0]!.cells ?? {}).some((c) => c.value === '检查·事项编号')).toBe(true);
    await host.run(() => window.ledgerAddin.ribbonClear());
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
  });

  it('after the rows are sorted, every highlight is still on its own row (and Clear takes them all away)', async () => {
    await open(scj);
    const before = await host.snapshot();
    await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    /** Each lit cell as (its row's ledger text, its column, its colour): what must survive a sort. */
    const lit = async () => {
      const snap = await host.snapshot();
      const cells = snap.sheets.find((s) => s.name === SHEET)!.cells ?? {};
      const rowText = (row: number) => 'ABCDEFGHIJKLMNOPQ'.split('').map((c) => String(cells[`${c}${row}`]?.value ?? '')).join('|');
      return (await host.highlights(SHEET)).map((v) => {
        const at = v.address.split('!').pop()!;
        const [, col, row] = /^([A-Z]+)(\d+)$/.exec(at)!;
        return `${rowText(Number(row))} @${col} ${v.displayFill}`;
      }).sort();
    };
    const expected = await lit();
    expect(expected).toHaveLength(7);
    // The clerk sorts the item rows (below the header, computed columns included) by 序号, descending.
    await host.run(() =>
      Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getActiveWorksheet();
        const used = sheet.getUsedRange(true);
        used.load('address');
        await context.sync();
        const last = used.address.split(':').pop()!;
        sheet.getRange(`A5:${last}`).sort.apply([{ key: 0, ascending: false }]);
        await context.sync();
      }),
    );
    expect(await lit()).toEqual(expected);
    expect(await host.gaps()).toEqual([]);
    await host.run(() => window.ledgerAddin.ribbonClear());
    const after = await host.snapshot();
    expect(sheetNames(after)).toEqual(sheetNames(before));
    expect(after.sheets.find((s) => s.name === SHEET)!.conditionalFormats ?? []).toEqual([]);
    expect(await host.highlights(SHEET)).toEqual([]);
  });

  /** Each lit cell as (its row's ledger text, its column, its colour), in no order a row change could alter. */
  const litByRowText = async () => {
    const snap = await host.snapshot();
    const cells = snap.sheets.find((s) => s.name === SHEET)!.cells ?? {};
    const rowText = (row: number) => 'ABCDEFGHIJKLMNOPQ'.split('').map((c) => String(cells[`${c}${row}`]?.value ?? '')).join('|');
    return (await host.highlights(SHEET)).map((v) => {
      const [, col, row] = /^([A-Z]+)(\d+)$/.exec(v.address.split('!').pop()!)!;
      return `${rowText(Number(row))} @${col} ${v.displayFill}`;
    }).sort();
  };
  // What a clerk does from the row headers: a blank row inserted above item 3 (row 7), then
  // item 5 (row 9, nothing flagged) and item 7 (row 12, flagged at I12) deleted.
  const editRows = () =>
    host.run(() =>
      Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem('整改台账');
        sheet.getRange('7:7').insert('Down');
        sheet.getRange('10:10').delete('Up');
        sheet.getRange('12:12').delete('Up');
        await context.sync();
      }),
    );

  it('rows inserted and deleted after a check: each highlight stays on its own row, and Clear gives back the edited sheet', async () => {
    await open(scj);
    await editRows();
    const editedOnly = await host.snapshot();
    await open(scj);
    const item7 = 'ABCDEFGHIJKLMNOPQ'.split('').map((c) => String(scj.sheets.find((s) => s.name === SHEET)!.cells![`${c}12`]?.value ?? '')).join('|');
    await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    const lit = await litByRowText();
    expect(lit).toHaveLength(7);
    await editRows();
    // Item 7's one warning went with its row; every other highlight followed its row.
    expect(await litByRowText()).toEqual(lit.filter((x) => !x.startsWith(`${item7} `)));
    expect(await host.gaps()).toEqual([]);
    // Checking the edited sheet again finds the same, on the rows where they now are.
    const again = await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    expect(again.text).toContain('共6项事项');
    expect(await litByRowText()).toEqual(lit.filter((x) => !x.startsWith(`${item7} `)));
    expect((await host.run(() => window.ledgerAddin.ribbonClear())).ok).toBe(true);
    expect(diffSnapshots(editedOnly, await host.snapshot())).toEqual([]);
  });

  it('on a filtered ledger: the check reads the hidden rows too, and Clear leaves the filter as the clerk set it', async () => {
    await open(scj);
    // The clerk filters 是否完成 (column K, the 11th of A4:Q13) to the unfinished items.
    await host.run(() =>
      Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem('整改台账');
        sheet.autoFilter.apply(sheet.getRange('A4:Q13'), 10, { filterOn: Excel.FilterOn.values, values: ['否'] });
        await context.sync();
      }),
    );
    const filtered = await host.snapshot();
    const hidden = Object.entries(filtered.sheets.find((s) => s.name === SHEET)!.rows ?? {}).filter(([, r]) => r.hidden).map(([n]) => Number(n));
    expect(hidden).toEqual([5, 6, 9, 10, 11, 13]);
    const out = await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    expect(out.text).toContain('共8项事项');
    expect((await host.highlights(SHEET)).map((v) => v.address.split('!').pop()).sort()).toEqual(['B10', 'C8', 'E8', 'H8', 'I12', 'I13', 'O10']);
    expect(await host.gaps()).toEqual([]);
    await host.run(() => window.ledgerAddin.ribbonClear());
    expect(diffSnapshots(filtered, await host.snapshot())).toEqual([]);
  });

  it('all or nothing: whichever sync fails, the sheet is left exactly as it was, with a Chinese message', async () => {
    await open(scj);
    const before = await host.snapshot();
    const { summary } = await host.measure((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    const syncs = summary.syncs;
    expect(syncs).toBeGreaterThan(2);
    for (let n = 1; n <= syncs; n++) {
      await open(scj);
      await host.failSync(n);
      const out = await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
      expect(out.ok, `sync ${n}`).toBe(false);
      expect(out.text, `sync ${n}`).toMatch(/^未能完成：.*(表格与检查前相同|未写入)/);
      expect(diffSnapshots(before, await host.snapshot()), `sync ${n} of ${syncs}`).toEqual([]);
    }
  });

  // While a person types in a cell, Excel refuses every request of an add-in whole
  // (InvalidOperationInCellEditMode). A clerk who clicks 检查 mid-edit is told to press Enter, and
  // the check goes on by itself once they do.
  it('waits for a cell being edited, then checks, having said what to do', async () => {
    await open(scj);
    const plain = await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    await open(scj);
    const before = (await host.requests()).length;
    await host.editCell('C5', 2);
    const out = await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    expect(out).toMatchObject({ ok: true, waited: true, text: plain.text });
    const refused = (await host.requests()).slice(before).filter((r) => r.outcome === 'error');
    expect(refused.map((r) => r.error?.code)).toEqual(['InvalidOperationInCellEditMode', 'InvalidOperationInCellEditMode']);
    expect(await host.gaps()).toEqual([]);
  });

  // Excel's option 使用 1904 日期系统 (and old Mac workbooks): Range.values answers each date 1,462
  // days lower than the 1900 system's serial, while the cell shows the same date.
  it('a workbook on the 1904 date system: dates read as the clerk sees them, computed dates written in its system', async () => {
    await open(scj);
    const plain = await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    // What the clerk sees of each highlight (a date cell's value is its own system's serial).
    const marks = async () => (await host.highlights(SHEET)).map(({ value: _, ...seen }) => seen);
    const plainMarks = await marks();
    const checked = await host.snapshot();
    const mac = inDateSystem(scj, true);
    await open(mac);
    const before = await host.snapshot();
    const out = await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    expect(out.text).toBe(plain.text);
    expect(await marks()).toEqual(plainMarks);
    const after = await host.snapshot();
    expect(after.date1904).toBe(true);
    // Cell by cell the same check, dates in the workbook's own system; but the hidden marks sheet,
    // whose row keys are the row as Excel's formulas read it (a date as the serial it keeps: the
    // highlights above match only so).
    const marksSheet = /^_检查标注_/;
    expect(diffSnapshots(checked, inDateSystem(after, false)).filter((d) => !marksSheet.test(d))).toEqual([]);
    expect(await host.gaps()).toEqual([]);
    expect((await host.run(() => window.ledgerAddin.ribbonClear())).ok).toBe(true);
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
  });

  // A run that asks the server between its round trips to Excel (pull status here; a submission,
  // the county view, decisions and uploads alike) waits only while it has asked nothing.
  it('pull status while a cell is being edited waits, then asks the server once; an edit begun after it asked is not asked again', async () => {
    const none = { asOf: AS_OF, total: 0, items: [] };
    await open(scj);
    await host.editCell('C5', 2);
    const waited = await host.run((i) => window.ledgerAddin.panePull(i), none);
    expect(waited).toMatchObject({ ok: true, waited: true });
    expect(waited.urls).toHaveLength(2); // the items and their files, once
    // The edit begins as the server is asked: Excel refuses the write, and the taking back too
    // until the edit ends (after two refusals here); then the sheet is as it was, and told so.
    await open(scj);
    const before = await host.snapshot();
    const late = await host.run((i) => window.ledgerAddin.panePull(i, { editOnAsk: { cell: 'C5', syncs: 2 } }), none);
    expect(late).toMatchObject({ ok: false });
    expect(late.text).toMatch(/^未能完成：Excel 正在编辑单元格，拒绝了请求，表格与检查前相同。请按 Enter 或 Tab/);
    expect(late.urls).toHaveLength(2);
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
  });

  // The county view asks the server first, then writes its sheets: an edit begun meanwhile holds
  // the writing until it ends, and the server is not asked again.
  it('the county view with an edit begun as the server is asked: writes its sheets once the edit ends, asking once', async () => {
    await open(scj);
    const out = await host.run((answers) => window.ledgerAddin.paneCountyView(answers, { editOnAsk: { cell: 'C5', syncs: 2 } }), COUNTY_ANSWERS);
    expect(out).toMatchObject({ ok: true, waited: true, text: '全县·汇总、全县·重点关注、全县·催办清单、全县·会诊事项' });
    expect(out.urls.map((u) => new URL(u).pathname).sort()).toEqual(['/api/v1/items', '/api/v1/me', '/api/v1/reminders', '/api/v1/summary']);
    expect(sheetNames(await host.snapshot())).toEqual([...sheetNames(scj), '全县·汇总', '全县·重点关注', '全县·催办清单', '全县·会诊事项']);
  });

  it('decisions pushed with an edit begun as the first is sent: each sent once, their outcomes written once the edit ends', async () => {
    await open(scj);
    const row = (key: string) => [key, '县市场监督管理局', '问题', '整改中', '正常推进', '待会诊', '', '交办', '', ''];
    const out = await host.run((rows) => window.ledgerAddin.paneDecide(rows, { editOnAsk: { cell: 'C5', syncs: 1 } }), [row('ZG-A'), row('ZG-B')]);
    expect(out).toMatchObject({ ok: true, waited: true, text: '已交办、已交办' });
    expect(out.urls.map((u) => new URL(u).pathname).sort()).toEqual(['/api/v1/items/ZG-A/reviews', '/api/v1/items/ZG-B/reviews']);
    const sheet = (await host.snapshot()).sheets.find((s) => s.name === '全县·会诊事项')!;
    expect([sheet.cells?.J3?.value, sheet.cells?.J4?.value, sheet.cells?.H3?.value ?? '', sheet.cells?.H4?.value ?? '']).toEqual(['已交办', '已交办', '', '']);
  });

  it('报送 whose results meet a cell being edited: said as stored with its version, the sheet as it was; pressing again writes them', async () => {
    await open(scj);
    const before = await host.snapshot();
    // Excel refuses the first write and two tries at taking it back; then the edit ends.
    const out = await host.run(() => window.ledgerAddin.paneSubmit({ editOnAsk: { cell: 'C5', syncs: 3 } }));
    expect(out.ok).toBe(false);
    expect(out.text).toMatch(/^已报送第1版，服务器已保存；但结果没有写入表格：Excel 正在编辑单元格.*再点一次「报送」即可写入结果，不会重复报送。$/);
    expect(out.urls.filter((u) => u.endsWith('/api/v1/submissions'))).toHaveLength(1);
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
    const again = await host.run(() => window.ledgerAddin.paneSubmit());
    expect(again).toMatchObject({ ok: true, text: '第1版' });
  });

  // Review > Protect Workbook (its structure): Excel refuses adding or deleting a sheet, and a
  // check adds its marks and report sheets. Said before anything is written, with what to do.
  it('a workbook whose structure is protected: refused up front, the sheet as it was, told how to unprotect', async () => {
    await open({ ...scj, structureProtected: true });
    const before = await host.snapshot();
    const before0 = (await host.requests()).length;
    const out = await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    expect(out.ok).toBe(false);
    expect(out.text).toMatch(/^未能完成：工作簿的结构受保护（「审阅」→「保护工作簿」）.*没有写入任何内容。请先在「审阅」选项卡再点一次「保护工作簿」取消保护/);
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
    // Nothing was tried that Excel refused: the refusal comes from what the first reads found.
    expect((await host.requests()).slice(before0).filter((r) => r.outcome === 'error')).toEqual([]);
    expect(await host.gaps()).toEqual([]);
  });

  it('a checked sheet in a workbook protected since: Clear refused up front; an unchecked one clears (nothing to delete)', async () => {
    await open(scj);
    await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    const checked = await host.snapshot();
    await host.load({ ...checked, structureProtected: true });
    const cleared = await host.run(() => window.ledgerAddin.ribbonClear());
    expect(cleared.ok).toBe(false);
    expect(cleared.text).toMatch(/^未能完成：工作簿的结构受保护/);
    expect(diffSnapshots({ ...checked, structureProtected: true }, await host.snapshot())).toEqual([]);
    await open({ ...scj, structureProtected: true });
    expect((await host.run(() => window.ledgerAddin.ribbonClear())).ok).toBe(true);
  });

  it('the county sheets in a workbook whose structure is protected: refused before writing, told how to unprotect', async () => {
    await open({ ...scj, structureProtected: true });
    const before = await host.snapshot();
    const out = await host.run(() => window.ledgerAddin.writeCounty());
    expect(out).toMatchObject({ ok: false, text: expect.stringMatching(/^未能完成：工作簿的结构受保护.*全县汇总/) });
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
    await open(scj);
    expect(await host.run(() => window.ledgerAddin.writeCounty())).toEqual({ ok: true, text: '全县·汇总' });
  });

  it('a cell edit that does not end: says to press Enter, the sheet as it was', async () => {
    await open(scj);
    const before = await host.snapshot();
    await host.editCell('C5');
    const out = await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf, { forMs: 0 }), AS_OF);
    await host.editCell(null);
    expect(out.ok).toBe(false);
    expect(out.text).toMatch(/^未能完成：Excel 正在编辑单元格.*表格与检查前相同。请按 Enter 或 Tab 结束编辑/);
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
  });

  it.each([false, true])('all or nothing on a sheet checked before: a failed re-check leaves the earlier check as it was (1904 dates: %s)', async (date1904) => {
    await open(inDateSystem(scj, date1904));
    await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    const checked = await host.snapshot();
    const { summary } = await host.measure(() => window.ledgerAddin.ribbonCheck('2023-07-01'));
    for (let n = 1; n <= summary.syncs; n++) {
      await host.load(clone(checked));
      await host.failSync(n);
      const out = await host.run(() => window.ledgerAddin.ribbonCheck('2023-07-01'));
      expect(out.ok, `sync ${n}`).toBe(false);
      expect(diffSnapshots(checked, await host.snapshot()), `sync ${n} of ${summary.syncs}`).toEqual([]);
    }
  });
});
