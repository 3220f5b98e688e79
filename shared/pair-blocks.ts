/**
 * The prefix pairs of every set, grouped by their first token: block a lists, in set order,
 * one record per pair (a, b) from a set's probe prefix — the set, b, how many of the set's tokens
 * follow b, and whether the pair is also in the set's (shorter) index prefix. Built by one
 * counting sort, then read block by block: every set that probes a pair and every set indexed
 * under it sit in the same block, so the join walks memory in order instead of looking each of
 * a set's ~40 pairs up in a table (two cache misses each, which dominated the search).
 */
export interface PairBlocks {
  /** Block a holds records blockStart[a] .. blockStart[a + 1]. */
  blockStart: Int32Array;
  /** Per record r, at 4r: the set, the second token b, rest·2 + (1 if indexed), the set's size. */
  records: Int32Array;
}

/**
 * `probeLength(s)` / `indexLength(s)`: how many leading tokens of set s are paired when it
 * probes / is indexed (index ≤ probe).
 * @example pairBlocks(sets.offsets, sets.tokens, sets.ranks, (s) => 10, (s) => 7)
 */
export function pairBlocks(offsets: Int32Array, tokens: Int32Array, ranks: number, probeLength: (s: number) => number, indexLength: (s: number) => number): PairBlocks {
  const sets = offsets.length - 1;
  const blockStart = new Int32Array(ranks + 1);
  for (let s = 0; s < sets; s++) {
    const o = offsets[s]!;
    const len = probeLength(s);
    for (let i = 0; i + 1 < len; i++) blockStart[tokens[o + i]! + 1]! += len - 1 - i;
  }
  for (let a = 0; a < ranks; a++) blockStart[a + 1]! += blockStart[a]!;
  const records = new Int32Array(blockStart[ranks]! * 4);
  const fill = blockStart.slice(0, ranks);
  for (let s = 0; s < sets; s++) {
    const o = offsets[s]!;
    const n = offsets[s + 1]! - o;
    const len = probeLength(s);
    const indexed = indexLength(s);
    for (let i = 0; i + 1 < len; i++) {
      let at = fill[tokens[o + i]!]! * 4;
      fill[tokens[o + i]!]! += len - 1 - i;
      for (let j = i + 1; j < len; j++) {
        records[at++] = s;
        records[at++] = tokens[o + j]!;
        records[at++] = (n - 1 - j) * 2 + (j < indexed ? 1 : 0);
        records[at++] = n;
      }
    }
  }
  return { blockStart, records };
}
