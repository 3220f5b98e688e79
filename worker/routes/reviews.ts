import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ReviewRequestSchema } from '../../shared/schema/api.js';
import type { AppEnv } from '../env.js';
import { ApiError } from '../errors.js';
import { readJson } from '../http.js';
import { requireCounty } from '../middleware/auth.js';
import { readableItem } from '../access.js';
import { applyDecision } from '../db/reviews.js';
import { countEvidence } from '../db/evidence.js';
import { closeOutBlocker, TRANSITIONS } from '../review-rules.js';
import { reviewInfo } from '../review-info.js';
import { tooLarge } from './submissions.js';

/** `POST /api/v1/items/:key/reviews`: a county decision on an item (会诊: 交办, 退回完善, 销号). */
export const reviews = new Hono<AppEnv>();

reviews.post('/:key/reviews', requireCounty, bodyLimit({ maxSize: 16 * 1024, onError: tooLarge }), async (c) => {
  const principal = c.get('principal');
  const item = await readableItem(c.env.DB, principal, c.req.param('key'));
  const body = await readJson(c, ReviewRequestSchema);
  if (body.version !== undefined && body.version !== item.versions) {
    throw new ApiError(409, 'stale-version', `the decision is about version ${body.version}, but version ${item.versions} is current (事项已更新，请刷新后再会诊)`);
  }
  const rule = TRANSITIONS[body.decision];
  if (!rule.from.includes(item.review_state as never)) {
    throw new ApiError(409, 'invalid-transition', `cannot ${body.decision} an item that is ${item.review_state} (当前状态不允许此操作)`);
  }
  if (body.decision === 'close_out') {
    const blocker = closeOutBlocker(item.status, item.has_evidence === 1);
    if (blocker) throw new ApiError(409, 'close-out-not-allowed', blocker);
    if (c.get('campaign').closeOutNeedsFile && (await countEvidence(c.env.DB, item.key)) === 0) {
      throw new ApiError(409, 'close-out-not-allowed', 'no evidence file was uploaded for the item (销号需至少上传一份佐证材料文件)');
    }
  }
  const today = c.get('today');
  const applied = await applyDecision(c.env.DB, {
    key: item.key, decision: body.decision, from: item.review_state, to: rule.to, versionId: item.current_version_id,
    comment: body.comment?.trim() ?? '', tokenId: principal.tokenId, actor: principal.label || `token ${principal.tokenId}`,
    at: new Date().toISOString(), on: today,
  });
  if (!applied) throw new ApiError(409, 'conflict', 'the item changed while deciding; reload it and decide again (事项已变化，请重试)');
  return c.json({ key: item.key, version: item.versions, review: reviewInfo(rule.to, today, today, c.get('campaign')) }, 201);
});
