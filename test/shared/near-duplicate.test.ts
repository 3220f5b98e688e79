import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findNearDuplicates } from '../../shared/index.js';
import { allPairs } from './all-pairs.js';

describe('near-duplicate search', () => {
  it('finds the fixtures’ copied finding and not the different ones', () => {
    const found = findNearDuplicates(
      [
        { id: 1, unit: '茅坪镇', text: '对违规建房巡查不到位，2023年3月发现违建2处未及时制止' },
        { id: 2, unit: '儒林镇', text: '对违规建房巡查不到位，2023年3月发现违建1处未及时制止' },
        { id: 3, unit: '儒林镇', text: '执法人员业务能力不足' },
        { id: 4, unit: '茅坪镇', text: '执法人员业务能力有待提升' },
      ],
      0.8,
    );
    expect([...found.keys()].sort()).toEqual([1, 2]);
    expect(found.get(1)).toEqual({ other: 2, similarity: expect.closeTo(0.862, 3) as number });
  });

  it('ignores short descriptions and pairs within one unit', () => {
    const found = findNearDuplicates(
      [
        { id: 1, unit: 'A', text: '执法不规范' },
        { id: 2, unit: 'B', text: '执法不规范' },
        { id: 3, unit: 'A', text: '案卷归档不及时，2023年有5卷超期' },
        { id: 4, unit: 'A', text: '案卷归档不及时，2023年有5卷超期' },
      ],
      0.8,
    );
    expect(found.size).toBe(0);
  });

  it('agrees with the all-pairs scan on random texts (same items found, same best similarity)', () => {
    const alphabet = '执法程序案卷审核送达违建巡查罚款处罚整改不到位及时规范12345';
    const text = fc.array(fc.constantFrom(...alphabet), { minLength: 8, maxLength: 24 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C'), text), { maxLength: 40 }), fc.constantFrom(0.5, 0.7, 0.8, 1), (rows, t) => {
        // Mutate some texts slightly so near pairs actually occur.
        const entries = rows.map(([unit, s], id) => ({ id, unit, text: id % 3 === 2 && rows[id - 1] ? rows[id - 1]![1].slice(0, -1) + '改' : s }));
        const fast = findNearDuplicates(entries, t);
        const slow = new Map(allPairs(entries, t).map(([id, , similarity]) => [id, similarity]));
        expect(new Set(fast.keys())).toEqual(new Set(slow.keys()));
        for (const [id, m] of fast) expect(m.similarity).toBeCloseTo(slow.get(id)!, 9);
      }),
      { numRuns: 300 },
    );
  });
});
