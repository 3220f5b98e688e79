import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import type { D1Database } from '@cloudflare/workers-types';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../worker/hash.js';
import worker from '../../worker/index.js';
import { api, expectJson, issueToken, revoke, TODAY } from './helpers.js';

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

  // The first request in an hour records the use: a write that the answer needs nothing of, so it
  // is not a round trip the request waits on (in production most submissions are a token's first
  // request in an hour). Here the write is held until the answer has come.
  it('records the use without the answer waiting on it, and the write lands all the same', { timeout: 60_000 }, async () => {
    const token = await issueToken('unit', '后记乡');
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let held = false;
    const holding = new Proxy(env.DB, {
      get(target, key) {
        if (key !== 'prepare') return Reflect.get(target, key, target);
        return (sql: string) => {
          const s = target.prepare(sql);
          if (!sql.startsWith('UPDATE tokens SET last_used_at')) return s;
          return new Proxy(s, {
            get(t, k) {
              if (k === 'bind') return (...args: unknown[]) => {
                const bound = t.bind(...args);
                return { run: async () => { held = true; await gate; return bound.run(); } };
              };
              return Reflect.get(t, k, t);
            },
          });
        };
      },
    }) as D1Database;
    const ctx = createExecutionContext();
    const answer = worker.fetch(new Request('https://county.test/api/v1/me', { headers: { authorization: `Bearer ${token}` } }), { ...env, TODAY, DB: holding } as Env, ctx);
    // Waits on nothing that takes time unless the answer waits on the held write (it then never comes).
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<'waited'>((resolve) => (timer = setTimeout(() => resolve('waited'), 30_000)));
    const first = await Promise.race([answer, waited]);
    clearTimeout(timer);
    expect(held).toBe(true);
    expect(first).not.toBe('waited');
    expect((first as Response).status).toBe(200);
    expect((await row(token))!.last_used_at).toBeNull();
    open();
    await waitOnExecutionContext(ctx);
    expect((await row(token))!.last_used_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('revocation stays immediate', async () => {
    const token = await issueToken('county');
    await expectJson(await api('GET', '/api/v1/me', { token }), 200);
    await revoke(token);
    expect((await expectJson(await api('GET', '/api/v1/me', { token }), 401)).error.code).toBe('token-revoked');
  });
});
