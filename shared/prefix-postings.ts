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
  /** Per posting: where its set's record starts in `records`, and a's position in the prefix. */
  record: Int32Array;
  position: Int32Array;
  /** Per set, at its record: the set, its size, probe length, index length, sketch (4 ints), then its probe prefix. */
  records: Int32Array;
  /** The most index-prefix pairs any one token's postings make (the join's scratch size). */
  longest: number;
}

/** Ints before a record's prefix tokens. */
export const HEADER = 8;

/**
 * `probe[s]` / `index[s]`: how many leading tokens of set s are paired when it probes / is
 * indexed (index ≤ probe); set s's tokens are tokens[from[s] ..], `size[s]` of them; `sketch`: 4 ints per set.
 * @example prefixPostings(sets.start, sets.size, sets.tokens, sets.ranks, probe, index, sets.sketch).start[a + 1]
 */
export function prefixPostings(from: Int32Array, size: Int32Array, tokens: Int32Array, ranks: number, probe: Int32Array, index: Int32Array, sketch: Int32Array): PrefixPostings {
  const count = from.length;
  const start = new Int32Array(ranks + 1);
  const pairs = new Float64Array(ranks);
  let length = 0;
  // Per token: whether an earlier set indexes a pair of it (then probing it can meet something).
  const indexed = new Uint8Array(ranks);
  for (let s = 0; s < count; s++) {
    const o = from[s]!;
    length += HEADER + probe[s]!;
    for (let i = 0; i + 1 < probe[s]!; i++) {
      const a = tokens[o + i]!;
      if (i + 1 < index[s]!) {
        pairs[a]! += index[s]! - 1 - i;
        indexed[a] = 1;
      } else if (!indexed[a]) continue;
      start[a + 1]!++;
    }
  }
  let longest = 0;
  for (let a = 0; a < ranks; a++) {
    start[a + 1]! += start[a]!;
    if (pairs[a]! > longest) longest = pairs[a]!;
  }
  const records = new Int32Array(length);
  const record = new Int32Array(start[ranks]!);
  const position = new Int32Array(start[ranks]!);
  const fill = start.slice(0, ranks);
  for (let s = 0, r = 0; s < count; s++) {
    const o = from[s]!;
    const len = probe[s]!;
    records[r] = s;
    records[r + 1] = size[s]!;
    records[r + 2] = len;
    records[r + 3] = index[s]!;
    for (let k = 0; k < 4; k++) records[r + 4 + k] = sketch[4 * s + k]!;
    for (let i = 0; i < len; i++) records[r + HEADER + i] = tokens[o + i]!;
    for (let i = 0; i + 1 < len; i++) {
      const a = tokens[o + i]!;
      // The same postings as counted above: `indexed` is set again as the first pass set it.
      if (i + 1 < index[s]!) indexed[a] = 2;
      else if (indexed[a] !== 2) continue;
      const at = fill[a]!++;
      record[at] = r;
      position[at] = i;
    }
    r += HEADER + len;
  }
  return { start, record, position, records, longest };
}
