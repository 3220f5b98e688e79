import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../worker/env.js';
import { onError } from '../../worker/errors.js';
import { HEAVY_GATE, heavyGate, Turns } from '../../worker/middleware/heavy-gate.js';
import { api, concrete, expectJson, issueToken, ledger } from './helpers.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
/** Lets every pending promise callback run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('large submissions take turns in an isolate', () => {
  it('one at a time, first come first served, the next past the queue refused; a failed task passes its turn on', async () => {
    const turns = new Turns(1);
    const order: string[] = [];
    const first = deferred();
    const a = turns.run(async () => {
      order.push('a starts');
      await first.promise;
      order.push('a ends');
      throw new Error('a failed');
    });
    const b = turns.run(async () => void order.push('b'));
    await expect(turns.run(async () => void order.push('c'))).rejects.toMatchObject({ code: 'server-busy', headers: { 'Retry-After': String(HEAVY_GATE.retryAfterSeconds) } });
    await settle();
    expect(order).toEqual(['a starts']);
    first.resolve();
    await expect(a).rejects.toThrow('a failed');
    await b;
    expect(order).toEqual(['a starts', 'a ends', 'b']);
    // Free again: the next runs at once.
    await turns.run(async () => void order.push('d'));
    expect(order.at(-1)).toBe('d');
  });

  it('holds large bodies only: a small one passes while a large one runs, a large one waits, and the one past the queue gets 503', async () => {
    const turns = new Turns(1);
    const release = deferred();
    const seen: string[] = [];
    const app = new Hono<AppEnv>();
    app.onError(onError);
    app.post('/', heavyGate(turns), async (c) => {
      const name = c.req.header('x-name')!;
      seen.push(name);
      if (name === 'large-1') await release.promise;
      return c.json({ name });
    });
    // Content-Length as a client sends it (a Request made here has none of its own).
    const post = (name: string, bytes: number) =>
      app.request('/', { method: 'POST', headers: { 'x-name': name, 'content-type': 'application/octet-stream', 'content-length': String(bytes) }, body: new Uint8Array(bytes) });
    const big = HEAVY_GATE.bytes + 1;
    const large1 = post('large-1', big);
    await settle();
    const large2 = post('large-2', big);
    await settle();
    const busy = await post('large-3', big);
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe(String(HEAVY_GATE.retryAfterSeconds));
    expect(((await busy.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'server-busy', message: expect.stringMatching(/^服务器正在检查其他大型台账/) });
    expect((await post('small', 1000)).status).toBe(200);
    // Without Content-Length a body is taken as large.
    const unsized = await app.request('/', { method: 'POST', headers: { 'x-name': 'unsized' }, body: new Uint8Array(10) });
    expect(unsized.status).toBe(503);
    expect(seen).toEqual(['large-1', 'small']);
    release.resolve();
    expect([(await large1).status, (await large2).status]).toEqual([200, 200]);
    expect(seen).toEqual(['large-1', 'small', 'large-2']);
  });

  it('takes a compressed body by what it may inflate to: past HEAVY_GATE.encodedBytes it waits its turn', async () => {
    const turns = new Turns(0);
    const release = deferred();
    const app = new Hono<AppEnv>();
    app.onError(onError);
    app.post('/', heavyGate(turns), async (c) => {
      if (c.req.header('x-name') === 'plain-large') await release.promise;
      return c.json({});
    });
    const post = (name: string, bytes: number, encoding?: string) =>
      app.request('/', {
        method: 'POST',
        headers: { 'x-name': name, 'content-length': String(bytes), ...(encoding ? { 'content-encoding': encoding } : {}) },
        body: new Uint8Array(bytes),
      });
    const running = post('plain-large', HEAVY_GATE.bytes + 1);
    await settle();
    // With the queue at 0, a large body is refused at once while one runs: how "large" is read.
    expect((await post('gzip-large', HEAVY_GATE.encodedBytes + 1, 'gzip')).status).toBe(503);
    expect((await post('gzip-small', HEAVY_GATE.encodedBytes, 'gzip')).status).toBe(200);
    expect((await post('plain-mid', HEAVY_GATE.encodedBytes + 1)).status).toBe(200);
    expect((await post('identity-mid', HEAVY_GATE.encodedBytes + 1, 'identity')).status).toBe(200);
    release.resolve();
    expect((await running).status).toBe(200);
  });

  it('through the API, two large ledgers sent at once are both checked and stored', async () => {
    const units = ['轮候一乡', '轮候二乡'];
    const tokens = await Promise.all(units.map((unit) => issueToken('unit', unit)));
    const rows = 4000;
    const bodies = units.map((unit) => ({ file: `${unit}.xlsx`, sheets: [ledger(unit, Array.from({ length: rows }, (_, i) => ({ description: concrete(unit, i + 1) })))] }));
    expect(JSON.stringify(bodies[0]).length).toBeGreaterThan(HEAVY_GATE.bytes);
    const answers = await Promise.all(bodies.map((json, i) => api('POST', '/api/v1/submissions', { token: tokens[i], json })));
    for (const [i, res] of answers.entries()) expect((await expectJson(res, 201)).submission).toMatchObject({ unit: units[i], items: rows });
  });
});
