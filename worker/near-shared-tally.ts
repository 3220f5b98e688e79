import { nearMayBeSimilar } from '../shared/near-signature.js';

/**
 * The items' asks of the shared lookups, item after item, in flat arrays (an array per ask was
 * ~80 bytes: 605,000 asks for 10,000 rows): item `i` is `items[i]` of size `sizes[i]`, its asks
 * lie from `ends[i - 1]` (0 for the first) to `ends[i]`, each a lookup's number, the item's
 * position of the bigram looked up, and the sizes of stored sets it takes.
 */
export interface SharedAsks {
  items: number[];
  sizes: number[];
  ends: number[];
  lookup: number[];
  at: number[];
  lo: number[];
  hi: number[];
}

export const noAsks = (): SharedAsks => ({ items: [], sizes: [], ends: [], lookup: [], at: [], lo: [], hi: [] });

/**
 * Postings as columns (a statement's rows copied out at once, so its rows are garbage before the
 * next statement's arrive): lookup, version, size and position of each.
 */
export interface SharedPostings {
  lookup: Int32Array;
  version: Float64Array;
  m: Int32Array;
  pos: Int32Array;
}

/**
 * A statement's rows as columns: each row a lookup's number (counted from `from`, its chunk's
 * first lookup) and its postings as one text, `version,size,pos` joined by `;`, or null (a row per lookup,
 * not per posting: D1 makes an object per row it hands over, ~624,000 for 10,000 rows into the
 * county of 100,000).
 */
export function sharedPostings(rows: readonly (readonly [lookup: number, list: string | null])[], from = 0): SharedPostings {
  let count = 0;
  for (const [, list] of rows) {
    if (list === null) continue;
    count++;
    for (let i = list.indexOf(';'); i >= 0; i = list.indexOf(';', i + 1)) count++;
  }
  const out = { lookup: new Int32Array(count), version: new Float64Array(count), m: new Int32Array(count), pos: new Int32Array(count) };
  let at = 0;
  for (const [k, list] of rows) {
    if (list === null) continue;
    // Three numbers per posting, read digit by digit: ',' after the first two, ';' or the end after the third.
    let field = 0;
    let value = 0;
    for (let i = 0; i <= list.length; i++) {
      const c = i < list.length ? list.charCodeAt(i) : 59;
      if (c >= 48 && c <= 57) {
        value = value * 10 + c - 48;
        continue;
      }
      if (field === 0) out.version[at] = value;
      else if (field === 1) out.m[at] = value;
      else {
        out.pos[at] = value;
        out.lookup[at] = k + from;
        at++;
      }
      field = c === 59 ? 0 : field + 1;
      value = 0;
    }
  }
  return out;
}

/** An (item, stored version) pair the hits leave possibly similar. */
export interface SharedSurvivor {
  item: number;
  version_id: number;
  m: number;
}

/**
 * The large submission's hits counted (worker/db/near-probe.ts probeShared): for each item, every
 * stored version its lookups' postings hit (within each lookup's sizes for that item), with how
 * many times, the last of the item's positions and the last of the stored set's positions hit;
 * the pairs nearMayBeSimilar keeps.
 *
 * Item by item over flat arrays, the counts in one array over the versions met, cleared after
 * each item: memory is the postings and the versions, never the pairs. Counting the pairs of
 * all items at once in a map per item held every pair hit: in a county written from one template
 * a 10,000-row ledger hit 12 million (item, version) pairs (24 million updates) against 100,000
 * stored items, ~1 GB and ~15 s of the Worker's CPU (traced, bench/README.md, stop 21).
 * Survivors come item by item, versions in the order met.
 */
export function sharedSurvivors(chunks: readonly SharedPostings[], asks: SharedAsks, lookups: number, threshold: number): SharedSurvivor[] {
  // Versions as dense numbers, each with its size (a version's size is the same in all its postings).
  const dense = new Map<number, number>();
  const versionOf: number[] = [];
  const sizeOfVersion: number[] = [];
  // The postings by lookup (counting sort): start[k] .. start[k + 1].
  const start = new Int32Array(lookups + 1);
  let total = 0;
  for (const c of chunks) {
    total += c.lookup.length;
    for (let i = 0; i < c.lookup.length; i++) start[c.lookup[i]! + 1]!++;
  }
  for (let k = 0; k < lookups; k++) start[k + 1]! += start[k]!;
  const at = start.slice(0, lookups);
  const postVersion = new Int32Array(total);
  const postPos = new Int32Array(total);
  for (const c of chunks) {
    for (let i = 0; i < c.lookup.length; i++) {
      const version = c.version[i]!;
      let d = dense.get(version);
      if (d === undefined) {
        dense.set(version, (d = versionOf.length));
        versionOf.push(version);
        sizeOfVersion.push(c.m[i]!);
      }
      const p = at[c.lookup[i]!]!++;
      postVersion[p] = d;
      postPos[p] = c.pos[i]!;
    }
  }
  const versions = versionOf.length;
  const hits = new Int32Array(versions);
  const lastAt = new Int32Array(versions);
  const lastPos = new Int32Array(versions);
  const size = Int32Array.from(sizeOfVersion);
  const touched = new Int32Array(versions);
  const survivors: SharedSurvivor[] = [];
  for (let i = 0, from = 0; i < asks.items.length; from = asks.ends[i++]!) {
    let met = 0;
    for (let a = from, to = asks.ends[i]!; a < to; a++) {
      const k = asks.lookup[a]!, itemAt = asks.at[a]!, lo = asks.lo[a]!, hi = asks.hi[a]!;
      for (let p = start[k]!, end = start[k + 1]!; p < end; p++) {
        const d = postVersion[p]!;
        const m = size[d]!;
        if (m < lo || m > hi) continue;
        const pos = postPos[p]!;
        if (hits[d] === 0) {
          touched[met++] = d;
          hits[d] = 1;
          lastAt[d] = itemAt;
          lastPos[d] = pos;
        } else {
          hits[d]!++;
          if (itemAt > lastAt[d]!) lastAt[d] = itemAt;
          if (pos > lastPos[d]!) lastPos[d] = pos;
        }
      }
    }
    const item = asks.items[i]!;
    const n = asks.sizes[i]!;
    for (let i = 0; i < met; i++) {
      const d = touched[i]!;
      if (nearMayBeSimilar(n, size[d]!, hits[d]!, lastAt[d]!, lastPos[d]!, threshold)) survivors.push({ item, version_id: versionOf[d]!, m: size[d]! });
      hits[d] = 0;
    }
  }
  return survivors;
}
