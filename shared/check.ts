import { DEFAULT_CAMPAIGN, type Campaign } from './campaign.js';
import { todayIn } from './dates.js';
import { makeDiagnostic } from './diagnostics/make.js';
import { detectHeader, type HeaderLayout } from './header.js';
import { normaliseCategory } from './item-check.js';
import { crossUnitChecks, type PlacedItems, type StoredCandidate } from './cross-unit.js';
import { readLedgerSheet } from './ledger-sheet.js';
import type { WorkbookInput } from './schema/grid.js';
import type { Diagnostic, ItemReport, Report, SheetReport } from './schema/report.js';
import { SheetView } from './sheet-view.js';
import { noteUnknownCalendar } from './calendar/notice.js';
import { summariseUnits } from './unit-summary.js';
import type { ReturnedItem } from './returned.js';

export interface CheckOptions {
  /** Defaults to DEFAULT_CAMPAIGN. */
  campaign?: Campaign;
  /** ISO date; defaults to today in the campaign's time zone. */
  asOf?: string;
  /** The unit, given explicitly (add-in setting, CLI flag, API); wins over every other source. */
  unit?: string;
  /**
   * Items the county office returned (退回完善), by key: the returned version's content and the
   * office's comment. A new version that changes none of it is reported `returned-unchanged`.
   */
  returned?: ReadonlyMap<string, ReturnedItem>;
  /** Item key → the date the county assigned it (交办): relative deadlines count from it (SPEC 12.2). */
  assignedOn?: ReadonlyMap<string, string>;
  /**
   * Other units' items already stored (the server's near-duplicate index candidates): searched
   * together with the checked items, which alone get diagnostics and crossUnit pairs.
   */
  stored?: readonly StoredCandidate[];
  /** Unit → the day it first submitted to the county server itself (key attention's `late`). */
  firstSubmittedOn?: ReadonlyMap<string, string>;
}

/**
 * Checks workbooks together: every sheet read, every item diagnosed, cross-unit checks and
 * key attention across all of them. Never throws for a bad ledger: what is wrong with a ledger
 * is a diagnostic in the report.
 * @example checkWorkbooks([{ file: 'a.xlsx', sheets: [grid] }], { asOf: '2023-05-29' }).valid
 */
export function checkWorkbooks(workbooks: readonly WorkbookInput[], options: CheckOptions = {}): Report {
  const campaign = options.campaign ?? DEFAULT_CAMPAIGN;
  const asOf = options.asOf ?? todayIn(campaign.timezone);
  const categories = new Set(campaign.categories.map(normaliseCategory));
  const sheets: SheetReport[] = [];
  // Every ledger sheet's items in columns: no object per item beside its report.
  const ledgers: { report: SheetReport; vague: Uint8Array }[] = [];

  for (const wb of workbooks) {
    const views = (wb.sheets ?? []).map((grid) => new SheetView(grid, wb.file));
    const layouts = views.map((v) => detectHeader(v));
    const anyLedger = layouts.some((l) => l !== null);
    if (views.length === 0) sheets.push(notALedger(wb.file, '', [headerNotFound(wb.file, '', [])]));
    views.forEach((view, i) => {
      const layout: HeaderLayout | null = layouts[i] ?? null;
      if (layout) {
        const sheet = readLedgerSheet(view, layout, { campaign, categories, asOf, unit: options.unit, returned: options.returned, assignedOn: options.assignedOn });
        sheets.push(sheet.report);
        ledgers.push(sheet);
      } else if (anyLedger) {
        sheets.push(notALedger(wb.file, view.sheet, [makeDiagnostic('sheet-skipped', { file: wb.file, sheet: view.sheet }, { sheet: view.sheet })]));
      } else {
        // One header-not-found per file, on its first sheet; the other sheets are listed in it.
        const diags = i === 0 ? [headerNotFound(wb.file, view.sheet, views.map((v) => v.sheet))] : [];
        sheets.push(notALedger(wb.file, view.sheet, diags));
      }
    });
  }

  const placed = placedItems(ledgers);
  const crossUnit = crossUnitChecks(placed, campaign.nearDuplicateThreshold, options.stored);
  // The items' diagnostics are counted as the units are summed up; the sheets' own ones here.
  const totals = { errors: 0, warnings: 0, infos: 0 };
  const units = summariseUnits(sheets, placed, campaign, options.firstSubmittedOn, totals);
  noteUnknownCalendar(sheets, campaign);

  let { errors, warnings, infos } = totals;
  for (const s of sheets) {
    for (const d of s.diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      else infos++;
    }
  }
  return {
    valid: errors === 0,
    asOf,
    campaign: campaign.id,
    stats: { items: placed.reports.length, errors, warnings, infos, sheets: sheets.length },
    sheets,
    units,
    crossUnit,
  };
}

/** The ledger sheets' items one after another, as columns. */
function placedItems(ledgers: readonly { report: SheetReport; vague: Uint8Array }[]): PlacedItems {
  if (ledgers.length === 1) {
    const [only] = ledgers as [{ report: SheetReport; vague: Uint8Array }];
    return { reports: only.report.items, sheets: [only.report], sheetOf: new Uint8Array(only.vague.length), vague: only.vague };
  }
  let count = 0;
  for (const l of ledgers) count += l.report.items.length;
  const reports: ItemReport[] = [];
  const sheetOf = new Int32Array(count);
  const vague = new Uint8Array(count);
  ledgers.forEach((l, s) => {
    sheetOf.fill(s, reports.length, reports.length + l.report.items.length);
    vague.set(l.vague, reports.length);
    for (const item of l.report.items) reports.push(item);
  });
  return { reports, sheets: ledgers.map((l) => l.report), sheetOf, vague };
}

function notALedger(file: string, sheet: string, diagnostics: Diagnostic[]): SheetReport {
  return { file, sheet, isLedger: false, unit: '', headerRows: [], columns: {}, enrichmentColumns: {}, items: [], diagnostics };
}

function headerNotFound(file: string, sheet: string, all: string[]): Diagnostic {
  const where = all.length > 1 ? `工作表${all.map((s) => `“${s}”`).join('')}` : `工作表“${sheet}”`;
  return makeDiagnostic('header-not-found', { file, sheet }, { where });
}
