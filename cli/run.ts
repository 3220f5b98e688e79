import { basename } from 'node:path';
import type ExcelJS from 'exceljs';
// The core's modules by name, not shared/index.js: its re-exported zod schemas stay out of the bundle.
import { checkWorkbooks } from '../shared/check.js';
import type { Report, WorkbookInput } from '../shared/index.js';
import type { CliOptions } from './args.js';
import { CliError, LedgerFileError, type Lang } from './errors.js';
import { expandInputs } from './inputs.js';
import type { LedgerSource } from './zip-ledgers.js';
import { labelsFor } from './labels.js';
import type { CliIO } from './main.js';
import { readXlsx } from './read-xlsx.js';
import { isOwnReportSheet } from './report-sheet.js';
import { annotateWorkbook, planOutputs, saveWorkbook } from './annotate-xlsx.js';
import { reportJsonPieces } from './report-json.js';
import { renderSummary } from './summary.js';

// Loaded by main.ts only when there are files to check, so --version and --help start fast.

/** From this many files on, reading and writing report progress on stderr. */
export const PROGRESS_FROM_FILES = 5;

/** A file as read; its ExcelJS workbook is kept only when annotated copies are wanted. */
interface ReadFile {
  input: WorkbookInput;
  workbook?: ExcelJS.Workbook;
  rebuilt?: boolean;
  original?: Uint8Array;
}

/**
 * Reads every file; when any cannot be read, nothing is checked: a county batch checked
 * without one unit would report wrong cross-unit results and key attention. All bad files
 * are named at once, so one run shows everything to fix.
 */
async function readAll(files: readonly LedgerSource[], io: CliIO, lang: Lang, keepWorkbooks: boolean, passwords?: readonly string[]): Promise<ReadFile[]> {
  const loaded: ReadFile[] = [];
  const failed: LedgerFileError[] = [];
  for (const [i, { path, name, read }] of files.entries()) {
    if (files.length >= PROGRESS_FROM_FILES) io.stderr(`${labelsFor(lang).readingProgress(i + 1, files.length, name)}\n`);
    try {
      const book = await readXlsx(path, name, { forWriting: keepWorkbooks, passwords, bytes: await read?.() });
      // A copy annotated by an earlier run carries our report sheet: it is not the user's data.
      book.input.sheets = book.input.sheets.filter((g) => !isOwnReportSheet(g));
      loaded.push(keepWorkbooks ? book : { input: book.input });
    } catch (error) {
      if (!(error instanceof LedgerFileError)) throw error;
      failed.push(error);
    }
  }
  if (failed.length === 1) throw failed[0]!;
  if (failed.length > 1) {
    throw new CliError(
      [...failed.map((e) => e.message), `${failed.length} 个文件无法读取，未做检查`].join('\n'),
      [...failed.map((e) => e.messageEn), `${failed.length} files could not be read; nothing was checked`].join('\n'),
    );
  }
  return loaded;
}

async function writeCopies(loaded: ReadFile[], report: Report, plan: Map<string, string>, io: CliIO, options: CliOptions): Promise<void> {
  const l = labelsFor(options.lang);
  for (const [i, { input, workbook, rebuilt, original }] of loaded.entries()) {
    const target = plan.get(input.file)!;
    if (loaded.length >= PROGRESS_FROM_FILES) io.stderr(`${l.writingProgress(i + 1, loaded.length, basename(target))}\n`);
    if (!workbook) continue;
    annotateWorkbook(workbook, input, report);
    await saveWorkbook(workbook, target, original);
    // With --json, stdout holds the report alone.
    const note = rebuilt ? l.writtenRebuilt : /\.xlsm$/i.test(input.file) ? l.writtenWithoutMacros : '';
    (options.json ? io.stderr : io.stdout)(`${l.written(target)}${note}\n`);
  }
}

/**
 * With LEDGER_CHECK_TIMINGS set, each phase's wall and CPU time (ms), printed on stderr at the end:
 * how `npm run bench` splits a CLI run into start-up, reading, the core and the output.
 */
function phaseClock(on: boolean): { lap(name: string): void; line(): string } | undefined {
  if (!on) return undefined;
  const cpu = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  // From the process's start: node itself, the launcher and the bundles loaded so far.
  const laps: string[] = [`start ${performance.now().toFixed(0)}/${cpu().toFixed(0)}`];
  let wall = performance.now();
  let used = cpu();
  return {
    lap(name) {
      const [w, c] = [performance.now(), cpu()];
      laps.push(`${name} ${(w - wall).toFixed(0)}/${(c - used).toFixed(0)}`);
      [wall, used] = [w, c];
    },
    line: () => `ledger-check timings (ms, wall/CPU): ${laps.join(' ')} total ${performance.now().toFixed(0)}/${cpu().toFixed(0)}\n`,
  };
}

function* withNewline(pieces: Iterable<string>): Generator<string> {
  yield* pieces;
  yield '\n';
}

export async function run(options: CliOptions, io: CliIO): Promise<number> {
  const clock = phaseClock(!!process.env.LEDGER_CHECK_TIMINGS);
  // Campaign files and the server's answer are validated with zod, loaded only for them.
  const campaign = options.server
    ? await (await import('./campaign-file.js')).fetchServerCampaign(options.server)
    : options.campaignFile ? await (await import('./campaign-file.js')).loadCampaignFile(options.campaignFile) : undefined;
  const files = await expandInputs(options.inputs, (file, kept) => io.stderr(`${labelsFor(options.lang).skippedXls(file, kept)}\n`));
  const plan = options.outDir ? await planOutputs(files.map((f) => f.name), options.outDir) : undefined;
  const loaded = await readAll(files, io, options.lang, !!plan, options.passwords);
  clock?.lap('read');
  const report = checkWorkbooks(
    loaded.map((l) => l.input),
    { campaign, asOf: options.asOf, unit: options.unit },
  );
  clock?.lap('check');
  if (options.json && io.stdoutPieces) {
    // Each piece of the JSON written (by the thread pool) while the next is made.
    await io.stdoutPieces(withNewline(reportJsonPieces(report)));
    clock?.lap('output');
  } else {
    const output = options.json ? `${JSON.stringify(report, null, 2)}\n` : renderSummary(report, options.lang);
    clock?.lap('json');
    io.stdout(output);
    clock?.lap('write');
  }
  if (plan) await writeCopies(loaded, report, plan, io, options);
  if (clock) io.stderr(clock.line());
  return report.stats.errors > 0 || !report.valid ? 1 : 0;
}
