import { describe, expect, it } from 'vitest';
import { nearMayBeSimilar } from '../../shared/near-signature.js';
import { SharedAsks, sharedPostings, sharedSurvivors, VersionTable } from '../../worker/near-shared-tally.js';

/** A posting a shared lookup read: the lookup's number, the stored version, its size, the bigram's position in it (the lookup's). */
type SharedPosting = readonly [lookup: number, version: number, m: number, pos: number];

/** One lookup's asker, as the reference counts them: the item, its position looked up, the sizes it takes. */
type SharedAsker = readonly [item: number, at: number, lo: number, hi: number];

/** Askers by lookup as the probe lays them out: item after item, each item's asks in lookup order. */
function asksOf(askers: readonly (readonly SharedAsker[])[], sizeOf: (item: number) => number): SharedAsks {
  const byItem = new Map<number, [number, number, number, number][]>();
  askers.forEach((list, k) => list.forEach(([item, at, lo, hi]) => {
    let mine = byItem.get(item);
    if (!mine) byItem.set(item, (mine = []));
    mine.push([k, at, lo, hi]);
  }));
  const asks = new SharedAsks(byItem.size, askers.reduce((n, list) => n + list.length, 0));
  for (const [item, mine] of [...byItem].sort((a, b) => a[0] - b[0])) {
    for (const [k, at, lo, hi] of mine) asks.ask(k, at, lo, hi);
    asks.endItem(item, sizeOf(item));
  }
  return asks;
}

/** Postings as READ_SHARED's rows give them: a lookup's number and its postings' text, `size:ids` a size, joined by ';'. */
function postingRows(postings: readonly SharedPosting[]): [lookup: number, list: string][] {
  const lists = new Map<number, Map<number, number[]>>();
  for (const [k, version, m] of postings) {
    let list = lists.get(k);
    if (!list) lists.set(k, (list = new Map()));
    let ids = list.get(m);
    if (!ids) list.set(m, (ids = []));
    ids.push(version);
  }
  return [...lists].map(([k, list]) => [k, [...list].map(([m, ids]) => `${m}:${ids.join(',')}`).join(';')]);
}

/** Each lookup's position (every posting it reads holds its bigram there), for `span` lookups from `from`. */
const positionsOf = (postings: readonly SharedPosting[], from: number, span: number) => {
  const positions = new Int32Array(span);
  for (const [k, , , pos] of postings) if (k >= from && k < from + span) positions[k - from] = pos;
  return positions;
};

/** The count as probeShared kept it before: a map of versions per item, every pair at once. */
function reference(postings: readonly SharedPosting[], askers: readonly (readonly SharedAsker[])[], sizeOf: (item: number) => number, t: number) {
  const tally = new Map<number, Map<number, [number, number, number, number]>>();
  for (const [k, version, m, pos] of postings) {
    for (const [item, at, lo, hi] of askers[k]!) {
      if (m < lo || m > hi) continue;
      let mine = tally.get(item);
      if (!mine) tally.set(item, (mine = new Map()));
      const x = mine.get(version);
      if (!x) mine.set(version, [1, at, pos, m]);
      else {
        x[0]++;
        x[1] = Math.max(x[1], at);
        x[2] = Math.max(x[2], pos);
      }
    }
  }
  const out: string[] = [];
  for (const [item, mine] of tally) {
    for (const [version, [hits, at, pos, m]] of mine) if (nearMayBeSimilar(sizeOf(item), m, hits, at, pos, t)) out.push(`${item}:${version}:${m}`);
  }
  return out.sort();
}

/** A small deterministic generator (tests never depend on Math.random). */
function rng(seed: number) {
  let s = seed >>> 0;
  return (below: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % below;
  };
}

describe('sharedSurvivors (a large submission’s hits, item by item)', () => {
  it('keeps exactly the pairs the map of every pair kept, over random lookups, sizes and positions', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = rng(seed);
      const items = 40 + r(40);
      const lookups = 30 + r(50);
      const sizes = Array.from({ length: items }, () => 3 + r(30));
      const versionSize = new Map<number, number>();
      // Version ids far apart, as stored ids are; each version keeps one size.
      const versionIds = Array.from({ length: 60 }, (_, i) => 1_000 + i * 7919);
      for (const v of versionIds) versionSize.set(v, 3 + r(30));
      const askers: SharedAsker[][] = Array.from({ length: lookups }, () => []);
      for (let item = 0; item < items; item++) {
        const n = sizes[item]!;
        for (let at = 1; at <= Math.min(n, 6); at++) {
          const lo = Math.max(1, Math.ceil(n * 0.8) - r(3));
          askers[r(lookups)]!.push([item, at, lo, lo + r(12)]);
        }
      }
      // A lookup reads one position of the stored sets (its key's), in sets large enough to hold it.
      const postings: SharedPosting[] = [];
      for (let k = 0; k < lookups; k++) {
        const pos = 1 + r(6);
        for (let j = r(12); j > 0; j--) {
          const v = versionIds[r(versionIds.length)]!;
          const m = versionSize.get(v)!;
          if (m >= pos) postings.push([k, v, m, pos]);
        }
      }
      const sizeOf = (item: number) => sizes[item]!;
      for (const t of [0.5, 0.8]) {
        // In two statements' chunks of `span` lookups, each numbering its lookups from 0, the second's arriving first.
        const span = Math.ceil(lookups / 2);
        const versions = new VersionTable();
        const second = postings.filter(([k]) => k >= span).map(([k, v, m, pos]): SharedPosting => [k - span, v, m, pos]);
        const late = sharedPostings(postingRows(second), span, lookups - span, versions, positionsOf(postings, span, lookups - span));
        const chunks = [sharedPostings(postingRows(postings.filter(([k]) => k < span)), 0, span, versions, positionsOf(postings, 0, span)), late];
        const got = sharedSurvivors(chunks, span, asksOf(askers, sizeOf), versions, t).toArray().map((s) => `${s.item}:${s.version_id}:${s.m}`).sort();
        const want = reference(postings, askers, sizeOf, t);
        expect(got, `seed ${seed}, t ${t}`).toEqual(want);
        if (t === 0.5) expect(want.length, `seed ${seed}: the case finds pairs`).toBeGreaterThan(0);
      }
    }
  });

  it('reads a statement’s rows (a lookup and its postings as text, `size:ids` a size) into columns, numbers of any length', () => {
    const versions = new VersionTable();
    versions.of(15, 120);
    // Lookups 10 to 13 of the probe, rows in any order: lookup 12's first, 11 without postings.
    // Ids past 2^32 and sizes up to a cell's 32,766 bigrams come back whole.
    const list = '9:4294967301,5;120:15;32766:8';
    const c = sharedPostings([[2, list], [1, null], [0, '12:7']], 10, 3, versions, Int32Array.of(3, 5, 1));
    expect(c.from).toBe(10);
    expect([...c.start]).toEqual([0, 1, 1, 5]);
    expect([...c.version]).toEqual([4, 1, 2, 0, 3]);
    expect([...c.size]).toEqual([12, 9, 9, 120, 32_766]);
    expect([...c.pos]).toEqual([3, 5, 1]);
    expect(versions.ids).toEqual([15, 4294967301, 5, 8, 7]);
    expect(versions.sizes).toEqual([120, 9, 9, 32_766, 12]);
    expect(sharedPostings([], 0, 0, versions, new Int32Array(0)).version).toHaveLength(0);
  });

  it('counts a version hit twice by one lookup of an item (two postings) twice, and takes each lookup’s sizes for its own item', () => {
    // Item 0 (n 4) asks lookup 0 at 1 and lookup 1 at 2; item 1 asks lookup 0 with sizes that exclude version 9.
    const askers: SharedAsker[][] = [[[0, 1, 3, 5], [1, 1, 6, 8]], [[0, 2, 3, 5]]];
    const postings: SharedPosting[] = [[0, 9, 4, 1], [1, 9, 4, 2]];
    const versions = new VersionTable();
    const survivors = sharedSurvivors([sharedPostings(postingRows(postings), 0, 2, versions, Int32Array.of(1, 2))], 2, asksOf(askers, () => 4), versions, 0.8);
    expect(survivors.toArray()).toEqual([{ item: 0, version_id: 9, m: 4 }]);
    const none = new VersionTable();
    expect(sharedSurvivors([sharedPostings([], 0, 2, none, Int32Array.of(1, 2))], 2, asksOf(askers, () => 4), none, 0.8).length).toBe(0);
  });
});
