// Synchronous: the CLI waits for each answer anyway, and node:fs/promises would load a dozen
// internal modules (its streams, readline, watchers) into every run.
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';
import { ledgersInZip, type LedgerSource } from './zip-ledgers.js';

// Excel leaves "~$name.xlsx" lock files beside open workbooks; they are never ledgers. A template
// with macros (buttons some counties hand out) is saved .xlsm, read as the .xlsx it is; .xlsb is
// Excel's binary workbook (shared/xlsb/). WPS's own
// .et is BIFF8 in an OLE2 container, as an .xls is (read by content, shared/xls/); .ods is
// LibreOffice's (shared/ods/).
const isWorkbookName = (name: string) => /\.(?:xlsx|xlsm|xlsb|xls|et|ods)$/i.test(name) && !name.startsWith('~$');

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Of one folder's file names, the workbooks to check (those matching `pattern`, else by their
 * extension), sorted. An .xls (or .xlsb, .et, .ods) beside an .xlsx (or .xlsm) of the same name is the same ledger saved
 * again as .xlsx (as the CLI's own message asked of .xls files before they were read): only the
 * .xlsx is checked, else the unit's items would count twice, and `skipped` hears of the .xls.
 */
export function ledgerNames(all: readonly string[], dir: string, pattern: RegExp | undefined, skipped: (file: string, kept: string) => void): string[] {
  const names = all.filter((n) => (pattern ? pattern.test(n) : isWorkbookName(n)) && !n.startsWith('~$'));
  const xlsx = new Map(names.filter((n) => /\.xls[xm]$/i.test(n)).map((n) => [n.slice(0, -5).toLowerCase(), n]));
  const kept = names.filter((n) => {
    const twin = /\.(?:xls|xlsb|et|ods)$/i.test(n) ? xlsx.get(n.replace(/\.(?:xls|xlsb|et|ods)$/i, '').toLowerCase()) : undefined;
    if (twin) skipped(join(dir, n), join(dir, twin));
    return !twin;
  });
  return kept.sort((a, b) => a.localeCompare(b, 'zh-CN'));
}

const onDisk = (path: string): LedgerSource => ({ path, name: path });

/**
 * The workbooks to check: paths as given; a folder stands for the .xlsx, .xls and .et files in
 * it; a pattern such as uploads\*.xlsx is expanded here because Windows shells (where county
 * offices work) pass it on unexpanded; a zip named on the line (压缩包) stands for the workbooks in
 * it (cli/zip-ledgers.ts; a folder's zips are not opened, as its CSV files are not taken). The
 * same file named twice is checked once. A missing plain path is kept, so the reader reports it
 * as missing. `skipped` hears of each .xls a folder, pattern or zip holds beside its .xlsx.
 * @example (await expandInputs(['uploads/'])).map((s) => s.name) // ['uploads/a.xlsx', 'uploads/b.xls']
 */
export async function expandInputs(inputs: readonly string[], skipped: (file: string, kept: string) => void = () => {}): Promise<LedgerSource[]> {
  const sources: LedgerSource[] = [];
  for (const input of inputs) {
    if (isDirectory(input)) {
      const found = ledgerNames(readdirSync(input), input, undefined, skipped);
      if (found.length === 0) throw new UsageError(`文件夹 ${input} 中没有 .xlsx、.xls 或 .ods 文件`, `no .xlsx, .xls or .ods files in folder ${input}`);
      sources.push(...found.map((n) => onDisk(join(input, n))));
    } else if (/[*?]/.test(basename(input)) && isDirectory(dirname(input))) {
      const found = ledgerNames(readdirSync(dirname(input)), dirname(input), globToRegExp(basename(input)), skipped);
      if (found.length === 0) throw new UsageError(`没有与 ${input} 匹配的文件`, `no files match ${input}`);
      sources.push(...found.map((n) => onDisk(join(dirname(input), n))));
    } else if (/\.zip$/i.test(input)) {
      sources.push(...ledgersInZip(input, (names, folder) => ledgerNames(names, folder, undefined, skipped)));
    } else {
      sources.push(onDisk(input));
    }
  }
  const seen = new Set<string>();
  return sources.filter((s) => !seen.has(resolve(s.name)) && !!seen.add(resolve(s.name)));
}
