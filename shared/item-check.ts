import type { Campaign } from './campaign.js';
import { charLength, compactText } from './text.js';
import { normaliseDeadline } from './deadline.js';
import { parseDayText } from './day-text.js';
import { makeDiagnostic, type Where } from './diagnostics/make.js';
import { FIELD_DEF, REQUIRED_FIELDS } from './fields.js';
import type { FieldCell, ItemRow } from './rows.js';
import type { Diagnostic, Field, ItemReport, Status } from './schema/report.js';
import { readClosedOut, readStatus } from './status.js';
import { timelinessOf } from './timeliness.js';
import { isVagueDescription, isVagueMeasures } from './vague.js';

export interface ItemContext {
  file: string;
  sheet: string;
  unit: string;
  key: string;
  /** The description without spaces and punctuation, computed once by the caller. */
  compactDescription: string;
  /** The fields the sheet has a column for. */
  columns: ReadonlyMap<Field, number>;
  campaign: Campaign;
  categories: ReadonlySet<string>;
  asOf: string;
  /** The sheet's fill date: what 下月底 and 30日内 count from before the item is assigned. */
  fillDate?: string | undefined;
  /** Item key → its 交办 date, for items the county has assigned (their firm start, SPEC 12.2). */
  assignedOn?: ReadonlyMap<string, string> | undefined;
}

export interface CheckedItem {
  report: ItemReport;
  vague: boolean;
}

/**
 * Every per-item check of SPEC section 5 on one row, in column order of the cells they point at.
 * Cross-item checks (duplicates, near-duplicates) are added by the caller.
 */
export function checkItem(item: ItemRow, ctx: ItemContext): CheckedItem {
  const diags: Diagnostic[] = [];
  const cell = (f: Field): FieldCell | undefined => item.cells.get(f);
  const at = (f: Field): Where => ({ file: ctx.file, sheet: ctx.sheet, row: item.row, column: ctx.columns.get(f), field: f });
  const text = (f: Field): string => cell(f)?.text ?? '';

  for (const f of REQUIRED_FIELDS) {
    if (ctx.columns.has(f) && !cell(f)) {
      const def = FIELD_DEF.get(f)!;
      diags.push(makeDiagnostic('required-empty', at(f), { label: def.zh, labelEn: f }));
    }
  }

  const category = text('category');
  if (category && !ctx.categories.has(normaliseCategory(category))) {
    diags.push(makeDiagnostic('category-invalid', at('category'), { value: category, allowed: ctx.campaign.categories.join('、') }));
  }

  const dl = cell('deadline');
  const deadline = normaliseDeadline({ text: dl?.text ?? '', date: dl?.date ?? null }, ctx.campaign, { assignedOn: ctx.assignedOn?.get(ctx.key), fillDate: ctx.fillDate });
  if (deadline.kind === 'invalid') diags.push(makeDiagnostic('deadline-invalid', at('deadline'), { value: deadline.text }));
  if (deadline.kind === 'date' && deadline.due && deadline.due < ctx.campaign.startsOn) {
    diags.push(makeDiagnostic('deadline-before-campaign', at('deadline'), { due: deadline.due, startsOn: ctx.campaign.startsOn }));
  }

  const { status, closed } = readItemStatus(item, ctx, diags, at);
  const done = status === 'completed' || status === 'closed_out';
  const completedCell = cell('completedOn');
  const completedOn = completedCell ? (completedCell.date ?? parseDayText(completedCell.text, ctx.campaign.year) ?? undefined) : undefined;

  if (closed && ctx.columns.has('evidence') && !cell('evidence')) diags.push(makeDiagnostic('closed-without-evidence', at('evidence')));
  if (done && !closed && ctx.columns.has('evidence') && !cell('evidence')) diags.push(makeDiagnostic('completed-without-evidence', at('evidence')));
  if (done && ctx.columns.has('completedOn') && !completedCell) diags.push(makeDiagnostic('completed-without-date', at('completedOn')));
  if (done && completedOn && completedOn > ctx.asOf) {
    diags.push(makeDiagnostic('completed-in-future', at('completedOn'), { completedOn, asOf: ctx.asOf }));
  }

  const timeliness = timelinessOf(deadline, status, done ? completedOn : undefined, ctx.asOf, ctx.campaign);
  if (timeliness.state === 'overdue') {
    diags.push(makeDiagnostic('overdue', at('deadline'), { due: deadline.due ?? '', days: timeliness.daysOverdue ?? 0 }));
  }

  const description = text('description');
  const vague = !!description && isVagueDescription(description, ctx.compactDescription);
  if (vague) diags.push(makeDiagnostic('description-vague', at('description'), { length: charLength(ctx.compactDescription) }));
  const measures = text('measures');
  if (measures && isVagueMeasures(measures)) {
    diags.push(makeDiagnostic('measures-vague', at('measures'), { length: charLength(compactText(measures)) }));
  }

  const fields: Record<string, string> = {};
  for (const [f, c] of item.cells) fields[f] = c.text;
  const report: ItemReport = {
    row: item.row,
    unit: ctx.unit,
    key: ctx.key,
    fields,
    deadline,
    status,
    timeliness,
    diagnostics: diags,
  };
  if (completedOn) report.completedOn = completedOn;
  return { report, vague };
}

/** Status and close-out from the status and closedOut columns, with their diagnostics. */
function readItemStatus(item: ItemRow, ctx: ItemContext, diags: Diagnostic[], at: (f: Field) => Where): { status: Status; closed: boolean } {
  const statusText = item.cells.get('status')?.text ?? '';
  const reading = readStatus(statusText);
  let status: Status;
  let closed = false;
  if (!reading) {
    status = 'in_progress';
    if (ctx.columns.has('status')) diags.push(makeDiagnostic('status-empty', at('status')));
  } else {
    status = reading.status;
    closed = reading.closed;
    if (status === 'unknown') diags.push(makeDiagnostic('status-invalid', at('status'), { value: statusText }));
  }
  const closedOutText = item.cells.get('closedOut')?.text ?? '';
  if (closedOutText && readClosedOut(closedOutText)) {
    if (status === 'completed') closed = true;
    else {
      const shown = statusText || '未填写';
      diags.push(makeDiagnostic('closed-not-completed', at('closedOut'), { value: shown }));
    }
  }
  return { status: closed ? 'closed_out' : status, closed };
}

const CATEGORY_CACHE = new Map<string, string>();

/** Category as compared with the campaign's list: no spaces or punctuation, no trailing 类. */
export function normaliseCategory(text: string): string {
  let n = CATEGORY_CACHE.get(text);
  if (n === undefined) {
    n = compactText(text).replace(/(?:类|问题|方面)+$/, '');
    if (CATEGORY_CACHE.size > 10_000) CATEGORY_CACHE.clear();
    CATEGORY_CACHE.set(text, n);
  }
  return n;
}
