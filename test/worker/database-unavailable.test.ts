import { env } from 'cloudflare:workers';
import type { D1Database } from '@cloudflare/workers-types';
import { describe, expect, it } from 'vitest';
import { api, expectJson, issueToken } from './helpers.js';

/** env.DB whose every call fails with `message`, as D1 does when it is unavailable for a moment. */
function failingWith(message: string): D1Database {
  const fail = () => Promise.reject(new Error(message));
  const statement = { bind: () => statement, first: fail, all: fail, raw: fail, run: fail };
  return new Proxy(env.DB, {
    get(target, k) {
      if (k === 'prepare') return () => statement;
      if (k === 'batch') return fail;
      const v = Reflect.get(target, k, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  }) as D1Database;
}

// D1 lists the errors worth retrying (the connection lost, the database reset or overloaded).
// One that outlasts D1's own retries is a moment's unavailability, not a bug: 503 with
// Retry-After, which the add-in waits out, and words that say so; anything else stays 500.
describe('the database unavailable for a moment', () => {
  it('is 503 database-unavailable with Retry-After, in Chinese first', async () => {
    const county = await issueToken('county');
    for (const message of [
      'D1_ERROR: Network connection lost.',
      'D1_ERROR: D1 DB storage operation exceeded timeout which caused object to be reset.',
      'D1_ERROR: D1 DB is overloaded. Requests queued for too long.',
      'D1_ERROR: Durable Object reset because its code was updated.',
    ]) {
      const res = await api('GET', '/api/v1/items', { token: county, env: { DB: failingWith(message) } });
      expect(res.headers.get('retry-after'), message).toBe('2');
      const body = await expectJson(res, 503);
      expect(body.error.code, message).toBe('database-unavailable');
      expect(body.error.message, message).toMatch(/^数据库暂时不可用/);
    }
  });

  it('leaves any other failure a 500', async () => {
    const county = await issueToken('county');
    const res = await api('GET', '/api/v1/items', { token: county, env: { DB: failingWith('D1_ERROR: no such table: items: SQLITE_ERROR') } });
    expect((await expectJson(res, 500)).error.code).toBe('internal');
  });
});
