import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isIsoDate } from '../../shared/index.js';
import { REVIEW_ZH } from '../../shared/enrichment.js';
import { ReviewRequestSchema } from '../../shared/schema/api.js';
import type { AppEnv } from '../env.js';
import { ApiError } from '../errors.js';
import { readJson } from '../http.js';
import { requireCounty } from '../middleware/auth.js';
import { readableItem } from '../access.js';
import { applyDecision, decisionReads } from '../db/reviews.js';
import { firmDeadline } from '../firm-deadline.js';
import { closeOutBlocker, TRANSITIONS } from '../review-rules.js';
import { reviewInfo } from '../review-info.js';
import { tooLarge } from './submissions.js';
import { writeDigest, writeKey } from '../request-keys.js';

/** The decisions as the office names them (会诊事项's 决定 column). */
const DECISION_ZH: Record<string, string> = { assign: '交办', return: '退回完善', close_out: '销号', reopen: '回头看重新打开' };

/** `POST /api/v1/items/:key/reviews`: a county decision on an item (会诊: 交办, 退回完善, 销号). */
export const reviews = new Hono<AppEnv>();

reviews.post('/:key/reviews', requireCounty, bodyLimit({ maxSize: 16 * 1024, onError: tooLarge }), async (c) => {
  const principal = c.get('principal');
  const key = c.req.param('key');
  // The body is read first (no round trip), its refusal held until the item is found: a missing
  // item is refused first, as before. What it asks picks the reads (evidence for a 销号, a round).
  const parsed = await readJson(c, ReviewRequestSchema).then((body) => ({ body }), (error: unknown) => ({ error }));
  const asked = 'body' in parsed ? parsed.body : undefined;
  const read = await decisionReads(c.env.DB, key, { evidence: asked?.decision === 'close_out' && c.get('campaign').closeOutNeedsFile === true, round: asked?.round });
  const item = await readableItem(c.env.DB, principal, key, { row: read.item });
  if ('error' in parsed) throw parsed.error;
  const body = parsed.body;
  // A retry of a decision already made is answered as it was, before its transition is judged
  // again against the state the decision itself set.
  const keyed = await writeKey(c, await writeDigest(c));
  if (keyed.replay) return keyed.replay;
  if (body.version !== undefined && body.version !== item.versions) {
    throw new ApiError('stale-version', `会诊针对第${body.version}版，当前已是第${item.versions}版 (version ${item.versions} is current)`);
  }
  const rule = TRANSITIONS[body.decision];
  if (!rule.from.includes(item.review_state as never)) {
    throw new ApiError('invalid-transition', `${DECISION_ZH[body.decision]}不适用于“${REVIEW_ZH[item.review_state] ?? item.review_state}”的事项 (cannot ${body.decision} an item that is ${item.review_state})`);
  }
  if (body.decision === 'close_out') {
    const blocker = closeOutBlocker(item.status, item.has_evidence === 1);
    if (blocker) throw new ApiError('close-out-not-allowed', blocker);
    if (read.evidence === 0) {
      throw new ApiError('close-out-not-allowed', '销号需至少上传一份佐证材料文件 (no evidence file was uploaded for the item)');
    }
  }
  const today = c.get('today');
  const campaign = c.get('campaign');
  // An item found has a current version (an item whose versions were all withdrawn is not found).
  const version = read.version!;
  const on = body.decidedOn ?? today;
  // Backdated within the rules (SPEC 12.2): not before the version it decides or the state it leaves, not after today.
  const earliest = version.submittedOn > item.review_since ? version.submittedOn : item.review_since;
  if (!isIsoDate(on) || on > today || on < earliest) {
    throw new ApiError('decided-on-invalid', `须在 ${earliest} 至 ${today} 之间（不早于所决定的版本，不晚于今天） (between ${earliest} and ${today})`);
  }
  if (body.round !== undefined) {
    const round = read.round;
    if (!round) throw new ApiError('round-not-found', `第 ${body.round} 号 (no round ${body.round}; open it with POST /api/v1/rounds)`);
    if (on < round.held_on) throw new ApiError('decided-on-invalid', `决定日期 ${on} 早于该轮会诊日期 ${round.held_on} (before the round was held)`);
  }
  const firm = body.decision === 'assign' && !item.assigned_on ? firmDeadline(version.deadline, on, campaign) : undefined;
  const applied = await applyDecision(c.env.DB, {
    key: item.key, decision: body.decision, from: item.review_state, to: rule.to, versionId: item.current_version_id,
    comment: body.comment?.trim() ?? '', tokenId: principal.tokenId, actor: principal.label || `token ${principal.tokenId}`,
    at: new Date().toISOString(), on, round: body.round ?? null,
    firmDue: firm && firm !== version.deadline ? firm.due : undefined,
  }, keyed.statements);
  if (!applied) throw new ApiError('conflict', '会诊期间事项已变化，请刷新后重新决定 (the item changed while deciding)');
  return c.json({
    key: item.key, version: item.versions, review: reviewInfo(rule.to, on, today, campaign),
    ...(firm && firm !== version.deadline ? { deadline: firm } : {}),
  }, 201);
});
