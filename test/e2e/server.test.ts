import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHarness, launchBrowser, openHarness, ROOT, startDevServer, type DevServer, type HarnessPage } from './harness-page.js';
import { freePort, startWorker, type WorkerProcess } from './worker-process.js';
import { requestsDuring } from './page-requests.js';
import { COMPRESS_FROM } from '../../addin/server/client.js';
import { readXlsx } from '../../cli/read-xlsx.js';

// The add-in and the county server together, as a unit and the county office use them: the
// harness (real task pane on office.js and the simulated Excel) against the local Worker on D1.
const SHOTS = join(ROOT, 'test-results');
let server: DevServer;
let worker: WorkerProcess;
let browser: Browser;
let harness: HarnessPage;
let page: Page;
let down = '';

/** Types into the pane's settings and saves them (kept in the add-in's storage, not the workbook). */
async function configure(url: string, token: string): Promise<void> {
  await page.evaluate(
    ([u, t]) => {
      (document.getElementById('settings') as HTMLDetailsElement).open = true;
      (document.getElementById('serverUrl') as HTMLInputElement).value = u!;
      (document.getElementById('token') as HTMLInputElement).value = t!;
    },
    [url, token],
  );
  await page.click('#save');
}

/** Clicks a pane button and waits for the pane's status line to change to the outcome. */
async function paneAction(id: string, done: RegExp): Promise<string> {
  await page.click(`#${id}`);
  await page.waitForFunction((re) => new RegExp(re).test(document.getElementById('status')?.textContent ?? ''), done.source, { timeout: 60_000 });
  return (await page.textContent('#status')) ?? '';
}

const cellValue = (sheet: string, at: string) => page.evaluate(([s, a]) => window.excelHost!.view(s!, a!).value, [sheet, at]);
const findColumn = (sheet: string, row: number, header: string) =>
  page.evaluate(([s, r, h]) => {
    for (let c = 1; c < 60; c++) {
      let letters = '';
      for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
      if (window.excelHost!.view(s as string, `${letters}${r}`).value === h) return letters;
    }
    return null;
  }, [sheet, row, header] as const);

beforeAll(async () => {
  buildHarness();
  mkdirSync(SHOTS, { recursive: true });
  [server, browser] = await Promise.all([startDevServer(), launchBrowser()]);
  worker = await startWorker(server.origin.replace(/\/$/, ''));
  harness = await openHarness(browser, server.origin, 'demo-county/xiyan-town.xlsx');
  page = harness.page;
}, 240_000);

afterAll(async () => {
  await browser?.close();
  server?.stop();
  worker?.stop();
});

describe('the add-in with the county server', () => {
  it('a server that is down gives a clear message, and the sheet is untouched (the next test retries against the running one)', async () => {
    down = `http://127.0.0.1:${await freePort()}`; // nothing listens there
    await configure(down, worker.tokens.get('西岩镇')!);
    const before = await page.evaluate(() => window.excelHost!.export());
    const text = await paneAction('submit', /未能完成|无法连接/);
    expect(text).toContain('无法连接服务器');
    expect(await page.evaluate(() => window.excelHost!.export())).toEqual(before);
  });

  it('a unit submits its ledger; keys and the review state come back into the computed columns', async () => {
    await configure(worker.url, worker.tokens.get('西岩镇')!);
    // The server says this is a unit's token: the pane names it, and the county controls stay hidden.
    await page.waitForFunction(() => (document.getElementById('context')?.textContent ?? '').includes('令牌：单位（西岩镇）'));
    expect(await page.isHidden('#county-section')).toBe(true);
    expect(await page.isVisible('#county-note')).toBe(true);
    // Checked here first: this PC's clock (2026) finds every deadline of 2023 past; the server's
    // today (pinned by the demo to 2023-04-24) finds none. After 报送本表 the pane lists what the
    // server found, as the sheet now shows, not the local check's findings.
    await paneAction('check', /项事项：|未能完成/);
    expect(await page.textContent('#findings')).toContain('已逾期');
    // The evidence counts (for 检查·佐证材料) are asked while the ledger is on its way, not after
    // its answer: a round trip less on the county's line.
    const { result: text, events } = await requestsDuring(page, () => paneAction('submit', /已报送|已报送过|未能完成/));
    expect(text).toMatch(/已报送|已报送过/);
    expect(await page.textContent('#findings')).not.toContain('已逾期');
    // The county's list of submissions names the workbook's file, not its sheet.
    const listed = await (await fetch(`${worker.url}/api/v1/submissions`, { headers: { authorization: `Bearer ${worker.tokens.get('西岩镇')}` } })).json() as { submissions: { file: string; version: number }[] };
    const newest = listed.submissions.reduce((a, b) => (b.version > a.version ? b : a));
    expect(newest.file).toBe('xiyan-town.xlsx');
    expect(events.indexOf('sent /api/v1/items/evidence-counts'), JSON.stringify(events)).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('sent /api/v1/items/evidence-counts'), JSON.stringify(events)).toBeLessThan(events.indexOf('done /api/v1/submissions'));
    const sheet = await page.evaluate(() => window.excelHost!.workbook.active.name);
    const header = await page.evaluate(() => {
      const s = window.excelHost!.workbook.active.name;
      for (let r = 1; r < 10; r++) if (window.excelHost!.view(s, `A${r}`).value === '序号') return r;
      return 1;
    });
    const review = await findColumn(sheet, header, '检查·会诊状态');
    const key = await findColumn(sheet, header, '检查·事项编号');
    expect(review).not.toBeNull();
    expect(await cellValue(sheet, `${review}${header + 1}`)).toBe('待会诊');
    expect(String(await cellValue(sheet, `${key}${header + 1}`))).toMatch(/^ZG-/);
  });

  it('pull status brings the county office’s decision into the sheet', async () => {
    const sheet = await page.evaluate(() => window.excelHost!.workbook.active.name);
    const keyCol = (await findColumn(sheet, 3, '检查·事项编号')) ?? (await findColumn(sheet, 2, '检查·事项编号')) ?? (await findColumn(sheet, 1, '检查·事项编号'));
    const headerRow = (await findColumn(sheet, 3, '检查·事项编号')) ? 3 : (await findColumn(sheet, 2, '检查·事项编号')) ? 2 : 1;
    const key = String(await cellValue(sheet, `${keyCol}${headerRow + 1}`));
    const res = await fetch(`${worker.url}/api/v1/items/${encodeURIComponent(key)}/reviews`, {
      method: 'POST',
      headers: { authorization: `Bearer ${worker.tokens.get('county')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'assign' }),
    });
    expect(res.status).toBeLessThan(300);
    const text = await paneAction('pull', /已更新会诊状态/);
    expect(text).toMatch(/\d+项事项在服务器上/);
    const reviewCol = await findColumn(sheet, headerRow, '检查·会诊状态');
    expect(await cellValue(sheet, `${reviewCol}${headerRow + 1}`)).toBe('已交办');
    // 检查·佐证材料: on the server, no file yet.
    const evidenceCol = await findColumn(sheet, headerRow, '检查·佐证材料');
    expect(evidenceCol).not.toBeNull();
    expect(await cellValue(sheet, `${evidenceCol}${headerRow + 1}`)).toBe('0 份');
  });

  it('a clerk attaches a PDF to the selected row from the pane, and 检查·佐证材料 counts it', async () => {
    const sheet = await page.evaluate(() => window.excelHost!.workbook.active.name);
    const headerRow = (await findColumn(sheet, 3, '检查·事项编号')) ? 3 : (await findColumn(sheet, 2, '检查·事项编号')) ? 2 : 1;
    const evidenceCol = await findColumn(sheet, headerRow, '检查·佐证材料');
    const row = headerRow + 1;
    await page.evaluate((at) => Excel.run(async (context) => {
      context.workbook.worksheets.getActiveWorksheet().getRange(at).select();
      await context.sync();
    }), `C${row}`);
    await page.evaluate(() => (document.getElementById('status')!.textContent = ''));
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    await page.setInputFiles('#evidenceFile', { name: '整改报告.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.waitForFunction(() => /上传佐证材料|未能完成/.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 60_000 });
    expect(await page.textContent('#status')).toContain('检查·佐证材料：1 份');
    expect(await cellValue(sheet, `${evidenceCol}${row}`)).toBe('1 份');
    // The next pull reads the same count from the server; the next row still has none.
    await paneAction('pull', /已更新会诊状态/);
    expect(await cellValue(sheet, `${evidenceCol}${row}`)).toBe('1 份');
    expect(await cellValue(sheet, `${evidenceCol}${row + 1}`)).toBe('0 份');
  });

  it('the county office uploads unit ledgers, pulls the aggregate, and 重点关注 lists the flagged units', async () => {
    await configure(worker.url, worker.tokens.get('county')!);
    // A county token shows the county controls, the as-of date set to the server's today (pinned by the demo).
    await page.waitForSelector('#county-section:not([hidden])');
    expect(await page.inputValue('#asOf')).toBe('2023-04-24');
    expect(await page.isHidden('#county-note')).toBe(true);
    await page.setInputFiles('#uploadFiles', [join(ROOT, 'test/fixtures/demo-county/danko-town.xlsx'), join(ROOT, 'test/fixtures/demo-county/nanshan-town.xlsx')]);
    await page.waitForFunction(() => /已上传|未能完成/.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 60_000 });
    expect(await page.textContent('#status')).toContain('已上传2个文件');
    // The four reads of the county view go out at once: the token's role is not waited for first.
    const { result: text, events } = await requestsDuring(page, () => paneAction('county', /已写入|未能完成/));
    expect(text).toContain('2个单位需重点关注');
    for (const path of ['/api/v1/summary', '/api/v1/reminders', '/api/v1/items']) {
      expect(events.indexOf(`sent ${path}`), JSON.stringify(events)).toBeGreaterThanOrEqual(0);
      expect(events.indexOf(`sent ${path}`), JSON.stringify(events)).toBeLessThan(events.indexOf('done /api/v1/me'));
    }
    const flagged = await page.evaluate(() => [3, 4, 5].map((r) => window.excelHost!.view('全县·重点关注', `A${r}`).value));
    expect(flagged.filter(Boolean).sort()).toEqual(['丹口镇', '西岩镇']);
    expect(await cellValue('全县·汇总', 'A2')).toBe('单位');
    expect(String(await cellValue('全县·汇总', 'A1'))).toContain('截至 2023-04-24');
    expect(await page.evaluate(() => window.excelHost!.workbook.sheetByName('全县·汇总')!.charts.length)).toBe(1);
    expect(String(await cellValue('全县·催办清单', 'A2'))).toBe('单位');
    // The county sheets are one group at the end, in one tab colour, and the view switched to them.
    const tabs = await page.evaluate(() => window.excelHost!.workbook.sheets.filter((s) => s.visibility === 'Visible').map((s) => [s.name, s.tabColor]));
    const county = tabs.slice(-4);
    expect(county.map((t) => t[0])).toEqual(['全县·汇总', '全县·重点关注', '全县·催办清单', '全县·会诊事项']);
    expect(new Set(county.map((t) => t[1])).size).toBe(1);
    expect(county[0]![1]).not.toBe('');
    expect(await page.evaluate(() => window.excelHost!.workbook.active.name)).toBe('全县·汇总');
    await page.waitForSelector('button.tab.active[data-sheet="全县·汇总"]');
    await page.screenshot({ path: join(SHOTS, 'county-view.png') });
    // Every request went to the dev server or the county server, nowhere else.
    expect(harness.problems.filter((p) => !p.includes(worker.url) && !p.includes(down))).toEqual([]);
  });

  it('a unit whose ledger the county uploaded opens its own copy and pulls its status: its rows find their items and take their keys', async () => {
    // 丹口镇's file as the clerk keeps it (never submitted from this copy: the county uploaded it above).
    const own = await openHarness(browser, server.origin, 'demo-county/danko-town.xlsx');
    const shared = page;
    page = own.page;
    try {
      await configure(worker.url, worker.tokens.get('丹口镇')!);
      await page.waitForFunction(() => (document.getElementById('context')?.textContent ?? '').includes('令牌：单位（丹口镇）'));
      // Before any pull: 申请延期 on a row finds its item by the stored key.
      const first = await page.evaluate(() => {
        const s = window.excelHost!.workbook.active.name;
        for (let r = 1; r < 10; r++) if (window.excelHost!.view(s, `A${r}`).value === '序号') return r + 1;
        return 0;
      });
      await page.evaluate((at) => Excel.run(async (context) => {
        context.workbook.worksheets.getActiveWorksheet().getRange(at).select();
        await context.sync();
      }), `C${first}`);
      await page.fill('#extDue', '2024-06-30');
      await page.evaluate(() => ((document.getElementById('extReason') as HTMLInputElement).value = '涉及案卷需上级复核'));
      expect(await paneAction('extRequest', /已申请延期|未能完成/)).toMatch(new RegExp(`第${first}行事项（ZG-[A-Z2-7]{14}）已申请延期至2024-06-30`));
      const text = await paneAction('pull', /已更新会诊状态|未能完成/);
      expect(text).toContain('已更新会诊状态：6项事项在服务器上');
      const sheet = await page.evaluate(() => window.excelHost!.workbook.active.name);
      const headerRow = (await findColumn(sheet, 3, '检查·事项编号')) ? 3 : (await findColumn(sheet, 2, '检查·事项编号')) ? 2 : 1;
      expect(await cellValue(sheet, `${await findColumn(sheet, headerRow, '检查·会诊状态')}${headerRow + 1}`)).toBe('待会诊');
      // The row's key is now its item's stored one: the server knows it.
      const key = String(await cellValue(sheet, `${await findColumn(sheet, headerRow, '检查·事项编号')}${headerRow + 1}`));
      const res = await fetch(`${worker.url}/api/v1/items/${encodeURIComponent(key)}/history`, { headers: { authorization: `Bearer ${worker.tokens.get('丹口镇')}` } });
      expect(res.status).toBe(200);
    } finally {
      page = shared;
      await own.page.context().close();
    }
  });

  it('the county office records decisions in 会诊事项 and pushes them; a refused one says why on its row', async () => {
    // The 决定 column offers the three decisions as a dropdown (data validation, ExcelApi 1.8).
    const dv = await page.evaluate(() =>
      Excel.run(async (context) => {
        const v = context.workbook.worksheets.getItem('全县·会诊事项').getRange('H3:H4').dataValidation;
        v.load('type,rule');
        await context.sync();
        return { type: v.type, rule: v.rule };
      }),
    );
    expect(dv).toEqual({ type: 'List', rule: { list: { inCellDropDown: true, source: '交办,退回完善,销号' } } });
    // Type into the pulled 会诊事项 sheet as a person would: 交办 on the first item, 退回完善 with no comment on the second.
    await page.evaluate(() =>
      Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem('全县·会诊事项');
        sheet.getRange('H3').values = [['交办']];
        sheet.getRange('H4').values = [['退回完善']];
        await context.sync();
      }),
    );
    const text = await paneAction('decide', /会诊决定：|未能完成/);
    expect(text).toContain('成功1条，失败1条');
    expect(await cellValue('全县·会诊事项', 'J3')).toBe('已交办');
    expect(String(await cellValue('全县·会诊事项', 'J4'))).toMatch(/comment.*needs a comment/);
    expect(['', null]).toContain(await cellValue('全县·会诊事项', 'H3'));
  });

  it('the county office logs a work notice and an interview, and the summary counts them', async () => {
    await page.evaluate(() => {
      (document.getElementById('logUnit') as HTMLInputElement).value = '丹口镇';
      (document.getElementById('logKind') as HTMLSelectElement).value = 'notice';
    });
    expect(await paneAction('log', /已记录|未能完成/)).toBe('已记录。');
    await page.evaluate(() => {
      (document.getElementById('logKind') as HTMLSelectElement).value = 'interview';
      (document.getElementById('logPeople') as HTMLInputElement).value = '3';
      document.getElementById('status')!.textContent = '';
    });
    expect(await paneAction('log', /已记录|未能完成/)).toBe('已记录。');
    const summary = (await (await fetch(`${worker.url}/api/v1/summary`, { headers: { authorization: `Bearer ${worker.tokens.get('county')}` } })).json()) as { units: { unit: string; notices: number; peopleInterviewed: number }[] };
    expect(summary.units.find((u) => u.unit === '丹口镇')).toMatchObject({ notices: 1, peopleInterviewed: 3 });
  });

  it('the county views follow the as-of date chosen in the pane', async () => {
    await page.fill('#asOf', '2023-05-29');
    const text = await paneAction('county', /已写入|未能完成/);
    expect(text).toContain('已写入');
    expect(String(await cellValue('全县·汇总', 'A1'))).toContain('截至 2023-05-29');
    expect(String(await cellValue('全县·会诊事项', 'A1'))).toContain('截至 2023-05-29');
  });

  it('submitting a sheet that holds no ledger says so and sends nothing', async () => {
    const ledgerSheet = await page.evaluate(() => window.excelHost!.workbook.active.name);
    await page.evaluate(() =>
      Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.add('填表说明');
        sheet.getRange('A1:A2').values = [['填表说明'], ['1. 问题描述写清时间、地点、数量']];
        sheet.activate();
        await context.sync();
      }),
    );
    const sent: string[] = [];
    const record = (r: { url(): string; method(): string }) => {
      if (r.url().includes('/api/v1/submissions')) sent.push(r.method());
    };
    page.on('request', record);
    try {
      const text = await paneAction('submit', /不是整改台账|已报送|未能完成/);
      expect(text).toContain('当前工作表不是整改台账，无法报送');
      expect(sent).toEqual([]);
    } finally {
      page.off('request', record);
      await page.evaluate((name) =>
        Excel.run(async (context) => {
          context.workbook.worksheets.getItem(name).activate();
          context.workbook.worksheets.getItem('填表说明').delete();
          await context.sync();
        }), ledgerSheet);
    }
  });

  it('a large ledger crosses the line gzip-compressed from the pane’s origin (CORS, the HTTP server, the decoding), as the add-in sends one', async () => {
    // The demo ledger's rows repeated with new numbers and texts: past COMPRESS_FROM, as the client compresses.
    const { input } = await readXlsx(join(ROOT, 'test/fixtures/demo-county/nanshan-town.xlsx'));
    const grid = input.sheets[0]!;
    const header = grid.values.findIndex((r) => r.includes('序号'));
    const rows = grid.values.slice(header + 1).filter((r) => r.some((v) => v !== null && v !== ''));
    const values = [...grid.values.slice(0, header + 1)];
    for (let k = 0; values.length - header - 1 < 200; k++) {
      for (const r of rows) values.push(r.map((v, c) => (c === 0 ? values.length - header : typeof v === 'string' && v.length > 12 ? `${v}（第${k + 1}批）` : v)));
    }
    const body = JSON.stringify({ file: '南山镇-大台账.xlsx', sheets: [{ ...grid, values }] });
    expect(Buffer.byteLength(body)).toBeGreaterThan(COMPRESS_FROM);
    const answer = await page.evaluate(async ([url, token, text]) => {
      const packed = await new Response(new Blob([text!]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
      const res = await fetch(`${url}/api/v1/submissions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: packed,
      });
      return { status: res.status, sent: packed.byteLength, json: await res.json() };
    }, [worker.url, worker.tokens.get('南山镇')!, body] as const);
    expect(answer.status, JSON.stringify(answer.json).slice(0, 300)).toBe(201);
    expect(answer.json.submission.items).toBe(values.length - header - 1);
    expect(answer.sent * 4).toBeLessThan(Buffer.byteLength(body));
  });
});
