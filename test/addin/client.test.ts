import { describe, expect, it, vi } from 'vitest';
import { CountyClient, idempotencyKey, ServerError, TIMEOUT_MS, tryTimeoutMs } from '../../addin/server/client.js';
import { campaignOrDefault } from '../../shared/index.js';

const ME = { role: 'unit', unit: '儒林镇', label: 't', campaign: { ...campaignOrDefault(), id: 'c', name: 'n', categories: ['执法程序'] }, today: '2023-05-29' };

/** A server that answers from a script of responses (or throws, for a network failure). */
function scripted(answers: (Response | Error)[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as typeof globalThis.fetch;
  return { calls, client: new CountyClient({ baseUrl: 'http://127.0.0.1:8787/', token: 'tok', backoffMs: 1, fetch }) };
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the county server client', () => {
  it('tells a ledger past the server\'s limits before sending it, in Chinese, and sends nothing', async () => {
    const { calls, client } = scripted([]);
    const long = { file: 'a.xlsx', sheets: [{ sheet: 'S', values: Array.from({ length: 12_001 }, (_, i) => [i + 1, '问题']) }] };
    const rows = (await client.submit(long, 'k').catch((e: unknown) => e)) as ServerError;
    expect(rows).toBeInstanceOf(ServerError);
    expect(rows.code).toBe('too-many-rows');
    expect(rows.message).toMatch(/^台账共 12001 行，超过一次报送的上限 12000 行/);
    const wide = { file: 'a.xlsx', sheets: [{ sheet: 'S', values: Array.from({ length: 6_001 }, () => Array.from({ length: 50 }, () => 0)) }] };
    const cells = (await client.submit(wide, 'k').catch((e: unknown) => e)) as ServerError;
    expect(cells.code).toBe('too-many-cells');
    expect(cells.message).toMatch(/^台账共 300050 个单元格/);
    expect(calls).toHaveLength(0);
  });

  it('sends the bearer token and checks the answer against its schema', async () => {
    const { calls, client } = scripted([json(200, ME)]);
    expect((await client.me()).unit).toBe('儒林镇');
    expect(calls[0]!.url).toBe('http://127.0.0.1:8787/api/v1/me');
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer tok');
  });

  it('retries a lost connection and a 503 with back-off, then succeeds', async () => {
    const { calls, client } = scripted([new TypeError('fetch failed'), json(503, { error: { code: 'unavailable', message: 'busy' } }), json(200, ME)]);
    await expect(client.me()).resolves.toMatchObject({ role: 'unit' });
    expect(calls).toHaveLength(3);
  });

  it('says the server cannot be reached after the last try, and that nothing is lost', async () => {
    const { client } = scripted([new TypeError('x'), new TypeError('x'), new TypeError('x'), new TypeError('x')]);
    const error = await client.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).code).toBe('offline');
    expect((error as ServerError).message).toContain('台账不会丢失');
  });

  it('does not retry a refusal, and explains a bad token', async () => {
    const { calls, client } = scripted([json(401, { error: { code: 'unauthorized', message: 'token revoked' } })]);
    const error = (await client.me().catch((e: unknown) => e)) as ServerError;
    expect(calls).toHaveLength(1);
    expect([error.status, error.retryable]).toEqual([401, false]);
    expect(error.message).toContain('令牌');
  });

  it('sends one random Idempotency-Key on every try of a write, a new one for the next write, none on a read', async () => {
    const inProgress = new Response(JSON.stringify({ error: { code: 'request-in-progress', message: '仍在处理' } }), { status: 409, headers: { 'content-type': 'application/json', 'retry-after': '0' } });
    const { calls, client } = scripted([
      new TypeError('network connection lost'), inProgress, json(201, { key: 'K' }),
      json(201, { key: 'K' }),
      json(200, ME),
    ]);
    await client.review('K', { decision: 'assign' });
    await client.review('K', { decision: 'assign' });
    await client.me();
    const keys = calls.map((c) => (c.init.headers as Record<string, string>)['Idempotency-Key']);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The lost answer and the write still in progress are retried under the first try's key.
    expect(keys.slice(0, 3)).toEqual([keys[0], keys[0], keys[0]]);
    expect(keys[3]).not.toBe(keys[0]);
    expect(keys[4]).toBeUndefined();
  });

  it('waits out a database unavailable for a moment, and says so plainly when it lasts', async () => {
    const down = () => new Response(JSON.stringify({ error: { code: 'database-unavailable', message: '数据库暂时不可用，请稍后重试（已保存的内容不受影响）' } }), { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '0' } });
    const { calls, client } = scripted([down(), down(), down(), down()]);
    const error = (await client.me().catch((e: unknown) => e)) as ServerError;
    expect(calls).toHaveLength(4);
    expect([error.status, error.code, error.retryable]).toEqual([503, 'database-unavailable', true]);
    expect(error.message).toBe('数据库暂时不可用，请稍后重试（已保存的内容不受影响）。');
  });

  it('refuses an answer that does not match the schema', async () => {
    const { client } = scripted([json(200, { hello: 'world' })]);
    await expect(client.me()).rejects.toMatchObject({ code: 'bad-response' });
  });

  it('sends the same Idempotency-Key for the same ledger content', async () => {
    expect(await idempotencyKey('a')).toBe(await idempotencyKey('a'));
    expect(await idempotencyKey('a')).not.toBe(await idempotencyKey('b'));
    const { calls, client } = scripted([json(500, {}), json(500, {}), json(500, {}), json(500, {})]);
    await client.submit({ file: 'a.xlsx', sheets: [{ sheet: 'S', values: [] }] }, 'k1').catch(() => undefined);
    expect(new Set(calls.map((c) => (c.init.headers as Record<string, string>)['Idempotency-Key']))).toEqual(new Set(['k1']));
    // Without a key given, the ledger's own: the digest of the very JSON it sends, on every try.
    const again = scripted([json(500, {}), json(500, {}), json(500, {}), json(500, {})]);
    const body = { file: 'a.xlsx', sheets: [{ sheet: 'S', values: [[1, '问题']] }] };
    await again.client.submit(body).catch(() => undefined);
    const keys = new Set(again.calls.map((c) => (c.init.headers as Record<string, string>)['Idempotency-Key']));
    expect(keys).toEqual(new Set([await idempotencyKey(JSON.stringify(body))]));
    expect(again.calls.map((c) => c.init.body)).toEqual(Array(4).fill(JSON.stringify(body)));
  });

  it('asks for a server address before trying', async () => {
    const client = new CountyClient({ baseUrl: '', token: '' });
    await expect(client.me()).rejects.toMatchObject({ code: 'no-server' });
  });

  // A county network that drops a connection without closing it: the request would wait for the
  // browser's own limit (minutes) with the pane's spinner turning. Each try gives up after
  // `timeoutMs`, and the ledger's retry carries the same Idempotency-Key, so it counts once.
  it('gives up on a server that never answers, or stops mid-answer, tries once more with the same key, and says so', async () => {
    const calls: RequestInit[] = [];
    const hangs = (async (_url: string, init: RequestInit) => {
      calls.push(init);
      const signal = init.signal!;
      // The first try never answers; the second answers its headers and stalls in the body.
      if (calls.length === 1) return new Promise<Response>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      const body = new ReadableStream({ start: (c) => signal.addEventListener('abort', () => c.error(signal.reason)) });
      return new Response(body, { status: 201, headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof globalThis.fetch;
    // Four tries allowed; after two that timed out (each held the pane a minute) the person decides.
    const client = new CountyClient({ baseUrl: 'http://127.0.0.1:8787/', token: 'tok', backoffMs: 1, attempts: 4, timeoutMs: 20, fetch: hangs });
    const error = (await client.submit({ file: 'a.xlsx', sheets: [{ sheet: 'S', values: [['序号', '问题描述'], [1, '问题']] }] }).catch((e: unknown) => e)) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.code).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^服务器 http:\/\/127\.0\.0\.1:8787 没有在 1 秒内回答/);
    expect(error.message).toContain('台账不会丢失');
    expect(calls).toHaveLength(2);
    const keys = calls.map((c) => (c.headers as Record<string, string>)['Idempotency-Key']);
    expect(keys[0]).toMatch(/\S/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('gives a try that sends more the time a slow line (256 kbit/s) takes to send it', () => {
    expect(tryTimeoutMs(0)).toBe(TIMEOUT_MS);
    // A 12,000-row ledger, ~1 MB compressed: 33 s more. An .xlsx of 10 MB (the server's most): 328 s more.
    expect(tryTimeoutMs(1024 * 1024)).toBe(TIMEOUT_MS + 32_768);
    expect(tryTimeoutMs(10 * 1024 * 1024)).toBe(TIMEOUT_MS + 327_680);
    expect(tryTimeoutMs(64, 20)).toBe(22);
  });

  it('lets a large answer on a slow line go on while it moves: the limit is between its pieces', async () => {
    vi.useFakeTimers();
    try {
      // ME's JSON in ten pieces, 40 ms apart: 400 ms in all against a limit of 60 ms.
      const text = JSON.stringify(ME);
      const pieces = Array.from({ length: 10 }, (_, i) => text.slice((i * text.length) / 10, ((i + 1) * text.length) / 10));
      const slow = (async (_url: string, init: RequestInit) => {
        const signal = init.signal!;
        const body = new ReadableStream<Uint8Array>({
          start(c) {
            signal.addEventListener('abort', () => c.error(signal.reason));
            let i = 0;
            const next = () => {
              c.enqueue(new TextEncoder().encode(pieces[i++]));
              if (i < pieces.length) setTimeout(next, 40);
              else c.close();
            };
            setTimeout(next, 40);
          },
        });
        return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
      }) as unknown as typeof globalThis.fetch;
      const client = new CountyClient({ baseUrl: 'http://127.0.0.1:8787/', token: 'tok', backoffMs: 1, attempts: 1, timeoutMs: 60, fetch: slow });
      const answer = client.me();
      await vi.advanceTimersByTimeAsync(1_000);
      await expect(answer).resolves.toMatchObject({ role: 'unit', unit: '儒林镇' });
    } finally {
      vi.useRealTimers();
    }
  });
});
