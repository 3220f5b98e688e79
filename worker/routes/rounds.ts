import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isIsoDate } from '../../shared/index.js';
import { RoundRequestSchema, type Round } from '../../shared/schema/api.js';
import type { AppEnv } from '../env.js';
import { ApiError } from '../errors.js';
import { readJson } from '../http.js';
import { requireCounty } from '../middleware/auth.js';
import { insertRound, listRounds, type RoundRow } from '../db/rounds.js';
import { tooLarge } from './submissions.js';
import { writeDigest, writeKey } from '../request-keys.js';

/** Rounds of 会诊 (SPEC 12.3): `POST /api/v1/rounds` {title, heldOn} opens one; `GET` lists them. County only. */
export const rounds = new Hono<AppEnv>();

const asRound = (r: RoundRow): Round => ({ id: r.id, title: r.title, heldOn: r.held_on, createdAt: r.created_at });

rounds.post('/', requireCounty, bodyLimit({ maxSize: 16 * 1024, onError: tooLarge }), async (c) => {
  const body = await readJson(c, RoundRequestSchema);
  const keyed = await writeKey(c, await writeDigest(c));
  if (keyed.replay) return keyed.replay;
  const today = c.get('today');
  const heldOn = body.heldOn ?? today;
  if (!isIsoDate(heldOn) || heldOn > today) {
    throw new ApiError('held-on-invalid', `今天是 ${today} (today is ${today})`);
  }
  const at = new Date().toISOString();
  const id = await insertRound(c.env.DB, { title: body.title, heldOn, tokenId: c.get('principal').tokenId, at }, keyed.statements);
  return c.json(asRound({ id, title: body.title, held_on: heldOn, created_at: at }), 201);
});

rounds.get('/', requireCounty, async (c) => c.json({ rounds: (await listRounds(c.env.DB)).map(asRound) }));
