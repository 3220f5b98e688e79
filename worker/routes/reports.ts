import { Hono, type Context } from 'hono';
import { BulletinQuerySchema } from '../../shared/schema/chase.js';
import type { AppEnv } from '../env.js';
import { readQuery, validDate } from '../http.js';
import { requireCounty } from '../middleware/auth.js';
import { countyFacts } from '../db/summary.js';
import { knownWay } from './view-reads.js';
import { officeOf } from '../letters/office.js';
import { bulletinOf, type Bulletin } from '../reports/bulletin.js';
import { countySummary } from '../summary.js';
import { DOCX_TYPE } from './letters.js';

/**
 * The bulletin (通报, SPEC 12.4), county only: `GET /api/v1/reports/bulletin.docx?asOf=` as Word,
 * `GET /api/v1/reports/bulletin?asOf=` as JSON for the printable page and the dashboard.
 */
export const reports = new Hono<AppEnv>();

async function bulletinFor(c: Context<AppEnv>): Promise<Bulletin> {
  const q = readQuery(c, BulletinQuerySchema);
  const asOf = validDate(q.asOf) ?? c.get('today');
  const campaign = c.get('campaign');
  // The same summary GET /summary answers, so the bulletin's figures are the summary's.
  const summary = countySummary(await countyFacts(c.env.DB, asOf, campaign, { known: knownWay(c) }), campaign, asOf);
  return bulletinOf(summary, campaign, officeOf(c.env, campaign));
}

reports.get('/bulletin', requireCounty, async (c) => c.json(await bulletinFor(c)));

reports.get('/bulletin.docx', requireCounty, async (c) => {
  const b = await bulletinFor(c);
  // docx evaluated when a .docx is first asked for (letters.ts says why).
  const { bulletinDocx } = await import('../reports/bulletin-docx.js');
  return c.body(await bulletinDocx(b), 200, {
    'content-type': DOCX_TYPE,
    'content-disposition': `attachment; filename="bulletin.docx"; filename*=UTF-8''${encodeURIComponent(`通报-${b.asOf}.docx`)}`,
  });
});
