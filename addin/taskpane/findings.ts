import type { Diagnostic, Report } from '../../shared/index.js';
import type { Lang } from '../i18n.js';

/** One line of the pane's list: a finding, with every cell that has the very same finding. */
export interface FindingLine {
  severity: Diagnostic['severity'];
  code: string;
  text: string;
  /** The cells it is on, in sheet order (empty for a sheet-level finding). */
  cells: string[];
  /** The ledger field it is about (e.g. deadline), '' when none. */
  field: string;
  /** The 责任人 of the items it is on. */
  persons: string[];
}

export interface FindingGroup {
  severity: Diagnostic['severity'];
  code: string;
  title: string;
  lines: FindingLine[];
  /** Findings in the group (a line on three cells counts three). */
  count: number;
}

/** What the clerk narrowed the list to; '' means any. */
export interface FindingFilter {
  severity: '' | Diagnostic['severity'];
  field: string;
  person: string;
}

export const NO_FILTER: FindingFilter = { severity: '', field: '', person: '' };
const RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * The report's findings as lines: identical findings (same code, same message) on several cells
 * are one line listing the cells, so ten blank 责任人 cells read as one line, not ten.
 * @example findingLines(report, 'zh')[0] → { code: 'required-empty', cells: ['F5', 'F6'], … }
 */
export function findingLines(report: Report, lang: Lang): FindingLine[] {
  const lines = new Map<string, FindingLine>();
  const add = (d: Diagnostic, person: string | undefined) => {
    const text = lang === 'zh' ? d.message : d.messageEn;
    const id = `${d.severity}\u0000${d.code}\u0000${text}`;
    let line = lines.get(id);
    if (!line) lines.set(id, (line = { severity: d.severity, code: d.code, text, cells: [], field: d.field ?? '', persons: [] }));
    if (d.column && d.row) line.cells.push(`${d.column}${d.row}`);
    if (person && !line.persons.includes(person)) line.persons.push(person);
  };
  for (const sheet of report.sheets) {
    for (const d of sheet.diagnostics) add(d, undefined);
    for (const item of sheet.items) for (const d of item.diagnostics) add(d, item.fields.person?.trim() || undefined);
  }
  return [...lines.values()];
}

/** The lines the filter lets through. */
export function filterLines(lines: readonly FindingLine[], f: FindingFilter): FindingLine[] {
  return lines.filter((l) => (!f.severity || l.severity === f.severity) && (!f.field || l.field === f.field) && (!f.person || l.persons.includes(f.person)));
}

/** The fields and persons the lines mention, for the filter's choices (in order of first mention). */
export function filterChoices(lines: readonly FindingLine[]): { fields: string[]; persons: string[] } {
  const fields = new Set<string>();
  const persons = new Set<string>();
  for (const l of lines) {
    if (l.field) fields.add(l.field);
    for (const p of l.persons) persons.add(p);
  }
  return { fields: [...fields], persons: [...persons] };
}

/**
 * Lines grouped by severity, then code (worst first, the biggest group first), as the pane lists them.
 * @example groupFindings(findingLines(report, 'zh'), 'zh', DIAGNOSTICS)[0].title === '必填项为空'
 */
export function groupFindings(lines: readonly FindingLine[], lang: Lang, titles: Record<string, { title: string; titleEn: string }>): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const l of lines) {
    const id = `${l.severity}:${l.code}`;
    let g = groups.get(id);
    if (!g) {
      const def = titles[l.code];
      groups.set(id, (g = { severity: l.severity, code: l.code, title: (lang === 'zh' ? def?.title : def?.titleEn) ?? l.code, lines: [], count: 0 }));
    }
    g.lines.push(l);
    g.count += Math.max(1, l.cells.length);
  }
  return [...groups.values()].sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.count - a.count);
}
