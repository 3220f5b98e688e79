import { campaignFromSetting, isIsoDate, todayIn, type Campaign } from '../shared/index.js';
import { ApiError } from './errors.js';

let cached: { source: string; campaign?: Campaign; error?: string } | undefined;

/**
 * The deployment's campaign: the CAMPAIGN var (JSON, SPEC section 6), or the product's default
 * campaign when it is empty. Parsed once per isolate, at its first request; a broken CAMPAIGN is
 * the operator's mistake and every request (health included) answers 500 `campaign-invalid`
 * saying what is wrong, never a silent default.
 */
export function campaignOf(env: Pick<Env, 'CAMPAIGN'>): Campaign {
  const source = env.CAMPAIGN ?? '';
  if (cached?.source !== source) {
    try {
      cached = { source, campaign: campaignFromSetting(source) };
    } catch (error) {
      cached = { source, error: (error as Error).message };
      console.error(cached.error);
    }
  }
  if (cached.error) throw new ApiError('campaign-invalid', cached.error);
  return cached.campaign!;
}

/**
 * The county's date: the TODAY var when pinned (demos, tests), else `now` in the campaign's
 * time zone, so "today" turns at county midnight, not UTC midnight.
 * @example countyToday({ TODAY: '' }, campaign, new Date('2023-04-24T17:00:00Z')) // '2023-04-25'
 */
export function countyToday(env: Pick<Env, 'TODAY'>, campaign: Campaign, now: Date = new Date()): string {
  const pinned = env.TODAY?.trim();
  if (pinned) {
    if (!isIsoDate(pinned)) throw new Error(`TODAY must be a date written YYYY-MM-DD, not ${pinned}`);
    return pinned;
  }
  return todayIn(campaign.timezone, now);
}
