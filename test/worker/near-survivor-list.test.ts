import { describe, expect, it } from 'vitest';
import { SurvivorList } from '../../worker/near-survivor-list.js';

describe('SurvivorList (a probe’s pairs as columns)', () => {
  it('keeps every pair pushed, past its first block and past whole blocks, in order, version ids past 2^32 whole', () => {
    const list = new SurvivorList();
    const want: { item: number; version_id: number; m: number }[] = [];
    for (let i = 0; i < 70_000; i++) {
      const p = { item: i % 37, version_id: 4_294_967_296 + ((i * 7919) % 503), m: 3 + (i % 11) };
      list.push(p.item, p.version_id, p.m);
      want.push(p);
    }
    expect(list.length).toBe(70_000);
    expect(list.toArray()).toEqual(want);
    expect(list.versionIds()).toEqual([...new Set(want.map((p) => p.version_id))].sort((a, b) => a - b));
  });

  it('filters by index into a new list, and leaves a size it was not given out', () => {
    const list = SurvivorList.of([{ item: 1, version_id: 10 }, { item: 2, version_id: 20, m: 5 }, { item: 3, version_id: 10, m: 0 }]);
    expect(list.toArray()).toEqual([{ item: 1, version_id: 10 }, { item: 2, version_id: 20, m: 5 }, { item: 3, version_id: 10, m: 0 }]);
    const odd = list.filter((i) => list.item(i) % 2 === 1);
    expect(odd.toArray()).toEqual([{ item: 1, version_id: 10 }, { item: 3, version_id: 10, m: 0 }]);
    expect(list.length).toBe(3);
    expect(SurvivorList.of([]).length).toBe(0);
    expect(list.filter(() => false).versionIds()).toEqual([]);
  });
});
