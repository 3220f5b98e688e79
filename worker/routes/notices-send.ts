import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { addDays } from '../../shared/index.js';
import { NoticeSendSchema, type SentNotice } from '../../shared/schema/chase.js';
import type { AppEnv } from '../env.js';
import { ApiError } from '../errors.js';
import { readJson } from '../http.js';
import { requireCounty } from '../middleware/auth.js';
import { countUnitItems } from '../db/log.js';
import { deliveriesOf, findRobotNotice, insertRobotNotice, robotOf } from '../db/notice-delivery.js';
import { findUnitByName } from '../db/units.js';
import { chaseList } from '../letters/chase-list.js';
import { noticeMessage } from '../letters/letter-text.js';
import { officeOf } from '../letters/office.js';
import { attemptDelivery } from '../robots/send.js';
import { tooLarge } from './submissions.js';
import { writeDigest, writeKey } from '../request-keys.js';

/**
 * Robot delivery (SPEC 12.4): `POST /api/v1/notices/send` posts the notice to the unit's group
 * robot and logs it with the robot's answer; `POST /api/v1/notices/:id/retry` tries a failed one
 * again; `GET /api/v1/notices/:id` shows it with every attempt. County only.
 */
export const noticeSend = new Hono<AppEnv>();

noticeSend.post('/send', requireCounty, bodyLimit({ maxSize: 64 * 1024, onError: tooLarge }), async (c) => {
  const body = await readJson(c, NoticeSendSchema);
  // A retry after a lost answer is answered as the first try was: the group is not posted to twice.
  const keyed = await writeKey(c, await writeDigest(c));
  if (keyed.replay) return keyed.replay;
  const unit = await findUnitByName(c.env.DB, body.unit);
  if (!unit) throw new ApiError('unit-unknown', body.unit.slice(0, 100));
  const robot = await robotOf(c.env.DB, unit.id);
  if (!robot) throw new ApiError('robot-not-set', unit.name);
  const keys = body.items ? [...new Set(body.items)] : undefined;
  if (keys && (await countUnitItems(c.env.DB, unit.id, keys)) !== keys.length) {
    throw new ApiError('notice-item-unknown', unit.name);
  }
  const today = c.get('today');
  const campaign = c.get('campaign');
  const chased = await chaseList(c.env.DB, unit.id, campaign, today);
  const items = keys ? chased.filter((it) => keys.includes(it.key)) : chased;
  const message = noticeMessage({
    kind: body.kind, unit: unit.name, asOf: today, replyBy: body.replyBy ?? addDays(today, 7), office: officeOf(c.env, campaign),
    campaignName: campaign.name, items,
  });
  const id = await insertRobotNotice(c.env.DB, {
    unitId: unit.id, kind: body.kind, channel: robot.kind, sentOn: today, itemKeys: [...new Set(items.map((i) => i.key))], message,
    tokenId: c.get('principal').tokenId, at: new Date().toISOString(),
  }, keyed.statements);
  await attemptDelivery(c.env.DB, id, today);
  return c.json(await sentNotice(c, id), 201);
});

noticeSend.post('/:id{[0-9]+}/retry', requireCounty, async (c) => {
  const notice = await findRobotNotice(c.env.DB, Number(c.req.param('id')));
  if (!notice?.message) throw new ApiError('notice-not-found');
  if (notice.delivery === 'delivered') throw new ApiError('already-delivered');
  await attemptDelivery(c.env.DB, notice.id, c.get('today'));
  return c.json(await sentNotice(c, notice.id), 200);
});

noticeSend.get('/:id{[0-9]+}', requireCounty, async (c) => {
  const id = Number(c.req.param('id'));
  if (!(await findRobotNotice(c.env.DB, id))) throw new ApiError('notice-not-found');
  return c.json(await sentNotice(c, id));
});

async function sentNotice(c: Context<AppEnv>, id: number): Promise<SentNotice> {
  const n = (await findRobotNotice(c.env.DB, id))!;
  return {
    id: n.id, unit: n.unit, kind: n.kind, channel: n.channel as SentNotice['channel'], sentOn: n.sentOn, delivery: n.delivery,
    deliveries: await deliveriesOf(c.env.DB, id),
  };
}
