import type { UnitSummary } from '../../shared/schema/api.js';

/** Key-attention reasons as a leader reads them, with the counts behind each (as the CLI words them). */
const REASON_ZH: Record<string, (u: UnitSummary) => string> = {
  'too-few': (u) => `查摆问题过少（${u.items}项）`,
  imprecise: (u) => `问题查摆不精准（${u.vague}/${u.items}项描述笼统）`,
  copied: (u) => `与其他单位问题雷同（${u.nearDuplicates}项）`,
  late: (u) => `逾期报送${u.fillDate ? `（${u.fillDate}填报）` : ''}`,
  overdue: (u) => `逾期未整改事项多（${u.overdue}项）`,
};

export function reasonsText(u: UnitSummary): string[] {
  return u.reasons.map((r) => REASON_ZH[r]?.(u) ?? r);
}

export const SUBMISSION_ZH: Record<UnitSummary['submission'], string> = { on_time: '按时报送', late: '逾期报送', missing: '未报送' };

/** Timeliness states in the chart's order, with their Chinese names and colours. */
export const TIMELINESS_SERIES = [
  { state: 'overdue', name: '逾期', color: 'C00000' },
  { state: 'due_soon', name: '临期', color: 'ED7D31' },
  { state: 'on_track', name: '正常推进', color: '4472C4' },
  { state: 'done_on_time', name: '按期完成', color: '70AD47' },
  { state: 'done_late', name: '逾期完成', color: 'A5A5A5' },
  { state: 'done', name: '已完成', color: '548235' },
  { state: 'ongoing', name: '长期坚持', color: '5B9BD5' },
  { state: 'unknown', name: '时限不明', color: 'FFC000' },
] as const;
