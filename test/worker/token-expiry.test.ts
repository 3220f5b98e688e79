import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../worker/hash.js';
import { api, expectJson, issueToken, revoke } from './helpers.js';

const row = async (token: string) =>
  env.DB.prepare('SELECT expires_on, last_used_at FROM tokens WHERE token_hash = ?').bind(await sha256Hex(token)).first<{ expires_on: string | null; last_used_at: string | null }>();

describe('token expiry and last use', () => {
  it('a token works through its expiry date (county time) and is 401 token-expired the day after', async () => {
    const token = await issueToken('unit', '儒林镇');
    await env.DB.prepare('UPDATE tokens SET expires_on = ? WHERE token_hash = ?').bind('2023-04-30', await sha256Hex(token)).run();
    await expectJson(await api('GET', '/api/v1/me', { token, today: '2023-04-30' }), 200);
    const body = await expectJson(await api('GET', '/api/v1/me', { token, today: '2023-05-01' }), 401);
    expect(body.error.code).toBe('token-expired');
    expect(body.error.message).toContain('2023-04-30');
  });

  it('records when a token was last used', async () => {
    const token = await issueToken('county');
    expect((await row(token))!.last_used_at).toBeNull();
    await expectJson(await api('GET', '/api/v1/me', { token }), 200);
    expect((await row(token))!.last_used_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('revocation stays immediate', async () => {
    const token = await issueToken('county');
    await expectJson(await api('GET', '/api/v1/me', { token }), 200);
    await revoke(token);
    expect((await expectJson(await api('GET', '/api/v1/me', { token }), 401)).error.code).toBe('token-revoked');
  });
});
