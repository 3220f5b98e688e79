import { basename } from 'node:path';
import type { Diagnostic, ItemReport, Report, SheetReport, UnitReport } from '../shared/index.js';
import type { Lang } from './errors.js';
import { labelsFor, type Labels } from './labels.js';

/** How many items (and near-duplicate pairs) the summary lists in full; the rest are counted (--json and --out have all). */
export const SUMMARY_ITEM_LIMIT = 20;

// Terminals draw CJK characters two columns wide; pad by what the eye sees.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
function width(text: string): number {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? 2 : 1;
  return w;
}
const padEnd = (text: string, to: number) => text + ' '.repeat(Math.max(0, to - width(text)));
const padStart = (text: string, to: number) => ' '.repeat(Math.max(0, to - width(text))) + text;

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;
const visible = (ds: Diagnostic[]) => ds.filter((d) => d.severity !== 'info').sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
const count = (ds: Diagnostic[], severity: Diagnostic['severity']) => ds.filter((d) => d.severity === severity).length;

function reasonText(u: UnitReport, l: Labels, lang: Lang): string {
  return u.reasons.map((r) => l.reasons[r](u)).join(lang === 'en' ? '; ' : '；');
}

function unitLines(report: Report, l: Labels, lang: Lang): string[] {
  const units = [...report.units].sort((a, b) => Number(b.keyAttention) - Number(a.keyAttention));
  const table = [l.unitHeader, ...units.map((u): [string, string, string, string] => [u.unit, String(u.items), String(u.errors), String(u.warnings)])];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...table.map((cells) => width(cells[i]!))) + 2);
  const row = (cells: [string, string, string, string]) => `  ${padEnd(cells[0], widths[0]!)}${cells.slice(1).map((c, i) => padStart(c, widths[i + 1]!)).join('')}`;
  return [
    l.units,
    row(l.unitHeader),
    ...units.map((u, i) => row(table[i + 1]!) + (u.keyAttention ? `   ${l.keyAttention}${reasonText(u, l, lang)}` : '')),
  ];
}

function diagnosticLine(d: Diagnostic, row: number, l: Labels, lang: Lang): string {
  const where = d.column ? `${d.column}${d.row ?? row}` : l.rowOnly(d.row ?? row);
  const severityWidth = Math.max(...Object.values(l.severity).map(width)) + 2;
  return `      ${padEnd(where, 8)}${padEnd(l.severity[d.severity], severityWidth)}${lang === 'en' ? d.messageEn : d.message}`;
}

function worstItemLines(report: Report, l: Labels, lang: Lang, limit: number): string[] {
  const flagged: { sheet: SheetReport; item: ItemReport; shown: Diagnostic[] }[] = [];
  for (const sheet of report.sheets) {
    for (const item of sheet.items) {
      const shown = visible(item.diagnostics);
      if (shown.length) flagged.push({ sheet, item, shown });
    }
  }
  if (flagged.length === 0) return [l.worst, `  ${l.noItems}`];
  // Stable sort: the worst first, and file order among equals.
  flagged.sort((a, b) => count(b.shown, 'error') - count(a.shown, 'error') || count(b.shown, 'warning') - count(a.shown, 'warning'));
  const lines = [l.worst];
  for (const { sheet, item, shown } of flagged.slice(0, limit)) {
    const tally = [count(shown, 'error') ? `${l.severity.error} ${count(shown, 'error')}` : '', count(shown, 'warning') ? `${l.severity.warning} ${count(shown, 'warning')}` : ''];
    lines.push(`  [${tally.filter(Boolean).join(' ')}] ${l.itemPlace(item.unit, basename(sheet.file), sheet.sheet, item.row)}`);
    lines.push(...shown.map((d) => diagnosticLine(d, item.row, l, lang)));
  }
  if (flagged.length > limit) lines.push(`  ${l.more(flagged.length - limit)}`);
  return lines;
}

function sheetLines(report: Report, l: Labels, lang: Lang): string[] {
  const lines: string[] = [];
  const skipped: string[] = [];
  for (const sheet of report.sheets) {
    const place = `${basename(sheet.file)}「${sheet.sheet}」`;
    for (const d of sheet.diagnostics) {
      if (d.code === 'sheet-skipped') skipped.push(place);
      else if (d.severity !== 'info') lines.push(`  ${place} ${l.severity[d.severity]}：${lang === 'en' ? d.messageEn : d.message}`);
    }
  }
  if (skipped.length) lines.push(`  ${l.skipped(skipped.join('、'))}`);
  return lines.length ? [l.sheetProblems, ...lines] : [];
}

function crossUnitLines(report: Report, l: Labels, limit: number): string[] {
  if (report.crossUnit.length === 0) return [];
  const end = (p: Report['crossUnit'][number]['a']) => l.itemPlace(p.unit, basename(p.file), p.sheet, p.row);
  const pairs = [...report.crossUnit].sort((a, b) => b.similarity - a.similarity);
  const lines = [l.crossUnit, ...pairs.slice(0, limit).map((c) => `  ${end(c.a)}  ≈  ${end(c.b)}（${l.similarity(c.similarity.toFixed(2))}）`)];
  if (pairs.length > limit) lines.push(`  ${l.morePairs(pairs.length - limit)}`);
  return lines;
}

/**
 * The readable summary the CLI prints by default: per unit, the worst items, sheet problems,
 * cross-unit near-duplicates and a final line with the totals.
 * @example process.stdout.write(renderSummary(report, 'zh'))
 */
export function renderSummary(report: Report, lang: Lang, limit = SUMMARY_ITEM_LIMIT): string {
  const l = labelsFor(lang);
  const files = new Set(report.sheets.map((s) => s.file)).size;
  const ledgers = report.sheets.filter((s) => s.isLedger).length;
  const sections = [
    [l.title(report.asOf, report.campaign), l.scope(files, ledgers, report.stats.items)],
    report.units.length ? unitLines(report, l, lang) : [],
    worstItemLines(report, l, lang, limit),
    sheetLines(report, l, lang),
    crossUnitLines(report, l, limit),
    [l.totals(report.units.length, report.stats.items, report.stats.errors, report.stats.warnings, report.units.filter((u) => u.keyAttention).length)],
  ];
  return sections.filter((s) => s.length).map((s) => s.join('\n')).join('\n\n') + '\n';
}
