import { addDays } from '../../shared/dates.js';
import type { Bulletin } from './bulletin.js';

// The bulletin's words that the page (pages/bulletin.ts) writes too: a module of its own, so the
// page's bundle takes these lines and not the Worker's reading of the summary.

/**
 * What the units named are asked, the same words on the page and in the .docx: by a date a week
 * on (as a letter's reply date), where "before the next stage" named none (and at a stage's end
 * meant tomorrow).
 */
export function namedClosing(b: Bulletin): string {
  const by = addDays(b.asOf, 7).replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日');
  return `请上述单位主要负责同志高度重视，对照问题逐项整改，于${by}前向县巡察办书面报告整改情况。`;
}

/**
 * What a bulletin says of its date outside every stage: before the first or after the last of a
 * campaign that has stages ("未设定阶段" said the stages were not set), else that none are set.
 */
export function noStageText(b: Pick<Bulletin, 'asOf' | 'stages'>): string {
  if (!b.stages.length) return '未设定阶段';
  const first = b.stages.reduce((a, s) => (s.from < a ? s.from : a), b.stages[0]!.from);
  return b.asOf < first ? `整改活动尚未开始（首个阶段 ${first} 起）` : '不在各阶段的时间内';
}
