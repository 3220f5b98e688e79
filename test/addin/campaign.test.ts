import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { campaignInForce, campaignLine, savedCampaign } from '../../addin/campaign.js';
import type { Settings } from '../../addin/settings.js';
import { campaignOrDefault, parseCampaign, type Campaign } from '../../shared/index.js';

// Which campaign the add-in checks against (SPEC section 13): the server's from GET /me, the copy
// kept from it when offline, the product default only with no server set. The browser tests
// (test/e2e/deploy.test.ts) prove it end to end against a real Worker.
const c2024 = parseCampaign(JSON.parse(readFileSync('test/fixtures/campaign-2024.json', 'utf8')));
const settings = (serverUrl: string): Settings => ({ serverUrl, token: 'lc_x', unit: '', lang: 'zh' });
function memory(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}
const answers = (campaign: Campaign) => async () => ({ campaign });
const offline = async (): Promise<never> => {
  throw new Error('无法连接服务器');
};

describe('the campaign the add-in checks against', () => {
  it('with no server set, is the product default and asks nobody', async () => {
    let asked = false;
    const got = await campaignInForce(settings(''), memory(), async () => ((asked = true), { campaign: c2024 }));
    expect(got).toEqual({ campaign: campaignOrDefault(), source: 'default' });
    expect(asked).toBe(false);
  });

  it('with a server, is the server’s campaign, and is kept for offline checks', async () => {
    const store = memory();
    expect(await campaignInForce(settings('https://ledger.example.gov.cn'), store, answers(c2024))).toEqual({ campaign: c2024, source: 'server' });
    const later = await campaignInForce(settings('https://ledger.example.gov.cn'), store, offline);
    expect(later).toMatchObject({ campaign: c2024, source: 'saved', problem: '无法连接服务器' });
  });

  it('never uses a campaign saved from another server, and says why it cannot check', async () => {
    const store = memory();
    await campaignInForce(settings('https://a.example'), store, answers(c2024));
    expect(savedCampaign('https://b.example', store)).toBeNull();
    await expect(campaignInForce(settings('https://b.example'), store, offline)).rejects.toThrow(/^未能从服务器取得本县的整改活动设置.*无法连接服务器/);
  });

  it('ignores a damaged saved copy rather than check against it', async () => {
    const store = memory();
    store.setItem('ledger-check.campaign', JSON.stringify({ serverUrl: 'https://a.example', campaign: { ...c2024, categories: [] } }));
    expect(savedCampaign('https://a.example', store)).toBeNull();
    store.setItem('ledger-check.campaign', '{not json');
    expect(savedCampaign('https://a.example', store)).toBeNull();
  });

  it('tells which campaign and year, and from where', () => {
    expect(campaignLine({ campaign: c2024, source: 'server' }, 'zh')).toBe(`${c2024.name}（2024年，服务器下发）`);
    expect(campaignLine({ campaign: campaignOrDefault(), source: 'default' }, 'en')).toMatch(/\(2023, default: no server set\)$/);
  });
});
