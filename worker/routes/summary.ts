import { Hono } from 'hono';
import { SummaryQuerySchema } from '../../shared/schema/api.js';
import type { AppEnv } from '../env.js';
import { readQuery, validDate } from '../http.js';
import { requireCounty } from '../middleware/auth.js';
import { countyFacts } from '../db/summary.js';
import { knownWay } from './view-reads.js';
import { countySummary } from '../summary.js';

/** `GET /api/v1/summary?asOf=`: the county aggregate, for the county office. */
export const summary = new Hono<AppEnv>();

summary.get('/', requireCounty, async (c) => {
  const q = readQuery(c, SummaryQuerySchema);
  const asOf = validDate(q.asOf) ?? c.get('today');
  return c.json(countySummary(await countyFacts(c.env.DB, asOf, c.get('campaign'), { known: knownWay(c) }), c.get('campaign'), asOf));
});
