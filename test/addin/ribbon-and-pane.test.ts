import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xlsxToSnapshot } from '../../excel-sim/host/xlsx-snapshot.js';
import { launchBrowser, openHostPage, type HostPage } from './host/page.js';

// The built bundles (npm test builds first): what Excel loads from commands.html and taskpane.html.
const COMMANDS = readFileSync('dist/addin/commands.js', 'utf8');
const TASKPANE = readFileSync('dist/addin/taskpane.js', 'utf8');
const PANE_HTML = readFileSync('addin/taskpane/taskpane.html', 'utf8');
const PANE_CSS = readFileSync('addin/taskpane/taskpane.css', 'utf8');
const LEDGER = 'test/fixtures/spec/scj-market-regulation.xlsx';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

async function open(supported?: { ExcelApi: number }): Promise<HostPage> {
  const { snapshot } = await xlsxToSnapshot(readFileSync(LEDGER));
  return openHostPage(browser, { snapshot, ...(supported ? { supported } : {}) });
}

describe('the ribbon commands', () => {
  /** Loads commands.js as Excel would, keeping what it registers with Office.actions.associate. */
  async function loadCommands(host: HostPage) {
    await host.run(() => {
      const w = window as unknown as { registered: Record<string, (e: { completed(): void }) => Promise<void>> };
      w.registered = {};
      // Office.actions exists only where Excel runs commands; record the registrations here.
      (Office as unknown as { actions: unknown }).actions = { associate: (name: string, fn: (e: { completed(): void }) => Promise<void>) => (w.registered[name] = fn) };
    });
    await host.page.addScriptTag({ content: COMMANDS });
    await host.page.waitForFunction(() => Object.keys((window as unknown as { registered: object }).registered).length === 2);
  }

  const press = (host: HostPage, name: string) =>
    host.run(async (n) => {
      const w = window as unknown as { registered: Record<string, (e: { completed(): void }) => Promise<void>> };
      let completed = 0;
      await w.registered[n]!({ completed: () => void completed++ });
      return { completed, outcome: JSON.parse(localStorage.getItem('ledger-check.lastOutcome') ?? 'null') as { text: string } | null };
    }, name);

  it('检查 checks the sheet in place, tells the counts, and always completes the event', async () => {
    const host = await open();
    await loadCommands(host);
    const result = await press(host, 'checkLedger');
    expect(result.completed).toBe(1);
    expect(result.outcome?.text).toMatch(/共\d+项事项：错误\d+条，警告\d+条。/);
    expect((await host.highlights()).length).toBeGreaterThan(0);
    const cleared = await press(host, 'clearAnnotations');
    expect(cleared.completed).toBe(1);
    expect(cleared.outcome?.text).toContain('已清除');
    expect(await host.highlights()).toEqual([]);
    await host.close();
  });

  it('检查 pressed while a cell is being edited tells an open pane to press Enter, waits, then checks', async () => {
    const host = await open();
    await loadCommands(host);
    await host.editCell('C5', 2);
    await host.run(() => {
      const w = window as unknown as { told: string[] };
      w.told = [];
      const set = localStorage.setItem.bind(localStorage);
      localStorage.setItem = (k: string, v: string) => (w.told.push(v), set(k, v));
    });
    const result = await press(host, 'checkLedger');
    expect(result.completed).toBe(1);
    expect(result.outcome?.text).toMatch(/共\d+项事项/);
    const told = await host.run(() => (window as unknown as { told: string[] }).told.map((v) => JSON.parse(v) as { kind: string; text: string }));
    expect(told.map((o) => o.kind)).toEqual(['waiting', 'check']);
    expect(told[0]!.text).toContain('请按 Enter 或 Tab');
    await host.close();
  });

  it('completes the event and says why when the check cannot run', async () => {
    const host = await open();
    await loadCommands(host);
    // A protected-sheet style failure: the workbook refuses every request.
    await host.run(() => {
      const ex = (window as unknown as { excelHost: { engine: { limits: { requestBytes: number } } } }).excelHost;
      ex.engine.limits.requestBytes = 10;
    });
    const result = await press(host, 'checkLedger');
    expect(result.completed).toBe(1);
    expect(result.outcome?.text).toMatch(/^未能完成：/);
    await host.close();
  });
});

describe('the task pane', () => {
  it('checks, lists findings by severity and code, and selects a finding’s cell when clicked', async () => {
    const host = await open();
    const body = PANE_HTML.slice(PANE_HTML.indexOf('<body>') + 6, PANE_HTML.indexOf('</body>'));
    await host.page.evaluate(([html, css]) => {
      document.body.innerHTML = html;
      const style = document.createElement('style');
      style.textContent = css;
      document.head.append(style);
    }, [body, PANE_CSS] as const);
    await host.page.addScriptTag({ content: TASKPANE });
    await host.page.click('#check');
    await host.page.waitForFunction(() => /共\d+项事项/.test(document.getElementById('status')?.textContent ?? ''));
    const groups = await host.page.$$eval('#groups details.group > summary', (els) => els.map((e) => e.textContent));
    expect(groups[0]).toMatch(/（\d+）$/);
    const first = host.page.locator('#groups .group.error .finding').first();
    const cell = (await first.locator('.at').textContent())!;
    await first.click();
    await host.page.waitForFunction(() => true);
    const selected = await host.run(() =>
      Excel.run(async (context) => {
        const r = context.workbook.getSelectedRange();
        r.load('address');
        await context.sync();
        return r.address;
      }),
    );
    expect(selected.split('!').pop()).toBe(cell);
    mkdirSync('test-results', { recursive: true });
    await host.page.setViewportSize({ width: 360, height: 900 });
    await host.page.screenshot({ path: join('test-results', 'taskpane-after-check.png'), fullPage: true });
    await host.close();
  });
});
