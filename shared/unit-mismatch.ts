import type { Report } from './schema/report.js';

/** Spaces and a trailing （盖章） never make two names different. */
const plain = (name: string) => name.replace(/\s+/g, '');

/**
 * Whether a unit named in a request and one a ledger states are the same unit: equal, or one
 * contains the other (a title often prefixes the county: 城步苗族自治县儒林镇 is 儒林镇).
 * @example sameUnit('儒林镇', '城步苗族自治县儒林镇') === true
 */
export function sameUnit(requested: string, stated: string): boolean {
  const a = plain(requested);
  const b = plain(stated);
  return a === b || (a.length >= 2 && b.length >= 2 && (a.includes(b) || b.includes(a)));
}

/**
 * The units a ledger states itself (its 填报单位 line, title or unit column) that are not the
 * unit a request named (SPEC 12.1 unit mismatch). The report must come from a check given that
 * unit explicitly, which records the stated units on each sheet.
 * @example mismatchedUnits(checkWorkbooks([rulin], { unit: '茅坪镇' }), '茅坪镇') // ['儒林镇']
 */
export function mismatchedUnits(report: Report, requested: string): string[] {
  const out = new Set<string>();
  for (const sheet of report.sheets) {
    for (const u of sheet.statedUnits ?? []) if (!sameUnit(requested, u)) out.add(u);
  }
  return [...out];
}
