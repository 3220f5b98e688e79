import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FirstSeen } from '../../shared/first-seen.js';

describe('FirstSeen finds each text’s first item as a Map of the texts does', () => {
  it('answers like a Map on random texts, with hashes made to collide often and the table grown many times (or sized ahead, or too small a guess), item 0 and hashes 0 included', () => {
    fc.assert(fc.property(fc.array(fc.string({ maxLength: 3 }), { maxLength: 3000 }), fc.nat(7), fc.constantFrom(0, 10, 5000), (texts, bits, expected) => {
      // A weak hash (a few bits of the length and first code unit): unequal texts share hashes.
      const hash = (t: string) => ((t.length << 4) | (t.charCodeAt(0) || 0)) & ((1 << bits) - 1);
      const seen = new FirstSeen((earlier, item) => texts[earlier] === texts[item], expected);
      const map = new Map<string, number>();
      texts.forEach((t, i) => {
        const expected = map.get(t) ?? -1;
        if (expected < 0) map.set(t, i);
        expect(seen.firstOf(hash(t), t.length % 2 ? 0x80000000 | hash(t) : hash(t), i)).toBe(expected);
      });
    }), { numRuns: 200 });
  });
});
