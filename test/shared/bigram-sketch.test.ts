import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findNearDuplicates, nearBigrams } from '../../shared/index.js';
import { popcount, sketchBit, sketchCommonAtMost } from '../../shared/bigram-sketch.js';
import { nearOverlap, nearSketchMayBeSimilar, nearSketchOf } from '../../shared/near-signature.js';
import { compactText } from '../../shared/text.js';

// The sketch bound (shared/bigram-sketch.ts) turns down pairs before their sets are read: in the
// Worker's probe (issue 13) from stored sketches of seqs. It may only ever turn down pairs that
// are not similar: checked here against brute force over random and template-made texts, at
// thresholds across what a campaign allows (0 < t ≤ 1), with bigrams numbered as the index
// numbers them (in order of first storage), and with the probing text's bigrams not stored yet
// left out of its sketch, as the Worker leaves them out.

/** Texts from a small alphabet over a few bases, edited: many pairs near every threshold. */
const editedText = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.array(fc.tuple(fc.nat(60), fc.constantFrom(...'甲乙丙丁戊己庚')), { maxLength: 8 }), fc.integer({ min: 10, max: 60 }))
  .map(([base, edits, len]) => {
    const chars = Array.from('整改台账检查问题描述执法程序不规范案件当事人未签字送达文书超期罚款裁量基准证据照片时间标注法制审核听证告知书未说明理由'.slice(base * 3)).slice(0, len);
    for (const [at, c] of edits) chars[at % chars.length] = c;
    return chars.join('');
  });

/** Texts on one sentence skeleton with varied words (the bench's county is written so). */
const templateText = fc.tuple(fc.nat(11), fc.nat(9), fc.nat(9), fc.nat(20), fc.constantFrom('签字', '签名', '盖章')).map(([month, a, b, count, sign]) => {
  const words = ['城区', '农贸', '市场', '国道', '沿线', '南山', '牧场', '河道', '工地', '社区'];
  return `2023年${month + 1}月在${words[a]}${words[b]}查处无证经营时未出示执法证件，共${count}起案件当事人未${sign}`;
});

const thresholds = fc.oneof(fc.constantFrom(1, 0.8, 0.5, 1e-6), fc.double({ min: 0.05, max: 1, noNaN: true }));

/** Common bigrams of two texts' sets, and their Jaccard; null when either is too short to compare. */
function compare(a: string, b: string): { n: number; m: number; common: number; jaccard: number } | null {
  const x = nearBigrams(compactText(a));
  const y = nearBigrams(compactText(b));
  if (!x || !y) return null;
  const set = new Set(y);
  const common = x.filter((g) => set.has(g)).length;
  return { n: x.length, m: y.length, common, jaccard: common / (x.length + y.length - common) };
}

describe('the 128-bit sketch bound', () => {
  it('never bounds common elements below the true count, for any two sets of numbers', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(5_000), { minLength: 1, maxLength: 120 }), fc.uniqueArray(fc.nat(5_000), { minLength: 1, maxLength: 120 }), (a, b) => {
        const inB = new Set(b);
        const common = a.filter((x) => inB.has(x)).length;
        expect(sketchCommonAtMost(a.length, nearSketchOf(a), 0, b.length, nearSketchOf(b), 0)).toBeGreaterThanOrEqual(common);
      }),
      { numRuns: 3_000 },
    );
  });

  it('is at least as tight as the bound the core used (bits differing ≤ n + m − 2 · common)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(400), { minLength: 1, maxLength: 80 }), fc.uniqueArray(fc.nat(400), { minLength: 1, maxLength: 80 }), (a, b) => {
        const sa = nearSketchOf(a);
        const sb = nearSketchOf(b);
        let differ = 0;
        for (let k = 0; k < 4; k++) differ += popcount(sa[k]! ^ sb[k]!);
        expect(sketchCommonAtMost(a.length, sa, 0, b.length, sb, 0)).toBeLessThanOrEqual(Math.floor((a.length + b.length - differ) / 2));
      }),
      { numRuns: 2_000 },
    );
  });

  it('places a number at the bit the core mixes it to (one bit per number, 0..127)', () => {
    const seen = new Set<number>();
    for (let id = 0; id < 5_000; id++) {
      const bit = sketchBit(id);
      expect(bit).toBeGreaterThanOrEqual(0);
      expect(bit).toBeLessThan(128);
      seen.add(bit);
      // bigram-sets.ts: m = imul(id ^ 0x5bd1e995, 0x9e3779b1), word m >>> 30, bit (m >>> 25) & 31.
      const m = Math.imul(id ^ 0x5bd1e995, 0x9e3779b1);
      const sketch = nearSketchOf([id]);
      expect(sketch[m >>> 30]).toBe(1 << ((m >>> 25) & 31));
      expect(popcount(sketch[0]!) + popcount(sketch[1]!) + popcount(sketch[2]!) + popcount(sketch[3]!)).toBe(1);
    }
    expect(seen.size).toBe(128); // every bit is used
  });

  for (const [name, text] of [['edited', editedText], ['template-made', templateText]] as const) {
    it(`never turns down a pair brute force finds similar (${name} texts, every threshold), the probing text's unstored bigrams left out`, () => {
      fc.assert(
        fc.property(fc.array(text, { minLength: 1, maxLength: 12 }), text, thresholds, (stored, probe, t) => {
          // Seqs in order of first storage; the probe's own new bigrams have none.
          const seq = new Map<string, number>();
          for (const s of stored) for (const g of nearBigrams(compactText(s)) ?? []) if (!seq.has(g)) seq.set(g, seq.size + 1);
          const probeGrams = nearBigrams(compactText(probe));
          if (!probeGrams) return;
          const probeSketch = nearSketchOf(probeGrams.flatMap((g) => (seq.has(g) ? [seq.get(g)!] : [])));
          for (const s of stored) {
            const c = compare(probe, s);
            if (!c) continue;
            const storedSketch = nearSketchOf(nearBigrams(compactText(s))!.map((g) => seq.get(g)!));
            const bound = sketchCommonAtMost(c.n, probeSketch, 0, c.m, storedSketch, 0);
            expect(bound).toBeGreaterThanOrEqual(c.common);
            if (c.jaccard >= t) expect(nearSketchMayBeSimilar(c.n, probeSketch, 0, c.m, storedSketch, 0, t), `${probe} ~ ${s} at ${t}`).toBe(true);
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  it("the core's search of sets too small for pair signatures (its singles, filtered by this bound) finds what all pairs find", () => {
    // Texts of few distinct bigrams (a 2–3 character alphabet) at low thresholds: the sets the core
    // indexes by single bigrams and checks through sketchCommonAtMost.
    const tiny = fc.tuple(fc.constantFrom('哈呵', '哈呵嘿', '甲乙'), fc.array(fc.nat(2), { minLength: 10, maxLength: 14 })).map(([abc, picks]) => picks.map((p) => abc[p % abc.length]).join(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('甲乡', '乙镇', '丙乡'), tiny), { minLength: 2, maxLength: 14 }), fc.double({ min: 0.05, max: 1, noNaN: true }), (rows, t) => {
        const entries = rows.map(([unit, text], id) => ({ id, unit, text }));
        const found = findNearDuplicates(entries, t);
        for (const e of entries) {
          let best = -1;
          for (const o of entries) {
            const c = o.unit === e.unit ? null : compare(e.text, o.text);
            if (c && c.jaccard >= t && c.jaccard > best) best = c.jaccard;
          }
          if (best < 0) expect(found.has(e.id)).toBe(false);
          else expect(found.get(e.id)?.similarity).toBeCloseTo(best, 9);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('turns down most dissimilar template-made pairs (it is worth reading)', () => {
    const words = ['城区', '农贸', '市场', '国道', '沿线', '南山', '牧场', '河道', '工地', '社区'];
    const texts = Array.from({ length: 200 }, (_, i) => `2023年${(i % 12) + 1}月在${words[i % 10]}${words[(i * 7) % 10]}查处无证经营时未出示执法证件，共${i % 9}起案件当事人未签字${'甲乙丙丁戊'[i % 5]}`);
    const seq = new Map<string, number>();
    const sets = texts.map((s) => nearBigrams(compactText(s))!.map((g) => (seq.has(g) ? seq.get(g)! : (seq.set(g, seq.size + 1), seq.size))));
    let dissimilar = 0;
    let turnedDown = 0;
    for (let i = 0; i < sets.length; i++) {
      for (let j = i + 1; j < sets.length; j++) {
        const c = compare(texts[i]!, texts[j]!)!;
        if (c.jaccard >= 0.8) continue;
        dissimilar++;
        if (sketchCommonAtMost(c.n, nearSketchOf(sets[i]!), 0, c.m, nearSketchOf(sets[j]!), 0) < nearOverlap(c.n, c.m, 0.8)) turnedDown++;
      }
    }
    expect(dissimilar).toBeGreaterThan(1_000);
    expect(turnedDown / dissimilar).toBeGreaterThan(0.5);
  });
});
