import { assessUnit, type UnitFacts } from './attention.js';
import type { Campaign } from './campaign.js';
import type { PlacedItems } from './cross-unit.js';
import type { SheetReport, UnitReport } from './schema/report.js';

/** How many item diagnostics of each severity, across every item. */
export interface SeverityCounts {
  errors: number;
  warnings: number;
  infos: number;
}

/**
 * Per unit, across every sheet checked: counts, and key attention with its reasons. A ledger
 * sheet without items still names its unit, which then has too few items. `firstSubmittedOn`
 * (the server's knowledge) judges `late` for a unit whose ledger has no fill date. `itemCounts`,
 * when given, gets every item diagnostic's severity added to it: the report's totals, counted in
 * the same pass (a second pass over 100,000 items' diagnostics reads them all from memory again).
 */
export function summariseUnits(
  sheets: readonly SheetReport[], placed: PlacedItems, campaign: Campaign, firstSubmittedOn?: ReadonlyMap<string, string>,
  itemCounts?: SeverityCounts,
): UnitReport[] {
  const facts = new Map<string, UnitFacts & { errors: number; warnings: number }>();
  const get = (unit: string) => {
    let f = facts.get(unit);
    if (!f) facts.set(unit, (f = { unit, items: 0, vague: 0, overdue: 0, nearDuplicates: 0, errors: 0, warnings: 0, firstSubmittedOn: firstSubmittedOn?.get(unit) }));
    return f;
  };
  for (const s of sheets) {
    if (!s.isLedger) continue;
    const hasOwnItems = s.items.length === 0 || s.items.some((i) => i.unit === s.unit);
    if (hasOwnItems) {
      const f = get(s.unit);
      // The latest fill date a unit wrote on any of its sheets decides whether it was late.
      if (s.fillDate && (!f.fillDate || s.fillDate > f.fillDate)) f.fillDate = s.fillDate;
      for (const d of s.diagnostics) {
        if (d.severity === 'error') f.errors++;
        else if (d.severity === 'warning') f.warnings++;
      }
    }
  }
  const { reports, vague } = placed;
  // Every item diagnostic by severity, as the units' counts are made (they start from sheet diagnostics).
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (let i = 0; i < reports.length; i++) {
    const it = reports[i]!;
    const f = get(it.unit);
    f.items++;
    if (vague[i]) f.vague++;
    if (it.timeliness.state === 'overdue') f.overdue++;
    const ds = it.diagnostics;
    for (let k = 0; k < ds.length; k++) {
      const d = ds[k]!;
      if (d.code === 'near-duplicate') f.nearDuplicates++;
      if (d.severity === 'error') {
        f.errors++;
        errors++;
      } else if (d.severity === 'warning') {
        f.warnings++;
        warnings++;
      } else infos++;
    }
  }
  if (itemCounts) {
    itemCounts.errors += errors;
    itemCounts.warnings += warnings;
    itemCounts.infos += infos;
  }
  return [...facts.values()].map((f) => {
    const { keyAttention, reasons } = assessUnit(f, campaign);
    const report: UnitReport = {
      unit: f.unit, items: f.items, keyAttention, reasons, vague: f.vague, overdue: f.overdue,
      nearDuplicates: f.nearDuplicates, errors: f.errors, warnings: f.warnings,
    };
    if (f.fillDate) report.fillDate = f.fillDate;
    return report;
  });
}
