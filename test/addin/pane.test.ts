import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xlsxToSnapshot } from '../../excel-sim/host/xlsx-snapshot.js';
import { campaignOrDefault } from '../../shared/index.js';
import { EXCEL_API_MATRIX, launchBrowser, openHostPage, type HostPage } from './host/page.js';

// The task pane as a clerk meets it on first use, with the ribbon commands in the same workbook:
// the built bundles (npm test builds first) on Microsoft's office.js and the simulated Excel.
const COMMANDS = readFileSync('dist/addin/commands.js', 'utf8');
const TASKPANE = readFileSync('dist/addin/taskpane.js', 'utf8');
const PANE_HTML = readFileSync('addin/taskpane/taskpane.html', 'utf8');
const DANKO = 'test/fixtures/demo-county/danko-town.xlsx';
const WITH_INSTRUCTIONS = 'test/fixtures/with-instructions.xlsx';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

type Registered = Record<string, (e: { completed(): void }) => Promise<void>>;

/** Opens a workbook with the pane mounted and the ribbon's commands registered, at an API level. */
async function openPane(file: string, level: string, settings?: object): Promise<HostPage> {
  const { snapshot } = await xlsxToSnapshot(readFileSync(file));
  const host = await openHostPage(browser, { snapshot, supported: { ExcelApi: level } });
  if (settings) await host.page.evaluate((s) => localStorage.setItem('ledger-check.settings', JSON.stringify(s)), settings);
  await host.run(() => {
    const w = window as unknown as { registered: Registered };
    w.registered = {};
    (Office as unknown as { actions: unknown }).actions = { associate: (name: string, fn: Registered[string]) => (w.registered[name] = fn) };
  });
  await host.page.addScriptTag({ content: COMMANDS });
  const body = PANE_HTML.slice(PANE_HTML.indexOf('<body>') + 6, PANE_HTML.indexOf('</body>'));
  await host.page.evaluate((html) => (document.body.innerHTML = html), body);
  await host.page.addScriptTag({ content: TASKPANE });
  await host.page.waitForFunction(() => (document.getElementById('context')?.textContent ?? '').includes('：'));
  return host;
}

/** Presses a ribbon button (its registered handler, as Excel calls it in the commands runtime). */
const press = (host: HostPage, name: string) =>
  host.run(async (n) => {
    await (window as unknown as { registered: Registered }).registered[n]!({ completed: () => undefined });
  }, name);

describe.each(EXCEL_API_MATRIX)('the task pane at ExcelApi %s', (level) => {
  it('shows the unit and the campaign, and refreshes after the ribbon’s 检查 and 清除标注', async () => {
    const host = await openPane(DANKO, level);
    const page = host.page;
    expect(await page.textContent('#context')).toContain(`整改活动：${campaignOrDefault().name}`);
    // The unit the sheet names shows as soon as the pane opens, before any check.
    await page.waitForFunction(() => (document.getElementById('context')?.textContent ?? '').includes('单位：丹口镇'));
    expect(await page.isHidden('#findings')).toBe(true);
    await press(host, 'checkLedger');
    // The pane hears the ribbon (another runtime in Excel) through the shared storage, and lists the findings.
    await page.waitForSelector('#findings:not([hidden]) #groups .group', { timeout: 30_000 });
    expect(await page.textContent('#status')).toMatch(/共6项事项/);
    expect(await page.textContent('#context')).toContain('单位：丹口镇');
    await press(host, 'clearAnnotations');
    await page.waitForSelector('#findings[hidden]', { state: 'attached', timeout: 30_000 });
    expect(await page.textContent('#status')).toContain('已清除');
    expect(await host.gaps()).toEqual([]);
    await host.close();
  });

  it('lists identical findings on several cells as one line, and filters by severity, column and person', async () => {
    const host = await openPane(DANKO, level);
    const page = host.page;
    await page.click('#check');
    await page.waitForSelector('#findings:not([hidden]) #groups .group');
    const vague = page.locator('#groups .group[data-code="measures-vague"] .finding');
    expect(await vague.count()).toBe(1);
    expect(await vague.locator('button.cell').allTextContents()).toEqual(['E3', 'E4', 'E5', 'E6']);
    // Each cell of the line selects its own cell.
    await vague.locator('button.cell', { hasText: 'E5' }).click();
    await page.waitForFunction(() => true);
    const selected = await host.run(() =>
      Excel.run(async (context) => {
        const r = context.workbook.getSelectedRange();
        r.load('address');
        await context.sync();
        return r.address;
      }),
    );
    expect(selected.split('!').pop()).toBe('E5');
    // Severity: only warnings.
    await page.selectOption('#f-severity', 'warning');
    expect(await page.$$eval('#groups .group', (gs) => gs.map((g) => g.className))).not.toContainEqual(expect.stringContaining('error'));
    await page.selectOption('#f-severity', '');
    // Column: 整改措施 only, named as the sheet's header says it (in English too, beside its name).
    expect(await page.$eval('#f-field option[value="measures"]', (o) => o.textContent)).toBe('整改措施');
    await page.click('#lang');
    await page.waitForFunction(() => document.querySelector('#f-field option[value="measures"]')?.textContent !== '整改措施');
    expect(await page.$eval('#f-field option[value="measures"]', (o) => o.textContent)).toBe('整改措施 (measures)');
    await page.click('#lang');
    await page.selectOption('#f-field', 'measures');
    expect(await page.$$eval('#groups .group', (gs) => gs.map((g) => (g as HTMLElement).dataset.code))).toEqual(['measures-vague']);
    await page.selectOption('#f-field', '');
    // Person: every 责任人 the findings name is offered; choosing one narrows the list.
    const persons = await page.$$eval('#f-person option', (os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(persons.length).toBeGreaterThan(0);
    const all = await page.locator('#groups .finding').count();
    await page.selectOption('#f-person', persons[0]!);
    const narrowed = await page.locator('#groups .finding').count();
    expect(narrowed).toBeGreaterThan(0);
    expect(narrowed).toBeLessThanOrEqual(all);
    const shownPersons = await page.$$eval('#groups .finding', (fs) => fs.map((f) => (f as HTMLElement).dataset.persons ?? ''));
    for (const p of shownPersons) expect(p.split('、')).toContain(persons[0]);
    await host.close();
  });

  it('on a 填表说明 sheet in front of the ledger, names the ledger sheet and checks it when asked', async () => {
    const host = await openPane(WITH_INSTRUCTIONS, level);
    const page = host.page;
    // Said as soon as the pane opens…
    await page.waitForSelector('#elsewhere:not([hidden]) .check-there[data-sheet="问题清单"]');
    // …and again after 检查 on the instructions sheet.
    await page.click('#check');
    await page.waitForFunction(() => /不是整改台账/.test(document.getElementById('status')?.textContent ?? ''));
    await page.waitForSelector('#elsewhere:not([hidden])');
    expect(await page.textContent('#elsewhere-text')).toContain('“问题清单”');
    expect(await page.textContent('#status')).toContain('不是整改台账');
    // The clerk is still typing in a cell as they press it: going there waits for the edit to end.
    await host.editCell('A1', 2);
    await page.click('#elsewhere .check-there[data-sheet="问题清单"]');
    await page.waitForFunction(() => /共\d+项事项/.test(document.getElementById('status')?.textContent ?? ''));
    const active = await host.run(() =>
      Excel.run(async (context) => {
        const s = context.workbook.worksheets.getActiveWorksheet();
        s.load('name');
        await context.sync();
        return s.name;
      }),
    );
    expect(active).toBe('问题清单');
    expect(await page.isHidden('#elsewhere')).toBe(true);
    expect(await page.isVisible('#findings')).toBe(true);
    expect(await host.gaps()).toEqual([]);
    await host.close();
  });

  it('after the ribbon’s 检查 on a 填表说明 sheet, the message names the ledger sheet and the pane offers to check it', async () => {
    const host = await openPane(WITH_INSTRUCTIONS, level);
    await press(host, 'checkLedger');
    const told = await host.run(() => (JSON.parse(localStorage.getItem('ledger-check.lastOutcome') ?? '{}') as { text?: string }).text ?? '');
    expect(told).toContain('本工作簿的台账在“问题清单”工作表');
    await host.page.waitForSelector('#elsewhere:not([hidden]) .check-there[data-sheet="问题清单"]', { timeout: 30_000 });
    await host.close();
  });

  it('hides the county controls without a county token', async () => {
    const host = await openPane(DANKO, level);
    expect(await host.page.isHidden('#county-section')).toBe(true);
    expect(await host.page.isVisible('#submit')).toBe(true);
    await host.close();
  });
});

describe('the task pane\'s server buttons while a cell is being edited', () => {
  // The county server, faked at the page's own origin: who the token is, and this unit's items.
  async function withServer(host: HostPage, me: object = { role: 'unit', unit: '丹口镇', label: '丹口镇' }): Promise<string[]> {
    const asked: string[] = [];
    await host.page.route('https://excel-host.test/api/v1/**', (route) => {
      const url = new URL(route.request().url());
      asked.push(url.pathname);
      const json = (body: unknown) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(body) });
      if (url.pathname === '/api/v1/me') return json({ campaign: campaignOrDefault(), today: '2023-05-29', ...me });
      if (url.pathname === '/api/v1/items/evidence-counts') return json({ counts: {} });
      if (url.pathname === '/api/v1/items') return json({ asOf: '2023-05-29', total: 0, items: [] });
      return route.fulfill({ status: 404, body: '' });
    });
    return asked;
  }

  /** The pane on 丹口镇's workbook (ExcelApi 1.20) with the fake server there before it asks who the token (`me`) is. */
  async function paneWithServer(me: object): Promise<HostPage> {
    const { snapshot } = await xlsxToSnapshot(readFileSync(DANKO));
    const host = await openHostPage(browser, { snapshot, supported: { ExcelApi: '1.20' } });
    try {
      await withServer(host, me);
      await host.page.evaluate((s) => localStorage.setItem('ledger-check.settings', JSON.stringify(s)), { serverUrl: 'https://excel-host.test', unit: '', token: 't', lang: 'zh' });
      const body = PANE_HTML.slice(PANE_HTML.indexOf('<body>') + 6, PANE_HTML.indexOf('</body>'));
      await host.page.evaluate((html) => (document.body.innerHTML = html), body);
      await host.page.addScriptTag({ content: TASKPANE });
      return host;
    } catch (error) {
      await host.close();
      throw error;
    }
  }

  it('拉取会诊状态 says to press Enter, waits for the edit to end, then pulls, asking the server once', async () => {
    const host = await openPane(DANKO, '1.20', { serverUrl: 'https://excel-host.test', unit: '', token: 't', lang: 'zh' });
    try {
      const asked = await withServer(host);
      const page = host.page;
      // Every status the pane shows, in order.
      await page.evaluate(() => {
        const w = window as unknown as { shown: string[] };
        w.shown = [];
        const status = document.getElementById('status')!;
        new MutationObserver(() => w.shown.push(status.textContent ?? '')).observe(status, { childList: true, characterData: true, subtree: true });
      });
      await host.editCell('C5', 3);
      await page.click('#pull');
      await page.waitForFunction(() => /已更新会诊状态|未能完成/.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 30_000 });
      expect(await page.textContent('#status')).toContain('已更新会诊状态');
      const shown = await page.evaluate(() => (window as unknown as { shown: string[] }).shown);
      expect(shown.some((t) => t.includes('请按 Enter 或 Tab'))).toBe(true);
      expect(asked.filter((p) => p === '/api/v1/items')).toHaveLength(1);
      expect(asked.filter((p) => p === '/api/v1/items/evidence-counts')).toHaveLength(1);
    } finally {
      await host.close();
    }
  });

  it('申请延期 with its reason field never typed in asks for the reason (a Fluent field has no value until used)', async () => {
    const host = await openPane(DANKO, '1.20', { serverUrl: 'https://excel-host.test', unit: '', token: 't', lang: 'zh' });
    try {
      const asked = await withServer(host);
      await host.page.fill('#extDue', '2023-07-31');
      await host.page.click('#extRequest');
      await host.page.waitForFunction(() => /请填写|未能完成|已申请/.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 30_000 });
      expect(await host.page.textContent('#status')).toContain('请填写申请延期至的日期和延期理由');
      expect(asked.filter((p) => p.includes('/extensions'))).toEqual([]);
    } finally {
      await host.close();
    }
  });

  it('报送本表 with a unit\'s token names the token\'s unit, and asks before sending another unit\'s ledger as its own', async () => {
    // 南山镇's clerk with 丹口镇's workbook open (a ledger passed round as a template).
    const host = await paneWithServer({ role: 'unit', unit: '南山镇', label: '南山镇' });
    try {
      const sent: { unit?: string; confirmUnit?: boolean }[] = [];
      await host.page.route('https://excel-host.test/api/v1/submissions', (route) => {
        const body = route.request().postDataJSON() as { unit?: string; confirmUnit?: boolean };
        sent.push({ unit: body.unit, confirmUnit: body.confirmUnit });
        const error = body.confirmUnit
          ? { code: 'conflict', message: '事项已变化，请刷新后重试' }
          : { code: 'unit-mismatch', message: '报送单位与台账所写单位不一致', units: { requested: '南山镇', ledger: ['丹口镇'] } };
        return route.fulfill({ status: body.confirmUnit ? 409 : 422, contentType: 'application/json', body: JSON.stringify({ error }) });
      });
      await host.page.waitForFunction(() => (document.getElementById('context')?.textContent ?? '').includes('南山镇'));
      // Cancelled: nothing more is sent, and the pane says it was not submitted.
      await host.page.click('#submit');
      await host.page.waitForSelector('#confirmUnit:not([hidden])', { timeout: 30_000 });
      const question = await host.page.textContent('#confirmText');
      expect(question).toContain('丹口镇');
      expect(question).toContain('南山镇');
      await host.page.click('#confirmNo');
      await host.page.waitForFunction(() => /未报送/.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 30_000 });
      expect(sent).toEqual([{ unit: '南山镇', confirmUnit: undefined }]);
      // Confirmed: sent again, saying so.
      await host.page.click('#submit');
      await host.page.waitForSelector('#confirmUnit:not([hidden])', { timeout: 30_000 });
      await host.page.click('#confirmYes');
      await host.page.waitForFunction(() => /未能完成|服务器/.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 30_000 });
      expect(sent.slice(1)).toEqual([{ unit: '南山镇', confirmUnit: undefined }, { unit: '南山镇', confirmUnit: true }]);
    } finally {
      await host.close();
    }
  });

  it('提交会诊决定 before the county view is pulled says to pull it first (Excel said so in English)', async () => {
    const host = await paneWithServer({ role: 'county', label: '县委巡察办', today: '2023-05-29' });
    try {
      await host.page.waitForSelector('#county-section:not([hidden])');
      // 延期 is a unit's to ask: not offered to the county office.
      expect(await host.page.isHidden('#extRequest')).toBe(true);
      await host.page.click('#decide');
      await host.page.waitForFunction(() => /未能完成|已提交|拉取全县汇总/.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 30_000 });
      const said = (await host.page.textContent('#status')) ?? '';
      expect(said).toContain('请先点击“拉取全县汇总”');
      expect(said).not.toMatch(/[A-Za-z]{4,}/);
    } finally {
      await host.close();
    }
  });

  it('保存 with a server that cannot be reached says the settings are saved, and why the campaign could not be fetched', async () => {
    const host = await openPane(DANKO, '1.20');
    try {
      await host.page.route('https://down.test/**', (route) => route.abort('connectionrefused'));
      await host.page.evaluate(() => {
        (document.getElementById('settings') as HTMLDetailsElement).open = true;
        (document.getElementById('serverUrl') as HTMLInputElement).value = 'https://down.test';
        (document.getElementById('token') as HTMLInputElement).value = 'lc_x';
      });
      await host.page.click('#save');
      await host.page.waitForFunction(() => /无法|未能/.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 30_000 });
      const said = (await host.page.textContent('#status')) ?? '';
      expect(said).toMatch(/^设置已保存/);
      expect(said).not.toContain('无法检查');
      expect(said).not.toMatch(/^未能完成/);
      expect(await host.page.evaluate(() => JSON.parse(localStorage.getItem('ledger-check.settings') ?? '{}').serverUrl)).toBe('https://down.test');
    } finally {
      await host.close();
    }
  });

  it('tells a county token which years ahead the holiday calendar lacks, and nothing when none', async () => {
    for (const [gaps, shown] of [[[2027], true], [undefined, false]] as const) {
      const host = await paneWithServer({ role: 'county', label: '县委巡察办', today: '2026-11-30', ...(gaps ? { calendarGaps: gaps } : {}) });
      try {
        await host.page.waitForSelector('#county-section:not([hidden])');
        expect(await host.page.isVisible('#calendar-note')).toBe(shown);
        if (shown) expect(await host.page.textContent('#calendar-note')).toMatch(/^注意：2027年的法定节假日和调休安排尚未收录.*holidays/);
      } finally {
        await host.close();
      }
    }
  });
});
