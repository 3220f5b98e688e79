import type { D1Database } from '@cloudflare/workers-types';
import type { Delivery } from '../../shared/schema/chase.js';
import { deliveriesOf, failedNoticeIds, findRobotNotice, recordDelivery, robotOf } from '../db/notice-delivery.js';
import { deliver } from './deliver.js';

/**
 * One delivery attempt of a stored robot notice, through the unit's robot as configured now (so
 * a secret the admin fixed applies on the next retry). Every attempt is logged with the answer.
 */
export async function attemptDelivery(db: D1Database, noticeId: number, on: string): Promise<Delivery> {
  const notice = await findRobotNotice(db, noticeId);
  if (!notice?.message) throw new Error(`notice ${noticeId} is not a robot notice`);
  const robot = await robotOf(db, notice.unitId);
  const at = new Date().toISOString();
  const answer = robot
    ? await deliver(robot, notice.message)
    : { outcome: 'failed' as const, httpStatus: null, errcode: null, errmsg: '该单位未设置群机器人 (no robot set for the unit)' };
  const d: Delivery = { ...answer, at };
  await recordDelivery(db, noticeId, d, on);
  return d;
}

/** The daily retry: every failed robot notice gets one more attempt (oldest first, at most `limit`). */
export async function retryFailedNotices(db: D1Database, on: string, limit = 50): Promise<{ retried: number; delivered: number }> {
  let delivered = 0;
  const ids = await failedNoticeIds(db, limit);
  for (const id of ids) if ((await attemptDelivery(db, id, on)).outcome === 'delivered') delivered++;
  return { retried: ids.length, delivered };
}

export { deliveriesOf };
