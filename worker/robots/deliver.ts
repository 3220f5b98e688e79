import type { Delivery } from '../../shared/schema/chase.js';
import type { RobotConfig } from './config.js';
import { dingtalkBody, dingtalkUrl } from './dingtalk.js';
import { wecomBody } from './wecom.js';

export interface RobotMessage {
  title: string;
  markdown: string;
}

/**
 * Posts a message to a group robot and reads its answer. Both robots answer HTTP 200 with
 * `{ errcode, errmsg }`; errcode 0 is delivered, anything else (sign not match, rate limits such
 * as DingTalk's 130101 or WeCom's 45009) is failed with the robot's own words. A network error,
 * timeout or non-JSON answer is failed too: the caller logs every outcome, nothing is thrown.
 */
export async function deliver(robot: RobotConfig, msg: RobotMessage, now = Date.now()): Promise<Omit<Delivery, 'at'>> {
  try {
    const url = robot.kind === 'dingtalk' ? await dingtalkUrl(robot.webhook, robot.secret, now) : robot.webhook;
    const body = robot.kind === 'dingtalk' ? dingtalkBody(msg.title, msg.markdown) : wecomBody(msg.markdown);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    const answer = parseAnswer(text);
    const errcode = typeof answer?.errcode === 'number' ? answer.errcode : null;
    const errmsg = typeof answer?.errmsg === 'string' ? answer.errmsg : text.slice(0, 300);
    if (res.ok && errcode === 0) return { outcome: 'delivered', httpStatus: res.status, errcode, errmsg };
    return { outcome: 'failed', httpStatus: res.status, errcode, errmsg: errmsg || `HTTP ${res.status}` };
  } catch (err) {
    return { outcome: 'failed', httpStatus: null, errcode: null, errmsg: `请求失败：${(err as Error).message}`.slice(0, 300) };
  }
}

/** The robot's `{ errcode, errmsg }`, or null when the answer is not JSON (reported with the status). */
function parseAnswer(text: string): { errcode?: unknown; errmsg?: unknown } | null {
  try {
    const json: unknown = JSON.parse(text);
    return json && typeof json === 'object' ? (json as { errcode?: unknown; errmsg?: unknown }) : null;
  } catch {
    return null;
  }
}
