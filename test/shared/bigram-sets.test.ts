import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigramSets } from '../../shared/bigram-sets.js';
import { Overlap } from '../../shared/overlap.js';
import { compactText } from '../../shared/text.js';

/** The definition: distinct bigrams of the compacted text by code point, or null under 10 characters. */
function bigramsOf(text: string): Set<string> | null {
  const cps = Array.from(compactText(text));
  if (cps.length < 10) return null;
  const out = new Set<string>();
  for (let i = 0; i + 1 < cps.length; i++) out.add(cps[i]! + cps[i + 1]!);
  return out;
}

const CHARS = [...'执法程序案卷审核送达违建巡查整改', '1', '2', '𠀀', '😀', '，', ' '];
const texts = fc.array(
  fc.array(fc.constantFrom(...CHARS), { minLength: 0, maxLength: 30 }).map((cs) => cs.join('')),
  { maxLength: 30 },
);
const leadings = fc.constantFrom<[string, (n: number) => number]>(['all', (n) => n], ['one', () => 1], ['a fifth + 2', (n) => Math.floor(n / 5) + 2]);

describe('bigram sets', () => {
  it('group exactly the texts with equal bigram sets, whatever order or repetition wrote them, and number the sets by size', () => {
    fc.assert(
      fc.property(texts, leadings, (ts, [, leading]) => {
        // Rotations and doubled texts hold the same bigrams in another order, with repeats.
        const all = [...ts, ...ts.map((t) => t + t), 'ABCDEFGHIJKA', 'BCDEFGHIJKAB'];
        const sets = bigramSets(all, 10, leading);
        const setOf = new Map<number, number>();
        for (let s = 0; s < sets.count; s++) for (let p = sets.memberOffsets[s]!; p < sets.memberOffsets[s + 1]!; p++) setOf.set(sets.members[p]!, s);
        all.forEach((t, k) => expect(setOf.has(k)).toBe(bigramsOf(t) !== null));
        const key = (t: string) => [...bigramsOf(t)!].sort().join('|');
        for (const [k, s] of setOf) {
          expect(sets.size[s]).toBe(bigramsOf(all[k]!)!.size);
          for (const [k2, s2] of setOf) expect(s === s2).toBe(key(all[k]!) === key(all[k2]!));
        }
        for (let s = 1; s < sets.count; s++) expect(sets.size[s]).toBeGreaterThanOrEqual(sets.size[s - 1]!);
      }),
      { numRuns: 300 },
    );
  });

  it('put each set’s smallest ranks first, ascending, as many as asked, and count common bigrams as the definition does', () => {
    fc.assert(
      fc.property(texts, leadings, (ts, [, leading]) => {
        const sets = bigramSets(ts, 10, leading);
        const overlap = new Overlap(sets);
        const textOf = (s: number) => ts[sets.members[sets.memberOffsets[s]!]!]!;
        for (let s = 0; s < sets.count; s++) {
          const n = sets.size[s]!;
          const mine = Array.from(sets.tokens.subarray(sets.start[s]!, sets.start[s]! + n));
          expect(new Set(mine).size).toBe(n);
          const lead = Math.max(1, Math.min(n, leading(n)));
          expect(mine.slice(0, lead)).toEqual([...mine].sort((x, y) => x - y).slice(0, lead));
          for (let y = 0; y < sets.count; y++) {
            const a = bigramsOf(textOf(s))!;
            const common = [...bigramsOf(textOf(y))!].filter((g) => a.has(g)).length;
            expect(overlap.of(s, y, 1)).toBe(common);
            // Asked for more than they share, it says less than asked.
            expect(overlap.of(s, y, common + 1)).toBeLessThan(common + 1);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
