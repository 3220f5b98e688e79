import { Hono } from 'hono';
import type { AppEnv } from '../env.js';

/** `GET /api/v1/health`: no token needed; says whether D1 answers and which campaign is in force. */
export const health = new Hono<AppEnv>();

health.get('/', async (c) => {
  let db = 'ok';
  try {
    await c.env.DB.prepare('SELECT 1').first();
  } catch {
    db = 'unavailable';
  }
  return c.json({ ok: db === 'ok', db, campaign: c.get('campaign').id, today: c.get('today') }, db === 'ok' ? 200 : 503);
});
