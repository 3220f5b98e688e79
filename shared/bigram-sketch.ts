/**
 * A bigram set's 128-bit sketch: one bit per bigram, picked by mixing the bigram's number. The
 * core's search (bigram-sets.ts) numbers bigrams per search; the Worker's index (issue 13) by
 * their stored seq (near_bigrams.seq, never changed once stored), so a stored sketch stays valid.
 * A bit set in one sketch and not in the other can only come from a bigram of the first set that
 * the second lacks, so counting such bits bounds the common bigrams from above without reading
 * either set: the cheap filter both run before counting common bigrams exactly.
 *
 * No imports: bigram-sets.ts, near-duplicate.ts and near-signature.ts (which re-exports this)
 * all read it without a cycle among them.
 */

/** The bit (0..127) of the bigram numbered `id`: word bit >>> 5, bit bit & 31 of that word. */
export function sketchBit(id: number): number {
  const m = Math.imul(id ^ 0x5bd1e995, 0x9e3779b1);
  return m >>> 25;
}

/** The sketch of a set of bigram numbers, as 4 int32 words (written at `out[at..at + 4)`, OR-ed into what is there). */
export function sketchOf(ids: ArrayLike<number>, out: Int32Array = new Int32Array(4), at = 0): Int32Array {
  for (let i = 0; i < ids.length; i++) {
    const b = sketchBit(ids[i]!);
    out[at + (b >>> 5)]! |= 1 << (b & 31);
  }
  return out;
}

/**
 * The most bigrams a set of n (sketch a[ia..ia + 4)) and a set of m (sketch b[ib..ib + 4)) can
 * share: each bit of one sketch missing from the other is at least one bigram the other lacks,
 * so common ≤ n − popcount(a & ~b) and common ≤ m − popcount(b & ~a), whichever is lower (their
 * mean is the core's old bound, popcount(a ^ b) ≤ n + m − 2·common). Sound when each sketch holds
 * only bits of its own set's bigrams and every bit of those the other set may share: a sketch of
 * part of a set will do (the Worker leaves out an item's bigrams not stored yet, in no stored
 * set); a missing sketch is no sketch, never zeros (zeros would claim the set lacks every bit).
 */
export function sketchCommonAtMost(n: number, a: Int32Array, ia: number, m: number, b: Int32Array, ib: number): number {
  let onlyA = 0;
  let onlyB = 0;
  for (let k = 0; k < 4; k++) {
    const x = a[ia + k]!;
    const y = b[ib + k]!;
    onlyA += popcount(x & ~y);
    onlyB += popcount(y & ~x);
  }
  return Math.min(n - onlyA, m - onlyB);
}

export function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
