/// <reference types="office-js" />
// A test page that is an Excel host: the simulated host bundled for the browser, installed
// before Microsoft's real office.js (served from node_modules, nothing from the network), in
// headless Chromium. Tests run add-in code in the page with `host.run(fn)`.
import { readFile } from 'node:fs/promises';
import { dirname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import type { SimulatedExcelOptions } from '../../../excel-sim/host/simulated-excel.js';
import type { HostGap, RequestRecord, SyncSummary } from '../../../excel-sim/host/recorder.js';
import type { CellView } from '../../../excel-sim/host/cell-view.js';
import type { WorkbookSnapshot } from '../../../excel-sim/host/snapshot.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const OFFICE_DIST = join(root, 'node_modules/@microsoft/office-js/dist');
const ORIGIN = 'https://excel-host.test';

let bundle: Promise<string> | undefined;

/** The host bundled for the browser (IIFE), built once per test file. */
export function hostBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [join(root, 'excel-sim/host/browser-entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'warning',
  }).then((r) => r.outputFiles[0]?.text ?? '');
  return bundle;
}

/**
 * The ExcelApi levels every add-in test that touches the workbook runs at: the minimum the
 * add-in supports, 1.12, 1.15 (the newest the packaged office.js implements) and the current one.
 */
export const EXCEL_API_MATRIX = ['1.9', '1.12', '1.15', '1.20'] as const;

/** Headless Chromium (Debian's), launched the way this machine allows. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The error an Excel.run rejected with, as the add-in sees it. */
export interface OfficeErrorInfo {
  name: string;
  code: string;
  message: string;
  debugInfo?: { errorLocation?: string; statement?: string };
}

export interface HostPage {
  page: Page;
  /** Runs `fn(arg)` in the page (where `Excel` and `Office` are the real library's). */
  run<A, T>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /** Runs `fn(arg)` and reports the requests it caused: syncs, sizes (the recorder's summary). */
  measure<A, T>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<{ result: T; summary: SyncSummary; requests: RequestRecord[] }>;
  /** Runs `fn(arg)` and returns the error it throws (null if it does not). */
  error<A>(fn: (arg: A) => unknown, arg?: A): Promise<OfficeErrorInfo | null>;
  snapshot(): Promise<WorkbookSnapshot>;
  load(snapshot: WorkbookSnapshot): Promise<void>;
  view(sheet: string, address: string): Promise<CellView>;
  highlights(sheet?: string): Promise<CellView[]>;
  gaps(): Promise<HostGap[]>;
  requests(): Promise<RequestRecord[]>;
  /** The `n`th sync from now fails whole with `code` (fault injection; nothing of it applied). */
  failSync(n: number, code?: string): Promise<void>;
  /** A person typing in `address` (null: done); `syncs`: they press Enter after that many of the add-in's requests were refused. */
  editCell(address: string | null, syncs?: number): Promise<void>;
  /** A second Excel client on the same workbook (co-authoring), with `script` loaded in it. */
  coauthor(script?: string): Promise<Frame>;
  close(): Promise<void>;
}

export interface HostPageOptions extends Omit<SimulatedExcelOptions, 'now'> {
  /** Serve the readable builds of office.js (for debugging). */
  debugLibrary?: boolean;
}

/** JSON safe inside a <script> element. */
function inlineJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c');
}

/**
 * Opens a page playing Excel and waits for `Office.onReady`.
 * @example const host = await openHostPage(browser, { supported: { ExcelApi: 1.9 } });
 */
export async function openHostPage(browser: Browser, options: HostPageOptions = {}): Promise<HostPage> {
  const { debugLibrary, ...hostOptions } = options;
  const page = await browser.newPage();
  const missing: string[] = [];
  const js = await hostBundle();
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/') {
      const html = `<!doctype html><html><head><meta charset="utf-8"><script src="/simulated-excel.js"></script><script>SimulatedExcel.install(${inlineJson(hostOptions)});</script><script src="/${debugLibrary ? 'office.debug.js' : 'office.js'}"></script></head><body></body></html>`;
      return route.fulfill({ contentType: 'text/html; charset=utf-8', body: html });
    }
    // A co-author's Excel client, in a frame of this page, on the same simulated workbook.
    if (path === '/coauthor') {
      const html = `<!doctype html><html><head><meta charset="utf-8"><script>parent.excelHost.attach(window);</script><script src="/office.js"></script></head><body></body></html>`;
      return route.fulfill({ contentType: 'text/html; charset=utf-8', body: html });
    }
    if (path === '/simulated-excel.js') return route.fulfill({ contentType: 'application/javascript; charset=utf-8', body: js });
    const file = normalize(join(OFFICE_DIST, decodeURIComponent(path)));
    if (file.startsWith(OFFICE_DIST)) {
      try {
        return await route.fulfill({ contentType: 'application/javascript; charset=utf-8', body: await readFile(file) });
      } catch {
        // fall through to 404
      }
    }
    missing.push(path);
    return route.fulfill({ status: 404, body: '' });
  });
  await page.route(/^(?!https:\/\/excel-host\.test)/, (route) => route.abort());
  await page.goto(`${ORIGIN}/`);
  const info = await page.evaluate(() => Office.onReady());
  if (String(info.host) !== 'Excel') throw new Error(`Office.onReady gave ${JSON.stringify(info)}; missing files: ${missing.join(', ')}`);
  return {
    page,
    run: (fn, arg) => page.evaluate(fn as never, arg) as never,
    measure: async (fn, arg) => {
      const mark = await page.evaluate(() => window.excelHost!.engine.recorder.mark());
      const result = (await page.evaluate(fn as never, arg)) as never;
      const { summary, requests } = await page.evaluate((m) => {
        const since = window.excelHost!.engine.recorder.since(m);
        return { summary: window.SimulatedExcel!.summarize(since), requests: since };
      }, mark);
      return { result, summary, requests };
    },
    error: (fn, arg) =>
      page.evaluate(
        async ({ src, arg }) => {
          try {
            await (0, eval)(`(${src})`)(arg);
            return null;
          } catch (e) {
            const err = e as { name?: string; code?: string; message?: string; debugInfo?: { errorLocation?: string; statement?: string } };
            return { name: String(err.name), code: String(err.code), message: String(err.message), debugInfo: { errorLocation: err.debugInfo?.errorLocation, statement: err.debugInfo?.statement } };
          }
        },
        { src: fn.toString(), arg },
      ),
    snapshot: () => page.evaluate(() => window.excelHost!.export()),
    load: (snapshot) => page.evaluate((s) => window.excelHost!.load(s), snapshot),
    view: (sheet, address) => page.evaluate(([s, a]) => window.excelHost!.view(s, a), [sheet, address] as const),
    highlights: (sheet) => page.evaluate((s) => window.excelHost!.highlights(s), sheet),
    gaps: () => page.evaluate(() => window.excelHost!.gaps()),
    requests: () => page.evaluate(() => window.excelHost!.engine.recorder.requests),
    failSync: (n, code) => page.evaluate(([n, code]) => window.excelHost!.failSync(n, code), [n, code] as const),
    editCell: (address, syncs) => page.evaluate(([a, s]) => window.excelHost!.editCell(a, s ?? undefined), [address, syncs ?? null] as const),
    coauthor: async (script) => {
      const handle = await page.evaluate(() => {
        const f = document.createElement('iframe');
        f.src = '/coauthor';
        document.body.append(f);
        return new Promise<void>((done) => f.addEventListener('load', () => done()));
      });
      void handle;
      const frame = page.frames().find((f) => f.url().endsWith('/coauthor'));
      if (!frame) throw new Error('the co-author frame did not open');
      await frame.evaluate(() => Office.onReady());
      if (script) await frame.addScriptTag({ content: script });
      return frame;
    },
    close: () => page.close(),
  };
}
