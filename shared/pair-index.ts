/**
 * The pairs of rare bigrams that index each set's prefix, sorted by (first token, second token,
 * set) in flat typed arrays: built once by two counting-sort passes, read in order. A probe for
 * the pairs (a, b₁), (a, b₂), … of one set reads one region (a's) forward, galloping to each b in
 * turn, so a set's probes touch a few contiguous runs where a hash table of pairs costs two
 * cache misses per pair (bucket, then postings), which dominated the search.
 */
export class PairIndex {
  /** The keys (distinct pairs) with first token a: keys regionStart[a] .. regionStart[a + 1]. */
  readonly regionStart: Int32Array;
  /** Per key: its second token (dense, for seeking within a region). */
  readonly keyB: Int32Array;
  /**
   * Per key k, at RUN·k: where its run of entries starts (the next key's start ends it), and
   * the run's first and last set, to skip runs without reading them.
   */
  readonly runs: Int32Array;
  /**
   * Per entry e, at ENTRY·e, in set order within a run: the set, its size, how many of its tokens
   * follow the pair's second one, and its sketch folded to 64 bits, all read in one sweep.
   */
  readonly entries: Int32Array;

  /**
   * `lengthOf(s)`: how many leading tokens of set s are indexed (all their pairs); sets are
   * numbered in visiting order, so each pair lists its sets in that order. `sketch`: 4 words per set.
   */
  constructor(offsets: Int32Array, tokens: Int32Array, ranks: number, lengthOf: (s: number) => number, sketch: Int32Array) {
    const sets = offsets.length - 1;
    let total = 0;
    for (let s = 0; s < sets; s++) {
      const len = lengthOf(s);
      total += (len * (len - 1)) / 2;
    }
    // Entries in set order, with both tokens.
    const first = new Int32Array(total);
    const second = new Int32Array(total);
    const setOf = new Int32Array(total);
    const rest = new Int32Array(total);
    let e = 0;
    for (let s = 0; s < sets; s++) {
      const o = offsets[s]!;
      const n = offsets[s + 1]! - o;
      const len = lengthOf(s);
      for (let i = 0; i < len; i++) {
        for (let j = i + 1; j < len; j++) {
          first[e] = tokens[o + i]!;
          second[e] = tokens[o + j]!;
          setOf[e] = s;
          rest[e++] = n - 1 - j;
        }
      }
    }
    // Stable counting sort by the second token, then by the first (least significant first).
    const order = countingOrder(first, ranks, countingOrder(second, ranks, null));
    this.entries = new Int32Array(total * ENTRY);
    for (let q = 0; q < total; q++) {
      const k = order[q]!;
      const s = setOf[k]!;
      const at = q * ENTRY;
      this.entries[at] = s;
      this.entries[at + 1] = offsets[s + 1]! - offsets[s]!;
      this.entries[at + 2] = rest[k]!;
      this.entries[at + 3] = sketch[s * 4]! | sketch[s * 4 + 2]!;
      this.entries[at + 4] = sketch[s * 4 + 1]! | sketch[s * 4 + 3]!;
    }
    // The directory: one key per distinct (a, b), in sorted order, and a sentinel.
    this.regionStart = new Int32Array(ranks + 1);
    const keyB: number[] = [];
    const runs: number[] = [];
    for (let q = 0; q < total; q++) {
      const k = order[q]!;
      const a = first[k]!;
      const b = second[k]!;
      if (q === 0 || a !== first[order[q - 1]!] || b !== second[order[q - 1]!]) {
        if (q > 0) runs.push(setOf[order[q - 1]!]!);
        this.regionStart[a + 1]!++;
        keyB.push(b);
        runs.push(q, setOf[k]!);
      }
    }
    if (total > 0) runs.push(setOf[order[total - 1]!]!);
    runs.push(total, -1, -1);
    for (let a = 0; a < ranks; a++) this.regionStart[a + 1]! += this.regionStart[a]!;
    this.keyB = Int32Array.from(keyB);
    this.runs = Int32Array.from(runs);
  }

  /** The first key in [from, to) of one region whose second token is ≥ b (galloping forward). */
  seek(from: number, to: number, b: number): number {
    const keys = this.keyB;
    if (from >= to || keys[from]! >= b) return from;
    let low = from;
    let step = 1;
    let high = from + 1;
    while (high < to && keys[high]! < b) {
      low = high;
      step *= 2;
      high = low + step;
    }
    if (high > to) high = to;
    while (high - low > 1) {
      const mid = (low + high) >>> 1;
      if (keys[mid]! < b) low = mid;
      else high = mid;
    }
    return high;
  }

  /** The first entry in [from, to) of one run whose set is ≥ fromSet. */
  firstFrom(from: number, to: number, fromSet: number): number {
    const entries = this.entries;
    if (to - from < 16) {
      while (from < to && entries[from * ENTRY]! < fromSet) from++;
      return from;
    }
    while (from < to) {
      const mid = (from + to) >>> 1;
      if (entries[mid * ENTRY]! < fromSet) from = mid + 1;
      else to = mid;
    }
    return from;
  }
}

/** Words per key and per entry in the flat arrays. */
export const RUN = 3;
export const ENTRY = 5;

/** A stable order of `keys` (by key, then by the order given, or by index). */
function countingOrder(keys: Int32Array, range: number, within: Int32Array | null): Int32Array {
  const start = new Int32Array(range + 1);
  for (let k = 0; k < keys.length; k++) start[keys[k]! + 1]!++;
  for (let r = 0; r < range; r++) start[r + 1]! += start[r]!;
  const out = new Int32Array(keys.length);
  for (let q = 0; q < keys.length; q++) {
    const k = within ? within[q]! : q;
    out[start[keys[k]!]!++] = k;
  }
  return out;
}

