import { campaignOrDefault, CampaignSchema, type Campaign } from '../shared/index.js';
import { CountyClient } from './server/client.js';
import type { Settings } from './settings.js';

/** Where the campaign came from: the server just now, the copy kept from it, or the default. */
export type CampaignSource = 'server' | 'saved' | 'default';

export interface CampaignInForce {
  campaign: Campaign;
  source: CampaignSource;
  /** Why the server's answer was not used (a saved copy stood in), for the pane to show. */
  problem?: string;
}

const KEY = 'ledger-check.campaign';
type Store = Pick<Storage, 'getItem' | 'setItem'>;
type FetchMe = (settings: Settings) => Promise<{ campaign: Campaign }>;

/** The campaign last received from this server, kept in the add-in's storage for offline checks. */
export function savedCampaign(serverUrl: string, storage: Pick<Storage, 'getItem'> = localStorage): Campaign | null {
  try {
    const raw = JSON.parse(storage.getItem(KEY) ?? 'null') as { serverUrl?: unknown; campaign?: unknown } | null;
    if (!raw || raw.serverUrl !== serverUrl) return null;
    const parsed = CampaignSchema.safeParse(raw.campaign);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const askServer: FetchMe = (s) => new CountyClient({ baseUrl: s.serverUrl, token: s.token, attempts: 1 }).me();

/**
 * The campaign a check runs against (SPEC section 13). With a server configured it is the
 * server's (GET /me), saved for the next check; when the server cannot be reached the saved copy
 * is used; with neither, the check stops with a clear message rather than use a campaign the
 * county does not run. Only with no server configured is it the product's default.
 */
export async function campaignInForce(settings: Settings, storage: Store = localStorage, fetchMe: FetchMe = askServer): Promise<CampaignInForce> {
  const serverUrl = settings.serverUrl.trim();
  if (!serverUrl) return { campaign: campaignOrDefault(), source: 'default' };
  try {
    const { campaign } = await fetchMe(settings);
    try {
      storage.setItem(KEY, JSON.stringify({ serverUrl, campaign }));
    } catch {
      // Storage full or unavailable: this check still uses the server's campaign.
    }
    return { campaign, source: 'server' };
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    const saved = savedCampaign(serverUrl, storage);
    if (saved) return { campaign: saved, source: 'saved', problem };
    throw new Error(`未能从服务器取得本县的整改活动设置，本机也没有保存过，无法检查：${problem}`, { cause: error });
  }
}

/**
 * One line saying what the check runs against, e.g. `整改活动：…（2024年）`, and from where.
 * @example campaignLine({ campaign, source: 'saved' }, 'zh') // '…（2024年，服务器上次下发）'
 */
export function campaignLine(inForce: CampaignInForce, lang: 'zh' | 'en'): string {
  const { campaign, source } = inForce;
  const from = { server: ['服务器下发', 'from the server'], saved: ['服务器上次下发，离线使用', 'last received from the server, offline'], default: ['默认，未设置服务器', 'default: no server set'] }[source];
  return lang === 'zh' ? `${campaign.name}（${campaign.year}年，${from[0]}）` : `${campaign.name} (${campaign.year}, ${from[1]})`;
}
