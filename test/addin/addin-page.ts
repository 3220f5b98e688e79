// A host page with the add-in's code loaded: the real office.js, the simulated workbook, and
// `window.ledgerAddin` (test/addin/addin-entry.ts) to drive the add-in as the ribbon would.
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { xlsxToSnapshot } from '../../excel-sim/host/xlsx-snapshot.js';
import { openHostPage, type HostPage, type HostPageOptions } from './host/page.js';

let bundle: Promise<string> | undefined;

export function addinBundle(): Promise<string> {
  bundle ??= build({ entryPoints: ['test/addin/addin-entry.ts'], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome120', logLevel: 'warning' }).then(
    (r) => r.outputFiles[0]!.text,
  );
  return bundle;
}

/** Opens an .xlsx in the simulated Excel, with the add-in loaded. */
export async function openWithAddin(browser: Browser, file: string, options: Omit<HostPageOptions, 'snapshot'> = {}): Promise<HostPage> {
  const { snapshot } = await xlsxToSnapshot(await readFile(file));
  const host = await openHostPage(browser, { ...options, snapshot });
  await host.page.addScriptTag({ content: await addinBundle() });
  return host;
}

declare global {
  interface Window {
    ledgerAddin: {
      check(asOf: string): Promise<{ report: import('../../shared/index.js').Report; syncs: number; mergesRead: boolean; text: string }>;
      clear(): Promise<{ syncs: number; cleared: boolean }>;
      writeCounty(): Promise<{ ok: boolean; text: string }>;
      ribbonCheck(asOf: string, wait?: { forMs?: number; everyMs?: number }): Promise<{ ok: boolean; text: string; waited: boolean }>;
      ribbonClear(): Promise<{ ok: boolean; text: string }>;
      readGrid(): Promise<import('../../shared/index.js').Grid>;
      requestExtensionAt(address: string, answer: unknown): Promise<{ key: string; row: number; calls: { url: string; body: string }[] }>;
      pullWith(items: unknown, counts?: Record<string, number>): Promise<number>;
      pullPaged(all: { asOf: string; items: unknown[] }, pageSize: number): Promise<{ found: number; urls: string[] }>;
      pullSyncs(items: unknown, counts: Record<string, number>): Promise<number>;
      panePull(items: unknown, opts?: { forMs?: number; editOnAsk?: { cell: string; syncs?: number } }): Promise<{ ok: boolean; text: string; waited: boolean; urls: string[] }>;
      paneDecide(rows: (string | number)[][], opts?: { forMs?: number; editOnAsk?: { cell: string; syncs?: number } }): Promise<{ ok: boolean; text: string; waited: boolean; urls: string[] }>;
      paneSubmit(opts?: { forMs?: number; editOnAsk?: { cell: string; syncs?: number } }): Promise<{ ok: boolean; text: string; waited: boolean; urls: string[] }>;
      paneCountyView(answers: Record<string, unknown>, opts?: { forMs?: number; editOnAsk?: { cell: string; syncs?: number } }): Promise<{ ok: boolean; text: string; waited: boolean; urls: string[] }>;
      attachAt(address: string, files: unknown[], editOnAsk?: { cell: string; syncs?: number }): Promise<{ key: string; count: number; shown: boolean; urls: string[] }>;
      countyViewAsUnit(): Promise<{ message: string; unhandled: string[]; paths: string[]; sheets: string[] }>;
    };
  }
}
