import type { D1Database } from '@cloudflare/workers-types';
import { daysBetween, type Campaign } from '../../shared/index.js';
import { itemsOn, type KnownWay } from '../db/as-of.js';
import { reviewInfo } from '../review-info.js';
import { timelinessAsOf } from '../timeliness-as-of.js';

/** Why an item is chased, and for how many days it has been so. */
export type ChaseReason = 'overdue' | 'returned' | 'review-overdue';

export interface ChaseItem {
  key: string;
  description: string;
  due: string | null;
  reason: ChaseReason;
  days: number;
}

export const CHASE_REASON_ZH: Record<ChaseReason, string> = {
  overdue: '逾期未完成整改',
  returned: '退回完善后未重新报送',
  'review-overdue': '已报送，待县巡察办会诊',
};

/**
 * One unit's items that a letter or robot notice names, as of a date, by the core's rules:
 * open items past their deadline (days overdue), items returned for revision (days since the
 * return) and items awaiting the office's review past `reviewDueDays` (days past that due date).
 * Items as they stood that day (SPEC 12.2): versions stored, decisions and extensions decided by
 * then; a withdrawn submission never counts. `known`: how to read the date, if asked already.
 */
export async function chaseList(db: D1Database, unitId: number, campaign: Campaign, asOf: string, known?: KnownWay): Promise<ChaseItem[]> {
  const items = await itemsOn(db, asOf, campaign, unitId, known);
  const timeliness = timelinessAsOf(campaign, asOf);
  const out: ChaseItem[] = [];
  for (const { key, description, deadlineKind, due, status, completedOn, reviewState, reviewSince } of items) {
    const t = timeliness({ deadlineKind, due, status, completedOn });
    if (t.state === 'overdue') out.push({ key, description, due, reason: 'overdue', days: t.daysOverdue ?? 0 });
    if (reviewState === 'returned') out.push({ key, description, due, reason: 'returned', days: Math.max(0, daysBetween(reviewSince, asOf)) });
    const review = reviewInfo(reviewState, reviewSince, asOf, campaign);
    if (review.overdue && review.due) out.push({ key, description, due, reason: 'review-overdue', days: daysBetween(review.due, asOf) });
  }
  const order: ChaseReason[] = ['overdue', 'returned', 'review-overdue'];
  return out.sort((a, b) => order.indexOf(a.reason) - order.indexOf(b.reason) || b.days - a.days);
}
