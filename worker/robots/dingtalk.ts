/**
 * DingTalk custom group robot (自定义机器人), as its documentation describes: POST JSON to the
 * webhook; with 加签, add `timestamp` (ms) and `sign` = urlencode(base64(HmacSHA256(key: secret,
 * message: timestamp + "\n" + secret))) to the query. DingTalk refuses a timestamp more than an
 * hour off its clock.
 */
export async function dingtalkSign(secret: string, timestamp: number): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(`${timestamp}\n${secret}`)));
  let bin = '';
  for (const b of mac) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** The webhook with timestamp and sign appended (URLSearchParams urlencodes the base64). */
export async function dingtalkUrl(webhook: string, secret: string | null, now: number): Promise<string> {
  if (!secret) return webhook;
  const url = new URL(webhook);
  url.searchParams.set('timestamp', String(now));
  url.searchParams.set('sign', await dingtalkSign(secret, now));
  return url.toString();
}

/** A markdown message: `title` shows in the chat list, `text` in the group. */
export function dingtalkBody(title: string, markdown: string): unknown {
  return { msgtype: 'markdown', markdown: { title, text: markdown } };
}
