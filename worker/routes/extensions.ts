import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ExtensionDecisionSchema, ExtensionRequestSchema } from '../../shared/schema/api.js';
import type { AppEnv } from '../env.js';
import { ApiError } from '../errors.js';
import { readJson } from '../http.js';
import { requireCounty } from '../middleware/auth.js';
import { readableItemWith } from '../access.js';
import { decideExtension, extensionsOf, extensionsStatement, findExtensionStatement, requestExtension } from '../db/extensions.js';
import { tooLarge } from './submissions.js';
import { writeDigest, writeKey } from '../request-keys.js';

/**
 * Extensions (延期申请, SPEC 12.3): the item's unit asks for a later due date, the county office
 * approves or denies; an approval sets the item's effective due date everywhere.
 */
export const extensions = new Hono<AppEnv>();
const small = bodyLimit({ maxSize: 16 * 1024, onError: tooLarge });

extensions.get('/:key/extensions', async (c) => {
  const key = c.req.param('key');
  const [, [listed]] = await readableItemWith(c.env.DB, c.get('principal'), key, [extensionsStatement(c.env.DB, key)]);
  return c.json({ extensions: extensionsOf(listed!) });
});

extensions.post('/:key/extensions', small, async (c) => {
  const principal = c.get('principal');
  const key = c.req.param('key');
  // The item's deadline as it stands (its due date moved by an approved extension) read with it.
  const [item, [dated]] = await readableItemWith(c.env.DB, principal, key, [c.env.DB.prepare('SELECT deadline_kind, due FROM items WHERE key = ?').bind(key)]);
  if (principal.role !== 'unit') throw new ApiError('forbidden', '延期由事项所属单位申请，县巡察办审批 (the item\'s unit asks for an extension)');
  const body = await readJson(c, ExtensionRequestSchema);
  // A retry is answered as the first try was, before "already pending" (its own request) is judged.
  const keyed = await writeKey(c, await writeDigest(c));
  if (keyed.replay) return keyed.replay;
  const current = dated!.results[0] as { deadline_kind: string; due: string | null } | undefined;
  if (item.review_state === 'closed_out' || item.status === 'closed_out') throw new ApiError('item-closed');
  if (current?.deadline_kind === 'ongoing') throw new ApiError('item-ongoing');
  const today = c.get('today');
  if (body.requestedDue <= (current?.due ?? today) || body.requestedDue <= today) {
    throw new ApiError('extension-not-later', `申请${body.requestedDue}，现时限${current?.due ?? '（无）'}，今天${today}`);
  }
  const stored = await requestExtension(c.env.DB, {
    key: item.key, unitId: item.unit_id, dueBefore: current?.due ?? null, requestedDue: body.requestedDue, reason: body.reason,
    by: principal.label || `token ${principal.tokenId}`, tokenId: principal.tokenId, at: new Date().toISOString(), on: today,
  }, keyed.statements);
  if (stored === null) throw new ApiError('extension-pending');
  return c.json(stored, 201);
});

extensions.post('/:key/extensions/:id/decision', requireCounty, small, async (c) => {
  const principal = c.get('principal');
  const key = c.req.param('key');
  const id = Number(c.req.param('id'));
  const valid = Number.isSafeInteger(id);
  const [item, [found]] = await readableItemWith(c.env.DB, principal, key, valid ? [findExtensionStatement(c.env.DB, key, id)] : []);
  const ext = found ? extensionsOf(found)[0] : undefined;
  if (!ext) throw new ApiError('extension-not-found');
  const body = await readJson(c, ExtensionDecisionSchema);
  const keyed = await writeKey(c, await writeDigest(c));
  if (keyed.replay) return keyed.replay;
  if (ext.state !== 'pending') throw new ApiError('extension-decided', `该申请已${ext.state === 'approved' ? '批准' : '驳回'} (already ${ext.state})`);
  const decided = await decideExtension(c.env.DB, {
    key: item.key, id, approve: body.decision === 'approve', comment: body.comment?.trim() ?? '',
    by: principal.label || `token ${principal.tokenId}`, tokenId: principal.tokenId, at: new Date().toISOString(), on: c.get('today'),
  }, keyed.statements);
  if (!decided) throw new ApiError('extension-decided');
  return c.json(decided, 201);
});
