import { Hono } from 'hono';
import { buildVersion } from '../build-version.js';
import type { AppEnv } from '../env.js';

/**
 * `GET /api/v1/health`: no token needed; says whether D1 answers, which campaign is in force and
 * which build is deployed (so an operator can tell a deploy went out).
 */
export const health = new Hono<AppEnv>();

health.get('/', async (c) => {
  let db = 'ok';
  try {
    await c.env.DB.prepare('SELECT 1').first();
  } catch {
    db = 'unavailable';
  }
  const campaign = c.get('campaign');
  const body = { ok: db === 'ok', db, campaign: campaign.id, campaignName: campaign.name, year: campaign.year, today: c.get('today'), version: await buildVersion(c.env) };
  return c.json(body, db === 'ok' ? 200 : 503);
});
