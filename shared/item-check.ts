import type { Campaign } from './campaign.js';
import { columnLetter } from './columns.js';
import { charLength, compactText } from './text.js';
import { sharedDeadline } from './deadline.js';
import { parseDayText } from './day-text.js';
import { diagnosticAt } from './diagnostics/make.js';
import { FIELD_DEF, REQUIRED_FIELDS } from './fields.js';
import type { ItemRows } from './rows.js';
import type { Diagnostic, Field, ItemReport, Status } from './schema/report.js';
import { readClosedOut, readStatus } from './status.js';
import { timelinessOf } from './timeliness.js';
import { isVagueMeasures } from './vague.js';
import type { DiagnosticCode } from './diagnostics/catalog.js';
import type { DetailValue } from './diagnostics/make.js';

/** What the per-item checks know of the sheet (set once) and of the item (set by the caller per row). */
export interface ItemContext {
  file: string;
  sheet: string;
  /** The fields the sheet has a column for, and those columns' letters. */
  columns: ReadonlyMap<Field, number>;
  letters: Readonly<Partial<Record<Field, string>>>;
  campaign: Campaign;
  categories: ReadonlySet<string>;
  /** The campaign's categories as a message lists them. */
  allowed: string;
  asOf: string;
  /** The sheet's fill date: what 下月底 and 30日内 count from before the item is assigned. */
  fillDate?: string | undefined;
  /** Item key → its 交办 date, for items the county has assigned (their firm start, SPEC 12.2). */
  assignedOn?: ReadonlyMap<string, string> | undefined;
  /** The required fields the sheet has a column for, with their slots (set on the first item). */
  required?: readonly { field: Field; slot: number; details: Record<string, DetailValue> }[];
  // Per item:
  unit: string;
  key: string;
  /** The description's length without spaces and punctuation, computed once by the caller. */
  compactLength: number;
  /** Whether the description is vague (the caller counts vague items per unit too). */
  vague: boolean;
}

/** The sheet's part of an item context: columns' letters, the categories as listed. */
export function sheetContext(file: string, sheet: string, columns: ReadonlyMap<Field, number>,
  rest: { campaign: Campaign; categories: ReadonlySet<string>; asOf: string; fillDate?: string | undefined; assignedOn?: ReadonlyMap<string, string> | undefined }): ItemContext {
  const letters: Partial<Record<Field, string>> = {};
  for (const [f, c] of columns) letters[f] = columnLetter(c);
  return { file, sheet, columns, letters, ...rest, allowed: rest.campaign.categories.join('、'), unit: '', key: '', compactLength: 0, vague: false };
}

/**
 * The diagnostics found on one item so far, in a buffer reused from item to item: an array emptied
 * for each item gives its storage back and takes new storage at the next push, garbage per item.
 */
export class FoundDiagnostics {
  private readonly list: Diagnostic[] = [];
  count = 0;

  push(d: Diagnostic): void {
    if (this.count < this.list.length) this.list[this.count] = d;
    else this.list.push(d);
    this.count++;
  }

  /**
   * The item's own list of what was found, at its length (a literal for one to three: one
   * allocation each); nothing found, the one frozen empty list every such item shares (a third of
   * a county's items: no array each). Who adds to an item's list replaces that one (addDiagnostic).
   */
  copy(): Diagnostic[] {
    const ds = this.list;
    switch (this.count) {
      case 0: return PENDING;
      case 1: return [ds[0]!];
      case 2: return [ds[0]!, ds[1]!];
      case 3: return [ds[0]!, ds[1]!, ds[2]!];
      default: return ds.slice(0, this.count);
    }
  }
}

/** Where an item's diagnostics sit until the caller gives it its own list, and stay when nothing was found (one shared empty array, frozen). */
const PENDING: Diagnostic[] = Object.freeze([]) as unknown as Diagnostic[];

/** Adds a diagnostic to an item found earlier: its list is its own, or the shared empty one, then replaced. */
export function addDiagnostic(item: ItemReport, d: Diagnostic): void {
  if (Object.isFrozen(item.diagnostics)) item.diagnostics = [...item.diagnostics, d];
  else item.diagnostics.push(d);
}

/**
 * Every per-item check of SPEC section 5 on the current row, in column order of the cells they
 * point at, pushed to `diags`; the caller, having added the cross-item ones (duplicates), sets
 * the report's diagnostics from them (until then the report holds PENDING).
 */
export function checkItem(rows: ItemRows, ctx: ItemContext, diags: FoundDiagnostics): ItemReport {
  const { text, slot } = rows;
  const row = rows.row;

  // Each required field's details made once (the diagnostics then share the catalogue's frozen copy).
  const required = (ctx.required ??= REQUIRED_FIELDS.filter((f) => slot[f] >= 0).map((f) => ({ field: f, slot: slot[f], details: Object.freeze({ label: FIELD_DEF.get(f)!.zh, labelEn: f }) })));
  for (let i = 0; i < required.length; i++) {
    const r = required[i]!;
    if (!text[r.slot]) diags.push(at(ctx, 'required-empty', row, r.field, r.details));
  }

  const category = slot.category >= 0 ? text[slot.category]! : '';
  if (category && !ctx.categories.has(normaliseCategory(category))) {
    diags.push(at(ctx, 'category-invalid', row, 'category', { value: category, allowed: ctx.allowed }));
  }

  const deadline = sharedDeadline(slot.deadline >= 0 ? text[slot.deadline]! : '', rows.date(slot.deadline), ctx.campaign, ctx.assignedOn?.get(ctx.key), ctx.fillDate);
  if (deadline.kind === 'invalid') diags.push(at(ctx, 'deadline-invalid', row, 'deadline', { value: deadline.text }));
  if (deadline.kind === 'date' && deadline.due && deadline.due < ctx.campaign.startsOn) {
    diags.push(at(ctx, 'deadline-before-campaign', row, 'deadline', { due: deadline.due, startsOn: ctx.campaign.startsOn }));
  }

  const status = readItemStatus(rows, ctx, diags);
  const closed = status === 'closed_out';
  const done = status === 'completed' || closed;
  const completedText = slot.completedOn >= 0 ? text[slot.completedOn]! : '';
  const completedOn = completedText ? (rows.date(slot.completedOn) ?? parseDayText(completedText, ctx.campaign.year) ?? undefined) : undefined;

  const noEvidence = slot.evidence >= 0 && !text[slot.evidence];
  if (closed && noEvidence) diags.push(at(ctx, 'closed-without-evidence', row, 'evidence'));
  if (done && !closed && noEvidence) diags.push(at(ctx, 'completed-without-evidence', row, 'evidence'));
  if (done && slot.completedOn >= 0 && !completedText) diags.push(at(ctx, 'completed-without-date', row, 'completedOn'));
  if (done && completedOn && completedOn > ctx.asOf) {
    diags.push(at(ctx, 'completed-in-future', row, 'completedOn', { completedOn, asOf: ctx.asOf }));
  }

  const timeliness = timelinessOf(deadline, status, done ? completedOn : undefined, ctx.asOf, ctx.campaign);
  if (timeliness.state === 'overdue') {
    diags.push(at(ctx, 'overdue', row, 'deadline', { due: deadline.due ?? '', days: timeliness.daysOverdue ?? 0 }));
  }

  if (ctx.vague) diags.push(at(ctx, 'description-vague', row, 'description', { length: ctx.compactLength }));
  const measures = slot.measures >= 0 ? text[slot.measures]! : '';
  if (measures && isVagueMeasures(measures)) {
    diags.push(at(ctx, 'measures-vague', row, 'measures', { length: charLength(compactText(measures)) }));
  }

  const fields = rows.fieldsObject();
  // Written whole, with or without completedOn, so the report is one object of a fixed shape.
  return completedOn
    ? { row, unit: ctx.unit, key: ctx.key, fields, deadline, status, timeliness, diagnostics: PENDING, completedOn }
    : { row, unit: ctx.unit, key: ctx.key, fields, deadline, status, timeliness, diagnostics: PENDING };
}

/** A diagnostic on the current row at a field's cell. */
function at(ctx: ItemContext, code: DiagnosticCode, row: number, field: Field, details?: Record<string, DetailValue>): Diagnostic {
  return diagnosticAt(code, ctx.file, ctx.sheet, row, ctx.letters[field], field, details);
}

/** Status (closed_out once closed) from the status and closedOut columns, with their diagnostics. */
function readItemStatus(rows: ItemRows, ctx: ItemContext, diags: FoundDiagnostics): Status {
  const { text, slot, row } = rows;
  const statusText = slot.status >= 0 ? text[slot.status]! : '';
  const reading = readStatus(statusText);
  let status: Status;
  let closed = false;
  if (!reading) {
    status = 'in_progress';
    if (slot.status >= 0) diags.push(at(ctx, 'status-empty', row, 'status'));
  } else {
    status = reading.status;
    closed = reading.closed;
    if (status === 'unknown') diags.push(at(ctx, 'status-invalid', row, 'status', { value: statusText }));
  }
  const closedOutText = slot.closedOut >= 0 ? text[slot.closedOut]! : '';
  if (closedOutText && readClosedOut(closedOutText)) {
    if (status === 'completed') closed = true;
    else diags.push(at(ctx, 'closed-not-completed', row, 'closedOut', { value: statusText || '未填写' }));
  }
  return closed ? 'closed_out' : status;
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
