import { createHmac } from 'node:crypto';

/**
 * Local fakes of the DingTalk and WeCom group-robot APIs, following their documents, run in Node
 * as the Workers tests' outbound service (miniflare's `outboundService`: every fetch the Worker
 * makes comes here). Each robot keeps the messages it accepted and enforces the documented rules:
 *
 * - DingTalk `POST https://oapi.dingtalk.com/robot/send?access_token=…[&timestamp=…&sign=…]`:
 *   unknown token → 300001; with 加签, a timestamp more than an hour off → 310000 "invalid
 *   timestamp", a wrong sign → 310000 "sign not match"; more than 20 messages a minute → 130101;
 *   a markdown message without title/text → 40035.
 * - WeCom `POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`: unknown key → 93000
 *   "invalid webhook url"; more than 20 a minute → 45009 "api freq out of limit"; markdown
 *   content over 4096 bytes → 40058.
 *
 * Tests read and steer the fakes at https://robots.fake/: `GET /messages`, `POST /advance?ms=`
 * (moves the fakes' clock, e.g. past a rate-limit minute), `POST /reset`.
 */
export interface FakeRobotsConfig {
  /** DingTalk access tokens and their secrets (null: a robot without 加签). */
  dingtalk: Record<string, string | null>;
  /** WeCom webhook keys. */
  wecom: string[];
}

interface Received {
  robot: string;
  token: string;
  query: Record<string, string>;
  body: unknown;
}

const PER_MINUTE = 20;

export function fakeRobots(config: FakeRobotsConfig) {
  let offset = 0;
  let received: Received[] = [];
  let sent = new Map<string, number[]>();
  const now = () => Date.now() + offset;
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  /** True when this robot already took 20 messages in the last minute (the documented limit). */
  const limited = (id: string) => {
    const recent = (sent.get(id) ?? []).filter((t) => now() - t < 60_000);
    sent.set(id, recent);
    return recent.length >= PER_MINUTE;
  };
  const accept = (id: string, r: Received) => {
    sent.get(id)!.push(now());
    received.push(r);
    return json({ errcode: 0, errmsg: 'ok' });
  };

  return async function outbound(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const query = Object.fromEntries(url.searchParams);
    if (url.hostname === 'robots.fake') {
      if (url.pathname === '/messages') return json(received);
      if (url.pathname === '/advance') offset += Number(url.searchParams.get('ms') ?? 0);
      if (url.pathname === '/reset') [offset, received, sent] = [0, [], new Map()];
      return json({ ok: true });
    }
    const body: unknown = await request.json().catch(() => null);
    if (url.hostname === 'oapi.dingtalk.com' && url.pathname === '/robot/send' && request.method === 'POST') {
      const token = query.access_token ?? '';
      if (!(token in config.dingtalk)) return json({ errcode: 300001, errmsg: 'token is not exist' });
      const secret = config.dingtalk[token];
      if (secret) {
        const ts = Number(query.timestamp);
        if (!Number.isFinite(ts) || Math.abs(now() - ts) > 3600_000) return json({ errcode: 310000, errmsg: 'invalid timestamp' });
        const want = createHmac('sha256', secret).update(`${query.timestamp}\n${secret}`).digest('base64');
        // searchParams decoded the urlencoded sign: it must equal the base64 HMAC exactly.
        if (query.sign !== want) return json({ errcode: 310000, errmsg: 'sign not match' });
      }
      const md = (body as { msgtype?: string; markdown?: { title?: string; text?: string } } | null);
      if (md?.msgtype !== 'markdown' || !md.markdown?.title || !md.markdown.text) return json({ errcode: 40035, errmsg: '缺少参数 json' });
      if (limited(`dt:${token}`)) return json({ errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' });
      return accept(`dt:${token}`, { robot: 'dingtalk', token, query, body });
    }
    if (url.hostname === 'qyapi.weixin.qq.com' && url.pathname === '/cgi-bin/webhook/send' && request.method === 'POST') {
      const key = query.key ?? '';
      if (!config.wecom.includes(key)) return json({ errcode: 93000, errmsg: 'invalid webhook url, hint: [1700000000_1_abc]' });
      const md = (body as { msgtype?: string; markdown?: { content?: string } } | null);
      if (md?.msgtype !== 'markdown' || !md.markdown?.content) return json({ errcode: 40008, errmsg: 'invalid message type' });
      if (Buffer.byteLength(md.markdown.content) > 4096) return json({ errcode: 40058, errmsg: 'markdown.content exceed max length 4096' });
      if (limited(`wc:${key}`)) return json({ errcode: 45009, errmsg: 'api freq out of limit' });
      return accept(`wc:${key}`, { robot: 'wecom', token: key, query, body });
    }
    return new Response('no route to host in tests', { status: 502 });
  };
}

/** The robots the Workers tests configure. */
export const TEST_ROBOTS: FakeRobotsConfig = {
  dingtalk: { 'dt-danko': 'SECdanko0123456789abcdef', 'dt-plain': null },
  wecom: ['wc-xiyan'],
};
