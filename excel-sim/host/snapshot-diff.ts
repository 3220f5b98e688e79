// Cell-by-cell differences between two workbook snapshots, for tests that compare a sheet
// before and after the add-in ran.
import { parseAddress } from './address.js';
import type { WorkbookSnapshot } from './snapshot-format.js';

function at(text: string): { r0: number; c0: number } {
  return parseAddress(text)?.rect ?? { r0: 0, c0: 0 };
}

/** JSON with object keys sorted, so equal values always print alike. */
function stable(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));
}

/**
 * Differences between two snapshots, one line per cell property or workbook part that differs
 * (`整改台账!C5 fill: "#FFFF00" → undefined`); empty when they are equal.
 * @example expect(diffSnapshots(before, after)).toEqual([])
 */
export function diffSnapshots(a: WorkbookSnapshot, b: WorkbookSnapshot): string[] {
  const out: string[] = [];
  const show = (v: unknown): string => (v === undefined ? 'undefined' : stable(v));
  const cmp = (where: string, x: unknown, y: unknown): void => {
    if (show(x) !== show(y)) out.push(`${where}: ${show(x)} → ${show(y)}`);
  };
  cmp('sheets', a.sheets.map((s) => s.name), b.sheets.map((s) => s.name));
  cmp('activeSheet', a.activeSheet, b.activeSheet);
  for (const sa of a.sheets) {
    const sb = b.sheets.find((s) => s.name === sa.name);
    if (!sb) continue;
    const cellsA = sa.cells ?? {};
    const cellsB = sb.cells ?? {};
    const addresses = [...new Set([...Object.keys(cellsA), ...Object.keys(cellsB)])].sort((p, q) => {
      const x = at(p);
      const y = at(q);
      return x.r0 - y.r0 || x.c0 - y.c0;
    });
    for (const addr of addresses) {
      const ca = (cellsA[addr] ?? {}) as Record<string, unknown>;
      const cb = (cellsB[addr] ?? {}) as Record<string, unknown>;
      for (const k of [...new Set([...Object.keys(ca), ...Object.keys(cb)])]) cmp(`${sa.name}!${addr} ${k}`, ca[k], cb[k]);
    }
    for (const k of ['visibility', 'tabColor', 'columns', 'rows', 'merges', 'tables', 'conditionalFormats', 'charts', 'freeze', 'autoFilter'] as const) cmp(`${sa.name} ${k}`, sa[k], sb[k]);
  }
  cmp('names', a.names, b.names);
  cmp('comments', a.comments, b.comments);
  return out;
}
