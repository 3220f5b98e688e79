import { describe, expect, it } from 'vitest';
import { findNearDuplicates } from '../../shared/index.js';
import { Scratch } from '../../shared/scratch.js';
import { allPairs } from './all-pairs.js';

describe('Scratch: the near-duplicate search’s arrays on buffers kept between searches', () => {
  it('hands out arrays as new ones would be, after earlier ones were written', () => {
    const s = new Scratch(1 << 20);
    s.reset();
    const a = s.int32(100, -1);
    const b = s.int32(50);
    expect(a.length).toBe(100);
    expect([...a].every((v) => v === -1)).toBe(true);
    expect([...b].every((v) => v === 0)).toBe(true);
    a.fill(7);
    b.fill(9);
    // One request's array never shares storage with another's in the same search.
    expect([...a].every((v) => v === 7)).toBe(true);
    s.reset();
    const c = s.int32(80);
    const d = s.int32(60, 3);
    expect(c.length).toBe(80);
    expect([...c].every((v) => v === 0)).toBe(true);
    expect(d.length).toBe(60);
    expect([...d].every((v) => v === 3)).toBe(true);
    // The same buffer again where it was large enough; a larger one where it was not.
    expect(c.buffer).toBe(a.buffer);
    expect(d.buffer).not.toBe(b.buffer);
  });

  it('drops its buffers after a search that needed more than its limit', () => {
    const s = new Scratch(1000);
    s.reset();
    const big = s.int32(1000);
    s.release();
    expect(s.int32(10).buffer).not.toBe(big.buffer);
    const small = new Scratch(1 << 20);
    small.reset();
    const kept = small.int32(10);
    small.release();
    expect(small.int32(10).buffer).toBe(kept.buffer);
  });

  it('searches of different sizes one after another find what each finds alone (the all-pairs rule)', () => {
    const corpus = (n: number, seed: number) => {
      let x = seed;
      const next = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
      const words = ['执法', '记录', '巡查', '不到位', '案卷', '归档', '超期', '违建', '整改', '台账', '2023年', '3处', '未及时'];
      const texts: string[] = [];
      return Array.from({ length: n }, (_, i) => {
        const fresh = () => Array.from({ length: 6 + Math.floor(next() * 6) }, () => words[Math.floor(next() * words.length)]).join('');
        // Every other text an earlier one with a word added: near-duplicates to find.
        const text = i > 0 && next() < 0.5 ? texts[Math.floor(next() * i)]! + words[Math.floor(next() * words.length)]! : fresh();
        texts.push(text);
        return { id: i, unit: `U${Math.floor(next() * 4)}`, text };
      });
    };
    const expected = (entries: ReturnType<typeof corpus>) => new Map(allPairs(entries, 0.7).map(([id, other, similarity]) => [id, { other, similarity }]));
    for (const [n, seed] of [[300, 1], [20, 2], [300, 3], [5, 4], [120, 1]] as const) {
      const entries = corpus(n, seed);
      const want = expected(entries);
      if (n >= 120) expect(want.size).toBeGreaterThan(10);
      expect(findNearDuplicates(entries, 0.7)).toEqual(want);
    }
  });
});
