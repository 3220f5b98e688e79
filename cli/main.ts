import { basename } from 'node:path';
import type ExcelJS from 'exceljs';
import { version } from '../package.json';
import { checkWorkbooks, type Report, type WorkbookInput } from '../shared/index.js';
import { annotateWorkbook, planOutputs, saveWorkbook } from './annotate-xlsx.js';
import { guessLang, parseCliArgs, type CliOptions } from './args.js';
import { fetchServerCampaign, loadCampaignFile } from './campaign-file.js';
import { CliError, LedgerFileError, type Lang } from './errors.js';
import { expandInputs } from './inputs.js';
import { labelsFor } from './labels.js';
import { readXlsx } from './read-xlsx.js';
import { isOwnReportSheet } from './report-sheet.js';
import { renderSummary } from './summary.js';
import { usage } from './usage.js';

/** Where the CLI writes; tests pass their own. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIO: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** From this many files on, reading and writing report progress on stderr. */
export const PROGRESS_FROM_FILES = 5;

/** A file as read; its ExcelJS workbook is kept only when annotated copies are wanted. */
interface ReadFile {
  input: WorkbookInput;
  workbook?: ExcelJS.Workbook;
}

/**
 * Reads every file; when any cannot be read, nothing is checked: a county batch checked
 * without one unit would report wrong cross-unit results and key attention. All bad files
 * are named at once, so one run shows everything to fix.
 */
async function readAll(files: string[], io: CliIO, lang: Lang, keepWorkbooks: boolean): Promise<ReadFile[]> {
  const loaded: ReadFile[] = [];
  const failed: LedgerFileError[] = [];
  for (const [i, file] of files.entries()) {
    if (files.length >= PROGRESS_FROM_FILES) io.stderr(`${labelsFor(lang).readingProgress(i + 1, files.length, file)}\n`);
    try {
      const book = await readXlsx(file);
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
  for (const [i, { input, workbook }] of loaded.entries()) {
    const target = plan.get(input.file)!;
    if (loaded.length >= PROGRESS_FROM_FILES) io.stderr(`${l.writingProgress(i + 1, loaded.length, basename(target))}\n`);
    if (!workbook) continue;
    annotateWorkbook(workbook, input, report);
    await saveWorkbook(workbook, target);
    // With --json, stdout holds the report alone.
    (options.json ? io.stderr : io.stdout)(`${l.written(target)}\n`);
  }
}

async function run(options: CliOptions, io: CliIO): Promise<number> {
  const campaign = options.server ? await fetchServerCampaign(options.server) : options.campaignFile ? await loadCampaignFile(options.campaignFile) : undefined;
  const files = await expandInputs(options.inputs);
  const plan = options.outDir ? await planOutputs(files, options.outDir) : undefined;
  const loaded = await readAll(files, io, options.lang, !!plan);
  const report = checkWorkbooks(
    loaded.map((l) => l.input),
    { campaign, asOf: options.asOf, unit: options.unit },
  );
  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderSummary(report, options.lang));
  if (plan) await writeCopies(loaded, report, plan, io, options);
  return report.stats.errors > 0 || !report.valid ? 1 : 0;
}

/**
 * The CLI: returns the exit code (0 no errors, 1 errors found, 2 could not run). Never
 * throws and never prints a stack trace (set LEDGER_CHECK_DEBUG=1 to see one).
 * @example process.exitCode = await main(['a.xlsx', '--json'])
 */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const lang = guessLang(argv);
  try {
    const options = parseCliArgs(argv);
    if (options.help) io.stdout(usage(options.lang));
    else if (options.version) io.stdout(`${version}\n`);
    else return await run(options, io);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`${error.text(lang).split('\n').map((line) => `ledger-check: ${line}`).join('\n')}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      io.stderr(lang === 'en' ? `ledger-check: internal error: ${message}\n` : `ledger-check: 内部错误：${message}\n`);
    }
    if (process.env.LEDGER_CHECK_DEBUG) io.stderr(`${(error as Error)?.stack ?? error}\n`);
    return 2;
  }
}
