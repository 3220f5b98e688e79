import type { Report } from '../shared/index.js';
import { REASONS, t, type Lang } from './i18n.js';

/** Where the last ribbon outcome is kept, so the task pane shows it too (see ribbon-signal.ts). */
export { LAST_OUTCOME_KEY } from './ribbon-signal.js';

/**
 * One or two lines a person reads after a check: counts, and key attention with its reasons.
 * @example outcomeText(report, 'zh') === '共8项事项：错误4条，警告3条。'
 */
export function outcomeText(report: Report, lang: Lang, mergesRead = true): string {
  const sheet = report.sheets[0];
  if (!sheet?.isLedger) return `${t('notLedger', lang)} ${sheet?.diagnostics[0]?.[lang === 'zh' ? 'message' : 'messageEn'] ?? ''}`.trim();
  const lines = [t('summary', lang, { items: report.stats.items, errors: report.stats.errors, warnings: report.stats.warnings })];
  for (const u of report.units.filter((x) => x.keyAttention)) {
    lines.push(t('attentionLine', lang, { unit: u.unit, reasons: u.reasons.map((r) => REASONS[r]?.[lang] ?? r).join(lang === 'zh' ? '、' : ', ') }));
  }
  // Excel before ExcelApi 1.13 hides merged areas from add-ins: a leader merged over several
  // rows then reads as blank below its first row. Say so rather than let it pass unexplained.
  if (!mergesRead) lines.push(t('mergesUnread', lang));
  return lines.join('\n');
}

/** A failure as a person can act on it: Excel's own message, never a stack. */
export function failureText(error: unknown, lang: Lang): string {
  const message = error instanceof Error ? error.message : String(error);
  return t('failed', lang) + message;
}
