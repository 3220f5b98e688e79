// Drives the harness page the way a person does: the add-in built, `node scripts/dev-server.js`
// started, harness.html opened in headless Chromium. Reads back what the page drew (the grid's
// cells as the browser computed them) and what the simulated host holds.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { HostGap } from '../../excel-sim/host/recorder.js';
import type { WorkbookSnapshot } from '../../excel-sim/host/snapshot.js';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');

/** Builds what the dev server serves for the harness (safe beside other builds: files are renamed into place). */
export function buildHarness(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build.js'), 'taskpane', 'commands', 'host', 'harness', 'harness-snapshot'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
}

export interface DevServer {
  /** `http://localhost:PORT/` (https when Office dev certificates are installed). */
  origin: string;
  stop: () => void;
}

/** Starts the dev server on a free loopback port and waits for the line naming its address. */
export function startDevServer(): Promise<DevServer> {
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'scripts/dev-server.js'), '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`dev server did not start: ${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /served at (https?:\/\/localhost:\d+\/)/.exec(output);
      if (!m) return;
      clearTimeout(timer);
      ok({ origin: m[1]!, stop: () => child.kill() });
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', (code) => fail(new Error(`dev server exited (${code}): ${output}`)));
  });
}

// Debian's Chromium, launched the one way this machine allows (shared with the add-in tests).
export { launchBrowser } from '../addin/host/page.js';

export interface HarnessPage {
  page: Page;
  /** Console errors, uncaught exceptions and requests that left the dev server's origin. */
  problems: string[];
}

/** Opens harness.html (optionally `?ledger=NAME`, and more parameters such as `excelApi`) at 1280×800 and waits until the ledger is drawn. */
export async function openHarness(browser: Browser, origin: string, ledger?: string, query: Record<string, string> = {}): Promise<HarnessPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ignoreHTTPSErrors: true, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) problems.push(`left the origin: ${r.url()}`);
  });
  const params = new URLSearchParams({ ...query, ...(ledger ? { ledger } : {}) }).toString();
  await page.goto(`${origin}harness.html${params ? `?${params}` : ''}`);
  await page.waitForSelector('body[data-ready][data-ledger]');
  return { page, problems };
}

/** One drawn cell: where, what it shows, and the colours the browser computed. */
export interface DrawnCell {
  at: string;
  text: string;
  background: string;
  color: string;
  title: string;
  marks: string;
  rowSpan: number;
  colSpan: number;
}

/**
 * Every cell the grid draws, by A1 address (selection outlines left out). Found and read in one
 * task of the page: a redraw between finding the cells and reading them (the harness redraws
 * whenever the workbook changes) would leave detached cells, whose computed style is empty.
 */
export function drawnGrid(page: Page): Promise<DrawnCell[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('#h-grid td[data-r]')].map((td) => {
      const c = Number(td.getAttribute('data-c'));
      let letters = '';
      for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
      const style = getComputedStyle(td);
      const cell = td as HTMLTableCellElement;
      return {
        at: `${letters}${Number(td.getAttribute('data-r')) + 1}`,
        text: td.textContent ?? '',
        background: style.backgroundColor,
        color: style.color,
        title: td.getAttribute('title') ?? '',
        marks: ['note', 'comment', 'link'].filter((k) => td.classList.contains(k)).join(' '),
        rowSpan: cell.rowSpan,
        colSpan: cell.colSpan,
      };
    }),
  );
}

/** `#FFC7CE` as the browser reports it: `rgb(255, 199, 206)`. */
export function rgb(hex: string): string {
  const n = parseInt(hex.replace('#', ''), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

/** Presses a ribbon button of the harness and waits for the command to finish. */
export async function pressRibbon(page: Page, id: 'h-check' | 'h-clear'): Promise<string> {
  const before = Number((await page.getAttribute('body', 'data-commands')) ?? 0);
  await page.click(`#${id}`);
  await page.waitForSelector(`body[data-commands="${before + 1}"]`);
  return (await page.textContent('#h-outcome-text')) ?? '';
}

export const hostSnapshot = (page: Page): Promise<WorkbookSnapshot> => page.evaluate(() => window.excelHost!.export());
export const hostGaps = (page: Page): Promise<HostGap[]> => page.evaluate(() => window.excelHost!.gaps());
export const activeSheet = (page: Page): Promise<string> => page.evaluate(() => window.excelHost!.workbook.active.name);
