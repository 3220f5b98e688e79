import { gzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_SUBMISSION_BYTES } from '../../worker/routes/submissions.js';
import { repeatDeflate } from './bombs.js';
import { api, concrete, expectJson, issueToken, ledger, ORIGIN, snapshot, submission } from './helpers.js';

// A ledger sent gzip-compressed (Content-Encoding: gzip), as the add-in sends a large one over a
// county's slow line: the same submission as the plain body, refused the same ways, and a bomb
// refused while it inflates.

let token = '';
beforeAll(async () => {
  token = await issueToken('unit', '压缩镇');
});

const body = (n: number) => JSON.stringify(submission(undefined, ledger('压缩镇', Array.from({ length: n }, (_, i) => ({ description: concrete('压缩镇', i + 1) })))));
const gzip = (text: string) => gzipSync(new TextEncoder().encode(text)) as Uint8Array<ArrayBuffer>;
const post = (data: BodyInit, headers: Record<string, string>) =>
  api('POST', '/api/v1/submissions', { token, body: data, headers: { 'content-type': 'application/json', ...headers } });

/** A gzip member whose deflate data inflates to about `size` bytes of spaces inside a JSON string (no trailer: never reached). */
function gzipBomb(size: number): Uint8Array<ArrayBuffer> {
  const deflate = repeatDeflate('{"file":"', ' ', size, '"}');
  const out = new Uint8Array(10 + deflate.length);
  out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  out.set(deflate, 10);
  return out;
}

describe('a submission sent with Content-Encoding: gzip', () => {
  it('is stored and answered as the same body sent plain, and a plain retry with its key replays it', async () => {
    const text = body(40);
    const packed = gzip(text);
    expect(packed.length * 4).toBeLessThan(new TextEncoder().encode(text).length);
    const first = await expectJson(await post(packed, { 'content-encoding': 'gzip', 'idempotency-key': 'gz-1' }), 201);
    expect(first.report.sheets[0].items).toHaveLength(40);
    // The key's body hash is the decoded body's: the same ledger sent plain is the same request.
    const again = await expectJson(await post(text, { 'idempotency-key': 'gz-1' }), 200);
    expect(again.replayed).toBe(true);
    expect(again.submission.id).toBe(first.submission.id);
    expect(again.report).toEqual(first.report);
    // And the other way round: plain first, then the same body compressed.
    const other = body(3);
    const plain = await expectJson(await post(other, { 'idempotency-key': 'gz-2' }), 201);
    const replay = await expectJson(await post(gzip(other), { 'content-encoding': 'gzip', 'idempotency-key': 'gz-2' }), 200);
    expect(replay.submission.id).toBe(plain.submission.id);
  });

  it('takes the coding case-insensitively, and x-gzip, and identity as no coding', async () => {
    await expectJson(await post(gzip(body(2)), { 'content-encoding': 'GZIP' }), 201);
    await expectJson(await post(gzip(body(2)), { 'content-encoding': 'x-gzip' }), 201);
    await expectJson(await post(body(2), { 'content-encoding': 'identity' }), 201);
  });

  it('refuses another coding with 415 and says which it takes, storing nothing', async () => {
    const before = await snapshot();
    const res = await post(gzip(body(2)), { 'content-encoding': 'br' });
    const err = await expectJson(res, 415);
    expect(err.error.code).toBe('unsupported-encoding');
    expect(err.error.message).toMatch(/^请求内容的压缩方式不支持/);
    expect(res.headers.get('accept-encoding')).toBe('gzip');
    expect(await snapshot()).toBe(before);
  });

  it('refuses damaged gzip with 400, in Chinese first, storing nothing', async () => {
    const before = await snapshot();
    const packed = gzip(body(5));
    const damaged = packed.slice();
    damaged.fill(0x55, 20, 60);
    const truncated = packed.slice(0, packed.length - 12);
    for (const bad of [damaged, truncated, new TextEncoder().encode(body(1)) as Uint8Array<ArrayBuffer>]) {
      const err = await expectJson(await post(bad, { 'content-encoding': 'gzip' }), 400);
      expect(err.error.code).toBe('malformed-encoding');
      expect(err.error.message).toMatch(/^请求内容无法解压/);
    }
    expect(await snapshot()).toBe(before);
  });

  it('refuses a gzip bomb with 413 while inflating it, never the whole of it', async () => {
    const before = await snapshot();
    // ~256 MB of spaces from ~1 MB: a whole inflate would end the isolate (128 MB).
    const bomb = gzipBomb(256 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(MAX_SUBMISSION_BYTES);
    const err = await expectJson(await post(bomb, { 'content-encoding': 'gzip' }), 413);
    expect(err.error.code).toBe('payload-too-large');
    expect(await snapshot()).toBe(before);
  });

  it('is allowed by the CORS preflight from the add-in’s origin', async () => {
    const res = await api('OPTIONS', '/api/v1/submissions', {
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,content-encoding,idempotency-key' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-encoding');
  });
});
