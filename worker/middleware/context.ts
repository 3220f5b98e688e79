import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.js';
import { campaignOf, countyToday } from '../clock.js';

/** Sets the campaign and the county's date for the request. */
export const countyContext = createMiddleware<AppEnv>(async (c, next) => {
  const campaign = campaignOf(c.env);
  c.set('campaign', campaign);
  c.set('today', countyToday(c.env, campaign));
  await next();
});
