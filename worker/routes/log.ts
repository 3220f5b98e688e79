import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isIsoDate } from '../../shared/index.js';
import { InterviewRequestSchema, LogQuerySchema, NoticeRequestSchema } from '../../shared/schema/api.js';
import type { AppEnv } from '../env.js';
import { ApiError } from '../errors.js';
import { readJson, readQuery } from '../http.js';
import { unitScope } from '../access.js';
import { requireCounty } from '../middleware/auth.js';
import { countUnitItems, insertInterview, insertNotice, listInterviews, listNotices } from '../db/log.js';
import { findUnitByName } from '../db/units.js';
import { tooLarge } from './submissions.js';
import { writeDigest, writeKey } from '../request-keys.js';

/**
 * The county office's log (SPEC section 9): `POST /api/v1/notices` (工作提示/催办) and
 * `POST /api/v1/interviews` (约谈), county only; `GET` lists them (a unit token sees its own).
 * A POST retried with its Idempotency-Key is answered as the first was (request-keys.ts).
 */
export const notices = new Hono<AppEnv>();
export const interviews = new Hono<AppEnv>();

const small = bodyLimit({ maxSize: 64 * 1024, onError: tooLarge });

notices.post('/', requireCounty, small, async (c) => {
  const body = await readJson(c, NoticeRequestSchema);
  const key = await writeKey(c, await writeDigest(c));
  if (key.replay) return key.replay;
  const unit = await registeredUnit(c, body.unit);
  const keys = [...new Set(body.itemKeys ?? [])];
  if ((await countUnitItems(c.env.DB, unit.id, keys)) !== keys.length) {
    throw new ApiError('notice-item-unknown', `itemKeys 须都是${unit.name}的事项 (every itemKeys entry must be an item of ${unit.name})`);
  }
  const sentOn = dateNotAfterToday(c, body.sentOn, 'sentOn');
  const id = await insertNotice(c.env.DB, {
    unitId: unit.id, kind: body.kind, channel: body.channel, sentOn, itemKeys: keys, note: body.note ?? '', tokenId: c.get('principal').tokenId, at: new Date().toISOString(),
  }, key.statements);
  return c.json({ id, unit: unit.name, kind: body.kind, channel: body.channel, sentOn, itemKeys: keys, note: body.note ?? '' }, 201);
});

notices.get('/', async (c) => {
  const rows = await listNotices(c.env.DB, await scope(c));
  return c.json({
    notices: rows.map((n) => ({
      id: n.id, unit: n.unit, kind: n.kind, channel: n.channel, ...(n.delivery ? { delivery: n.delivery } : {}), sentOn: n.sent_on,
      itemKeys: JSON.parse(n.item_keys) as string[], note: n.note, createdAt: n.created_at,
    })),
  });
});

interviews.post('/', requireCounty, small, async (c) => {
  const body = await readJson(c, InterviewRequestSchema);
  const key = await writeKey(c, await writeDigest(c));
  if (key.replay) return key.replay;
  const unit = await registeredUnit(c, body.unit);
  const heldOn = dateNotAfterToday(c, body.heldOn, 'heldOn');
  const id = await insertInterview(c.env.DB, {
    unitId: unit.id, heldOn, people: body.people, note: body.note ?? '', tokenId: c.get('principal').tokenId, at: new Date().toISOString(),
  }, key.statements);
  return c.json({ id, unit: unit.name, heldOn, people: body.people, note: body.note ?? '' }, 201);
});

interviews.get('/', async (c) => {
  const rows = await listInterviews(c.env.DB, await scope(c));
  return c.json({ interviews: rows.map((i) => ({ id: i.id, unit: i.unit, heldOn: i.held_on, people: i.people, note: i.note, createdAt: i.created_at })) });
});

async function registeredUnit(c: Context<AppEnv>, name: string) {
  const unit = await findUnitByName(c.env.DB, name);
  if (!unit) throw new ApiError('unit-unknown', `单位“${name.slice(0, 100)}”未登记 (not registered)`);
  return unit;
}

/** A logged event happened on a real date, and not in the future. */
function dateNotAfterToday(c: Context<AppEnv>, date: string | undefined, field: string): string {
  const today = c.get('today');
  if (date === undefined) return today;
  if (!isIsoDate(date) || date > today) throw new ApiError('invalid-body', `${field} 须为不晚于 ${today} 的有效日期 (a real date no later than ${today})`);
  return date;
}

/** `?unit=` as everywhere: a unit token reads its own, the county any unit or all; unknown parameters are 400. */
async function scope(c: Context<AppEnv>): Promise<number | undefined> {
  const { unit } = readQuery(c, LogQuerySchema);
  return unitScope(c.env.DB, c.get('principal'), unit);
}
