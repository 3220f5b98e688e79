import { nearMayBeSimilar } from '../shared/near-signature.js';
import { SurvivorList } from './near-survivor-list.js';

/**
 * The items' asks of the shared lookups, item after item, in typed arrays (4 bytes a number,
 * where an array per ask was ~80 bytes and plain arrays of numbers 8 a number and half again
 * while they grow: 605,000 asks for 10,000 rows): item `i` is `items[i]` of size `sizes[i]`, its
 * asks lie from `ends[i - 1]` (0 for the first) to `ends[i]`, each a lookup's number, the item's
 * position of the bigram looked up, and the sizes of stored sets it takes. Made for at most
 * `maxItems` items and `maxAsks` asks (the caller counts its plan's rows).
 */
export class SharedAsks {
  itemCount = 0;
  askCount = 0;
  readonly items: Int32Array;
  readonly sizes: Int32Array;
  readonly ends: Int32Array;
  readonly lookup: Int32Array;
  readonly at: Int32Array;
  readonly lo: Int32Array;
  readonly hi: Int32Array;

  constructor(maxItems: number, maxAsks: number) {
    this.items = new Int32Array(maxItems);
    this.sizes = new Int32Array(maxItems);
    this.ends = new Int32Array(maxItems);
    this.lookup = new Int32Array(maxAsks);
    this.at = new Int32Array(maxAsks);
    this.lo = new Int32Array(maxAsks);
    this.hi = new Int32Array(maxAsks);
  }

  /** The current item asks lookup `k` at its position `at`, for stored sizes lo..hi. */
  ask(k: number, at: number, lo: number, hi: number): void {
    const a = this.askCount++;
    this.lookup[a] = k;
    this.at[a] = at;
    this.lo[a] = lo;
    this.hi[a] = hi;
  }

  /** The asks since the last item's are item `item`'s, of size `n`. */
  endItem(item: number, n: number): void {
    const i = this.itemCount++;
    this.items[i] = item;
    this.sizes[i] = n;
    this.ends[i] = this.askCount;
  }
}

/**
 * The stored versions a probe's postings meet, numbered densely as met, each with its size (a
 * version's size is the same in all its postings): the count indexes its arrays by these numbers.
 */
export class VersionTable {
  private readonly dense = new Map<number, number>();
  readonly ids: number[] = [];
  readonly sizes: number[] = [];

  /** The version's dense number (given one when first met). */
  of(version: number, m: number): number {
    let d = this.dense.get(version);
    if (d === undefined) {
      this.dense.set(version, (d = this.ids.length));
      this.ids.push(version);
      this.sizes.push(m);
    }
    return d;
  }
}

/**
 * One statement's postings as columns, by lookup: lookup `from + j`'s postings lie from
 * `start[j]` to `start[j + 1]`, each a version's dense number (VersionTable) and its size (the
 * count tests each posting against the asking item's sizes: read in order here, where the
 * version's size would be a read at random); `pos[j]` is the position its bigram holds in every
 * one of them (a lookup reads one position: its key's). 8 bytes a posting, made as the
 * statement's rows arrive, so their texts do not pile up and nothing is copied again before the count.
 */
export interface SharedPostings {
  from: number;
  start: Int32Array;
  version: Int32Array;
  size: Int32Array;
  pos: Int32Array;
}

/**
 * A statement's rows as columns: each row a lookup's number within the statement (0 to `span`;
 * the statement's lookups are the probe's `from` to `from + span`; a row each at most, in any
 * order) and its postings as one text, `size:id,id,…` for each list (and `size:id` for each recent
 * posting) joined by `;`, or null (a row per lookup, not per posting: D1 makes an object per row
 * it hands over, ~624,000 for 10,000 rows into the county of 100,000). `positions[j]`: lookup j's position.
 */
export function sharedPostings(
  rows: readonly (readonly [lookup: number, list: string | null])[], from: number, span: number, versions: VersionTable, positions: Int32Array,
): SharedPostings {
  const start = new Int32Array(span + 1);
  for (const [k, list] of rows) {
    if (list === null) continue;
    // One id after each ':' and each ','.
    let count = 0;
    for (let i = 0; i < list.length; i++) {
      const c = list.charCodeAt(i);
      if (c === 58 || c === 44) count++;
    }
    start[k + 1] = count;
  }
  for (let j = 0; j < span; j++) start[j + 1]! += start[j]!;
  const out: SharedPostings = { from, start, version: new Int32Array(start[span]!), size: new Int32Array(start[span]!), pos: positions };
  for (const [k, list] of rows) {
    if (list === null) continue;
    let at = start[k]!;
    let m = 0;
    let v = 0;
    // Digits before ':' are the list's size; after it, ids up to ',' or ';' (or the end).
    for (let i = 0; i <= list.length; i++) {
      const c = i < list.length ? list.charCodeAt(i) : 59;
      if (c === 58) {
        m = v;
        v = 0;
      } else if (c === 44 || c === 59) {
        out.version[at] = versions.of(v, m);
        out.size[at++] = m;
        v = 0;
      } else v = v * 10 + c - 48;
    }
  }
  return out;
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
 * `chunks` are the statements' postings in lookup order, each of `span` lookups (the last fewer).
 * Survivors come item by item, versions in the order met, as columns (near-survivor-list.ts).
 */
export function sharedSurvivors(chunks: readonly SharedPostings[], span: number, asks: SharedAsks, versionTable: VersionTable, threshold: number): SurvivorList {
  const versions = versionTable.ids.length;
  const versionOf = versionTable.ids;
  const hits = new Int32Array(versions);
  const lastAt = new Int32Array(versions);
  const lastPos = new Int32Array(versions);
  const size = Int32Array.from(versionTable.sizes);
  const touched = new Int32Array(versions);
  const survivors = new SurvivorList();
  for (let i = 0, from = 0; i < asks.itemCount; from = asks.ends[i++]!) {
    let met = 0;
    for (let a = from, to = asks.ends[i]!; a < to; a++) {
      const k = asks.lookup[a]!, itemAt = asks.at[a]!, lo = asks.lo[a]!, hi = asks.hi[a]!;
      const c = chunks[(k / span) | 0]!;
      const postVersion = c.version;
      const postSize = c.size;
      const pos = c.pos[k - c.from]!;
      for (let p = c.start[k - c.from]!, end = c.start[k - c.from + 1]!; p < end; p++) {
        const m = postSize[p]!;
        if (m < lo || m > hi) continue;
        const d = postVersion[p]!;
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
      if (nearMayBeSimilar(n, size[d]!, hits[d]!, lastAt[d]!, lastPos[d]!, threshold)) survivors.push(item, versionOf[d]!, size[d]!);
      hits[d] = 0;
    }
  }
  return survivors;
}
