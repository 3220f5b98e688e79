import type { Diagnostic, Report } from '../../shared/index.js';
import type { Lang } from '../i18n.js';

export interface FindingGroup {
  severity: Diagnostic['severity'];
  code: string;
  title: string;
  findings: { cell: string | null; text: string }[];
}

const RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * The report's findings grouped by severity, then code (worst first), as the pane lists them.
 * @example groupFindings(report, 'zh')[0] → { severity: 'error', code: 'required-empty', … }
 */
export function groupFindings(report: Report, lang: Lang, titles: Record<string, { title: string; titleEn: string }>): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const sheet of report.sheets) {
    const all = [...sheet.diagnostics, ...sheet.items.flatMap((i) => i.diagnostics)];
    for (const d of all) {
      const id = `${d.severity}:${d.code}`;
      let g = groups.get(id);
      if (!g) {
        const def = titles[d.code];
        groups.set(id, (g = { severity: d.severity, code: d.code, title: (lang === 'zh' ? def?.title : def?.titleEn) ?? d.code, findings: [] }));
      }
      g.findings.push({ cell: d.column && d.row ? `${d.column}${d.row}` : null, text: lang === 'zh' ? d.message : d.messageEn });
    }
  }
  return [...groups.values()].sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.findings.length - a.findings.length);
}
