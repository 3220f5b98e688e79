import { Hono } from 'hono';
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
  return c.json(body);
});

meta.get('/units', async (c) => {
  const p = c.get('principal');
  const units = p.role === 'unit' ? [{ id: p.unitId!, name: p.unitName! }] : await listUnits(c.env.DB);
  return c.json({ units: units.map((u) => u.name) });
});
