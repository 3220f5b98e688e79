import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { addDays } from '../../shared/index.js';
import { WithdrawRequestSchema, type WithdrawResponse } from '../../shared/schema/api.js';
import type { AppEnv } from '../env.js';
import { ApiError } from '../errors.js';
import { readJson } from '../http.js';
import { withdrawalReads, withdrawSubmission } from '../db/withdraw.js';
import { infoOf } from '../submission-response.js';
import { tooLarge } from './submissions.js';
import { writeDigest, writeKey } from '../request-keys.js';

/**
 * `POST /api/v1/submissions/:id/withdraw` `{reason}` (SPEC 12.1): the county any time; the unit
 * that submitted it itself within the campaign's `withdrawDays`. Nothing is deleted.
 */
export const withdraw = new Hono<AppEnv>();

withdraw.post('/:id/withdraw', bodyLimit({ maxSize: 16 * 1024, onError: tooLarge }), async (c) => {
  const principal = c.get('principal');
  const db = c.env.DB;
  const { row, submitterRole } = await withdrawalReads(db, c.req.param('id'));
  if (!row || (principal.role === 'unit' && row.unit_id !== principal.unitId)) {
    throw new ApiError('submission-not-found');
  }
  const { reason } = await readJson(c, WithdrawRequestSchema);
  // A retry is answered as the first try was, before "already withdrawn" (by its own first try).
  const keyed = await writeKey(c, await writeDigest(c));
  if (keyed.replay) return keyed.replay;
  if (row.withdrawn_at) throw new ApiError('already-withdrawn', `该报送已于${row.withdrawn_on}撤回 (withdrawn on ${row.withdrawn_on})`);
  const today = c.get('today');
  if (principal.role === 'unit') {
    if (submitterRole !== 'unit') {
      throw new ApiError('forbidden', '县巡察办代为上传的报送只能由县巡察办撤回 (only the county withdraws what it uploaded)');
    }
    const days = c.get('campaign').withdrawDays ?? 3;
    const until = addDays(row.submitted_on, days);
    if (today > until) {
      throw new ApiError('withdraw-too-late', `报送后${days}日内（${until}前）可由本单位撤回 (the unit may withdraw until ${until})`);
    }
  }
  const done = await withdrawSubmission(db, {
    submissionId: row.id, at: new Date().toISOString(), on: today, by: principal.label || `token ${principal.tokenId}`,
    tokenId: principal.tokenId, reason,
  }, keyed.statements);
  if (!done) throw new ApiError('already-withdrawn');
  const { row: withdrawn, ...counts } = done;
  const body: WithdrawResponse = { submission: infoOf(withdrawn), ...counts };
  return c.json(body);
});
