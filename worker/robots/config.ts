/**
 * A unit's group robot as the admin command sets it. Checked once here (the admin command and
 * the sender both use it) so a mistyped webhook is refused when it is set, not when a notice fails.
 */
export type RobotKind = 'dingtalk' | 'wecom';

export interface RobotConfig {
  kind: RobotKind;
  webhook: string;
  /** DingTalk's signing secret (加签, starts with SEC); WeCom robots have none. */
  secret: string | null;
}

/** The Chinese-first reason a robot setting is refused, or null when it is usable. */
export function robotConfigProblem(r: RobotConfig): string | null {
  let url: URL;
  try {
    url = new URL(r.webhook);
  } catch {
    return `机器人地址不是有效的网址：${r.webhook.slice(0, 200)} (webhook is not a URL)`;
  }
  if (url.protocol !== 'https:') return '机器人地址必须是 https (webhook must be https)';
  if (r.kind === 'dingtalk') {
    if (!url.searchParams.get('access_token')) return '钉钉机器人地址缺少 access_token 参数 (DingTalk webhook needs access_token)';
    if (r.secret !== null && !/^SEC[0-9a-zA-Z]{8,}$/.test(r.secret)) return '钉钉加签密钥应以 SEC 开头 (DingTalk secret starts with SEC)';
  } else {
    if (!url.searchParams.get('key')) return '企业微信机器人地址缺少 key 参数 (WeCom webhook needs key)';
    if (r.secret !== null) return '企业微信群机器人没有加签密钥，请不要设置 --secret (WeCom robots have no secret)';
  }
  return null;
}
