import { describe, expect, it } from 'vitest';
import { jsonChunks, utf8Length } from '../../worker/db/json-chunks.js';

describe('jsonChunks', () => {
  it('counts UTF-8 bytes as an encoder does (ASCII, Chinese, a surrogate pair, an escaped lone surrogate)', () => {
    for (const text of ['', 'abc', '整改台账', 'a中😀b', JSON.stringify('x\ud800y'), '中'.repeat(70_000)]) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });

  it('fills each chunk up to the byte limit, never over it, and keeps every row in order', () => {
    const rows = Array.from({ length: 50 }, (_, i) => [i, '整改'.repeat(i % 7), { due: i % 2 ? null : '2023-05-01' }]);
    const chunks = jsonChunks(rows, 200);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(new TextEncoder().encode(c).length).toBeLessThanOrEqual(200);
    expect(chunks.flatMap((c) => JSON.parse(c) as unknown[])).toEqual(rows);
    // A chunk closes only when the next row would not fit.
    for (let i = 0; i + 1 < chunks.length; i++) {
      const next = JSON.stringify((JSON.parse(chunks[i + 1]!) as unknown[])[0]);
      expect(new TextEncoder().encode(chunks[i]!).length + new TextEncoder().encode(next).length + 1).toBeGreaterThan(200);
    }
  });

  it('refuses a single row larger than the limit', () => {
    expect(() => jsonChunks(['整'.repeat(100)], 200)).toThrow(RangeError);
  });
});
