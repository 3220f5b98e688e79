import type { Scratch } from './scratch.js';

/**
 * The probe prefixes of every set, inverted for the join: for each token a, the sets whose probe
 * prefix holds a with at least one token after it, in set order, with a's position there. A set
 * that would only probe token a's pairs before any set has indexed one is left out (a fifth of
 * the postings at 100,000 items): there is nothing yet to meet, and reading its record would
 * cost a cache miss for nothing.
 *
 * Each set's prefix is copied into one record with what the join reads of the set (its number,
 * size, probe and index lengths, 128-bit sketch), so a posting costs one cache miss, not one per
 * array. The pairs (a, b) are made from the record where they are used instead of being written
 * out: ~10 postings a set instead of ~45 pair records (56 MB at 100,000 sets, whose allocation
 * alone triggered a full garbage collection of the caller's heap).
 */
export interface PrefixPostings {
  /** Token a's postings are start[a] .. start[a + 1]. */
  start: Int32Array;
  /**
   * Per posting: where its set's record starts in `records`, and a's position in the prefix.
   * `record` has 2 × AHEAD more entries (0: the first record) for the join's look-ahead reads.
   */
  record: Int32Array;
  position: Int32Array;
  /** Per set, at its record: the set, its size, sketch (4 ints), then its probe prefix; records start a 64-byte line apart. */
  records: Int32Array;
  /** The most index-prefix pairs any one token's postings make (the join's scratch size). */
  longest: number;
}

/** Ints before a record's prefix tokens. */
export const HEADER = 6;
/** How many postings' records the join reads ahead at once (a power of two; near-duplicate.ts reads them written out). */
export const AHEAD = 8;
/** Records are padded to whole 64-byte lines: a set of ~40 bigrams (a prefix of ≤ 10) is one line, one cache miss. */
export const LINE = 16;

/**
 * `probe[n]` / `index[n]`: how many leading tokens of a set of n are paired when it probes / is
 * indexed (index ≤ probe); set s's tokens are tokens[from[s] ..], `size[s]` of them, and `byPlace`
 * lists the sets by from[s]; `sketch`: 4 ints per set.
 * @example prefixPostings(sets.start, sets.byPlace, sets.size, sets.tokens, sets.ranks, probeFor, indexFor, sets.sketch).start[a + 1]
 */
export function prefixPostings(from: Int32Array, byPlace: Int32Array, size: Int32Array, tokens: Int32Array, ranks: number, probe: Int32Array, index: Int32Array, sketch: Int32Array, scratch?: Scratch): PrefixPostings {
  const count = from.length;
  const recordAt = new Int32Array(count);
  const length = placeRecords(recordAt, size, probe);
  // The records first: the one pass that reads the sets' tokens, in the order they lie (`byPlace`),
  // written where each set's record goes; the postings are then made from the records, in order.
  // Each pass is its own function: a process that checks one file compiles a loop while it runs
  // (on-stack), and code after it that has not run yet would throw that compilation away.
  const records = scratch ? scratch.int32(length + LINE) : new Int32Array(length + LINE); // a line more: the join also reads ahead at r + LINE
  fillRecords(records, recordAt, from, byPlace, size, tokens, probe, sketch);
  const start = new Int32Array(ranks + 1);
  const pairs = new Float64Array(ranks);
  // Per token: whether an earlier set indexes a pair of it (then probing it can meet something).
  const seen = new Uint8Array(ranks);
  countPostings(records, count, size, probe, index, start, pairs, seen);
  const longest = sumUp(start, pairs, ranks);
  const record = scratch ? scratch.int32(start[ranks]! + 2 * AHEAD) : new Int32Array(start[ranks]! + 2 * AHEAD);
  const position = scratch ? scratch.int32(start[ranks]!) : new Int32Array(start[ranks]!);
  fillPostings(records, count, size, probe, index, start.slice(0, ranks), seen, record, position);
  return { start, record, position, records, longest };
}

/** Where each set's record starts; returns their total length. */
function placeRecords(recordAt: Int32Array, size: Int32Array, probe: Int32Array): number {
  let length = 0;
  for (let s = 0; s < recordAt.length; s++) {
    recordAt[s] = length;
    length += lineUp(HEADER + probe[size[s]!]!);
  }
  return length;
}

function fillRecords(records: Int32Array, recordAt: Int32Array, from: Int32Array, byPlace: Int32Array, size: Int32Array, tokens: Int32Array, probe: Int32Array, sketch: Int32Array): void {
  for (let k = 0; k < byPlace.length; k++) {
    const s = byPlace[k]!;
    const o = from[s]!;
    const len = probe[size[s]!]!;
    const r = recordAt[s]!;
    records[r] = s;
    records[r + 1] = size[s]!;
    for (let i = 0; i < 4; i++) records[r + 2 + i] = sketch[4 * s + i]!;
    for (let i = 0; i < len; i++) records[r + HEADER + i] = tokens[o + i]!;
  }
}

/** How many postings each token gets (into start[a + 1]), and how many index pairs (into pairs[a]). */
function countPostings(records: Int32Array, count: number, size: Int32Array, probe: Int32Array, index: Int32Array, start: Int32Array, pairs: Float64Array, seen: Uint8Array): void {
  for (let s = 0, r = 0; s < count; s++) {
    const len = probe[size[s]!]!;
    const indexed = index[size[s]!]!;
    for (let i = 0; i + 1 < len; i++) {
      const a = records[r + HEADER + i]!;
      if (i + 1 < indexed) {
        pairs[a]! += indexed - 1 - i;
        seen[a] = 1;
      } else if (!seen[a]) continue;
      start[a + 1]!++;
    }
    r += lineUp(HEADER + len);
  }
}

/** Counts become offsets; returns the most pairs of one token. */
function sumUp(start: Int32Array, pairs: Float64Array, ranks: number): number {
  let longest = 0;
  for (let a = 0; a < ranks; a++) {
    start[a + 1]! += start[a]!;
    if (pairs[a]! > longest) longest = pairs[a]!;
  }
  return longest;
}

function fillPostings(records: Int32Array, count: number, size: Int32Array, probe: Int32Array, index: Int32Array, fill: Int32Array, seen: Uint8Array, record: Int32Array, position: Int32Array): void {
  for (let s = 0, r = 0; s < count; s++) {
    const len = probe[size[s]!]!;
    const indexed = index[size[s]!]!;
    for (let i = 0; i + 1 < len; i++) {
      const a = records[r + HEADER + i]!;
      // The same postings as counted above: `seen` is set again as the first pass set it.
      if (i + 1 < indexed) seen[a] = 2;
      else if (seen[a] !== 2) continue;
      const at = fill[a]!++;
      record[at] = r;
      position[at] = i;
    }
    r += lineUp(HEADER + len);
  }
}

function lineUp(ints: number): number {
  return Math.ceil(ints / LINE) * LINE;
}
