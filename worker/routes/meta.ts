import { Hono } from 'hono';
import { calendarGaps } from '../../shared/index.js';
import type { MeResponse } from '../../shared/schema/api.js';
import type { AppEnv } from '../env.js';
import { listUnits } from '../db/units.js';

/** `GET /api/v1/me` (who this token is, the campaign in force) and `GET /api/v1/units`. */
export const meta = new Hono<AppEnv>();

meta.get('/me', (c) => {
  const p = c.get('principal');
  const body: MeResponse = {
    role: p.role,
    ...(p.unitName ? { unit: p.unitName } : {}),
    label: p.label,
    campaign: c.get('campaign'),
    today: c.get('today'),
  };
  // The county office can fix it (the campaign's holidays); a unit's clerk cannot.
  const gaps = p.role === 'county' ? calendarGaps(c.get('campaign'), c.get('today')) : [];
  if (gaps.length) body.calendarGaps = gaps;
  return c.json(body);
});

meta.get('/units', async (c) => {
  const p = c.get('principal');
  const units = p.role === 'unit' ? [{ id: p.unitId!, name: p.unitName! }] : await listUnits(c.env.DB);
  return c.json({ units: units.map((u) => u.name) });
});
