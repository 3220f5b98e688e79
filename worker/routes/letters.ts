import { Hono } from 'hono';
import { addDays } from '../../shared/index.js';
import { LetterQuerySchema } from '../../shared/schema/chase.js';
import type { AppEnv } from '../env.js';
import { ApiError } from '../errors.js';
import { readQuery, validDate } from '../http.js';
import { requireCounty } from '../middleware/auth.js';
import { findUnitByName } from '../db/units.js';
import { chaseList } from '../letters/chase-list.js';
import { officeOf } from '../letters/office.js';
import { knownUnit, knownWay } from './view-reads.js';

/** `GET /api/v1/reminders/:unit/letter.docx?asOf=&kind=reminder|notice`: the 催办函 / 工作提示 as Word. */
export const letters = new Hono<AppEnv>();

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

letters.get('/:unit/letter.docx', requireCounty, async (c) => {
  const q = readQuery(c, LetterQuerySchema);
  const asOf = validDate(q.asOf) ?? c.get('today');
  const replyBy = validDate(q.replyBy) ?? addDays(asOf, 7);
  if (replyBy < asOf) throw new ApiError('invalid-query', `回复期限 ${replyBy} 早于截至日期 ${asOf} (replyBy is before asOf)`);
  const name = c.req.param('unit');
  // The unit and how to read the date were asked with the token (routes/view-reads.ts).
  const known = knownUnit(c);
  const unit = known?.name === name ? known.row : await findUnitByName(c.env.DB, name);
  if (!unit) throw new ApiError('unit-not-found', name.slice(0, 100));
  const campaign = c.get('campaign');
  // docx (0.7 MB of the Worker's 2.2) evaluated when a letter is first asked for, not in every new isolate's start.
  const { letterDocx } = await import('../letters/letter-docx.js');
  const bytes = await letterDocx({
    kind: q.kind, unit: unit.name, asOf, replyBy, office: officeOf(c.env, campaign), campaignName: campaign.name,
    items: await chaseList(c.env.DB, unit.id, campaign, asOf, knownWay(c)),
  });
  const file = `${unit.name}-${q.kind === 'reminder' ? '催办函' : '工作提示'}-${asOf}.docx`;
  return c.body(bytes, 200, {
    'content-type': DOCX_TYPE,
    'content-disposition': `attachment; filename="letter.docx"; filename*=UTF-8''${encodeURIComponent(file)}`,
  });
});
