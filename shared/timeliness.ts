import type { Campaign } from './campaign.js';
import { dayNumber } from './dates.js';
import type { DeadlineKind, Status, Timeliness, TimelinessState } from './schema/report.js';

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
    if (!deadline.due || !completedOn) return DONE;
    return completedOn <= deadline.due ? DONE_ON_TIME : DONE_LATE;
  }
  if (deadline.kind === 'ongoing') return ONGOING;
  if (!deadline.due) return UNKNOWN;
  const left = dayOf(deadline.due) - dayOf(asOf);
  if (left < 0) return counted(OVERDUE, -left, 'overdue', 'daysOverdue');
  if (left <= campaign.dueSoonDays) return counted(DUE_SOON, left, 'due_soon', 'daysLeft');
  return counted(ON_TRACK, left, 'on_track', 'daysLeft');
}

/** Day numbers of the dates asked (a report's items share a few hundred due dates and one asOf). */
const DAYS = new Map<string, number>();

function dayOf(iso: string): number {
  let n = DAYS.get(iso);
  if (n === undefined) {
    n = dayNumber(iso);
    if (DAYS.size >= 10_000) DAYS.clear();
    DAYS.set(iso, n);
  }
  return n;
}

// Answers are shared (a report holds one per distinct answer, not one per item), hence frozen.
const DONE: Timeliness = Object.freeze({ state: 'done' });
const DONE_ON_TIME: Timeliness = Object.freeze({ state: 'done_on_time' });
const DONE_LATE: Timeliness = Object.freeze({ state: 'done_late' });
const ONGOING: Timeliness = Object.freeze({ state: 'ongoing' });
const UNKNOWN: Timeliness = Object.freeze({ state: 'unknown' });
const OVERDUE = new Map<number, Timeliness>();
const DUE_SOON = new Map<number, Timeliness>();
const ON_TRACK = new Map<number, Timeliness>();

function counted(byDays: Map<number, Timeliness>, days: number, state: TimelinessState, name: 'daysOverdue' | 'daysLeft'): Timeliness {
  let t = byDays.get(days);
  if (!t) {
    t = Object.freeze(name === 'daysOverdue' ? { state, daysOverdue: days } : { state, daysLeft: days });
    if (byDays.size >= 10_000) byDays.clear();
    byDays.set(days, t);
  }
  return t;
}
