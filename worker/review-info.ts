import { addDays, calendarFor, type Campaign } from '../shared/index.js';
import type { ReviewInfo, ReviewState } from '../shared/schema/api.js';

/** States that wait on the county office (a decision is due); the others wait on the unit or are done. */
const AWAITING_REVIEW: ReadonlySet<string> = new Set(['pending', 'revised', 'reopened']);

/**
 * An item's review status as of a date: pending and revised items are due for a decision
 * `reviewDueDays` after they entered that state (working days by the official calendar unless
 * the campaign says `reviewDueIn: "calendar"`), and review-overdue after that.
 * @example reviewInfo('pending', '2023-04-24', '2023-05-05', campaign) // { state, since, due: '2023-05-04', overdue: true }
 */
export function reviewInfo(state: string, since: string, asOf: string, campaign: Campaign): ReviewInfo {
  const info: ReviewInfo = { state: state as ReviewState, since, overdue: false };
  if (AWAITING_REVIEW.has(state)) {
    info.due = campaign.reviewDueIn === 'calendar' ? addDays(since, campaign.reviewDueDays) : calendarFor(campaign).addWorkingDays(since, campaign.reviewDueDays).due;
    info.overdue = asOf > info.due;
  }
  return info;
}
