import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, ROOT } from './harness-page.js';
import { startWorker, type WorkerProcess } from './worker-process.js';
import { requestsDuring } from './page-requests.js';

// The county office's pages as the Worker serves them (static assets from dist/addin), against
// the demo county on local D1, in headless Chromium: sign in, figures, filters, items, a letter,
// the printable bulletin, and A4 print output. Screenshots go to test-results/.
const SHOTS = join(ROOT, 'test-results');
const ASOF = '2023-05-29';
let worker: WorkerProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function signIn(p: Page, token: string): Promise<void> {
  await p.fill('#token', token);
  await p.click('#signin button[type=submit]');
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  execFileSync(process.execPath, ['scripts/build.js', 'dashboard', 'bulletin'], { cwd: ROOT, stdio: 'inherit' });
  [worker, browser] = await Promise.all([startWorker('http://localhost:3000'), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  worker?.stop();
});

describe('the county dashboard (/dashboard)', () => {
  it('asks for the county token, refuses a unit token, and keeps the county token for this tab only', async () => {
    await page.goto(`${worker.url}/dashboard?asOf=${ASOF}`);
    await page.waitForSelector('#signin:not([hidden])');
    await page.screenshot({ path: join(SHOTS, 'dashboard-signin.png') });
    await signIn(page, worker.tokens.get('丹口镇')!);
    await page.waitForFunction(() => /单位令牌不能查看全县情况/.test(document.querySelector('#signin .status')?.textContent ?? ''));
    // A wrong token: said as the form's person reads it, not as the Authorization header's rule.
    await signIn(page, 'lc_wrong token');
    await page.waitForFunction(() => /登录失败/.test(document.querySelector('#signin .status')?.textContent ?? ''));
    const refused = await page.textContent('#signin .status');
    expect(refused).toContain('令牌无效');
    expect(refused).not.toMatch(/Bearer|Authorization/);
    // Pasted from a chat app, broken across lines, with a Bearer copied along: read as the token.
    const token = worker.tokens.get('county')!;
    await signIn(page, ` Bearer ${token.slice(0, 10)}\n ${token.slice(10)} `);
    await page.waitForSelector('[data-testid=units] tbody tr');
    expect(await page.isVisible('#signin')).toBe(false);
    expect(await page.evaluate(() => [sessionStorage.length, localStorage.length])).toEqual([1, 0]);
    await page.reload();
    await page.waitForSelector('[data-testid=units] tbody tr'); // still signed in after a reload
    const other = await context.newPage(); // another tab starts signed out
    await other.goto(`${worker.url}/dashboard`);
    await other.waitForSelector('#signin:not([hidden])');
    await other.close();
  });

  it('shows the demo county’s figures, the two units under key attention and the chart', async () => {
    const figure = (name: string) => page.textContent(`[data-figure="${name}"] b`);
    expect(await figure('单位')).toBe('10');
    expect(await figure('整改事项')).toBe('60');
    expect(await figure('重点关注')).toBe('2');
    expect(await page.locator('[data-testid=units] tbody tr').count()).toBe(10);
    const attention = await page.$$eval('[data-testid=units] tr.attention', (rows) => rows.map((r) => (r as HTMLElement).dataset.unit));
    expect(attention.sort()).toEqual(['丹口镇', '西岩镇'].sort());
    expect(await page.$$eval('[data-testid=named] li', (li) => li.map((l) => (l as HTMLElement).dataset.unit))).toEqual(['丹口镇', '西岩镇']);
    // chart.js drew the chart: a Chart instance on the canvas with a dataset per timeliness state.
    const bars = await page.evaluate(() => {
      const canvas = document.getElementById('chart') as HTMLCanvasElement;
      return canvas.width > 0 && canvas.height > 0;
    });
    expect(bars).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });
  });

  // The minute's refresh lost on the county's line: the figures stay, saying since when, and the
  // next refresh that answers puts the page back as it was.
  it('keeps the figures when a refresh is lost, says so in Chinese, and clears that once one answers', async () => {
    const figure = (name: string) => page.textContent(`[data-figure="${name}"] b`);
    const setAsOf = (value: string) => page.evaluate((v) => {
      const input = document.getElementById('asOf') as HTMLInputElement;
      input.value = v;
      input.dispatchEvent(new Event('change'));
    }, value);
    await page.route('**/api/v1/reports/bulletin*', (route) => route.abort('internetdisconnected'));
    try {
      await setAsOf('2023-05-28');
      await page.waitForSelector('#stale:not([hidden])', { timeout: 10_000 });
      expect(await page.textContent('#stale')).toMatch(/^刷新失败：无法连接服务器（网络不通或服务器未启动）。下面是 \d{2}:\d{2} 读到的情况，每分钟自动重试。$/);
      expect(await figure('整改事项')).toBe('60');
    } finally {
      // The line back, whatever happened: the tests after this one read through it.
      await page.unroute('**/api/v1/reports/bulletin*');
    }
    await setAsOf(ASOF);
    await page.waitForSelector('#stale[hidden]', { state: 'attached' });
    expect(await figure('整改事项')).toBe('60');
    expect(new URL(page.url()).searchParams.get('asOf')).toBe(ASOF);
  });

  it('a token revoked while the page is open asks to sign in again, rather than retrying it every minute', async () => {
    await page.route('**/api/v1/reports/bulletin*', (route) => route.fulfill({ status: 401, json: { error: { code: 'token-revoked', message: '访问令牌已撤销：该令牌已被管理员撤销' } } }));
    try {
      await page.evaluate(() => document.getElementById('asOf')!.dispatchEvent(new Event('change')));
      await page.waitForSelector('#signin:not([hidden])', { timeout: 10_000 });
      expect(await page.textContent('#signin .status')).toContain('访问令牌已撤销');
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    } finally {
      await page.unroute('**/api/v1/reports/bulletin*');
    }
    await signIn(page, worker.tokens.get('county')!);
    await page.waitForSelector('#signin', { state: 'hidden' });
    await page.waitForSelector('[data-testid=units] tbody tr');
  });

  it('says which years ahead the holiday calendar lacks, as the bulletin names them', async () => {
    expect(await page.isHidden('#calendar-note')).toBe(true); // none as of 2023
    // The bulletin's own answer, as it would name 2027 on 2026-11-30.
    await page.route('**/api/v1/reports/bulletin*', async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, json: { ...(await res.json()), calendarGaps: [2027] } });
    });
    try {
      await page.evaluate(() => {
        const input = document.getElementById('asOf') as HTMLInputElement;
        input.dispatchEvent(new Event('change'));
      });
      await page.waitForSelector('#calendar-note:not([hidden])', { timeout: 10_000 });
      expect(await page.textContent('#calendar-note')).toMatch(/^注意：2027年的法定节假日和调休安排尚未收录/);
    } finally {
      await page.unroute('**/api/v1/reports/bulletin*');
    }
    await page.evaluate(() => document.getElementById('asOf')!.dispatchEvent(new Event('change')));
    await page.waitForSelector('#calendar-note[hidden]', { state: 'attached' });
  });

  it('filters to one unit, lists its items, and downloads its letter as a .docx naming it', async () => {
    // The unit's items are asked for beside the bulletin, not after its answer (a round trip less).
    const { events } = await requestsDuring(page, async () => {
      await page.selectOption('#unit', '丹口镇');
      await page.waitForSelector('[data-testid=items] tbody tr');
    });
    expect(events.indexOf('sent /api/v1/items'), JSON.stringify(events)).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('sent /api/v1/items'), JSON.stringify(events)).toBeLessThan(events.indexOf('done /api/v1/reports/bulletin'));
    expect(await page.locator('[data-testid=units] tbody tr').count()).toBe(1);
    expect(await page.locator('[data-testid=items] tbody tr').count()).toBe(6);
    expect(page.url()).toContain(`unit=${encodeURIComponent('丹口镇')}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="letter-丹口镇"]')]);
    expect(download.suggestedFilename()).toBe(`丹口镇-催办函-${ASOF}.docx`);
    const path = await download.path();
    const xml = strFromU8(unzipSync(new Uint8Array(execFileSync('cat', [path!])))['word/document.xml']!);
    expect(xml).toContain('丹口镇：');
    await page.screenshot({ path: join(SHOTS, 'dashboard-unit.png'), fullPage: true });
    expect(await page.locator('#items h2').textContent()).toBe('丹口镇的整改事项（6项）');
    await page.selectOption('#unit', '');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=units] tbody tr').length === 10);
  });

  it('事项 on a unit\'s row chooses that unit: its items stay through the minute\'s refresh, and the figures say they are the county\'s', async () => {
    await page.click('[data-unit="西岩镇"] .actions a:first-child');
    await page.waitForSelector('[data-testid=items] tbody tr');
    expect(await page.inputValue('#unit')).toBe('西岩镇');
    expect(page.url()).toContain(`unit=${encodeURIComponent('西岩镇')}`);
    // The minute's refresh (as the timer calls it) keeps them.
    const before = await page.evaluate(() => document.body.dataset.ready);
    await page.evaluate(() => document.getElementById('asOf')!.dispatchEvent(new Event('change')));
    await page.waitForFunction((b) => document.body.dataset.ready !== b, before);
    expect(await page.locator('[data-testid=items] tbody tr').count()).toBe(6);
    // Filtered to one unit, the headline figures are still the county's: said on screen and on paper.
    expect(await page.textContent('[data-testid=stage]')).toContain('单位：西岩镇（上方数字为全县合计）');
    await page.selectOption('#unit', '');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=units] tbody tr').length === 10);
  });

  it('says so when a letter cannot be downloaded (it failed without a word)', async () => {
    await page.route('**/letter.docx?*', (route) => route.abort('internetdisconnected'));
    try {
      await page.click('[data-testid="letter-丹口镇"]');
      await page.waitForFunction(() => /下载失败/.test(document.getElementById('stale')?.textContent ?? ''));
      expect(await page.textContent('#stale')).toContain('催办函下载失败：无法连接服务器');
    } finally {
      await page.unroute('**/letter.docx?*');
    }
  });

  it('says when a unit holds more items than the table lists (one page of 500)', async () => {
    // The server's answer cut to two items of a unit of 1,200.
    await page.route('**/api/v1/items?*', async (route) => {
      const r = await route.fetch();
      const body = await r.json();
      await route.fulfill({ response: r, json: { ...body, total: 1200, items: body.items.slice(0, 2) } });
    });
    try {
      await page.selectOption('#unit', '丹口镇');
      await page.waitForFunction(() => document.querySelector('#items h2')?.textContent?.includes('1200'));
      expect(await page.locator('#items h2').textContent()).toBe('丹口镇的整改事项（共 1200 项，列出前 2 项）');
      expect(await page.locator('[data-testid=items] tbody tr').count()).toBe(2);
    } finally {
      await page.unroute('**/api/v1/items?*');
      await page.selectOption('#unit', '');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=units] tbody tr').length === 10);
    }
  });

  it('without a date chosen, the 截至 box shows the date the figures are as of, and follows the county\'s today', async () => {
    await page.goto(`${worker.url}/dashboard`);
    await page.waitForSelector('[data-testid=units] tbody tr');
    const shown = /截至 (\d{4}-\d{2}-\d{2})/.exec((await page.textContent('[data-testid=stage]')) ?? '')?.[1];
    expect(shown).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await page.inputValue('#asOf')).toBe(shown);
    expect(new URL(page.url()).searchParams.get('asOf')).toBeNull();
    await page.goto(`${worker.url}/dashboard?asOf=${ASOF}`);
    await page.waitForSelector('[data-testid=units] tbody tr');
    expect(await page.inputValue('#asOf')).toBe(ASOF);
  });

  it('prints on A4: controls hidden, the table and chart kept', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('.bar')).toBe(false);
    expect(await page.isVisible('[data-testid=units]')).toBe(true);
    // The 操作 column goes whole: its header was left printed over nothing.
    expect(await page.locator('[data-testid=units] th', { hasText: '操作' }).isVisible()).toBe(false);
    await page.screenshot({ path: join(SHOTS, 'dashboard-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, path: join(SHOTS, 'dashboard.pdf') });
    // A4 pages (595 × 842 pt) and few of them: the dashboard fits a short printout.
    const pdfText = pdf.toString('latin1');
    expect(pdfText).toMatch(/\/MediaBox \[0 0 59[45]\.\d+ 84[12]\.\d+\]/);
    expect((pdfText.match(/\/Type \/Page\b/g) ?? []).length).toBeLessThanOrEqual(3);
  });
});

describe('the printable bulletin (/reports/bulletin)', () => {
  it('lists exactly the two units under key attention with reasons, the headline figures and a chart', async () => {
    await page.goto(`${worker.url}/reports/bulletin?asOf=${ASOF}`); // same tab: still signed in
    await page.waitForFunction(() => document.body.dataset.ready === '1' || /无法生成通报/.test(document.body.textContent ?? ''));
    expect(await page.textContent('#bulletin')).not.toContain('无法生成通报');
    expect(await page.textContent('#bulletin h1')).toContain('工作进展情况的通报');
    expect(await page.textContent('[data-testid=stage]')).toContain(`截至 ${ASOF}`);
    const named = await page.$$eval('[data-testid=named] li', (li) => li.map((l) => l.textContent));
    expect(named).toEqual(['丹口镇：问题查摆不精准（4/6项描述笼统）；与其他单位问题雷同（2项）', '西岩镇：与其他单位问题雷同（2项）']);
    // The same closing as the .docx: by when the units named report.
    expect(await page.textContent('#bulletin')).toContain('于2023年6月5日前向县巡察办书面报告整改情况');
    // Signed and dated as the .docx is (2023年5月29日, not 2023-05-29).
    expect(await page.textContent('#bulletin .sign')).toContain('2023年5月29日');
    expect(await page.textContent('[data-figure="整改事项"] b')).toBe('60');
    expect(await page.evaluate(() => (document.getElementById('chart') as HTMLCanvasElement).height > 0)).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'bulletin.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(SHOTS, 'bulletin-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });

  it('prints its chart drawn for the page, not the screen\'s drawing squeezed into it', async () => {
    // Printing lays the page out right after beforeprint, no frame between (in which Chart.js's
    // ResizeObserver redraws a live page): what the chart is at the end of that event is printed.
    // It is drawn for the printed box (pages.css: A4's 180 mm of text, .chart 80 mm high).
    const at = (event?: string) => page.evaluate((e) => {
      if (e) window.dispatchEvent(new Event(e));
      const c = document.getElementById('chart') as HTMLCanvasElement;
      return { drawn: c.width / c.height, shown: c.clientWidth / c.clientHeight, box: c.parentElement!.clientWidth / c.parentElement!.clientHeight };
    }, event);
    const screen = await at();
    expect(Math.abs(screen.shown - screen.drawn)).toBeLessThan(0.05);
    const printed = await at('beforeprint');
    expect(Math.abs(printed.drawn - 180 / 80), JSON.stringify(printed)).toBeLessThan(0.05);
    expect(Math.abs(printed.shown - printed.drawn), JSON.stringify(printed)).toBeLessThan(0.05);
    // After: drawn for its box on the screen again.
    const back = await at('afterprint');
    expect(Math.abs(back.drawn - back.box), JSON.stringify(back)).toBeLessThan(0.05);
  });
});
