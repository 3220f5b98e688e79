import { checkWorkbooks, columnNumber, enrichmentIdOf, type Campaign, type Report, type ServerFacts } from '../../shared/index.js';
import { planAnnotations } from '../annotation-plan.js';
import { annotate, removePrevious, type PreviousColumns } from './annotate.js';
import { readActiveSheet, type SheetRead } from './read-sheet.js';

export interface CheckOptions {
  campaign?: Campaign;
  asOf?: string;
  unit?: string;
  reviewStates?: ReadonlyMap<string, string>;
  serverFacts?: ReadonlyMap<string, ServerFacts>;
  /** Told after reading and after checking, for the task pane's progress bar. */
  onProgress?: (stage: 'read' | 'checked' | 'annotated') => void;
}

export interface CheckOutcome {
  report: Report;
  /** False when this Excel could not say which cells are merged (before ExcelApi 1.13). */
  mergesRead: boolean;
  /** Round trips to Excel (SPEC: a handful, not one per row). */
  syncs: number;
}

/**
 * The one-click check of the active sheet: read it, run the core, write the marks, notes,
 * computed columns and report sheet.
 * @example await Excel.run((ctx) => checkActiveSheet(ctx, { asOf: '2023-05-29' }))
 */
export async function checkActiveSheet(context: Excel.RequestContext, options: CheckOptions = {}): Promise<CheckOutcome> {
  const read = await readActiveSheet(context);
  options.onProgress?.('read');
  const report = checkWorkbooks([{ file: read.grid.sheet, sheets: [read.grid] }], { campaign: options.campaign, asOf: options.asOf, unit: options.unit });
  options.onProgress?.('checked');
  return annotateChecked(context, read, report, options);
}

/**
 * Writes a check's results into the sheet that was read: a local check, or the report the county
 * server sent back for a submission (the same core ran there), with review states.
 */
export async function annotateChecked(context: Excel.RequestContext, read: SheetRead, report: Report, options: CheckOptions = {}): Promise<CheckOutcome> {
  const sheetReport = report.sheets[0]!;
  let syncs = read.syncs;
  if (sheetReport.isLedger) {
    const plan = planAnnotations(sheetReport, { usedRight: read.usedRight, reviewStates: options.reviewStates, serverFacts: options.serverFacts });
    syncs += await annotate(context, read.sheet, read.grid.sheet, plan, read.state, previousColumns(read, sheetReport));
  } else {
    // Not a ledger (any more): take away what an earlier check left, nothing else.
    removePrevious(read.sheet, read.state, orphanColumns(read));
    await context.sync();
    syncs++;
  }
  options.onProgress?.('annotated');
  return { report, syncs, mergesRead: read.mergesRead };
}

/**
 * Clear: removes exactly what checks added — highlight rules, the marks and report sheets, our
 * notes, the computed columns — and nothing of the user's.
 */
export async function clearActiveSheet(context: Excel.RequestContext): Promise<{ syncs: number }> {
  const read = await readActiveSheet(context);
  const report = checkWorkbooks([{ file: read.grid.sheet, sheets: [read.grid] }]);
  removePrevious(read.sheet, read.state, previousColumns(read, report.sheets[0]!));
  await context.sync();
  return { syncs: read.syncs + 1 };
}

/** Computed columns left on a sheet whose ledger header is gone: found by their own headers. */
function orphanColumns(read: SheetRead): PreviousColumns {
  const top = read.grid.top ?? 1;
  const left = read.grid.left ?? 1;
  for (let r = 0; r < Math.min(30, read.grid.values.length); r++) {
    const columns = read.grid.values[r]!.flatMap((v, c) => (typeof v === 'string' && enrichmentIdOf(v) ? [left + c] : []));
    if (columns.length) return { columns, rows: { top: top + r, bottom: top + read.grid.values.length - 1 } };
  }
  return { columns: [], rows: { top: 1, bottom: 0 } };
}

function previousColumns(read: SheetRead, sheet: Report['sheets'][number]): PreviousColumns {
  const columns = Object.values(sheet.enrichmentColumns).map(columnNumber);
  const top = sheet.headerRows[sheet.headerRows.length - 1] ?? 1;
  const bottom = (read.grid.top ?? 1) + read.grid.values.length - 1;
  return { columns, rows: { top, bottom } };
}
