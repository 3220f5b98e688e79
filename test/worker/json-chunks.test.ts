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

describe('jsonChunks, rows stringified in groups', () => {
  // The way before groups: each row stringified and measured alone.
  function rowByRow(rows: readonly unknown[], maxBytes: number): string[] {
    const chunks: string[] = [];
    let parts: string[] = [];
    let length = 2;
    for (const row of rows) {
      const json = JSON.stringify(row);
      const bytes = new TextEncoder().encode(json).length;
      if (length + bytes + 1 > maxBytes && parts.length) {
        chunks.push(`[${parts.join(',')}]`);
        parts = [];
        length = 2;
      }
      parts.push(json);
      length += bytes + 1;
    }
    if (parts.length) chunks.push(`[${parts.join(',')}]`);
    return chunks;
  }

  it('cuts exactly where the row-by-row way cuts, whatever the limit', () => {
    const rows = Array.from({ length: 3_000 }, (_, i) => [`ZG-${i}`, i, '整改'.repeat(i % 13), i % 5 ? null : { n: i, t: '😀' }]);
    for (const maxBytes of [120, 1_000, 4_096, 50_000, 200_000, 1_800_000]) {
      expect(jsonChunks(rows, maxBytes)).toEqual(rowByRow(rows, maxBytes));
    }
    expect(jsonChunks([], 100)).toEqual([]);
    expect(jsonChunks([7], 100)).toEqual(['[7]']);
  });

  it('still refuses a single row larger than the limit among many that fit', () => {
    const rows = [...Array.from({ length: 100 }, (_, i) => i), '整'.repeat(100)];
    expect(() => jsonChunks(rows, 200)).toThrow(RangeError);
  });
});
