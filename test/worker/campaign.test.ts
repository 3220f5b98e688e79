import { beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json';
import campaign2024 from '../fixtures/campaign-2024.json';
import { api, expectJson, issueToken } from './helpers.js';

// The county's campaign lives in the server's CAMPAIGN setting (SPEC section 13): /me hands the
// whole of it to the add-in and the CLI, and a broken one is a clear error, not the default.
let unit: string;
beforeAll(async () => {
  unit = await issueToken('unit', '茅坪镇');
});

describe('the campaign in force', () => {
  it('GET /me returns the whole campaign the server runs, so clients check against it', async () => {
    const me = await expectJson(await api('GET', '/api/v1/me', { token: unit, env: { CAMPAIGN: JSON.stringify(campaign2024) } }), 200);
    expect(me.campaign).toEqual(campaign2024);
    const health = await expectJson(await api('GET', '/api/v1/health', { env: { CAMPAIGN: JSON.stringify(campaign2024) } }), 200);
    expect(health).toMatchObject({ campaign: 'chengbu-2024', year: 2024, campaignName: campaign2024.name });
  });

  it('with CAMPAIGN empty, the product default (from shared/) is in force', async () => {
    const me = await expectJson(await api('GET', '/api/v1/me', { token: unit, env: { CAMPAIGN: '' } }), 200);
    expect(me.campaign).toMatchObject({ id: 'chengbu-2023', year: 2023, selfCheckDue: '2023-04-25' });
  });

  it('a CAMPAIGN with a bad setting makes every request say what is wrong, Chinese first', async () => {
    const broken = JSON.stringify({ ...campaign2024, selfCheckDue: '2024/04/30', categories: [] });
    for (const [path, token] of [['/api/v1/health', undefined], ['/api/v1/me', unit]] as const) {
      const body = await expectJson(await api('GET', path, { token, env: { CAMPAIGN: broken } }), 500);
      expect(body.error.code).toBe('campaign-invalid');
      expect(body.error.message).toMatch(/^服务器的检查方案设置有误/);
      expect(body.error.message).toContain('selfCheckDue');
      expect(body.error.message).toContain('categories');
    }
  });

  it('a CAMPAIGN that is not JSON is the same clear error, and fixing it takes effect', async () => {
    const body = await expectJson(await api('GET', '/api/v1/me', { token: unit, env: { CAMPAIGN: '{id: chengbu-2024' } }), 500);
    expect(body.error).toMatchObject({ code: 'campaign-invalid' });
    expect(body.error.message).toContain('不是有效的 JSON');
    const me = await expectJson(await api('GET', '/api/v1/me', { token: unit, env: { CAMPAIGN: JSON.stringify(campaign2024) } }), 200);
    expect(me.campaign.id).toBe('chengbu-2024');
  });
});

describe('health', () => {
  it('says which build is deployed: git describe from the built version.json, or the package version', async () => {
    const health = await expectJson(await api('GET', '/api/v1/health'), 200);
    expect(typeof health.version).toBe('string');
    expect(health.version === packageJson.version || /^[\w.-]+$/.test(health.version)).toBe(true);
    expect(health.version.length).toBeGreaterThan(0);
  });
});
