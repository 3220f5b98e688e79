import { describe, expect, it } from 'vitest';
import { api, issueToken } from './helpers.js';

/**
 * Sends requests until the first 429 and returns how many passed before it. Windows are fixed
 * (miniflare counts per minute of the clock), so a window may turn mid-burst and reset the count:
 * going up to twice the limit still meets a 429, and at least `limit` always pass first. Nothing
 * here depends on how fast the machine is.
 */
async function untilRefused(limit: number, send: () => Promise<Response>): Promise<{ passed: number; refused: Response }> {
  for (let n = 0; n <= 2 * limit + 1; n++) {
    const res = await send();
    if (res.status === 429) return { passed: n, refused: res };
    await res.body?.cancel();
  }
  throw new Error(`no 429 within ${2 * limit + 2} requests`);
}

describe('rate limits', () => {
  it('submissions and uploads: 60 a minute per token, then 429 with Retry-After; another token is not slowed', async () => {
    const token = await issueToken('unit', '儒林镇');
    const { passed, refused } = await untilRefused(60, () => api('POST', '/api/v1/submissions', { token, json: {} }));
    expect(passed).toBeGreaterThanOrEqual(60);
    const body = await refused.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe('rate-limited');
    expect(body.error.message).toMatch(/^请求过于频繁/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = await issueToken('unit', '儒林镇');
    expect((await api('POST', '/api/v1/uploads', { token: other, json: {} })).status).not.toBe(429);
    // Reading stays open to the limited token: the heavy limit is its own.
    expect((await api('GET', '/api/v1/me', { token })).status).toBe(200);
  });

  it('per client IP, before the token is looked up: a flood of bad tokens from one address gets 429', async () => {
    const headers = { 'cf-connecting-ip': '203.0.113.7' };
    const { passed, refused } = await untilRefused(600, () => api('GET', '/api/v1/me', { token: 'lc_not_a_real_token_at_all', headers }));
    expect(passed).toBeGreaterThanOrEqual(600);
    expect(refused.headers.get('retry-after')).toBe('60');
    // Another address is not affected.
    expect((await api('GET', '/api/v1/me', { token: 'lc_not_a_real_token_at_all', headers: { 'cf-connecting-ip': '203.0.113.8' } })).status).toBe(401);
  });

  it('heavy endpoints per IP too, whatever tokens it uses', async () => {
    const headers = { 'cf-connecting-ip': '198.51.100.9' };
    const tokens = await Promise.all(Array.from({ length: 4 }, () => issueToken('unit', '茅坪镇')));
    let n = 0;
    const { passed } = await untilRefused(60, () => api('POST', '/api/v1/submissions', { token: tokens[n++ % 4], json: {}, headers }));
    expect(passed).toBeGreaterThanOrEqual(60);
  });
});
