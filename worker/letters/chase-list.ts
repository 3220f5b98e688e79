import type { D1Database } from '@cloudflare/workers-types';
import { daysBetween, type Campaign } from '../../shared/index.js';
import { itemsOn, type KnownWay } from '../db/as-of.js';
import { returnCommentsAsOf } from '../db/comments.js';
import { reviewInfo } from '../review-info.js';
import { timelinessAsOf } from '../timeliness-as-of.js';

/** Why an item is chased, and for how many days it has been so. */
export type ChaseReason = 'overdue' | 'returned' | 'review-overdue';

export interface ChaseItem {
  key: string;
  description: string;
  due: string | null;
  /** Why it is chased, most pressing first, each with its days: an overdue item may await the office's review too. */
  reasons: { reason: ChaseReason; days: number }[];
  /** A returned item's: the office's comment with the return, what the unit is to improve. */
  comment?: string;
}

/** The reasons in the order a letter counts and lists them: the unit's to act on first, then the office's. */
export const CHASE_ORDER: readonly ChaseReason[] = ['overdue', 'returned', 'review-overdue'];

export const CHASE_REASON_ZH: Record<ChaseReason, string> = {
  overdue: '逾期未完成整改',
  returned: '退回完善后未重新报送',
  'review-overdue': '已报送，待县巡察办会诊',
};

/**
 * One unit's items that a letter or robot notice names, each once, as of a date, by the core's
 * rules: open items past their deadline (days overdue), items returned for revision (days since
 * the return) and items awaiting the office's review past `reviewDueDays` (days past that due
 * date). Items as they stood that day (SPEC 12.2): versions stored, decisions and extensions
 * decided by then; a withdrawn submission never counts. Sorted by their most pressing reason,
 * then its days, longest first. `known`: how to read the date, if asked already.
 */
export async function chaseList(db: D1Database, unitId: number, campaign: Campaign, asOf: string, known?: KnownWay): Promise<ChaseItem[]> {
  const items = await itemsOn(db, asOf, campaign, unitId, known);
  const timeliness = timelinessAsOf(campaign, asOf);
  const out: ChaseItem[] = [];
  for (const { key, description, deadlineKind, due, status, completedOn, reviewState, reviewSince } of items) {
    const reasons: ChaseItem['reasons'] = [];
    const t = timeliness({ deadlineKind, due, status, completedOn });
    if (t.state === 'overdue') reasons.push({ reason: 'overdue', days: t.daysOverdue ?? 0 });
    if (reviewState === 'returned') reasons.push({ reason: 'returned', days: Math.max(0, daysBetween(reviewSince, asOf)) });
    const review = reviewInfo(reviewState, reviewSince, asOf, campaign);
    if (review.overdue && review.due) reasons.push({ reason: 'review-overdue', days: daysBetween(review.due, asOf) });
    if (reasons.length) out.push({ key, description, due, reasons });
  }
  const rank = (it: ChaseItem) => CHASE_ORDER.indexOf(it.reasons[0]!.reason);
  out.sort((a, b) => rank(a) - rank(b) || b.reasons[0]!.days - a.reasons[0]!.days);
  const returned = out.filter((it) => it.reasons.some((r) => r.reason === 'returned'));
  if (returned.length) {
    const comments = await returnCommentsAsOf(db, returned.map((it) => it.key), asOf);
    for (const it of returned) if (comments.get(it.key)) it.comment = comments.get(it.key);
  }
  return out;
}
