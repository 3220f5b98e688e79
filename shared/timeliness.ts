import type { Campaign } from './campaign.js';
import { daysBetween } from './dates.js';
import type { DeadlineKind, Status, Timeliness } from './schema/report.js';

/**
 * Where an item stands against its deadline as of a date (SPEC section 4). The Worker's daily
 * run calls this same function, so the sheet and the server never disagree.
 * @example timelinessOf({ kind: 'date', due: '2023-04-30' }, 'in_progress', undefined, '2023-05-29', c)
 *   → { state: 'overdue', daysOverdue: 29 }
 */
export function timelinessOf(
  deadline: { kind: DeadlineKind; due?: string | undefined },
  status: Status,
  completedOn: string | undefined,
  asOf: string,
  campaign: Campaign,
): Timeliness {
  if (status === 'completed' || status === 'closed_out') {
    if (!deadline.due || !completedOn) return { state: 'done' };
    return completedOn <= deadline.due ? { state: 'done_on_time' } : { state: 'done_late' };
  }
  if (deadline.kind === 'ongoing') return { state: 'ongoing' };
  if (!deadline.due) return { state: 'unknown' };
  const left = daysBetween(asOf, deadline.due);
  if (left < 0) return { state: 'overdue', daysOverdue: -left };
  if (left <= campaign.dueSoonDays) return { state: 'due_soon', daysLeft: left };
  return { state: 'on_track', daysLeft: left };
}
