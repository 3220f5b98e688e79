import { describe, expect, it } from 'vitest';
import { nearMayBeSimilar, nearPrefixLength, nearPrefixMayBeSimilar, nearProbePlan, nearSizeRange } from '../../shared/near-signature.js';
import { pairMayBeSimilar, setsMayBeSimilar } from '../../worker/near-pair-check.js';
import { rng } from './seeded.js';

// The probe's pair checks, done in the Worker from a stored prefix (near_sets): the same as the
// SQL of 0007 computed from the postings, and never a similar pair rejected.

/** Two sets of seqs (a stored one of `m`, a probing one sharing about `share` of it, of `n`), from a universe of 400. */
function pair(r: () => number, n: number, m: number, share: number): [number[], number[]] {
  const pick = (k: number, from: number[]) => {
    const pool = [...from];
    const out: number[] = [];
    while (out.length < k && pool.length) out.push(pool.splice(Math.floor(r() * pool.length), 1)[0]!);
    return out;
  };
  const all = Array.from({ length: 400 }, (_, i) => i + 1);
  const stored = pick(m, all);
  const common = pick(Math.min(n, Math.round(share * m)), stored);
  const rest = pick(n - common.length, all.filter((s) => !stored.includes(s)));
  return [[...common, ...rest], stored];
}

/** 0007's SQL, written out: hits of the plan's lookups, nearMayBeSimilar, then the stored prefix against the whole set. */
function sqlWay(x: number[], y: number[], t: number): boolean {
  const n = x.length;
  const m = y.length;
  const xs = [...x].sort((a, b) => b - a);
  const prefix = [...y].sort((a, b) => b - a).slice(0, nearPrefixLength(m, t));
  const [lo, hi] = nearSizeRange(n, t);
  if (m < lo || m > hi) return false;
  let hits = 0;
  let lastAt = 0;
  let lastPos = 0;
  for (const [at, pos, a, b] of nearProbePlan(n, t)) {
    if (m >= a && m <= b && prefix[pos - 1] !== undefined && xs[at - 1] === prefix[pos - 1]) {
      hits++;
      lastAt = Math.max(lastAt, at);
      lastPos = Math.max(lastPos, pos);
    }
  }
  if (!nearMayBeSimilar(n, m, hits, lastAt, lastPos, t)) return false;
  const atOf = new Map(xs.map((s, i) => [s, i + 1]));
  const common = prefix.filter((s) => atOf.has(s));
  return nearPrefixMayBeSimilar(n, m, common.length, prefix.length, Math.max(0, ...common.map((s) => atOf.get(s)!)), t);
}

describe("the probe's pair checks from a stored prefix", () => {
  for (const t of [0.8, 0.6]) {
    it(`keep exactly the pairs 0007's SQL kept, and every similar pair (threshold ${t})`, () => {
      const r = rng(t * 100);
      let kept = 0;
      let similar = 0;
      for (let k = 0; k < 3000; k++) {
        const m = 10 + Math.floor(r() * 50);
        const n = Math.max(10, Math.round(m * (0.8 + r() * 0.45)));
        const [x, y] = pair(r, n, m, 0.3 + r() * 0.7);
        const xs = [...x].sort((a, b) => b - a);
        const atOf = new Map(xs.map((s, i) => [s, i + 1]));
        // Stored in any order: positions are ranks by seq descending.
        const prefix = [...y].sort((a, b) => b - a).slice(0, nearPrefixLength(m, t)).sort(() => r() - 0.5);
        const mine = pairMayBeSimilar(n, atOf, m, prefix, t);
        expect(mine, `n ${n} m ${m}`).toBe(sqlWay(x, y, t));
        const common = x.filter((s) => y.includes(s)).length;
        if (common / (n + m - common) >= t) {
          similar++;
          expect(mine).toBe(true);
        }
        if (mine) kept++;
      }
      // The sets do land on both sides: some similar, some kept, most rejected.
      expect(similar).toBeGreaterThan(50);
      expect(kept).toBeGreaterThan(similar);
      expect(kept).toBeLessThan(2700);
    });
  }

  for (const t of [0.8, 0.6, 0.5]) {
    it(`from a whole stored set: keep exactly the similar pairs (threshold ${t})`, () => {
      const r = rng(t * 1000 + 7);
      let similar = 0;
      for (let k = 0; k < 3000; k++) {
        const m = 10 + Math.floor(r() * 50);
        const n = Math.max(10, Math.round(m * (0.7 + r() * 0.6)));
        const [x, y] = pair(r, n, m, 0.5 + r() * 0.5);
        // Some of the item's bigrams are not stored yet (in no stored set): absent from atOf.
        const atOf = new Map([...x].sort((a, b) => b - a).flatMap((s, i) => (y.includes(s) || r() < 0.8 ? [[s, i + 1] as const] : [])));
        const common = x.filter((s) => y.includes(s)).length;
        const isSimilar = common / (n + m - common) >= t;
        if (isSimilar) similar++;
        expect(setsMayBeSimilar(n, atOf, m, [...y].sort(() => r() - 0.5), t), `n ${n} m ${m} common ${common}`).toBe(isSimilar);
      }
      expect(similar).toBeGreaterThan(100);
      expect(similar).toBeLessThan(2900);
    });
  }

  it('from a whole stored set, at the threshold exactly: kept (4 of 5 bigrams in common with a set of 4 is 0.8)', () => {
    expect(setsMayBeSimilar(4, new Map([[1, 1], [2, 2], [3, 3], [4, 4]]), 5, [1, 2, 3, 4, 5], 0.8)).toBe(true);
    expect(setsMayBeSimilar(4, new Map([[1, 1], [2, 2], [3, 3], [9, 4]]), 5, [1, 2, 3, 4, 5], 0.8)).toBe(false);
  });

  it('keeps a version whose stored prefix is missing (the probe offers a superset)', () => {
    expect(pairMayBeSimilar(40, new Map([[7, 1]]), 40, null, 0.8)).toBe(true);
    expect(pairMayBeSimilar(40, new Map([[7, 1]]), 40, [3, 2, 1], 0.8)).toBe(false);
  });
});
