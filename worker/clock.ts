import { DEFAULT_CAMPAIGN, isIsoDate, parseCampaign, todayIn, type Campaign } from '../shared/index.js';

let cached: { source: string; campaign: Campaign } | undefined;

/**
 * The deployment's campaign: the CAMPAIGN var (JSON, SPEC section 6) or the 2023 demo campaign.
 * Parsed once per isolate; a bad CAMPAIGN is the operator's mistake and fails loudly.
 */
export function campaignOf(env: Pick<Env, 'CAMPAIGN'>): Campaign {
  const source = env.CAMPAIGN?.trim() ?? '';
  if (cached?.source === source) return cached.campaign;
  const campaign = source ? parseCampaign(JSON.parse(source)) : DEFAULT_CAMPAIGN;
  cached = { source, campaign };
  return campaign;
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
